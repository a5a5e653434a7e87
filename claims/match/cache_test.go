package match

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pairTexts are the sentences of claims/testdata/pairs.tsv (debate claims
// and their rewordings, changed numbers, negations): a fixed set of texts
// that share many words, as the claims of a bulk import do.
func pairTexts(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "pairs.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		f := strings.Split(line, "\t")
		for _, s := range f[3:5] {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// TestRankCachedGivesTheSameMatches ranks every text of a fixed set
// against a window of the others, once with Rank and once with RankCached
// through one small shared cache (so that texts come back as candidates
// and as queries, and the cache empties itself along the way), and wants
// the same top-k: the same documents in the same order with the same
// scores, to the bit, and the same confident flags.
func TestRankCachedGivesTheSameMatches(t *testing.T) {
	texts := pairTexts(t)
	if len(texts) < 120 {
		t.Fatalf("only %d texts in pairs.tsv", len(texts))
	}
	texts = texts[:120]
	r := Default()
	cache := NewTextCache(64)
	compared := 0
	for round := range 2 { // the second round reads everything from the cache
		for i, q := range texts {
			var cands []Doc
			for j := 1; j <= Candidates; j++ {
				k := (i + j*7) % len(texts)
				d := Doc{Kind: "claim", ID: int64(k + 1), Text: texts[k], BM25: -float64((i*31+j*17)%23) - 1}
				if j%5 == 0 {
					d.Kind, d.Title, d.Description = "fact_check", texts[(k+1)%len(texts)], texts[(k+2)%len(texts)]
				}
				cands = append(cands, d)
			}
			want := r.Rank(q, cands)
			got := r.RankCached(cache, q, cands)
			if len(got) != len(want) {
				t.Fatalf("round %d, text %d: %d matches cached, %d without", round, i, len(got), len(want))
			}
			for k := range want {
				g, w := got[k], want[k]
				if g.Kind != w.Kind || g.ID != w.ID || math.Float64bits(g.Score) != math.Float64bits(w.Score) || g.Confident != w.Confident {
					t.Fatalf("round %d, text %d, place %d: cached %s %d %v %v, without %s %d %v %v",
						round, i, k, g.Kind, g.ID, g.Score, g.Confident, w.Kind, w.ID, w.Score, w.Confident)
				}
			}
			compared++
		}
	}
	if compared != 2*len(texts) {
		t.Errorf("compared %d rankings, want %d", compared, 2*len(texts))
	}
	if n := len(cache.m); n == 0 || n > 64 {
		t.Errorf("the cache holds %d texts, want between 1 and its bound 64", n)
	}
}
