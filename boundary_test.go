package claimdesk

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sqlWords are what SQL text in Go source looks like.
var sqlWords = regexp.MustCompile(`\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|"database/sql"`)

// sqlOwners are the places outside review allowed SQL: this package's
// database files (opening, migrations, backup, restore, check) and the
// ranker's offline trainer, which builds its own evaluation index and is
// never part of the binary.
var sqlOwners = map[string]bool{"db.go": true, "backup.go": true, "claims/match/internal/matchlab": true}

// TestSQLStaysInReview: the product's SQL lives in review (and the schema,
// migrations and backups here); web, the command and the reports ask
// review's methods. Tests may set rows up in SQL; bench/ is a module of its own.
func TestSQLStaysInReview(t *testing.T) {
	t.Parallel()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == "bench" || strings.HasPrefix(d.Name(), ".") && path != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.Dir(path) == "review" || sqlOwners[path] || sqlOwners[filepath.ToSlash(filepath.Dir(path))] {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := sqlWords.FindString(line); m != "" {
				t.Errorf("%s:%d: %s outside review: give review a method instead", path, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
