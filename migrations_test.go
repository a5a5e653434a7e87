package claimdesk

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// openV1 builds a database as version 1 was shipped, runs setup on it, and
// opens it with Open, which migrates it.
func openV1(t *testing.T, setup string) *DB {
	t.Helper()
	v1, err := os.ReadFile(filepath.Join("testdata", "schema-v1.sql"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.db")
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(string(v1) + ";" + setup + "; PRAGMA user_version = 1"); err != nil {
		t.Fatalf("build version 1: %v", err)
	}
	raw.Close()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestMigrationStatement checks what existing claims get: an empty
// statement, and a search index that still finds them.
func TestMigrationStatement(t *testing.T) {
	db := openV1(t, `INSERT INTO articles (id, title, body, body_hash, created_at, updated_at) VALUES (1, 't', 'Prices rose.', 'h', 'x', 'x');
INSERT INTO claims (id, article_id, start_byte, end_byte, text, created_at, updated_at) VALUES (7, 1, 0, 12, 'Prices rose.', 'x', 'x')`)
	var st string
	if err := db.Read.QueryRow("SELECT statement FROM claims WHERE id = 7").Scan(&st); err != nil || st != "" {
		t.Errorf("statement %q, %v; want '' for an existing claim", st, err)
	}
	var id int64
	if err := db.Read.QueryRow("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'prices'").Scan(&id); err != nil || id != 7 {
		t.Errorf("the rebuilt index finds %d, %v; want claim 7", id, err)
	}
	if v, want := pragma(t, db.Read, "user_version"), strconv.Itoa(SchemaVersion()); v != want {
		t.Errorf("user_version %s after migrating, want %s", v, want)
	}
	if _, err := db.Write.Exec("UPDATE claims SET matched_at = 'x' WHERE id = 7"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.Exec("UPDATE claims SET statement = 'Costs went up' WHERE id = 7"); err != nil {
		t.Fatal(err)
	}
	var matched sql.NullString
	if err := db.Read.QueryRow("SELECT matched_at FROM claims WHERE id = 7").Scan(&matched); err != nil || matched.Valid {
		t.Errorf("matched_at %v, %v after a change of statement; want NULL, so the claim is matched again", matched, err)
	}
	if err := db.Read.QueryRow("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'costs'").Scan(&id); err != nil || id != 7 {
		t.Errorf("search by statement finds %d, %v; want claim 7", id, err)
	}
}

// TestMigrationRatings checks that ratings start at 1 after the migration:
// the default scale's Misleading and Unproven have no number (0), and a
// scale of its own numbered from 0 moves up by one.
func TestMigrationRatings(t *testing.T) {
	ratings := func(t *testing.T, db *DB) map[string]int {
		t.Helper()
		rows, err := db.Read.Query("SELECT name, rating FROM verdicts")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var n string
			var r int
			if err := rows.Scan(&n, &r); err != nil {
				t.Fatal(err)
			}
			out[n] = r
		}
		return out
	}
	t.Run("default scale", func(t *testing.T) {
		got := ratings(t, openV1(t, "SELECT 1"))
		want := map[string]int{"True": 5, "Mostly true": 4, "Half true": 3, "Mostly false": 2, "False": 1, "Misleading": 0, "Unproven": 0}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: rating %d, want %d", k, got[k], v)
			}
		}
	})
	t.Run("a scale numbered from 0", func(t *testing.T) {
		got := ratings(t, openV1(t, `DELETE FROM verdicts; INSERT INTO verdicts (name, rating, color, position) VALUES
			('Right', 2, '#000000', 1), ('Partly', 1, '#000000', 2), ('Wrong', 0, '#000000', 3)`))
		if got["Right"] != 3 || got["Partly"] != 2 || got["Wrong"] != 1 {
			t.Errorf("got %v, want Right 3, Partly 2, Wrong 1", got)
		}
	})
}

// TestMigrationModels checks that claims from before desk models were
// scored by the shipped model (0) and that no desk model is in use.
func TestMigrationModels(t *testing.T) {
	db := openV1(t, `INSERT INTO articles (id, title, body, body_hash, created_at, updated_at) VALUES (1, 't', 'Prices rose.', 'h', 'x', 'x');
INSERT INTO claims (id, article_id, start_byte, end_byte, text, created_at, updated_at) VALUES (7, 1, 0, 12, 'Prices rose.', 'x', 'x')`)
	var version, models int64 = -1, -1
	if err := db.Read.QueryRow("SELECT model_version, (SELECT count(*) FROM models) FROM claims WHERE id = 7").Scan(&version, &models); err != nil {
		t.Fatal(err)
	}
	if version != 0 || models != 0 {
		t.Errorf("model_version %d and %d models after migrating, want 0 and 0", version, models)
	}
}

// TestMigrationDismissCodes checks that a dismissed claim's reason moves to
// the code "other" (its text kept as the free text), and that other claims
// get no code.
func TestMigrationDismissCodes(t *testing.T) {
	db := openV1(t, `INSERT INTO articles (id, title, body, body_hash, created_at, updated_at) VALUES (1, 't', 'Prices rose. It is nice.', 'h', 'x', 'x');
INSERT INTO claims (id, article_id, start_byte, end_byte, text, status, dismiss_reason, created_at, updated_at) VALUES (7, 1, 0, 12, 'Prices rose.', 'new', '', 'x', 'x');
INSERT INTO claims (id, article_id, start_byte, end_byte, text, status, dismiss_reason, created_at, updated_at) VALUES (8, 1, 13, 24, 'It is nice.', 'dismissed', 'an opinion', 'x', 'x')`)
	for _, tc := range []struct {
		id           int
		code, reason string
	}{{7, "", ""}, {8, "other", "an opinion"}} {
		var code, reason string
		if err := db.Read.QueryRow("SELECT dismiss_code, dismiss_reason FROM claims WHERE id = ?", tc.id).Scan(&code, &reason); err != nil {
			t.Fatal(err)
		}
		if code != tc.code || reason != tc.reason {
			t.Errorf("claim %d: code %q reason %q, want %q %q", tc.id, code, reason, tc.code, tc.reason)
		}
	}
}

// TestMigrationCounts: the counters a migrated database gets are a full
// count of its claims (candidates left out), and its triggers keep them.
func TestMigrationCounts(t *testing.T) {
	db := openV1(t, `INSERT INTO articles (id, title, body, body_hash, created_at, updated_at) VALUES (1, 't', 'Prices rose. Rents rose.', 'h', 'x', 'x');
INSERT INTO claims (id, article_id, start_byte, end_byte, text, status, created_at, updated_at) VALUES (7, 1, 0, 12, 'Prices rose.', 'done', 'x', 'x');
INSERT INTO claims (id, article_id, start_byte, end_byte, text, candidate, created_at, updated_at) VALUES (8, 1, 13, 24, 'Rents rose.', 1, 'x', 'x')`)
	got := query(t, db.Read, "SELECT status, verdict_id, n FROM claim_counts WHERE n > 0")
	if want := "(done 0 1)"; got != want {
		t.Errorf("claim_counts %q, want %q", got, want)
	}
	if _, err := db.Write.Exec("UPDATE claims SET candidate = 0 WHERE id = 8"); err != nil {
		t.Fatal(err)
	}
	got = query(t, db.Read, "SELECT article_id, status, n FROM article_claim_counts WHERE n > 0 ORDER BY status")
	if want := "(1 done 1) (1 new 1)"; got != want {
		t.Errorf("article_claim_counts %q, want %q", got, want)
	}
}
