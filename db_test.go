package claimdesk

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func pragma(t *testing.T, db *sql.DB, name string) string {
	t.Helper()
	var v string
	if err := db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func TestOpenSettings(t *testing.T) {
	db := openTest(t)
	for _, tc := range []struct {
		pool *sql.DB
		name string
	}{{db.Write, "write"}, {db.Read, "read"}} {
		t.Run(tc.name, func(t *testing.T) {
			// Hold several connections at once so the settings are seen on
			// more than the first one the pool hands out.
			ctx := context.Background()
			n := 1
			if tc.pool == db.Read {
				n = 4
			}
			var conns []*sql.Conn
			for i := 0; i < n; i++ {
				c, err := tc.pool.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				conns = append(conns, c)
			}
			for i, c := range conns {
				check := func(p, want string) {
					var got string
					if err := c.QueryRowContext(ctx, "PRAGMA "+p).Scan(&got); err != nil {
						t.Fatal(err)
					}
					if got != want {
						t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, p, got, want)
					}
				}
				check("journal_mode", "wal")
				check("foreign_keys", "1")
				check("busy_timeout", "5000")
				check("synchronous", "2") // FULL
			}
			for _, c := range conns {
				c.Close()
			}
		})
	}
	if v := pragma(t, db.Write, "user_version"); v != fmt.Sprint(SchemaVersion()) {
		t.Errorf("user_version = %s, want %d", v, SchemaVersion())
	}
}

func TestReadPoolIsReadOnly(t *testing.T) {
	db := openTest(t)
	_, err := db.Read.Exec("INSERT INTO settings (key, value) VALUES ('org.name', 'x')")
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "readonly") {
		t.Errorf("insert through Read: got %v, want a read-only refusal", err)
	}
	if _, err := db.Write.Exec("INSERT INTO settings (key, value) VALUES ('org.name', 'x')"); err != nil {
		t.Fatalf("insert through Write: %v", err)
	}
	var v string
	if err := db.Read.QueryRow("SELECT value FROM settings WHERE key = 'org.name'").Scan(&v); err != nil || v != "x" {
		t.Errorf("Read sees %q, %v; want the committed write", v, err)
	}
}

func TestForeignKeysEnforced(t *testing.T) {
	db := openTest(t)
	_, err := db.Write.Exec("INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES ('x', 999, '', '')")
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("a session for a missing user: got %v, want a foreign key failure", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("got %v, want a refusal naming the newer schema", err)
	}
	if _, err := Open(context.Background(), ""); err == nil {
		t.Error("an empty path was accepted")
	}
}

func TestOpenTwiceKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "again.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Write.Exec("INSERT INTO settings (key, value) VALUES ('org.name', 'kept')")
	db.Close()
	db, err = Open(context.Background(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	var v string
	if err := db.Read.QueryRow("SELECT value FROM settings WHERE key = 'org.name'").Scan(&v); err != nil || v != "kept" {
		t.Errorf("after reopening: got %q, %v", v, err)
	}
}

// TestMigratedSchemaEqualsFresh builds a database as version 1 was
// shipped (testdata/schema-v1.sql), lets Open bring it up to date with the
// migrations, and compares its schema with a fresh database's. When it
// fails, schema.sql changed without a migration that makes the same change
// (append one to migrations in db.go).
func TestMigratedSchemaEqualsFresh(t *testing.T) {
	v1, err := os.ReadFile(filepath.Join("testdata", "schema-v1.sql"))
	if err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite3", "file:"+old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(string(v1)); err != nil {
		t.Fatalf("build version 1: %v", err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	migrated, err := Open(context.Background(), old)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer migrated.Close()
	fresh := openTest(t)
	got, want := describeSchema(t, migrated.Write), describeSchema(t, fresh.Write)
	if got != want {
		t.Errorf("the migrated schema differs from schema.sql; add a migration for the change.\nmigrated:\n%s\nfresh:\n%s", diffLines(got, want), diffLines(want, got))
	}
	if pragma(t, migrated.Write, "user_version") != pragma(t, fresh.Write, "user_version") {
		t.Error("user_version differs")
	}
}

var spaces = regexp.MustCompile(`\s+`)

// describeSchema is a text of everything the schema defines: each table's
// columns (name, type, not null, default, key), each index's columns and
// uniqueness, and the SQL of triggers, views and virtual tables. Column
// lists come from PRAGMAs, not from the stored CREATE text, because ALTER
// TABLE ADD COLUMN leaves a different text for the same table.
func describeSchema(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query("SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
	if err != nil {
		t.Fatal(err)
	}
	type obj struct{ typ, name, tbl, sql string }
	var objs []obj
	for rows.Next() {
		var o obj
		if err := rows.Scan(&o.typ, &o.name, &o.tbl, &o.sql); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, o)
	}
	rows.Close()
	var lines []string
	for _, o := range objs {
		switch {
		case o.typ == "table" && !strings.Contains(strings.ToUpper(o.sql), "VIRTUAL TABLE") && !isShadow(o.name):
			cols := query(t, db, fmt.Sprintf("SELECT name, type, \"notnull\", COALESCE(dflt_value, ''), pk, hidden FROM pragma_table_xinfo('%s') ORDER BY name", o.name))
			fks := query(t, db, fmt.Sprintf("SELECT \"table\", \"from\", COALESCE(\"to\", ''), on_delete FROM pragma_foreign_key_list('%s') ORDER BY \"from\"", o.name))
			lines = append(lines, "table "+o.name+" columns "+cols+" fks "+fks+" checks "+checks(o.sql))
		case o.typ == "index":
			cols := query(t, db, fmt.Sprintf("SELECT seqno, COALESCE(name, ''), \"desc\", coll FROM pragma_index_xinfo('%s') WHERE key = 1", o.name))
			var unique int
			db.QueryRow(fmt.Sprintf("SELECT \"unique\" FROM pragma_index_list('%s') WHERE name = '%s'", o.tbl, o.name)).Scan(&unique)
			lines = append(lines, fmt.Sprintf("index %s on %s unique=%d %s where=%s", o.name, o.tbl, unique, cols, where(o.sql)))
		case o.typ == "table" && isShadow(o.name):
			// FTS5 shadow tables follow from their virtual table.
		default:
			lines = append(lines, o.typ+" "+o.name+" "+spaces.ReplaceAllString(strings.TrimSpace(o.sql), " "))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// isShadow reports whether name is an FTS5 shadow table (name_data,
// name_idx, name_content, name_docsize, name_config).
func isShadow(name string) bool {
	for _, suffix := range []string{"_data", "_idx", "_content", "_docsize", "_config"} {
		if strings.HasSuffix(name, "_fts"+suffix) {
			return true
		}
	}
	return false
}

var checkRE = regexp.MustCompile(`(?i)CHECK\s*\(`)

// checks lists the CHECK constraints of a CREATE TABLE text, white space
// normalised, in order of appearance.
func checks(createSQL string) string {
	var out []string
	for _, loc := range checkRE.FindAllStringIndex(createSQL, -1) {
		depth, i := 1, loc[1]
		for ; i < len(createSQL) && depth > 0; i++ {
			switch createSQL[i] {
			case '(':
				depth++
			case ')':
				depth--
			}
		}
		out = append(out, spaces.ReplaceAllString(createSQL[loc[0]:i], " "))
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

func where(createSQL string) string {
	i := strings.Index(strings.ToUpper(createSQL), " WHERE ")
	if i < 0 {
		return ""
	}
	return spaces.ReplaceAllString(createSQL[i:], " ")
}

func query(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			parts[i] = fmt.Sprint(v)
		}
		out = append(out, "("+strings.Join(parts, " ")+")")
	}
	return strings.Join(out, " ")
}

// diffLines returns the lines of a that b lacks.
func diffLines(a, b string) string {
	have := map[string]bool{}
	for l := range strings.SplitSeq(b, "\n") {
		have[l] = true
	}
	var out []string
	for l := range strings.SplitSeq(a, "\n") {
		if !have[l] {
			out = append(out, "  "+l)
		}
	}
	return strings.Join(out, "\n")
}

func TestDescribeSchemaSeesChanges(t *testing.T) {
	// The comparison must notice a missing column, index and trigger.
	a, b := openTest(t), openTest(t)
	base := describeSchema(t, a.Write)
	if base != describeSchema(t, b.Write) {
		t.Fatal("two fresh databases differ")
	}
	for _, change := range []string{
		"ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ''",
		"CREATE INDEX users_role ON users (role)",
		"DROP TRIGGER history_append_only_update",
	} {
		t.Run(change, func(t *testing.T) {
			c := openTest(t)
			if _, err := c.Write.Exec(change); err != nil {
				t.Fatal(err)
			}
			if describeSchema(t, c.Write) == base {
				t.Errorf("the description did not change after %s", change)
			}
		})
	}
}
