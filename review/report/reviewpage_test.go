package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"claimdesk/review"
)

// reviewPageFixture is the fixture with the unemployment claim given a
// statement and a claimant, ready to publish.
func reviewPageFixture(t *testing.T) *fixture {
	t.Helper()
	// newFixture gives the minister's claim its statement and claimant
	// (Maria Lopez, with a Wikidata link): all a review page needs.
	return newFixture(t)
}

// ldJSON is the text of the page's one application/ld+json script.
func ldJSON(t *testing.T, page string) string {
	t.Helper()
	const open = `<script type="application/ld+json">`
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatalf("the page has no JSON-LD script:\n%s", page)
	}
	rest := page[i+len(open):]
	j := strings.Index(rest, "</script>")
	if j < 0 {
		t.Fatal("the JSON-LD script is not closed")
	}
	return rest[:j]
}

// exportedReview is the claimreview export's document for the claim whose
// claimReviewed is statement, as generic JSON.
func exportedReview(t *testing.T, s *review.Store, statement string) any {
	t.Helper()
	var buf bytes.Buffer
	if _, err := WriteClaimReview(context.Background(), s, Filter{}, &buf, true); err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &docs); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d["claimReviewed"] == statement {
			return d
		}
	}
	t.Fatalf("the export has no review of %q", statement)
	return nil
}

func TestReviewPageContent(t *testing.T) {
	f := reviewPageFixture(t)
	var buf bytes.Buffer
	warnings, err := WriteReviewPage(context.Background(), f.store, f.unemployment, &buf)
	if err != nil {
		t.Fatalf("refused: %v (%v)", err, warnings)
	}
	page := buf.String()
	for _, want := range []string{
		`<h1 id="statement">Unemployment fell to 3.5% last year</h1>`,
		"Our verdict: <strong>False</strong>",
		"rated 1 on a scale from 1 to 5",
		"The statistics office puts it at 4.1 percent.\nThe 3.5 figure is from 2019.",
		`<a href="https://stats.example.gov/labour">Labour force survey 2025</a>, Statistics Office`,
		"“4.1 percent, seasonally adjusted”",
		`<a href="https://archive.example.com/2019">2019 release</a>`,
		`Claim by <a href="https://www.wikidata.org/wiki/Q1">Maria Lopez</a>, Minister of Labour`,
		"<blockquote>The minister said unemployment fell to 3.5 percent last year.</blockquote>",
		`<a href="https://news.example.com/budget">Budget speech: what the minister said</a>, Example News, by Jo Reporter, published 2026-11-20`,
		// The confirmed match's article, a second appearance.
		`<a href="https://other.example.net/growth">=HYPERLINK(&#34;http://evil.example&#34;) &lt;b&gt;Growth&lt;/b&gt; &amp; *trade*</a>`,
		`Fact-check by <a href="https://factcheck.example.org">Example Fact Check</a> · published 2026-11-25`,
		`<link rel="canonical" href="https://factcheck.example.org/checks/`,
		"<style>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{"<link rel=\"stylesheet\"", "<img", "src="} {
		if strings.Contains(page, bad) {
			t.Errorf("the page is not self-contained: it has %q", bad)
		}
	}
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("%d scripts, want only the JSON-LD one", n)
	}

	// The JSON-LD is the claimreview export's document for the claim.
	var got any
	if err := json.Unmarshal([]byte(ldJSON(t, page)), &got); err != nil {
		t.Fatalf("the JSON-LD does not parse: %v", err)
	}
	if want := exportedReview(t, f.store, "Unemployment fell to 3.5% last year"); !reflect.DeepEqual(got, want) {
		t.Errorf("the page's JSON-LD\n%v\ndiffers from the export's\n%v", got, want)
	}
}

