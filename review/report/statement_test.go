package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimdesk/review"
)

// TestClaimReviewWarnings: a statement over ShortClaimReviewed characters,
// or none at all, is a warning that does not stop the export; one over
// MaxClaimReviewed is a problem that does.
func TestClaimReviewWarnings(t *testing.T) {
	tests := []struct {
		name      string
		statement string
		warn      string // the warning's words, "" for none
		refused   bool
	}{
		{"short statement", "Growth was 2 percent in 2025.", "", false},
		{"no statement", "", "no statement", false},
		{"76 characters", strings.Repeat("x", ShortClaimReviewed+1), "76 characters long", false},
		{"300 characters", strings.Repeat("x", MaxClaimReviewed), "300 characters long", false},
		{"301 characters", strings.Repeat("x", MaxClaimReviewed+1), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			exec(t, f.store, "UPDATE claims SET statement = 'A short statement.'")
			exec(t, f.store, "UPDATE claims SET statement = ? WHERE id = ?", tt.statement, f.schools)
			var buf bytes.Buffer
			problems, err := WriteClaimReview(context.Background(), f.store, Filter{}, &buf, false)
			if tt.refused {
				if err == nil {
					t.Fatalf("exported a statement of %d characters", len(tt.statement))
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v (%v)", err, problems)
			}
			var warned []string
			for _, p := range problems {
				if !p.Warning {
					t.Errorf("a problem that is not a warning passed: %v", p)
				}
				warned = append(warned, p.Message)
			}
			switch {
			case tt.warn == "" && len(warned) > 0:
				t.Errorf("warnings %v, want none", warned)
			case tt.warn != "" && (len(warned) != 1 || !strings.Contains(warned[0], tt.warn)):
				t.Errorf("warnings %v, want one saying %q", warned, tt.warn)
			}
			want := tt.statement
			if want == "" {
				want = "Schools will get 40 new teachers."
			}
			if tt.statement != "" && !strings.Contains(buf.String(), `"claimReviewed": `+jsonString(want)) {
				t.Errorf("the export does not carry the statement %q", want)
			}
		})
	}
}

