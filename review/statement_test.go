package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

const lavrovSentence = "US and French representatives will come to Moscow soon, Russian Foreign Minister Sergey Lavrov stated on Thursday."

// TestImportSuggestsStatement checks that an imported claim carries the
// engine's statement, and that search finds a claim by it.
func TestImportSuggestsStatement(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	_, cs := importArticle(t, s, lavrovSentence)
	if len(cs) != 1 {
		t.Fatalf("%d claims, want 1", len(cs))
	}
	if got, want := cs[0].Statement, "US and French representatives will come to Moscow soon."; got != want {
		t.Errorf("statement %q, want %q", got, want)
	}
	c, err := s.Claim(ctx, cs[0].ID)
	if err != nil || c.Statement != cs[0].Statement {
		t.Errorf("stored statement %q, %v", c.Statement, err)
	}
}

// TestUpdateStatement covers setting a statement: history, validation,
// search, and the done lock that lets only an editor set it.
func TestUpdateStatement(t *testing.T) {
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	ctx := context.Background()
	_, cs := importArticle(t, s, lavrovSentence)
	c := cs[0]
	str := func(s string) *string { return &s }

	bad := []struct {
		name, in, want string
	}{
		{"empty", "   ", "write the claim"},
		{"too long", strings.Repeat("word ", 61), "too long: 304 characters, at most 300"},
		{"invalid UTF-8", "Lavrov \xff said", "UTF-8"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, Statement: str(tc.in)})
			if msg := fieldErr(t, err, "statement"); !strings.Contains(msg, tc.want) {
				t.Errorf("got %q, want it to say %q", msg, tc.want)
			}
		})
	}

	want := "Lavrov: US and French envoys will come to Moscow soon"
	got, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, Statement: str("  " + want + "\n")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Statement != want || got.Version != c.Version+1 {
		t.Errorf("statement %q version %d, want %q at %d", got.Statement, got.Version, want, c.Version+1)
	}
	h, _ := s.History(ctx, c.ID)
	found := false
	for _, e := range h {
		if e.Field == "statement" && e.From == c.Statement && e.To == want && e.User == "rita" && e.Version == got.Version {
			found = true
		}
	}
	if !found {
		t.Errorf("history %+v has no row for the statement change", h)
	}
	res, err := s.Search(ctx, SearchQuery{Q: "envoys"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Kind != "claim" || res[0].ID != c.ID {
		t.Errorf("search for a word of the statement only: %+v", res)
	}

	// A done claim: only an editor sets its statement, without reopening it.
	if _, err := s.db.Write.Exec("UPDATE claims SET status = 'done' WHERE id = ?", c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: got.Version, Statement: str("Another statement")}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a reviewer setting a done claim's statement: got %v, want ErrForbidden", err)
	}
	done, err := s.UpdateClaim(ctx, tm.editor, c.ID, ClaimUpdate{Version: got.Version, Statement: str("Another statement")})
	if err != nil || done.Statement != "Another statement" || done.Status != StatusDone {
		t.Errorf("an editor setting a done claim's statement: %+v, %v", done, err)
	}
}

// TestFillStatements checks the back-fill of a database from before
// statements: open claims get a suggestion with a history row and keep
// their version, done ones stay empty.
func TestFillStatements(t *testing.T) {
	s, _ := newTestStore(t)
	db := s.db
	ctx := context.Background()
	_, cs := importArticle(t, s, threeSentences)
	if _, err := db.Write.Exec("UPDATE claims SET statement = ''"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.Exec("UPDATE claims SET status = 'done' WHERE id = ?", cs[2].ID); err != nil {
		t.Fatal(err)
	}
	total := 0
	for after := int64(0); ; {
		next, n, err := s.FillStatements(ctx, after, 1)
		if err != nil {
			t.Fatal(err)
		}
		total += n
		if next == 0 {
			break
		}
		after = next
	}
	if total != 2 {
		t.Errorf("filled %d, want the 2 open claims", total)
	}
	for i, c := range cs {
		got, err := s.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 && (got.Statement != suggestStatement(c.Text, c.Speaker) || got.Version != c.Version) {
			t.Errorf("open claim %d: statement %q version %d, want the suggestion at version %d", c.ID, got.Statement, got.Version, c.Version)
		}
		if i == 2 && got.Statement != "" {
			t.Errorf("done claim %d got statement %q, want it left empty", c.ID, got.Statement)
		}
	}
	if _, _, err := s.FillStatements(ctx, 0, 10); err != nil {
		t.Fatal(err)
	}
	h, _ := s.History(ctx, cs[0].ID)
	if last := h[len(h)-1]; last.Field != "statement" || last.User != "" {
		t.Errorf("history %+v, want a statement row by the system", last)
	}
}
