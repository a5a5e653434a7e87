package main

import (
	"fmt"
	"io"
	"os"

	"claimdesk/review"
)

// maxInputBytes caps what the text commands read: more is refused, not cut.
const maxInputBytes = 64 << 20

// readText reads the file named by args (or standard input when there is
// none, or it is "-") and checks it is text: not a directory, not binary,
// valid UTF-8. Errors are one line a person understands.
func readText(e *env, args []string) (string, error) {
	if len(args) > 1 {
		return "", usagef("give at most one FILE (got %d)", len(args))
	}
	name := "standard input"
	var r io.Reader = e.stdin
	if len(args) == 1 && args[0] != "-" {
		name = args[0]
		fi, err := os.Stat(name)
		if err != nil {
			if os.IsNotExist(err) {
				return "", fmt.Errorf("%s: no such file", name)
			}
			return "", fmt.Errorf("%s: %v", name, err)
		}
		if fi.IsDir() {
			return "", fmt.Errorf("%s: is a directory, not a text file", name)
		}
		f, err := os.Open(name)
		if err != nil {
			return "", fmt.Errorf("%s: cannot open: %v", name, err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return "", fmt.Errorf("%s: cannot read: %v", name, err)
	}
	if len(data) > maxInputBytes {
		return "", fmt.Errorf("%s: larger than %d MiB; split it into smaller files", name, maxInputBytes>>20)
	}
	text := string(data)
	if p := review.TextProblem(text); p != "" {
		return "", fmt.Errorf("%s: %s", name, p)
	}
	return text, nil
}
