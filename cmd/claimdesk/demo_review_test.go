package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"claimdesk/review"
)

// TestDemoClaimReviewPasses walks the path the desk takes from `make run`:
// the demo article is loaded into a new database, a reviewer accepts one
// suggested statement as it is and writes a short one for another, an
// editor signs both off, and `claimdesk export --format claimreview`
// passes its check with no --force, naming Sergey Lavrov as a Person.
func TestDemoClaimReviewPasses(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	s := openTestStore(t, db)
	if err := loadDemo(ctx, s, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	rita, err := s.CreateUser(ctx, nil, "rita", "password-rita", review.RoleReviewer)
	if err != nil {
		t.Fatal(err)
	}
	ed, err := s.CreateUser(ctx, nil, "ed", "password-ed", review.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	as, err := s.Articles(ctx, review.ArticleFilter{Limit: 1})
	if err != nil || len(as) != 1 {
		t.Fatalf("articles after the demo: %v %v", as, err)
	}
	cs, err := s.Claims(ctx, review.ClaimFilter{ArticleID: as[0].ID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	find := func(prefix string) review.Claim {
		t.Helper()
		for _, c := range cs {
			if strings.HasPrefix(c.Text, prefix) {
				return c
			}
		}
		t.Fatalf("no demo claim starts with %q", prefix)
		return review.Claim{}
	}
	accepted, edited := find("According to him, Russia does not want"), find("US and French representatives will come to Moscow")
	const short = "US, French representatives will come to Moscow to discuss Karabakh deal"
	for _, tc := range []struct {
		c         review.Claim
		statement string
	}{{accepted, accepted.Statement}, {edited, short}} {
		if tc.c.Claimant != "Sergey Lavrov" || tc.c.Statement == "" {
			t.Fatalf("claim %d: claimant %q, statement %q; want Sergey Lavrov and a suggestion", tc.c.ID, tc.c.Claimant, tc.c.Statement)
		}
		if _, err := s.AddEvidence(ctx, rita, tc.c.ID, review.NewEvidence{URL: "https://www.mid.ru/en/press_service/minister_speeches",
			Title: "Lavrov's remarks", Stance: review.StanceSupports}); err != nil {
			t.Fatal(err)
		}
		cur, err := s.Claim(ctx, tc.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		st, verdict, concl, statement := review.StatusNeedsReview, "True", "The ministry's transcript has the remarks.", tc.statement
		if cur, err = s.UpdateClaim(ctx, rita, cur.ID, review.ClaimUpdate{Version: cur.Version, Status: &st, Verdict: &verdict,
			Conclusion: &concl, Statement: &statement}); err != nil {
			t.Fatal(err)
		}
		done := review.StatusDone
		if _, err := s.UpdateClaim(ctx, ed, cur.ID, review.ClaimUpdate{Version: cur.Version, Status: &done}); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range [][2]string{{"org.name", "Example Fact Check"}, {"org.url", "https://factcheck.example.org"},
		{"publish.base_url", "https://factcheck.example.org/checks"}} {
		if _, stderr, err := runCmd(t, "", "settings", "set", "--db", db, kv[0], kv[1]); err != nil {
			t.Fatalf("settings set %s: %v %s", kv[0], err, stderr)
		}
	}
	stdout, stderr, err := runCmd(t, "", "export", "--format", "claimreview", "--db", db)
	if err != nil {
		t.Fatalf("export without --force: %v\n%s", err, stderr)
	}
	var docs []struct {
		ClaimReviewed string `json:"claimReviewed"`
		ItemReviewed  struct {
			Author map[string]any `json:"author"`
		} `json:"itemReviewed"`
	}
	if err := json.Unmarshal([]byte(stdout), &docs); err != nil || len(docs) != 2 {
		t.Fatalf("%d reviews (%v), want 2:\n%s", len(docs), err, stdout)
	}
	got := map[string]bool{}
	for _, d := range docs {
		got[d.ClaimReviewed] = true
		if a := d.ItemReviewed.Author; a["@type"] != "Person" || a["name"] != "Sergey Lavrov" {
			t.Errorf("%q: author %v, want Sergey Lavrov as a Person", d.ClaimReviewed, a)
		}
	}
	if !got[accepted.Statement] || !got[short] {
		t.Errorf("claimReviewed %v, want the accepted suggestion %q and the edited %q", got, accepted.Statement, short)
	}
	// The accepted suggestion fits in 75 characters (the headline stage
	// says it in 72) and the edited one too: neither draws a warning.
	if len(accepted.Statement) > 75 || strings.Contains(stderr, "claim "+itoa64(accepted.ID)) || strings.Contains(stderr, "claim "+itoa64(edited.ID)) {
		t.Errorf("accepted %q; warnings:\n%s\nwant none for claims %d and %d", accepted.Statement, stderr, accepted.ID, edited.ID)
	}
}
