package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenRefusesAnExistingFile: gen writes new files only (it loads them
// without syncs); a file already there is left as it was.
func TestGenRefusesAnExistingFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gen.db")
	if _, _, err := runCmd(t, "", "gen", "--db", db, "--claims", "40", "--seed", "3"); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = runCmd(t, "", "gen", "--db", db, "--claims", "40", "--seed", "4")
	if err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("gen over an existing file: got %v, want a refusal", err)
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("gen changed the file it refused")
	}
	// The file gen made is a normal database: check finds nothing wrong.
	if out, _, err := runCmd(t, "", "check", "--db", db); err != nil {
		t.Errorf("check: %v\n%s", err, out)
	}
}
