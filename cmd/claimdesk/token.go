package main

import (
	"context"
	"fmt"
)

// cmdToken manages API tokens: token create USER prints a new token alone
// on standard output (only its hash is kept, so it is shown this once).
func cmdToken(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(e.stderr, "usage: claimdesk token create [--db PATH] USER\n")
			return errFlagHelp
		}
		return usagef("token: say what to do: token create USER")
	}
	fs := newFlagSet("token create", e.stderr)
	dbPath := dbFlag(fs, e)
	name, err := parseNamed(fs, args[1:], "token create")
	if err != nil {
		return err
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	tok, err := store.CreateToken(ctx, name)
	if err != nil {
		return oneLine("token create", noUser(name, err))
	}
	fmt.Fprintln(e.stdout, tok)
	fmt.Fprintf(e.stderr, "API token for %s created; it is shown only this once: send it as Authorization: Bearer TOKEN\n", name)
	return nil
}
