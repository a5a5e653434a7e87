package claimdesk

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// TestMigrationRatings checks that ratings start at 1 after the migrations:
// the default scale's Misleading and Unproven have no number (NULL), and a
// scale of its own numbered from 0 moves up by one.
func TestMigrationRatings(t *testing.T) {
	ratings := func(t *testing.T, db *DB) map[string]string {
		t.Helper()
		rows, err := db.Read.Query("SELECT name, COALESCE(CAST(rating AS TEXT), 'none') FROM verdicts")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var n, r string
			if err := rows.Scan(&n, &r); err != nil {
				t.Fatal(err)
			}
			out[n] = r
		}
		return out
	}
	t.Run("default scale", func(t *testing.T) {
		got := ratings(t, openV1(t, "SELECT 1"))
		want := map[string]string{"True": "5", "Mostly true": "4", "Half true": "3", "Mostly false": "2", "False": "1", "Misleading": "none", "Unproven": "none"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: rating %s, want %s", k, got[k], v)
			}
		}
	})
	t.Run("a scale numbered from 0", func(t *testing.T) {
		got := ratings(t, openV1(t, `DELETE FROM verdicts; INSERT INTO verdicts (name, rating, color, position) VALUES
			('Right', 2, '#000000', 1), ('Partly', 1, '#000000', 2), ('Wrong', 0, '#000000', 3)`))
		if got["Right"] != "3" || got["Partly"] != "2" || got["Wrong"] != "1" {
			t.Errorf("got %v, want Right 3, Partly 2, Wrong 1", got)
		}
	})
}

// verdictNumbersMigration is the index in migrations of the one that
// stores "no number" as NULL (found by its text, so renumbering does not
// break the test).
func verdictNumbersMigration(t *testing.T) int {
	t.Helper()
	for i, m := range migrations {
		if strings.Contains(m, "CREATE TABLE verdicts_new") {
			return i
		}
	}
	t.Fatal("no migration makes verdicts_new")
	return -1
}

