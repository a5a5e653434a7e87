package main

import (
	"errors"
	"flag"
	"io"
)

// errFlagHelp is returned when -h was asked for: the usage is printed, exit 0.
var errFlagHelp = errors.New("help requested")

// newFlagSet returns a flag set that reports errors as usage errors and
// prints its usage to w.
func newFlagSet(name string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("claimdesk "+name, flag.ContinueOnError)
	fs.SetOutput(w)
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errFlagHelp
		}
		return usagef("%v", err)
	}
	return nil
}
