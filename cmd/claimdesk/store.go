package main

import (
	"context"
	"flag"
	"fmt"

	"claimdesk/review"
)

// dbFlag adds --db to fs: the database file, from CLAIMDESK_DB or
// claimdesk.db in the working directory by default.
func dbFlag(fs *flag.FlagSet, e *env) *string {
	def := e.getenv("CLAIMDESK_DB")
	if def == "" {
		def = "claimdesk.db"
	}
	return fs.String("db", def, "database `PATH` (default from CLAIMDESK_DB, else claimdesk.db)")
}

// openStore opens the database at path with the model the desk has in
// use (the embedded model unless claimdesk model use said otherwise);
// close it when done.
func openStore(ctx context.Context, path string) (*review.Store, func() error, error) {
	s, closeDB, err := openStoreShipped(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.LoadModelInUse(ctx); err != nil {
		closeDB()
		return nil, nil, fmt.Errorf("%s (claimdesk model use shipped goes back to the built-in model)", review.Reason(err))
	}
	return s, closeDB, nil
}