// TestReviewPageEscaping puts hostile text in every field a page shows:
// none of it becomes markup, a script or a javascript: link, and the
// statement cannot close the JSON-LD script.
func TestReviewPageEscaping(t *testing.T) {
	f := reviewPageFixture(t)
	const evil = `</script><script>alert(1)</script><b onmouseover="x()">`
	st := f.store
	exec(t, st, "UPDATE claims SET statement = ?, conclusion = ?, speaker = ? WHERE id = ?", "S"+evil, "C"+evil, "P"+evil, f.unemployment)
	exec(t, st, "UPDATE claimants SET name = ?, role = ?, same_as = 'javascript:alert(2)'", "N"+evil, "R"+evil)
	exec(t, st, "UPDATE articles SET title = ?, outlet = ?, author = ?, url = 'javascript:alert(3)' WHERE id = ?", "T"+evil, "O"+evil, "A"+evil, f.budget)
	exec(t, st, "UPDATE articles SET title = ?, url = 'JavaScript:alert(4)' WHERE id = ?", "G"+evil, f.growth)
	exec(t, st, "UPDATE sources SET title = ?, publisher = ?, url = 'javascript:alert(5)' WHERE url = 'https://stats.example.gov/labour'", "E"+evil, "U"+evil)
	exec(t, st, "UPDATE evidence SET quote = ? WHERE claim_id = ?", "Q"+evil, f.unemployment)
	exec(t, st, "UPDATE users SET name = ? WHERE id = ?", "ed"+evil, f.editor)
	exec(t, st, "UPDATE verdicts SET name = ? WHERE name = 'False'", "V"+evil)

	var buf bytes.Buffer
	if _, err := WriteReviewPage(context.Background(), st, f.unemployment, &buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("%d <script tags, want only the JSON-LD one:\n%s", n, page)
	}
	for _, bad := range []string{"<b ", "onmouseover=\"", "alert(1)</script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("hostile text came through as markup: %q", bad)
		}
	}
	if strings.Contains(strings.ToLower(page), "javascript:") {
		t.Errorf("the page carries a javascript: URL")
	}
	// Every field is there, escaped (the other article, with no web
	// address, is no appearance).
	esc := "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onmouseover=&#34;x()&#34;&gt;"
	for _, prefix := range []string{"S", "C", "N", "R", "T", "O", "A", "E", "U", "Q", "ed", "V"} {
		if !strings.Contains(page, prefix+esc) {
			t.Errorf("the field starting %q is missing or not escaped as text", prefix)
		}
	}
	// The statement cannot close the script: the JSON carries no '<'.
	js := ldJSON(t, page)
	if strings.Contains(js, "<") {
		t.Errorf("the JSON-LD holds a raw '<': %s", js)
	}
	var doc ClaimReview
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("the JSON-LD does not parse: %v", err)
	}
	if doc.ClaimReviewed != "S"+evil {
		t.Errorf("claimReviewed = %q, want the statement as written", doc.ClaimReviewed)
	}
	if doc.ReviewRating.AlternateName != "V"+evil {
		t.Errorf("alternateName = %q", doc.ReviewRating.AlternateName)
	}
}

func TestReviewPageRefused(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, f *fixture) int64
		is     error  // the sentinel, when a rule refused
		check  string // the problem's field, when the check refused
		reason string
	}{
		{"needs review", func(t *testing.T, f *fixture) int64 { return f.deficit }, review.ErrConflict, "", "is needs review, not done"},
		{"researching", func(t *testing.T, f *fixture) int64 { return f.poll }, review.ErrConflict, "", "not done"},
		{"no such claim", func(t *testing.T, f *fixture) int64 { return 9999 }, review.ErrNotFound, "", ""},
		{"statement too long", func(t *testing.T, f *fixture) int64 {
			exec(t, f.store, "UPDATE claims SET statement = ? WHERE id = ?", strings.Repeat("x", MaxClaimReviewed+1), f.unemployment)
			return f.unemployment
		}, nil, "claimReviewed", ""},
		{"no organisation", func(t *testing.T, f *fixture) int64 {
			exec(t, f.store, "DELETE FROM settings WHERE key = 'org.name'")
			return f.unemployment
		}, nil, "author.name", ""},
		{"no published URL", func(t *testing.T, f *fixture) int64 {
			exec(t, f.store, "DELETE FROM settings WHERE key = 'publish.base_url'")
			return f.unemployment
		}, nil, "url", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := reviewPageFixture(t)
			id := tt.setup(t, f)
			var buf bytes.Buffer
			problems, err := WriteReviewPage(context.Background(), f.store, id, &buf)
			if err == nil {
				t.Fatal("the page was written")
			}
			if buf.Len() != 0 {
				t.Errorf("a refused page wrote %d bytes", buf.Len())
			}
			if tt.is != nil {
				if !errors.Is(err, tt.is) {
					t.Errorf("err = %v, want %v", err, tt.is)
				}
				if !strings.Contains(review.Reason(err), tt.reason) {
					t.Errorf("reason %q, want it to say %q", review.Reason(err), tt.reason)
				}
				return
			}
			var ce *CheckError
			if !errors.As(err, &ce) || ce.Claim != id {
				t.Fatalf("err = %v, want the check's refusal of claim %d", err, id)
			}
			found := false
			for _, p := range problems {
				found = found || (p.Field == tt.check && !p.Warning)
			}
			if !found {
				t.Errorf("problems %v, want one on %s", problems, tt.check)
			}
		})
	}
}

// TestWriteReviewFormat: --format review goes through Write and needs a claim.
func TestWriteReviewFormat(t *testing.T) {
	f := reviewPageFixture(t)
	fm, err := FormatByName("review")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := Write(context.Background(), f.store, fm, Filter{}, &buf, Options{}); err == nil || buf.Len() != 0 {
		t.Errorf("a review page with no claim: err %v, %d bytes", err, buf.Len())
	} else if v, ok := review.AsValidation(err); !ok || v.Fields["claim"] == "" {
		t.Errorf("err = %v, want a message on claim", err)
	}
	if _, err := Write(context.Background(), f.store, fm, Filter{ClaimID: f.unemployment}, &buf, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Unemployment fell to 3.5% last year") {
		t.Error("the page lacks its statement")
	}
	if got, want := FileName(fm, Filter{ClaimID: 7}, "2026-11-26"), "review-claim-7.html"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
}
