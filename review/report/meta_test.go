package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"claimdesk/review"
)

// An article's line of outlet, author, date and link has a separator only
// between parts: none trails when the article has no link.
func TestHTMLArticleMetaSeparators(t *testing.T) {
	meta := regexp.MustCompile(`<p class="meta">(.*?)</p>`)
	for _, tc := range []struct {
		a    htmlArticle
		want string
	}{
		{htmlArticle{Outlet: "TASS", Published: "2020-11-12"}, "TASS · published 2020-11-12"},
		{htmlArticle{Author: "Jo", URL: "https://news.example/a", Href: "https://news.example/a"}, `by Jo · <a href="https://news.example/a">https://news.example/a</a>`},
		{htmlArticle{Published: "2020-11-12"}, "published 2020-11-12"},
		{htmlArticle{}, ""},
	} {
		var buf bytes.Buffer
		if err := reportTemplate.ExecuteTemplate(&buf, "article", &tc.a); err != nil {
			t.Fatal(err)
		}
		m := meta.FindStringSubmatch(buf.String())
		if m == nil {
			t.Fatalf("no meta line in %q", buf.String())
		}
		if m[1] != tc.want {
			t.Errorf("meta %q, want %q", m[1], tc.want)
		}
	}
}

// A source without a title shows its URL as the link text, marked so
// that print does not add the URL a second time after it.
func TestEvidenceWithoutTitleNotTwice(t *testing.T) {
	es := evidenceItems([]review.ReportEvidence{
		{Stance: "supports", URL: "https://stats.example/a"},
		{Stance: "refutes", URL: "https://stats.example/b", Title: "Survey"},
	})
	if len(es) != 2 || !es[0].Bare || es[0].Title != "https://stats.example/a" || es[1].Bare {
		t.Fatalf("evidence items %+v, want the untitled one bare with its URL as title, the titled one not", es)
	}
	var buf bytes.Buffer
	if err := reportTemplate.ExecuteTemplate(&buf, "article", &htmlArticle{Claims: []htmlClaim{{ID: 1, Evidence: es}}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, `<a href="https://stats.example/a" class="bare">https://stats.example/a</a>`) || strings.Contains(out, `<a href="https://stats.example/b" class="bare">`) {
		t.Errorf("evidence links in %q: want only the untitled one marked bare", out)
	}
	if !strings.Contains(htmlTemplate, ".evidence a.bare[href]::after { content: none; }") {
		t.Error("the print style does not leave bare links without their URL")
	}
}
