package report

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/review"
)

// TestExportSeesOneSnapshot: people keep working while an export streams.
// The export (claims, with evidence, comments, history and matches merged
// in step) shows the database as it was when it began: a claim and
// evidence added while it is being written are not in the file, and every
// claim keeps exactly its evidence, so the merge never goes out of step.
func TestExportSeesOneSnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "claims.db")
	const n = 2000
	if err := generate(path, n); err != nil {
		t.Fatal(err)
	}
	db, err := claimdesk.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, _ := claims.DefaultModel()
	s := review.NewStore(db, m)

	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := WriteJSON(context.Background(), s, Filter{}, pw)
		pw.CloseWithError(err)
		done <- err
	}()
	r := bufio.NewReaderSize(pr, 1<<16)
	// The first bytes are out: the export's snapshot is taken. Now change
	// the database under it: a new claim with evidence, and more evidence
	// on the first claim.
	if _, err := r.Peek(1); err != nil {
		t.Fatal(err)
	}
	write := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Write.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC().Format(review.TimeLayout)
	write(`INSERT INTO claims (article_id, start_byte, end_byte, text, status, created_at, updated_at)
		SELECT 1, 0, 8, substr(body, 1, 8), 'new', ?, ? FROM articles WHERE id = 1`, now, now)
	write("INSERT INTO evidence (claim_id, source_id, stance, created_at) VALUES ((SELECT max(id) FROM claims), 1, 'context', ?)", now)
	write("INSERT INTO evidence (claim_id, source_id, stance, created_at) VALUES (1, 1, 'context', ?)", now)

	var doc struct {
		Claims []struct {
			ID       int64             `json:"id"`
			Evidence []json.RawMessage `json:"evidence"`
			History  []json.RawMessage `json:"history"`
		} `json:"claims"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		t.Fatalf("the export is not one JSON document: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(doc.Claims) != n {
		t.Errorf("the export holds %d claims, want the %d there were when it began", len(doc.Claims), n)
	}
	for _, c := range doc.Claims {
		if len(c.Evidence) != 2 || len(c.History) != 1 {
			t.Errorf("claim %d has %d evidence and %d history rows, want 2 and 1 as generated", c.ID, len(c.Evidence), len(c.History))
			break
		}
	}
}
