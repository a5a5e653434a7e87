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
		"See WwW.example.org or HTTPS://x.y and RT\t@a:b #c (@d)",
		"  The rate rose 3.2% in May,\tsaid Ms. Ørsted  ",
		"RT is not a retweet here",
		"Visit WWW.example.org or a/b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		if want := cleanEveryExpression(s); got != want {
			t.Fatalf("Clean(%q) = %q, but every expression run on it gives %q", s, got, want)
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

// cleanEveryExpression is Clean running every expression on every text:
// Clean skips the ones whose marks the text lacks, and must give the same.
func cleanEveryExpression(text string) string {
	s := strings.ToValidUTF8(text, "\uFFFD")
	for range 4 {
		t := entityR.Replace(s)
		t = bylineRE.ReplaceAllString(t, "")
		t = urlRE.ReplaceAllString(t, " ")
		t = strings.TrimSpace(t)
		t = rtRE.ReplaceAllString(t, "")
		t = handleRE.ReplaceAllString(t, " ")
		t = hashRE.ReplaceAllStringFunc(t, func(h string) string { return " " + splitHashtag(h[1:]) })
		t = collapseSpace(t)
		if t == s {
			break
		}
		s = t
	}
	return s
}

func TestCleanSkipsOnlyWhatCannotMatch(t *testing.T) {
	for _, s := range []string{
		"Visit WWW.Example.com now", "Visit Www.example.com now", "HTTPS://EXAMPLE.COM/x in caps",
		"bit.ly/abc and t.co/x", "RT: RT @a: text", "RTL is a channel", "mail me@example.com",
		"a &amp;#35;tag &#39;", "Quote — Name (@handle) May 1, 2020", "  RT @x  ", "plain text, nothing to clean",
	} {
		if got, want := Clean(s), cleanEveryExpression(s); got != want {
			t.Errorf("Clean(%q) = %q, want %q", s, got, want)
		}
	}
}
