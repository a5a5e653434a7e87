package match

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"How are butterflies surviving the #AustralianFires? pic.twitter.com/0eJtwJyS1J — Center (@CBD) January 14, 2020",
		"RT @a: RT @b: #COVID19 https://t.co/x &amp; more",
		"— (@x) — y (@z) May 1, 2020",
		"\xff\xfe #\u00e9t\u00e9 @@a ##b",
		"",
		"  The rate rose 3.2% in May,\tsaid Ms. Ørsted  ",
		"RT is not a retweet here",
		"Visit WWW.example.org or a/b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		if v := strings.ToValidUTF8(s, "\uFFFD"); plain(v) {
			if fast, full := collapseSpace(strings.TrimSpace(v)), cleanPatterns(v); fast != full {
				t.Fatalf("%q is plain, but cleaning it by its patterns gives %q, not %q", s, full, fast)
			}
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Clean(%q) = %q, not valid UTF-8", s, got)
		}
		if got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("Clean(%q) = %q: spaces not collapsed", s, got)
		}
		if strings.Contains(got, "http://") || strings.Contains(got, "https://") || strings.Contains(got, "pic.twitter.com/") {
			t.Fatalf("Clean(%q) = %q: a link is left", s, got)
		}
		if again := Clean(got); again != got {
			t.Fatalf("Clean not idempotent on %q: %q then %q", s, got, again)
		}
		q := Query(s)
		if n := strings.Count(q, " OR ") + 1; q != "" && n > MaxTerms {
			t.Fatalf("Query(%q) has %d terms", s, n)
		}
		if strings.Count(q, `"`)%2 != 0 {
			t.Fatalf("Query(%q) = %s: unbalanced quotes", s, q)
		}
		if p := people(s); !utf8.ValidString(p) {
			t.Fatalf("people(%q) = %q, not valid UTF-8", s, p)
		}
		// Any text may be asked about, and may be a candidate's text.
		cands := append([]Doc{{Kind: "claim", ID: 99, Text: s, BM25: -3}}, archive...)
		for _, m := range Default().Rank(s, cands) {
			if !(m.Score >= 0 && m.Score <= 1) {
				t.Fatalf("Rank(%q): score %v for %d, not a probability", s, m.Score, m.ID)
			}
		}
	})
}
