package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"claimdesk/review"
)

// cmdUser manages users from the shell: add, list, disable, enable, passwd.
func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("user: say what to do: add, list, disable, enable or passwd")
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, e, args[1:])
	case "list":
		return userList(ctx, e, args[1:])
	case "disable":
		return userSetDisabled(ctx, e, args[1:], true)
	case "enable":
		return userSetDisabled(ctx, e, args[1:], false)
	case "passwd":
		return userPasswd(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(e.stderr, userUsage)
		return errFlagHelp
	}
	return usagef("user: unknown action %q (add, list, disable, enable or passwd)", args[0])
}

const userUsage = `usage:
  claimdesk user add --role admin|editor|reviewer [--db PATH] NAME   (password from standard input)
  claimdesk user list [--db PATH]
  claimdesk user disable [--db PATH] NAME
  claimdesk user enable [--db PATH] NAME
  claimdesk user passwd [--db PATH] NAME                             (password from standard input)
`

// parseNamed parses fs and expects exactly one NAME, before or after the flags.
func parseNamed(fs *flag.FlagSet, args []string, what string) (string, error) {
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return "", usagef("%s: give the user's NAME", what)
	}
	name := rest[0]
	if len(rest) > 1 {
		// Flags after the name: claimdesk user add NAME --role editor.
		if err := parseFlags(fs, rest[1:]); err != nil {
			return "", err
		}
		if len(fs.Args()) > 0 {
			return "", usagef("%s: give one NAME (got also %q)", what, fs.Args()[0])
		}
	}
	return name, nil
}

func userAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("user add", e.stderr)
	role := fs.String("role", "", "the user's `ROLE`: admin, editor or reviewer")
	dbPath := dbFlag(fs, e)
	name, err := parseNamed(fs, args, "user add")
	if err != nil {
		return err
	}
	if !review.ValidRole(review.Role(*role)) {
		if *role == "" {
			return usagef("user add: give --role admin, editor or reviewer")
		}
		return usagef("user add: the role is admin, editor or reviewer (got %q)", *role)
	}
	pw, err := readPassword(e)
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	u, err := store.CreateUser(ctx, nil, name, pw, review.Role(*role))
	if err != nil {
		return oneLine("user add", err)
	}
	fmt.Fprintf(e.stderr, "added %s as %s\n", u.Name, u.Role)
	return nil
}

func userList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("user list", e.stderr)
	dbPath := dbFlag(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("user list takes no arguments (got %q)", fs.Arg(0))
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	users, err := store.Users(ctx)
	if err != nil {
		return oneLine("user list", err)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tSTATE\tCREATED")
	for _, u := range users {
		state := "active"
		if u.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, state, u.CreatedAt.Format("2006-01-02"))
	}
	return tw.Flush()
}

func userSetDisabled(ctx context.Context, e *env, args []string, disabled bool) error {
	op := "user enable"
	if disabled {
		op = "user disable"
	}
	fs := newFlagSet(op[5:], e.stderr)
	dbPath := dbFlag(fs, e)
	name, err := parseNamed(fs, args, op)
	if err != nil {
		return err
	}
	store, u, closeDB, err := openUser(ctx, *dbPath, op, name)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := store.SetUserDisabled(ctx, nil, u.ID, disabled); err != nil {
		return oneLine(op, err)
	}
	if disabled {
		fmt.Fprintf(e.stderr, "%s is disabled; their sessions and API tokens are ended\n", u.Name)
	} else {
		fmt.Fprintf(e.stderr, "%s is enabled\n", u.Name)
	}
	return nil
}

func userPasswd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("user passwd", e.stderr)
	dbPath := dbFlag(fs, e)
	name, err := parseNamed(fs, args, "user passwd")
	if err != nil {
		return err
	}
	pw, err := readPassword(e)
	if err != nil {
		return fmt.Errorf("user passwd: %w", err)
	}
	store, u, closeDB, err := openUser(ctx, *dbPath, "user passwd", name)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := store.ChangePassword(ctx, nil, u.ID, "", pw); err != nil {
		return oneLine("user passwd", err)
	}
	fmt.Fprintf(e.stderr, "%s has a new password; their sessions and API tokens are ended\n", u.Name)
	return nil
}

// openUser opens the store and finds the user NAME, for the actions that
// change one user; on success the caller closes the store.
func openUser(ctx context.Context, dbPath, op, name string) (*review.Store, *review.User, func() error, error) {
	store, closeDB, err := openStore(ctx, dbPath)
	if err != nil {
		return nil, nil, nil, err
	}
	u, err := store.UserByName(ctx, name)
	if err != nil {
		closeDB()
		return nil, nil, nil, oneLine(op, noUser(name, err))
	}
	return store, u, closeDB, nil
}

// readPassword reads a password: from a terminal without echo, asked
// twice; otherwise the first line of standard input.
func readPassword(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read the password: %v", err)
		}
		fmt.Fprint(e.stderr, "Password again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read the password: %v", err)
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		if len(a) == 0 {
			return "", errors.New("no password given")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(io.LimitReader(e.stdin, 64<<10)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read the password from standard input: %v", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input (give it as the first line)")
	}
	return line, nil
}

// noUser turns "not found" into a sentence naming the user.
func noUser(name string, err error) error {
	if errors.Is(err, review.ErrNotFound) {
		return fmt.Errorf("no user named %q", name)
	}
	return err
}

// oneLine makes a store error one clear line: the refusal's sentence
// (review.Reason: a rule's, or the field messages) without the wrapping
// operation names.
func oneLine(op string, err error) error {
	if msg := review.Reason(err); msg != "" {
		return fmt.Errorf("%s: %s", op, msg)
	}
	return fmt.Errorf("%s: %w", op, err)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
