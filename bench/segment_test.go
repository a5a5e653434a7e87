package bench

import (
	"testing"
)

// corpusSize is the size of the text every segmenter is timed on.
const corpusSize = 1 << 20

func loadSegmenters(tb testing.TB) map[string]Segmenter {
	tb.Helper()
	segs, err := Segmenters()
	if err != nil {
		tb.Fatal(err)
	}
	m := make(map[string]Segmenter, len(segs))
	for _, s := range segs {
		m[s.Name] = s
	}
	return m
}

func benchmarkSegmenter(b *testing.B, name string) {
	text, _, err := LoadCorpus(".", corpusSize)
	if err != nil {
		b.Fatal(err)
	}
	seg := loadSegmenters(b)[name]
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := seg.Split(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSegmentClaimdesk(b *testing.B) { benchmarkSegmenter(b, "claimdesk") }
func BenchmarkSegmentNeurosnap(b *testing.B) { benchmarkSegmenter(b, "neurosnap/sentences") }
func BenchmarkSegmentProse(b *testing.B)     { benchmarkSegmenter(b, "jdkato/prose/v2") }

// TestGolden checks that the comparison itself is sound: every rule input
// is segmented by each library, and claimdesk passes all 49 rules (as its
// own test in claims asserts), so the counts the compare command prints
// come from the same rules.
func TestGolden(t *testing.T) {
	rules, err := LoadGoldenRules(GoldenPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 49 {
		t.Fatalf("golden rules: got %d, want 49", len(rules))
	}
	for name, seg := range loadSegmenters(t) {
		res, err := Golden(seg, rules)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d of %d golden rules", name, res.Passed, res.Total)
		if name == "claimdesk" && res.Passed != 49 {
			t.Errorf("claimdesk golden rules: got %d, want 49 (failed: %q)", res.Passed, res.Failed)
		}
		if res.Passed+len(res.Failed) != res.Total {
			t.Errorf("%s: passed %d + failed %d != total %d", name, res.Passed, len(res.Failed), res.Total)
		}
	}
}

// TestCorpus checks that the timed text is as large as promised and that
// the libraries find a comparable number of sentences in it (a library
// that returned nothing would look fast).
func TestCorpus(t *testing.T) {
	text, _, err := LoadCorpus(".", corpusSize)
	if err != nil {
		t.Fatal(err)
	}
	if len(text) < corpusSize {
		t.Fatalf("corpus: got %d bytes, want at least %d", len(text), corpusSize)
	}
	counts := map[string]int{}
	for name, seg := range loadSegmenters(t) {
		got, err := seg.Split(text)
		if err != nil {
			t.Fatal(err)
		}
		counts[name] = len(got)
	}
	ours := counts["claimdesk"]
	for name, n := range counts {
		if n*2 < ours || n > ours*2 {
			t.Errorf("%s found %d sentences, claimdesk %d: the texts timed are not comparable", name, n, ours)
		}
	}
	t.Logf("sentences in the corpus: %v", counts)
}
