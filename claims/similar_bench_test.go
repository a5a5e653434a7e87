package claims

import (
	"os"
	"strings"
	"testing"
)

// pairTexts are the sentences of the labelled pairs, both sides.
func pairTexts(b *testing.B) []string {
	b.Helper()
	data, err := os.ReadFile("testdata/pairs.tsv")
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		c := strings.Split(line, "\t")
		if i == 0 || len(c) != 6 {
			continue
		}
		out = append(out, c[3], c[4])
	}
	return out
}

// BenchmarkNewFingerprint reads one claim into its comparable form, as
// matching does for every candidate: one op is one claim.
func BenchmarkNewFingerprint(b *testing.B) {
	texts := pairTexts(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewFingerprint(texts[i%len(texts)])
	}
}

// BenchmarkSimilarityOf compares two fingerprints made beforehand: one
// op is one pair.
func BenchmarkSimilarityOf(b *testing.B) {
	texts := pairTexts(b)
	fps := make([]*Fingerprint, len(texts))
	for i, t := range texts {
		fps[i] = NewFingerprint(t)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := 2 * (i % (len(fps) / 2))
		SimilarityOf(fps[j], fps[j+1])
	}
}
