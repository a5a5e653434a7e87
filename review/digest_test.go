package review

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestDigest(t *testing.T) {
	ctx := context.Background()
	s, clock := newTestStore(t)
	tm := newTeam(t, s)
	if _, err := s.ImportFactChecks(ctx, nil, []NewFactCheck{{ClaimText: "Unemployment fell to 4.2 percent in October, the lowest level since 2008.",
		Rating: "False", Publisher: "Checkers", URL: "https://checkers.example/unemployment"}}); err != nil {
		t.Fatal(err)
	}
	// An article of two days ago is out of the last day's digest.
	if _, _, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Title: "Old", Text: "The minister said 12,000 new homes were built last year, a record."}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(48 * time.Hour)
	a, cs, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Title: "New", Outlet: "Daily", Text: `The minister said unemployment fell to 4.2 percent in October, the lowest level since 2008.
Inflation reached 7 percent in September, according to the central bank.
It was a sunny day.`})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var open []Claim
	for _, c := range cs {
		if !c.Candidate {
			open = append(open, c)
		}
	}
	if len(open) < 2 {
		t.Fatalf("want at least two claims above the threshold, got %d", len(open))
	}
	// A dismissed claim leaves the digest.
	if _, err := s.BulkUpdate(ctx, tm.editor, []int64{open[len(open)-1].ID}, BulkChange{Action: BulkDismiss, Note: "no"}); err != nil {
		t.Fatal(err)
	}
	since, err := ParseSince("", clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Digest(ctx, since, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(open)-1 {
		t.Fatalf("digest has %d claims, want the %d open, new, not dismissed ones", len(got), len(open)-1)
	}
	for i, d := range got {
		if d.ArticleID != a.ID || d.Outlet != "Daily" || d.ArticleTitle != "New" {
			t.Errorf("claim %d: article %d %q %q, want the new article", d.ID, d.ArticleID, d.ArticleTitle, d.Outlet)
		}
		if i > 0 && d.Score > got[i-1].Score {
			t.Errorf("claim %d (score %.3f) ranks under a lower score %.3f", d.ID, d.Score, got[i-1].Score)
		}
	}
	var found bool
	for _, d := range got {
		if strings.Contains(d.Text, "unemployment") {
			for _, m := range d.Matches {
				if m.Kind == KindFactCheck && m.Rating == "False" && m.URL == "https://checkers.example/unemployment" {
					found = true
				}
			}
		}
	}
	if !found {
		t.Errorf("the unemployment claim lacks its False fact-check: %+v", got)
	}
	// Since a date: the old article's claims are back.
	all, err := s.Digest(ctx, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 0)
	if err != nil || len(all) <= len(got) {
		t.Errorf("since November: %d claims, %v; want more than the last day's %d", len(all), err, len(got))
	}
	if one, _ := s.Digest(ctx, since, 1); len(one) != 1 || one[0].ID != got[0].ID {
		t.Errorf("limit 1: %+v, want the best claim", one)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	good := map[string]time.Time{
		"":                          now.Add(-24 * time.Hour),
		"2026-12-01":                time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		"2026-12-01T08:30:00+02:00": time.Date(2026, 12, 1, 6, 30, 0, 0, time.UTC),
	}
	for in, want := range good {
		if got, err := ParseSince(in, now); err != nil || !got.Equal(want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"yesterday", "2026-13-01", "01/12/2026", "2026-12-01 08:00"} {
		_, err := ParseSince(in, now)
		if v, ok := AsValidation(err); !ok || !strings.Contains(v.Fields["since"], "YYYY-MM-DD") {
			t.Errorf("ParseSince(%q) = %v, want a validation error on since", in, err)
		}
	}
}
