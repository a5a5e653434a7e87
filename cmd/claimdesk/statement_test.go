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
// from before statements and claimants: every open claim gets its
// suggestion, and the speakers become claimants.
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
	if _, err := raw.Exec("UPDATE claims SET statement = '', claimant_id = NULL; DELETE FROM claimants"); err != nil {
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
	ks, err := store.Claimants(ctx)
	if err != nil || len(ks) != 2 || ks[0].Name != "Sergey Lavrov" || ks[1].Name != "Vladimir Putin" {
		t.Errorf("claimants after the back-fill: %+v, %v; want Sergey Lavrov and Vladimir Putin", ks, err)
	}
}
