package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"claimdesk"
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

// genKillEnv makes the test binary a gen that TestGenKilledLeavesNoDatabase
// kills.
const genKillEnv = "CLAIMDESK_KILLED_GEN"

// TestGenKilledLeavesNoDatabase: gen killed while it loads (its claims'
// indexes dropped until the end) leaves nothing at the database's path;
// the next gen removes the scratch file, says so, and makes a database
// that check finds sound, with no scratch file left beside it.
func TestGenKilledLeavesNoDatabase(t *testing.T) {
	if db := os.Getenv(genKillEnv); db != "" {
		err := run(context.Background(), []string{"gen", "--db", db, "--claims", "3000000"}, func(string) string { return "" }, strings.NewReader(""), os.Stdout, os.Stderr)
		os.Exit(exitCode(err, os.Stderr))
	}
	if testing.Short() {
		t.Skip("starts a child process that generates claims")
	}
	db := filepath.Join(t.TempDir(), "gen.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestGenKilledLeavesNoDatabase$")
	cmd.Env = append(os.Environ(), genKillEnv+"="+db)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once claims are going in: the scratch file has grown.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if fi, err := os.Stat(db + ".partial-wal"); err == nil && fi.Size() > 4<<20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("the child wrote no claims in two minutes")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("after the kill, %s: %v; want no file", db, err)
	}
	if _, err := os.Stat(db + ".partial"); err != nil {
		t.Fatalf("the killed gen left no scratch file (%v): was it killed while loading?", err)
	}

	_, stderr, err := runCmd(t, "", "gen", "--db", db, "--claims", "60", "--seed", "5")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "gen.db.partial, left by a gen that did not finish") {
		t.Errorf("the next gen said %q, want the scratch file's removal", stderr)
	}
	left, err := filepath.Glob(db + ".partial*")
	if err != nil || len(left) != 0 {
		t.Errorf("scratch files left: %v %v", left, err)
	}
	if out, _, err := runCmd(t, "", "check", "--db", db); err != nil || out != "ok\n" {
		t.Errorf("check: %v\n%s", err, out)
	}
}

// TestGenRefusesWhatItCannotFinish: gen refuses, before any work and
// with nothing written, a path whose scratch file another gen has open,
// and a folder that does not exist.
func TestGenRefusesWhatItCannotFinish(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "gen.db")
	other, err := claimdesk.Open(context.Background(), db+".partial")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = runCmd(t, "", "gen", "--db", db, "--claims", "40")
	other.Close()
	if err == nil || !strings.Contains(err.Error(), "another gen is writing") {
		t.Errorf("gen beside another: got %v, want a refusal", err)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("%s: %v, want no file", db, err)
	}
	if _, err := os.Stat(db + ".partial"); err != nil {
		t.Errorf("the other gen's scratch file is gone: %v", err)
	}
	_, _, err = runCmd(t, "", "gen", "--db", filepath.Join(dir, "no such folder", "gen.db"), "--claims", "40")
	if err == nil || !strings.Contains(err.Error(), "cannot write in the folder") {
		t.Errorf("gen into a missing folder: got %v, want the folder named", err)
	}
}
