package claimdesk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// countIn opens path on its own and counts the rows of table.
func countIn(t *testing.T, path, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s in %s: %v", table, path, err)
	}
	return n
}

// addFailures writes n rows in one transaction.
func addFailures(t *testing.T, db *DB, n int, tag string) {
	t.Helper()
	tx, err := db.Write.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := 0; i < n; i++ {
		if _, err := tx.Exec("INSERT INTO login_failures (username, addr, at) VALUES (?, '10.0.0.1', '2026-01-01T00:00:00.000000Z')", fmt.Sprintf("%s%d", tag, i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestBackupWhileWriting: a backup taken while another goroutine commits
// row after row holds every row committed before it began and passes
// integrity_check.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	addFailures(t, db, 200, "before")

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.Write.Exec("INSERT INTO login_failures (username, addr, at) VALUES (?, '10.0.0.2', '2026-01-01T00:00:00.000000Z')", fmt.Sprintf("during%d", i)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	backup := filepath.Join(dir, "backup.db")
	var committed int
	db.Read.QueryRow("SELECT count(*) FROM login_failures").Scan(&committed)
	err = Backup(ctx, path, backup)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if got := countIn(t, backup, "login_failures"); got < committed {
		t.Errorf("the backup has %d rows, want at least the %d committed before it began", got, committed)
	}
	problems, err := Check(ctx, backup)
	if err != nil || len(problems) > 0 {
		t.Errorf("check of the backup: %v %v", problems, err)
	}
	// A second backup replaces the first.
	addFailures(t, db, 1, "after")
	if err := Backup(ctx, path, backup); err != nil {
		t.Fatalf("second backup: %v", err)
	}
	if _, err := os.Stat(backup + "-wal"); err == nil {
		t.Errorf("the backup left a -wal file")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	if err := Backup(ctx, filepath.Join(dir, "missing.db"), filepath.Join(dir, "x.db")); err == nil {
		t.Errorf("a backup of a missing database succeeded")
	}
}

// TestRestore: restore refuses a damaged file, a file of another schema
// version, a file that is not ours and a database a process has open;
// it replaces a closed database with the backup and drops its old -wal.
func TestRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	addFailures(t, db, 3, "kept")
	backup := filepath.Join(dir, "backup.db")
	if err := Backup(ctx, live, backup); err != nil {
		t.Fatal(err)
	}
	addFailures(t, db, 5, "lost")

	// A running server has the database open.
	if err := Restore(ctx, backup, live); !errors.Is(err, ErrInUse) {
		t.Errorf("restore while open: got %v, want ErrInUse", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Damaged: a page in the middle overwritten.
	big := filepath.Join(dir, "big.db")
	bdb, err := Open(ctx, big)
	if err != nil {
		t.Fatal(err)
	}
	addFailures(t, bdb, 3000, strings.Repeat("x", 40))
	bdb.Close()
	damaged := filepath.Join(dir, "damaged.db")
	if err := Backup(ctx, big, damaged); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(damaged, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	garbage := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
	if _, err := f.WriteAt(garbage, st.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if problems, err := Check(ctx, damaged); err != nil || len(problems) == 0 {
		t.Errorf("check of the damaged file: %v %v, want findings", problems, err)
	}

	// Another schema version, and a SQLite file that is not ours.
	newer := filepath.Join(dir, "newer.db")
	if err := copyFile(backup, newer); err != nil {
		t.Fatal(err)
	}
	setVersion(t, newer, SchemaVersion()+1)
	foreign := filepath.Join(dir, "foreign.db")
	setVersion(t, foreign, 0)
	notSQLite := filepath.Join(dir, "notes.txt")
	os.WriteFile(notSQLite, []byte(strings.Repeat("not a database\n", 500)), 0o600)

	for _, tc := range []struct{ name, file, want string }{
		{"damaged", damaged, "not a sound SQLite database"},
		{"newer schema", newer, "newer than this program"},
		{"not claimdesk", foreign, "not a claimdesk database"},
		{"not SQLite", notSQLite, "not a sound SQLite database"},
		{"missing", filepath.Join(dir, "missing.db"), "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Restore(ctx, tc.file, live)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("restore: got %v, want an error saying %q", err, tc.want)
			}
			if got := countIn(t, live, "login_failures"); got != 8 {
				t.Errorf("after a refused restore the database has %d rows, want its 8", got)
			}
		})
	}

	// A stale -wal beside the database must not be read into the backup.
	if err := os.WriteFile(live+"-wal", []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Restore(ctx, backup, live); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if _, err := os.Stat(live + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old -wal is still there: %v", err)
	}
	db, err = Open(ctx, live)
	if err != nil {
		t.Fatalf("open the restored database: %v", err)
	}
	defer db.Close()
	var n int
	db.Read.QueryRow("SELECT count(*) FROM login_failures").Scan(&n)
	if n != 3 {
		t.Errorf("restored database has %d rows, want the backup's 3", n)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// setVersion sets user_version of the SQLite file at path (creating it).
func setVersion(t *testing.T, path string, v int) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE IF NOT EXISTS x (a); " + fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
}

// TestCheckReportsABrokenForeignKey: a row whose foreign key points
// nowhere (written with the check off, as a bad tool might) is named in
// words; a sound database has nothing to report.
func TestCheckReportsABrokenForeignKey(t *testing.T) {
	problems := checkSpoiled(t, "?_foreign_keys=off", "INSERT INTO sessions (id, user_id, data, created_at, last_seen_at) VALUES ('x', 999, '', '', '')")
	if len(problems) != 1 || !strings.Contains(problems[0], "sessions row 1 has user_id 999, which points to no row of users") {
		t.Errorf("got %q, want one finding naming sessions row 1, user_id 999 and users", problems)
	}
}

// TestCheckReportsMissingSchemaItems: a database whose pages are sound but
// which lacks an index and a trigger of its version's schema (what a bulk
// load killed between dropping and remaking them leaves) is named, item
// by item; a new database has nothing missing.
func TestCheckReportsMissingSchemaItems(t *testing.T) {
	problems := checkSpoiled(t, "", "DROP INDEX claims_claimant; DROP TRIGGER claims_fts_insert")
	got := strings.Join(problems, "\n")
	if len(problems) != 2 || !strings.Contains(got, "the index claims_claimant is missing") || !strings.Contains(got, "the trigger claims_fts_insert is missing") {
		t.Errorf("got %q, want the index claims_claimant and the trigger claims_fts_insert named", problems)
	}
}

// checkSpoiled runs spoil on a new database in which Check found nothing
// wrong, through a plain connection opened with the DSN options opts (as a
// bad tool might write), and returns what Check finds then.
func checkSpoiled(t *testing.T, opts, spoil string) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if problems, err := Check(context.Background(), path); err != nil || len(problems) != 0 {
		t.Fatalf("a new database: %v %v, want nothing wrong", problems, err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path+opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(spoil); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	problems, err := Check(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return problems
}
