// Command claimdesk is the fact-checking workbench: the server and the
// shell tools around it. main only calls run; flags, config and wiring live
// in one file per subcommand. It may import every claimdesk package and
// holds no rule of its own: the workflow is review's, the pages web's.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// env is what a subcommand may touch of the outside world.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
	hidden  bool
}

// commands is the table of subcommands; each lives in its own file.
func commands() map[string]command {
	return map[string]command{
		"sentences":   {summary: "split text into sentences, one per line", run: cmdSentences},
		"checkworthy": {summary: "score sentences (one per line) for check-worthiness", run: cmdCheckworthy},
		"extract":     {summary: "extract candidate claims from an article as JSON", run: cmdExtract},
		"eval":        {summary: "precision, recall and F1 of the model on a labelled TSV file", run: cmdEval},
		"train":       {summary: "train the check-worthiness model on a labelled TSV file, or on the desk's decisions (--from-desk)", run: cmdTrain},
		"model":       {summary: "list, switch (or roll back), export or add the desk's trained models", run: cmdModel},
		"serve":       {summary: "run the web workbench and the JSON API", run: cmdServe},
		"user":        {summary: "add, list, disable, enable users or set a password", run: cmdUser},
		"token":       {summary: "create an API token for a user", run: cmdToken},
		"export":      {summary: "export claim reports: csv, json, md, html or claimreview", run: cmdExport},
		"settings":    {summary: "set, get or list the organisation's settings", run: cmdSettings},
		"search":      {summary: "search claims, articles and sources", run: cmdSearch},
		"import":      {summary: "import articles: files, folders, JSON Lines, a JSON export (--json), or fact-checks (--claimreview)", run: cmdImport},
		"feed":        {summary: "add, list, remove or poll the feeds serve polls (RSS, Atom, sitemaps)", run: cmdFeed},
		"alert-rule":  {summary: "add, list or remove the alert rules (a claim repeating one rated false, by a claimant, scored above a threshold)", run: cmdAlertRule},
		"webhook":     {summary: "add, list or remove the webhooks every alert is sent to", run: cmdWebhook},
		"match":       {summary: "has this been checked before? the best earlier claims and fact-checks for a text", run: cmdMatch},
		"backup":      {summary: "copy the database to FILE, also while the server runs", run: cmdBackup},
		"restore":     {summary: "replace the database with a backup FILE (server stopped)", run: cmdRestore},
		"check":       {summary: "check the database's integrity and foreign keys", run: cmdCheck},
		"gen":         {summary: "generate a large database for benchmarks", run: cmdGen, hidden: true},
	}
}

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// run is the whole program, callable from tests.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout, cmds)
		if len(args) == 0 {
			return usagef("no command given")
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		return usagef("unknown command %q (see claimdesk help)", args[0])
	}
	return c.run(ctx, e, args[1:])
}

func printUsage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n, c := range cmds {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("usage: claimdesk COMMAND [options]\n\ncommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-12s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\nclaimdesk COMMAND -h shows a command's options.\n")
	io.WriteString(w, b.String())
}

// exitCode prints err as one line and maps it to the exit status: 0 for
// none, 2 for a usage error, 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "claimdesk: %v\n", err)
		return 2
	}
	if errors.Is(err, errFlagHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "claimdesk: %v\n", err)
	return 1
}
