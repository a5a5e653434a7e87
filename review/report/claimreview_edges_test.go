package report

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// documentedMaxClaimReviewed is the longest claimReviewed the README and
// docs/EXPORT.md promise the ClaimReview check lets through (above 75 it
// only warns: TestClaimReviewWarnings). It is written here as a number,
// not taken from MaxClaimReviewed, so that a change of policy has to
// change this test (and the docs) too.
const documentedMaxClaimReviewed = 300

// statementOf returns a statement of exactly n characters (runes) made
// from word, ending with a full stop and without surrounding space.
func statementOf(t *testing.T, word string, n int) string {
	t.Helper()
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < n-1 {
		b.WriteString(word)
		b.WriteString(" ")
	}
	r := []rune(b.String())[:n-1]
	for r[len(r)-1] == ' ' { // a claim's text never ends in a space
		r[len(r)-1] = 'x'
	}
	s := string(r) + "."
	if got := utf8.RuneCountInString(s); got != n {
		t.Fatalf("statementOf(%q, %d) has %d characters", word, n, got)
	}
	return s
}

// claimReviewProblems returns the fields with problems of one claim's ClaimReview.
func claimReviewProblems(t *testing.T, f *fixture, id int64) []string {
	t.Helper()
	rs, _, err := Reviews(context.Background(), f.store, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.ClaimID != id {
			continue
		}
		fields := []string{}
		for _, p := range r.Problems {
			fields = append(fields, p.Field)
		}
		return fields
	}
	t.Fatalf("claim %d has no ClaimReview", id)
	return nil
}

// TestClaimReviewLengthEdges checks the statement length limit at its edge,
// counted in characters: a statement in a language with accents has more
// bytes than characters and must not be refused for its bytes.
func TestClaimReviewLengthEdges(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		multibyte bool // the text has more bytes than characters
		refused   bool
	}{
		{"exactly the limit", statementOf(t, "unemployment", documentedMaxClaimReviewed), false, false},
		{"one over the limit", statementOf(t, "unemployment", documentedMaxClaimReviewed+1), false, true},
		{"non-ASCII at the limit", statementOf(t, "Arbeitslosigkeit fiel für Ärzte in Zürich", documentedMaxClaimReviewed), true, false},
		{"non-ASCII one over", statementOf(t, "Arbeitslosigkeit fiel für Ärzte in Zürich", documentedMaxClaimReviewed+1), true, true},
		{"two-byte letters only, at the limit", statementOf(t, "ééééé", documentedMaxClaimReviewed), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := utf8.RuneCountInString(tt.text); (len(tt.text) > n) != tt.multibyte {
				t.Fatalf("the statement has %d bytes for %d characters; the case needs multibyte = %v", len(tt.text), n, tt.multibyte)
			}
			f := newFixture(t)
			body := "Intro. " + tt.text
			a := addArticle(t, f.store, fixtureArticle{title: "Edge", body: body}, f.editor)
			id := addClaim(t, f.store, a, body, fixtureClaim{text: tt.text, kind: "other", status: "done", verdict: "True",
				signer: f.editor, signedAt: ts("516:00")})
			got := claimReviewProblems(t, f, id)
			refused := strings.Contains(strings.Join(got, " "), "claimReviewed")
			if refused != tt.refused {
				t.Errorf("%d characters (%d bytes): problems %v, refused = %v, want %v",
					utf8.RuneCountInString(tt.text), len(tt.text), got, refused, tt.refused)
			}
		})
	}
}

// TestClaimReviewSameSite checks the rule that a published fact-check URL is
// on the organisation's site (org.url is https://factcheck.example.org in
// the fixture): a host that merely ends in the same letters is another site.
func TestClaimReviewSameSite(t *testing.T) {
	tests := []struct {
		url     string
		refused bool
	}{
		{"https://factcheck.example.org/checks/x", false},
		{"https://www.factcheck.example.org/checks/x", false},
		{"https://checks.factcheck.example.org/x", false},
		{"https://FactCheck.Example.org/x", false},
		{"https://evilfactcheck.example.org/checks/x", true},
		{"https://factcheck.example.org.evil.example/x", true},
		{"https://example.org/x", true},
		{"https://elsewhere.example.com/x", true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			f := newFixture(t)
			exec(t, f.store, "UPDATE claims SET review_url = ? WHERE id = ?", tt.url, f.schools)
			got := claimReviewProblems(t, f, f.schools)
			refused := strings.Contains(strings.Join(got, " "), "url")
			if refused != tt.refused {
				t.Errorf("review URL %s: problems %v, refused = %v, want %v", tt.url, got, refused, tt.refused)
			}
		})
	}
}
