package claims

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedData returns the shared data folder (../shared/data beside the
// repository, or one directory further up, for a second checkout),
// or skips the test when it is absent.
func sharedData(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(root, "..", "shared", "data"), filepath.Join(root, "..", "..", "shared", "data")} {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
	}
	t.Skip("../shared/data is absent: this test needs the shared data next to the project")
	return ""
}

// sourceText returns the text of a row's source document.
func sourceText(t *testing.T, data, source string) string {
	t.Helper()
	if source == "TASS-2020-11-12" {
		b, err := os.ReadFile(filepath.Join("testdata", "article000.txt"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, split := range []string{"train", "dev"} {
		b, err := os.ReadFile(filepath.Join(data, "sentences", "ud", split, "edited", source+".txt"))
		if err == nil {
			return string(b)
		}
	}
	t.Fatalf("source %s not found under %s", source, data)
	return ""
}

// sameClaimant reports whether a speaker names the claimant: equal but for
// case, a leading "the" and the dots of abbreviations (The U.S. ... = US ...).
func sameClaimant(speaker, claimant string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		s = strings.TrimPrefix(s, "the ")
		return strings.ReplaceAll(s, ".", "")
	}
	return speaker != "" && norm(speaker) == norm(claimant)
}

// TestAttributionFigure measures, for the claims of testdata/statements.tsv
// with a claimant written down, how often Extract names that claimant, on
// each half (go test ./claims -run AttributionFigure -v). It fails when the
// held-back half falls under 60 %, the target.
func TestAttributionFigure(t *testing.T) {
	data := sharedData(t)
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	cache := map[string][]Claim{}
	texts := map[string]string{}
	type tally struct{ n, right, none int }
	got := map[string]*tally{"tune": {}, "held": {}}
	for _, r := range readStatementRows(t) {
		if r.claimant == "" {
			continue
		}
		text, ok := texts[r.source]
		if !ok {
			text = sourceText(t, data, r.source)
			texts[r.source] = text
			cache[r.source] = m.Extract(text)
		}
		at := strings.Index(text, r.sentence)
		if at < 0 {
			t.Fatalf("row %s: sentence not found in %s", r.id, r.source)
		}
		speaker := ""
		for _, c := range cache[r.source] {
			if c.Start <= at && at < c.End || at <= c.Start && c.Start < at+len(r.sentence) {
				speaker = c.Speaker
				break
			}
		}
		tl := got[r.split]
		tl.n++
		switch {
		case sameClaimant(speaker, r.claimant):
			tl.right++
		case speaker == "":
			tl.none++
			t.Logf("%s row %s: no speaker, want %q", r.split, r.id, r.claimant)
		default:
			t.Logf("%s row %s: speaker %q, want %q", r.split, r.id, speaker, r.claimant)
		}
	}
	for _, split := range []string{"tune", "held"} {
		tl := got[split]
		t.Logf("%s: %d attributed claims; right claimant %d (%.0f%%), none %d (%.0f%%)", split, tl.n,
			tl.right, 100*float64(tl.right)/float64(tl.n), tl.none, 100*float64(tl.none)/float64(tl.n))
	}
	if h := got["held"]; h.right*10 < h.n*6 {
		t.Errorf("held-back half: right claimant for %d of %d, want at least 60%%", h.right, h.n)
	}
}
