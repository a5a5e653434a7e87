package claimdesk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// ErrInUse is returned by Restore while another process (a running
// server, an import) has the database open.
var ErrInUse = errors.New("the database is open in another claimdesk process")

// InUse reports whether a claimdesk process has the database at path
// open (it holds the lock Open takes); false where locks are not kept.
func InUse(path string) (bool, error) {
	if _, err := os.Stat(lockPath(path)); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	unlock, err := lockExclusive(lockPath(path))
	if errors.Is(err, ErrInUse) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	unlock()
	return false, nil
}

// lockPath is the file beside the database that Open holds a shared lock
// on for as long as the database is open, and Restore an exclusive one
// while it replaces the database.
func lockPath(path string) string { return path + "-lock" }

// openRead opens path read-only without creating it and without touching
// its schema: what backup and check look at must be left as it is.
func openRead(ctx context.Context, path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	// No journal mode here: setting one is a write, and a backup file is
	// in rollback mode until Open turns it to WAL.
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Backup writes a consistent copy of the database at src to dest while
// other connections (a running server) go on writing: VACUUM INTO on a
// read-only connection copies one read snapshot, so the copy holds every
// transaction committed before it began and none after. The copy is made
// in a temporary file beside dest, checked with integrity_check, synced
// and renamed over dest, so dest is either the old file or a whole copy.
func Backup(ctx context.Context, src, dest string) error {
	db, err := openRead(ctx, src)
	if err != nil {
		return fmt.Errorf("backup %s: %w", src, err)
	}
	defer db.Close()
	tmp, err := tempBeside(dest)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	defer os.Remove(tmp)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("backup %s: %w", src, err)
	}
	if err := checkCopy(ctx, tmp); err != nil {
		return fmt.Errorf("backup %s: the copy does not check: %w", src, err)
	}
	if err := syncAndRename(tmp, dest); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return nil
}

// Restore replaces the database at dest with the backup at src. It
// refuses (ErrInUse) while any claimdesk process has dest open, and keeps
// others from opening it until it is done; it copies src beside dest and
// checks the copy (integrity_check, a schema version this program can
// open) before anything of dest changes; then it removes dest's -wal and
// -shm files (their pages belong to the old database and would be read
// into the new one) and renames the copy over dest.
func Restore(ctx context.Context, src, dest string) error {
	unlock, err := lockExclusive(lockPath(dest))
	if err != nil {
		return fmt.Errorf("restore %s: %w", dest, err)
	}
	defer unlock()
	tmp, err := tempBeside(dest)
	if err != nil {
		return fmt.Errorf("restore %s: %w", dest, err)
	}
	defer os.Remove(tmp)
	if err := copyFile(src, tmp); err != nil {
		return fmt.Errorf("restore from %s: %w", src, err)
	}
	if err := checkCopy(ctx, tmp); err != nil {
		return fmt.Errorf("restore from %s: %w", src, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dest + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore %s: %w", dest, err)
		}
	}
	if err := syncAndRename(tmp, dest); err != nil {
		return fmt.Errorf("restore %s: %w", dest, err)
	}
	return nil
}

// checkCopy opens a copy made by Backup or Restore (read-write, so any
// -wal or -shm it makes goes with it when it closes) and says what stops
// it from being used: pages that do not check, or a schema version this
// program cannot bring up to date.
func checkCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=rw")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	problems, err := integrity(ctx, db)
	if err != nil {
		return fmt.Errorf("not a sound SQLite database: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the file is damaged: %s", strings.Join(problems, "; "))
	}
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	switch {
	case version == 0:
		return errors.New("not a claimdesk database (no schema version)")
	case version > SchemaVersion():
		return fmt.Errorf("schema version %d is newer than this program knows (%d): upgrade claimdesk first", version, SchemaVersion())
	}
	return nil
}