// TestMigrationNoNumberIsNull brings a database to the version before
// "no number" became NULL, with claims whose verdicts have 0 ratings,
// their history and the rating table, and migrates it: the numbers become
// NULL, and every claim keeps its verdict and history, every rating label
// its verdict, while foreign keys stay on for the writes after it.
func TestMigrationNoNumberIsNull(t *testing.T) {
	ctx := context.Background()
	v1, err := os.ReadFile(filepath.Join("testdata", "schema-v1.sql"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	if _, err := raw.Exec(string(v1) + "; PRAGMA user_version = 1"); err != nil {
		t.Fatalf("build version 1: %v", err)
	}
	before := verdictNumbersMigration(t) + 1 // the version that still stores 0
	for v := 1; v < before; v++ {
		if err := apply(ctx, raw, migrations[v-1], v+1); err != nil {
			t.Fatalf("migrate to %d: %v", v+1, err)
		}
	}
	if _, err := raw.Exec(`INSERT INTO users (id, name, role, password_hash, created_at, password_changed_at) VALUES (1, 'ed', 'editor', 'x', 'x', 'x');
INSERT INTO articles (id, title, body, body_hash, created_at, updated_at) VALUES (1, 't', 'Prices rose. Rents fell.', 'h', 'x', 'x');
INSERT INTO claims (id, article_id, start_byte, end_byte, text, status, verdict_id, conclusion, signed_off_by, created_at, updated_at)
    VALUES (7, 1, 0, 12, 'Prices rose.', 'done', (SELECT id FROM verdicts WHERE name = 'Unproven'), 'No figures.', 1, 'x', 'x'),
           (8, 1, 13, 24, 'Rents fell.', 'done', (SELECT id FROM verdicts WHERE name = 'False'), 'They rose.', 1, 'x', 'x');
INSERT INTO history (claim_id, user_id, at, field, from_value, to_value) VALUES
    (7, 1, 'x', 'verdict', '', 'Unproven'), (7, 1, 'x', 'status', 'needs_review', 'done'), (8, 1, 'x', 'verdict', '', 'False')`); err != nil {
		t.Fatalf("fill version %d: %v", before, err)
	}
	if got := query(t, raw, "SELECT name, rating FROM verdicts WHERE rating = 0 ORDER BY name"); got != "(Misleading 0) (Unproven 0)" {
		t.Fatalf("before the migration the scale has %s at 0, want Misleading and Unproven", got)
	}
	snapshot := func(db *sql.DB) string {
		return query(t, db, "SELECT c.id, v.name FROM claims c JOIN verdicts v ON v.id = c.verdict_id ORDER BY c.id") + " | " +
			query(t, db, "SELECT claim_id, field, to_value FROM history ORDER BY id") + " | " +
			query(t, db, "SELECT r.label, v.name FROM rating_labels r JOIN verdicts v ON v.id = r.verdict_id ORDER BY r.label") + " | " +
			query(t, db, "SELECT status, verdict_id, n FROM claim_counts WHERE n > 0 ORDER BY verdict_id")
	}
	want := snapshot(raw)
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer db.Close()
	if got := snapshot(db.Read); got != want {
		t.Errorf("after the migration:\n%s\nwant what was there before:\n%s", got, want)
	}
	if !strings.Contains(want, "(unproven Unproven)") || !strings.Contains(want, "(7 Unproven)") {
		t.Fatalf("the set-up lacks the rows it is meant to keep: %s", want)
	}
	if got := query(t, db.Read, "SELECT name FROM verdicts WHERE rating IS NULL ORDER BY name"); got != "(Misleading) (Unproven)" {
		t.Errorf("verdicts with no number: %s, want Misleading and Unproven", got)
	}
	if got := query(t, db.Read, "SELECT count(*) FROM verdicts WHERE rating IS NOT NULL AND rating < 1"); got != "(0)" {
		t.Errorf("%s verdicts still rated below 1", got)
	}
	if got := pragma(t, db.Write, "foreign_keys"); got != "1" {
		t.Errorf("foreign_keys = %s on the writer after migrating, want 1", got)
	}
	if _, err := db.Write.Exec("UPDATE claims SET verdict_id = 999 WHERE id = 7"); err == nil {
		t.Error("a claim took a verdict that does not exist: foreign keys are off after the migration")
	}
	if _, err := db.Write.Exec("UPDATE verdicts SET rating = 0 WHERE name = 'Unproven'"); err == nil {
		t.Error("a verdict took the rating 0: the table does not refuse it")
	}
}

// TestMigrationDanglingReferenceRollsBack: a migration that leaves a row
// pointing at nothing (possible while foreign keys are off) is refused by
// the check before the commit, and the database stays as it was.
func TestMigrationDanglingReferenceRollsBack(t *testing.T) {
	db := openV1(t, `INSERT INTO articles (id, title, body, body_hash, created_at, updated_at) VALUES (1, 't', 'Prices rose.', 'h', 'x', 'x')`)
	version := pragma(t, db.Write, "user_version")
	err := apply(context.Background(), db.Write, `INSERT INTO claims (id, article_id, start_byte, end_byte, text, verdict_id, created_at, updated_at)
    VALUES (9, 1, 0, 12, 'Prices rose.', 999, 'x', 'x')`, SchemaVersion()+1)
	if err == nil || !strings.Contains(err.Error(), "points at a row of verdicts") {
		t.Fatalf("apply: %v, want a refusal naming the missing verdict", err)
	}
	if got := query(t, db.Read, "SELECT count(*) FROM claims"); got != "(0)" {
		t.Errorf("%s claims after a refused migration, want 0", got)
	}
	if got := pragma(t, db.Write, "user_version"); got != version {
		t.Errorf("user_version %s after a refused migration, want %s", got, version)
	}
	if got := pragma(t, db.Write, "foreign_keys"); got != "1" {
		t.Errorf("foreign_keys = %s after a refused migration, want 1", got)
	}
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
