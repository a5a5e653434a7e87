package report

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -tags sqlite_fts5 ./review/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (got %d bytes, want %d); first difference at byte %d:\n got: %q\nwant: %q",
			name, len(got), len(want), firstDiff(got, want), around(got, firstDiff(got, want)), around(want, firstDiff(got, want)))
	}
}

func firstDiff(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, i int) []byte {
	lo, hi := max(0, i-40), min(len(b), i+40)
	return b[lo:hi]
}

// TestGolden writes every format of the fixed data set and compares it
// with the reviewed files in testdata/.
func TestGolden(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		file   string
		filter Filter
		write  func(io.Writer, Filter) error
	}{
		{"all.csv", Filter{}, func(w io.Writer, fl Filter) error { return WriteCSV(ctx, f.store, fl, w, false) }},
		{"all.json", Filter{}, func(w io.Writer, fl Filter) error { return WriteJSON(ctx, f.store, fl, w) }},
		{"all.md", Filter{}, func(w io.Writer, fl Filter) error { return WriteMarkdown(ctx, f.store, fl, w) }},
		{"all.html", Filter{}, func(w io.Writer, fl Filter) error { return WriteHTML(ctx, f.store, fl, w) }},
		{"all.claimreview.json", Filter{}, func(w io.Writer, fl Filter) error {
			_, err := WriteClaimReview(ctx, f.store, fl, w, false)
			return err
		}},
		{"budget-done.csv", Filter{ArticleID: f.budget, Status: "done"}, func(w io.Writer, fl Filter) error { return WriteCSV(ctx, f.store, fl, w, true) }},
		{"rita.json", Filter{Assignee: "RITA"}, func(w io.Writer, fl Filter) error { return WriteJSON(ctx, f.store, fl, w) }},
		{"budget.md", Filter{ArticleID: f.budget}, func(w io.Writer, fl Filter) error { return WriteMarkdown(ctx, f.store, fl, w) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, tt.filter); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}