// Check reports, in words, what is wrong with the database at path: pages
// that fail integrity_check, rows whose foreign key points nowhere, and
// tables, indexes or triggers of the current schema that are missing. An
// empty list means nothing is. It only reads.
func Check(ctx context.Context, path string) ([]string, error) {
	db, err := openRead(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	problems, err := integrity(ctx, db)
	if err != nil {
		// A file too damaged to check is itself the finding.
		return []string{"integrity: the database cannot be read: " + err.Error()}, nil
	}
	fk, err := foreignKeyProblems(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	missing, err := schemaProblems(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	problems = append(problems, fk...)
	return append(problems, missing...), nil
}

// schemaProblems names the tables, indexes, triggers and views a fresh
// database of the file's version has and the file lacks: a bulk load
// killed between dropping its indexes and making them again leaves a
// file whose pages are sound and whose search misses every new claim.
// A file of an older version (opened later, it is migrated) is not
// compared.
func schemaProblems(ctx context.Context, db *sql.DB) ([]string, error) {
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return nil, err
	}
	if version != SchemaVersion() {
		return nil, nil
	}
	fresh, err := sql.Open("sqlite3", "file:schema-check?mode=memory")
	if err != nil {
		return nil, err
	}
	defer fresh.Close()
	fresh.SetMaxOpenConns(1)
	if _, err := fresh.ExecContext(ctx, Schema); err != nil {
		return nil, fmt.Errorf("the current schema: %w", err)
	}
	const items = "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
	have := map[string]bool{}
	rows, err := db.QueryContext(ctx, items)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			rows.Close()
			return nil, err
		}
		have[kind+" "+name] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = fresh.QueryContext(ctx, items)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			return nil, err
		}
		if !have[kind+" "+name] {
			out = append(out, fmt.Sprintf("schema: the %s %s is missing, so search and lists may miss claims; a bulk load killed part way leaves such a file: delete it and run the load again, or restore a backup", kind, name))
		}
	}
	return out, rows.Err()
}

// integrity returns integrity_check's findings; none when it says "ok".
func integrity(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			out = append(out, "integrity: "+line)
		}
	}
	return out, rows.Err()
}

// foreignKeyProblems turns foreign_key_check's rows into sentences naming
// the row, the column, its value and the table it should point into.
func foreignKeyProblems(ctx context.Context, db *sql.DB) ([]string, error) {
	type violation struct {
		table, parent string
		rowid         sql.NullInt64
		fkid          int
	}
	rows, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	var vs []violation
	for rows.Next() {
		var v violation
		if err := rows.Scan(&v.table, &v.rowid, &v.parent, &v.fkid); err != nil {
			rows.Close()
			return nil, err
		}
		vs = append(vs, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []string
	for _, v := range vs {
		cols, err := foreignKeyColumns(ctx, db, v.table, v.fkid)
		if err != nil {
			return nil, err
		}
		what := fmt.Sprintf("%s row %d", v.table, v.rowid.Int64)
		if !v.rowid.Valid {
			what = "a row of " + v.table
		}
		var vals []string
		for _, c := range cols {
			var val sql.NullString
			if v.rowid.Valid {
				// Names come from the schema (foreign_key_list), not from input.
				db.QueryRowContext(ctx, fmt.Sprintf("SELECT %q FROM %q WHERE rowid = ?", c, v.table), v.rowid.Int64).Scan(&val)
			}
			vals = append(vals, fmt.Sprintf("%s %s", c, val.String))
		}
		out = append(out, fmt.Sprintf("foreign key: %s has %s, which points to no row of %s", what, strings.Join(vals, ", "), v.parent))
	}
	return out, nil
}

// foreignKeyColumns returns the child columns of foreign key fkid of table.
func foreignKeyColumns(ctx context.Context, db *sql.DB, table string, fkid int) ([]string, error) {
	rows, err := db.QueryContext(ctx, "SELECT \"from\" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq", table, fkid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// tempBeside returns the name of a new empty-named temporary file in
// path's directory (so a rename onto path stays on one file system). The
// file does not exist: VACUUM INTO wants to create it.
func tempBeside(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return "", err
	}
	return name, nil
}

// copyFile copies src to a new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := out.ReadFrom(in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// syncAndRename makes tmp durable, renames it to path and syncs the
// directory, so after a crash path is the old file or the whole new one.
func syncAndRename(tmp, path string) error {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
