package main

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"claimdesk/review"
)

// TestFillStatementsOnServe checks the back-fill serve runs for a database
// from before statements: every open claim gets its suggestion.
func TestFillStatementsOnServe(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	store, closeDB, err := openStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	_, cs, err := store.ImportArticle(ctx, nil, review.NewArticle{Text: demoArticle})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE claims SET statement = ''"); err != nil {
		t.Fatal(err)
	}
	fillStatements(ctx, store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	filled := 0
	for _, c := range cs {
		got, err := store.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		// A suggestion over the 300-character limit is left for a person
		// to write, at import as in the back-fill.
		if got.Statement != c.Statement {
			t.Errorf("claim %d: statement %q after the back-fill, want %q as at import", c.ID, got.Statement, c.Statement)
		}
		if got.Statement != "" {
			filled++
		}
	}
	if filled < len(cs)-2 {
		t.Errorf("%d of %d claims got a statement", filled, len(cs))
	}
}
