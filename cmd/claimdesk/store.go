package main

import (
	"context"
	"flag"
	"fmt"

	"claimdesk"
	"claimdesk/claims"
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

// openStore opens the database at path with the embedded model; close it
// when done.
func openStore(ctx context.Context, path string) (*review.Store, func() error, error) {
	db, err := claimdesk.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	m, err := claims.DefaultModel()
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("load the check-worthiness model: %w", err)
	}
	return review.NewStore(db, m), db.Close, nil
}
