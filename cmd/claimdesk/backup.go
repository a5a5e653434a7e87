package main

import (
	"context"
	"fmt"

	"claimdesk"
)

// cmdBackup copies the database to FILE while the server may be running.
func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("backup", e.stderr)
	dbPath := dbFlag(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("backup takes one FILE to write the copy to")
	}
	if err := claimdesk.Backup(ctx, *dbPath, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "backed up %s to %s\n", *dbPath, fs.Arg(0))
	return nil
}

// cmdRestore replaces the database with the backup FILE; the server must
// be stopped.
func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("restore", e.stderr)
	dbPath := dbFlag(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("restore takes one backup FILE")
	}
	if err := claimdesk.Restore(ctx, fs.Arg(0), *dbPath); err != nil {
		return fmt.Errorf("%w (stop the server first if it runs)", err)
	}
	fmt.Fprintf(e.stderr, "restored %s from %s\n", *dbPath, fs.Arg(0))
	return nil
}

// cmdCheck says what is wrong with the database, one finding a line;
// exit status 1 when anything is.
func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("check [--rebuild-counts]", e.stderr)
	dbPath := dbFlag(fs, e)
	rebuild := fs.Bool("rebuild-counts", false, "make the claim counters again from a full count when they differ from it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("check takes no arguments (got %q)", fs.Arg(0))
	}
	problems, err := claimdesk.Check(ctx, *dbPath)
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		// The counters are compared only in a sound database.
		if problems, err = checkCounts(ctx, e, *dbPath, *rebuild); err != nil {
			return err
		}
	}
	for _, p := range problems {
		fmt.Fprintln(e.stdout, p)
	}
	switch len(problems) {
	case 0:
	case 1:
		return fmt.Errorf("check: 1 problem in %s", *dbPath)
	default:
		return fmt.Errorf("check: %d problems in %s", len(problems), *dbPath)
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}

// checkCounts compares the claim counters with a full count; with rebuild
// it makes them again when they differ and says so.
func checkCounts(ctx context.Context, e *env, dbPath string, rebuild bool) ([]string, error) {
	store, closeDB, err := openStore(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	defer closeDB()
	problems, err := store.CheckCounts(ctx)
	if err != nil || len(problems) == 0 || !rebuild {
		return problems, err
	}
	if err := store.RebuildCounts(ctx); err != nil {
		return nil, err
	}
	fmt.Fprintf(e.stderr, "rebuilt the claim counters (%d differed from a full count)\n", len(problems))
	return store.CheckCounts(ctx)
}