// TestSampleArticleClaimReview is the end: a reviewer takes a claim
// of the sample article with its suggested statement, an editor signs it
// off, and its ClaimReview passes the check without --force, naming Sergey
// Lavrov as a Person, with a rating that has no 0 in it.
func TestSampleArticleClaimReview(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	text, err := os.ReadFile(filepath.Join("..", "..", "cmd", "claimdesk", "demo", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.CreateFirstAdmin(ctx, "ada", "admin-password")
	if err != nil {
		t.Fatal(err)
	}
	editor, err := s.CreateUser(ctx, admin, "eddie", "password-eddie", review.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	reviewer, err := s.CreateUser(ctx, admin, "rita", "password-rita", review.RoleReviewer)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"org.name": "Example Checks", "org.url": "https://checks.example.org", "publish.base_url": "https://checks.example.org/reviews"} {
		if err := s.SetSetting(ctx, admin, k, v); err != nil {
			t.Fatal(err)
		}
	}
	_, cs, err := s.ImportArticle(ctx, reviewer, review.NewArticle{Title: "US, French representatives will come to Moscow soon to discuss Karabakh",
		URL: "https://tass.com/politics/1222711", Published: "2020-11-12", Text: string(text)})
	if err != nil {
		t.Fatal(err)
	}
	var c *review.Claim
	for i := range cs {
		if strings.HasPrefix(cs[i].Text, "According to him, Russia does not want") {
			c = &cs[i]
		}
	}
	if c == nil || c.Speaker != "Sergey Lavrov" {
		t.Fatalf("no claim \"According to him, ...\" by Sergey Lavrov in %+v", cs)
	}
	str := func(s string) *string { return &s }
	st := review.StatusNeedsReview
	_, err = s.UpdateClaim(ctx, reviewer, c.ID, review.ClaimUpdate{Version: c.Version, Status: &st, Verdict: str("Unproven"),
		Conclusion: str("The ministry's transcript has the sentence; whether Russia wants it is not checkable."), Statement: str(c.Statement)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddEvidence(ctx, reviewer, c.ID, review.NewEvidence{URL: "https://www.mid.ru/en/press_service/minister_speeches",
		Title: "Lavrov's remarks", Stance: review.StanceSupports, Quote: "Russia does not want to distance itself"}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Claim(ctx, c.ID)
	done := review.StatusDone
	if _, err := s.UpdateClaim(ctx, editor, c.ID, review.ClaimUpdate{Version: got.Version, Status: &done}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	problems, err := WriteClaimReview(ctx, s, Filter{}, &buf, false)
	if err != nil {
		t.Fatalf("the check refused it: %v %v", err, problems)
	}
	// The suggested statement keeps every number, name and negation of the
	// claim in 72 characters (headline style: "its" and the deictic "on
	// this issue" left out): no problem, not even the length warning
	// (TestClaimReviewWarnings has that).
	if len(problems) != 0 {
		t.Errorf("problems %v, want none", problems)
	}
	var docs []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &docs); err != nil || len(docs) != 1 {
		t.Fatalf("%d reviews, %v", len(docs), err)
	}
	d := docs[0]
	if d["claimReviewed"] != "Russia does not want to distance itself from OSCE Minsk Group co-chairs." {
		t.Errorf("claimReviewed %q, want the statement", d["claimReviewed"])
	}
	author := d["itemReviewed"].(map[string]any)["author"].(map[string]any)
	if author["@type"] != "Person" || author["name"] != "Sergey Lavrov" || author["jobTitle"] != "Russian Foreign Minister" {
		t.Errorf("author %v, want Sergey Lavrov as a Person, Russian Foreign Minister", author)
	}
	// The registry's same_as reaches the review.
	ks, err := s.Claimants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if k.Name == "Sergey Lavrov" {
			k.SameAs = "https://www.wikidata.org/wiki/Q187591"
			if _, err := s.SaveClaimant(ctx, editor, k); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf.Reset()
	if _, err := WriteClaimReview(ctx, s, Filter{}, &buf, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"sameAs": "https://www.wikidata.org/wiki/Q187591"`) {
		t.Errorf("the review lacks the claimant's sameAs:\n%s", buf.String())
	}
	rating := d["reviewRating"].(map[string]any)
	if rating["alternateName"] != "Unproven" || rating["ratingValue"] != nil || rating["worstRating"] != nil {
		t.Errorf("rating %v, want Unproven by name with no number", rating)
	}
}

// TestJSONStatementRoundTrip: a JSON export carries each claim's statement
// and an import keeps it; an imported statement over the limit is refused.
func TestJSONStatementRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	exec(t, f.store, "UPDATE claims SET statement = 'Schools get 40 teachers' WHERE id = ?", f.schools)
	var buf bytes.Buffer
	if err := WriteJSON(ctx, f.store, Filter{}, &buf); err != nil {
		t.Fatal(err)
	}
	to := newStore(t)
	if _, err := ImportJSON(ctx, to, bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := dbOf(to).Read.QueryRow("SELECT count(*) FROM claims WHERE statement = 'Schools get 40 teachers'").Scan(&n); err != nil || n != 1 {
		t.Errorf("%d imported claims hold the statement (%v), want 1", n, err)
	}
	bad := strings.Replace(buf.String(), `"statement":"Schools get 40 teachers"`, `"statement":"`+strings.Repeat("z", MaxClaimReviewed+1)+`"`, 1)
	if bad == buf.String() {
		t.Fatal("the export does not hold the statement as the test expects")
	}
	if _, err := ImportJSON(ctx, newStore(t), strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "statement") {
		t.Errorf("importing a 301-character statement: %v, want a refusal naming the statement", err)
	}
}
