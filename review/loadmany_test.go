package review

import (
	"context"
	"fmt"
	"testing"
)

// TestAddClaimsAsAddClaim: claims stored many a statement read back as the
// same claims stored one by one, records with history go through AddClaim
// in their turn, and a bad record refuses the whole load.
func TestAddClaimsAsAddClaim(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	text := "Prices rose 4 percent. Rents rose 9 percent. Wages fell 2 percent."
	recs := func() []*ClaimRecord {
		return []*ClaimRecord{
			{Start: 0, End: 22, Text: text[:22], Status: "done", Verdict: "False", Assignee: "zoe", Score: 0.9, Slug: "a", Matched: true},
			{Start: 23, End: 44, Text: text[23:44], Status: "new", Candidate: true, Score: 0.2, Slug: "b",
				History: []HistoryRecord{{Field: "created", To: "engine"}}},
			{Start: 45, End: len(text), Text: text[45:], Status: "researching", Statement: "Wages fell.", Score: 0.7, Slug: "c"},
		}
	}
	var one, many []int64
	err := s.Load(ctx, func(l *Loader) error {
		a, err := l.AddArticle(ArticleRecord{Title: "one by one", Text: text})
		if err != nil {
			return err
		}
		for _, r := range recs() {
			id, _, err := l.AddClaim(a, r)
			if err != nil {
				return err
			}
			one = append(one, id)
		}
		b, err := l.AddArticle(ArticleRecord{Title: "many", Text: text + " "})
		if err != nil {
			return err
		}
		many, err = l.AddClaims(b, recs())
		return err
	})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if len(many) != 3 {
		t.Fatalf("got ids %v, want 3", many)
	}
	show := func(id int64) string {
		c, err := s.Claim(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		h, err := s.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var matched *string
		if err := s.db.Read.QueryRow("SELECT matched_at FROM claims WHERE id = ?", id).Scan(&matched); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%d-%d %q %v %v %s %s %s %q %s %d history %d matched %v", c.Start, c.End, c.Text, c.Score, c.Candidate,
			c.Status, c.Verdict, c.Assignee, c.Statement, c.Slug, c.Version, len(h), matched != nil)
	}
	for i := range one {
		if a, b := show(one[i]), show(many[i]); a != b {
			t.Errorf("claim %d: one by one %s, many a statement %s", i, a, b)
		}
	}
	assertCounts(t, s, "AddClaims")

	before := countRows(t, s, "claims")
	err = s.Load(ctx, func(l *Loader) error {
		a, err := l.AddArticle(ArticleRecord{Title: "bad", Text: "Something else entirely."})
		if err != nil {
			return err
		}
		_, err = l.AddClaims(a, []*ClaimRecord{{Start: 0, End: 9, Text: "Something", Status: "new"}, {Start: 0, End: 4, Text: "Some", Status: "closed"}})
		return err
	})
	if msg := fieldErr(t, err, "status"); msg != `"closed" is not a status` {
		t.Errorf("got %q", msg)
	}
	if after := countRows(t, s, "claims"); after != before {
		t.Errorf("a refused load left %d claims, want %d", after, before)
	}
}

// TestAddFactChecks: generated fact-checks are stored and indexed as an
// import's, and one that is not usable refuses the load.
func TestAddFactChecks(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	var fcs []NewFactCheck
	for i := range 120 {
		fcs = append(fcs, NewFactCheck{ClaimText: fmt.Sprintf("Turbine number %d kills birds", i), Rating: "False", URL: fmt.Sprintf("https://c.example/%d", i)})
	}
	if err := s.Load(ctx, func(l *Loader) error { return l.AddFactChecks(fcs) }); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountFactChecks(ctx); err != nil || n != 120 {
		t.Fatalf("got %d fact-checks (%v), want 120", n, err)
	}
	as, err := s.MatchText(ctx, "Turbine number 77 kills birds", 3)
	if err != nil || len(as) == 0 || as[0].Kind != "fact_check" || as[0].ID != 78 {
		t.Errorf("matching fact-check 78's text: got %+v, %v", as, err)
	}
	err = s.Load(ctx, func(l *Loader) error {
		return l.AddFactChecks([]NewFactCheck{{ClaimText: "x", URL: "https://c.example/new"}, {ClaimText: "no address", URL: "ftp://x"}})
	})
	if err == nil {
		t.Fatal("a fact-check without an http(s) address was stored")
	}
	if n, _ := s.CountFactChecks(ctx); n != 120 {
		t.Errorf("a refused load left %d fact-checks, want 120", n)
	}
}
