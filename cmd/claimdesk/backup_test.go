package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupRestoreCheck drives the three commands as an operator would:
// a backup while the server runs, a restore it refuses until the server
// stops, and check before and after a row loses its parent.
func TestBackupRestoreCheck(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "claimdesk.db")
	backup := filepath.Join(dir, "nightly.db")
	if _, errOut, err := runCmd(t, "password-ada\n", "user", "add", "--role", "admin", "--db", db, "ada"); err != nil {
		t.Fatalf("user add: %v (%s)", err, errOut)
	}
	_, _, stop := startServe(t, db)
	if _, errOut, err := runCmd(t, "", "backup", "--db", db, backup); err != nil {
		t.Fatalf("backup while serving: %v (%s)", err, errOut)
	}
	if _, errOut, err := runCmd(t, "password-bob\n", "user", "add", "--role", "reviewer", "--db", db, "bob"); err != nil {
		t.Fatalf("user add: %v (%s)", err, errOut)
	}
	if _, _, err := runCmd(t, "", "restore", "--db", db, backup); err == nil || !strings.Contains(err.Error(), "open in another claimdesk process") {
		t.Errorf("restore while serving: got %v, want a refusal", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if _, errOut, err := runCmd(t, "", "restore", "--db", db, backup); err != nil {
		t.Fatalf("restore: %v (%s)", err, errOut)
	}
	out, _, err := runCmd(t, "", "user", "list", "--db", db)
	if err != nil || !strings.Contains(out, "ada") || strings.Contains(out, "bob") {
		t.Errorf("users after restore: %q (%v), want ada without bob", out, err)
	}
	if out, _, err := runCmd(t, "", "check", "--db", db); err != nil || strings.TrimSpace(out) != "ok" {
		t.Errorf("check: %q, %v; want ok", out, err)
	}

	raw, err := sql.Open("sqlite3", "file:"+db+"?_foreign_keys=off")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (42, 'h', '')"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out, _, err = runCmd(t, "", "check", "--db", db)
	if exitCode(err, &strings.Builder{}) != 1 || !strings.Contains(out, "api_tokens row 1 has user_id 42, which points to no row of users") {
		t.Errorf("check of a broken foreign key: %q, %v; want the finding and exit 1", out, err)
	}
}

// TestCheckCounts: check finds claim counters that differ from a full
// count, and --rebuild-counts makes them right.
func TestCheckCounts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "claimdesk.db")
	if out, errOut, err := runCmd(t, "", "gen", "--claims", "40", "--db", db); err != nil {
		t.Fatalf("gen: %v (%s %s)", err, out, errOut)
	}
	if out, _, err := runCmd(t, "", "check", "--db", db); err != nil || strings.TrimSpace(out) != "ok" {
		t.Fatalf("check: %q, %v; want ok", out, err)
	}
	raw, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE claim_counts SET n = n + 3 WHERE status = 'new'"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out, _, err := runCmd(t, "", "check", "--db", db)
	if exitCode(err, &strings.Builder{}) != 1 || !strings.Contains(out, "counts: claim_counts says") {
		t.Errorf("check of wrong counters: %q, %v; want the finding and exit 1", out, err)
	}
	out, errOut, err := runCmd(t, "", "check", "--rebuild-counts", "--db", db)
	if err != nil || strings.TrimSpace(out) != "ok" || !strings.Contains(errOut, "rebuilt the claim counters") {
		t.Errorf("check --rebuild-counts: %q %q, %v; want ok after a rebuild", out, errOut, err)
	}
}
