package match

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// archive is a handful of fact-checks written for these tests, in the
// style of the shared archive (claim, headline, description).
var archive = []Doc{
	{Kind: "fact_check", ID: 1, Text: "Unemployment in Germany rose 10 percent in 2020 under Chancellor Merkel.", Title: "Did German Unemployment Rise 10 Percent in 2020?", Description: "Figures from the federal labour office tell a different story.", BM25: -9},
	{Kind: "fact_check", ID: 2, Text: "A video shows a shark swimming on a flooded highway in Houston after Hurricane Harvey.", Title: "Shark Swimming on Houston Highway", Description: "A photograph purportedly showing a shark on a flooded highway is a fake.", BM25: -8},
	{Kind: "fact_check", ID: 3, Text: "Drinking hot water kills the coronavirus.", Title: "Does Hot Water Kill the Coronavirus?", Description: "A viral message claimed that hot water cures COVID-19.", BM25: -7},
	{Kind: "fact_check", ID: 4, Text: "The Pope endorsed Donald Trump for president in 2016.", Title: "Pope Francis Endorses Donald Trump?", Description: "A fake news site reported that the pontiff had endorsed a candidate.", BM25: -6},
	{Kind: "fact_check", ID: 5, Text: "McDonald's restaurants are offering $1 any size fries between May 18 and 31.", Title: "$1 McDonald's Any Size Fries", Description: "Rumor: McDonald's restaurants are offering $1 Any Size Fries.", BM25: -5},
	{Kind: "claim", ID: 6, Text: "Bill Gates wants to put microchips in the COVID-19 vaccine.", BM25: -4},
}

// withBM25 gives the candidates bm25 scores as the index would for a
// query whose words the one at index best shares most.
func withBM25(best int) []Doc {
	out := make([]Doc, len(archive))
	copy(out, archive)
	for i := range out {
		out[i].BM25 = -4 - float64(len(archive)-i)
		if i == best {
			out[i].BM25 = -12
		}
	}
	return out
}

func TestRankFindsRewordings(t *testing.T) {
	r := Default()
	tests := []struct {
		query string
		want  int64
	}{
		{"WOW a shark swimming down the freeway in Houston after Harvey!! #HurricaneHarvey pic.twitter.com/abc — Jo (@jo) August 28, 2017", 2},
		{"Drink hot water, it kills the corona virus. Share with everyone!", 3},
		{"Pope Francis shocks world, endorses Donald Trump for president — Ann (@ann) July 11, 2016", 4},
		{"In 2020, unemployment in Germany went up by 10% under Merkel", 1},
		{"Gates wants microchips in the vaccine for COVID-19 https://t.co/x", 6},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.want), func(t *testing.T) {
			// The index's order is wrong on purpose: the answer is last but one.
			ms := r.Rank(tt.query, withBM25(4))
			if len(ms) != len(archive) {
				t.Fatalf("Rank returned %d matches, want all %d", len(ms), len(archive))
			}
			if ms[0].ID != tt.want {
				t.Errorf("Rank(%q) puts %d first (%.3f), want %d", tt.query, ms[0].ID, ms[0].Score, tt.want)
			}
			for i := 1; i < len(ms); i++ {
				if ms[i].Score > ms[i-1].Score {
					t.Errorf("not best first: %v after %v", ms[i].Score, ms[i-1].Score)
				}
			}
		})
	}
}

func TestRankConfidentOnlyForTheSameClaim(t *testing.T) {
	r := Default()
	claim := archive[0]
	tests := []struct {
		name      string
		query     string
		confident bool
	}{
		{"the claim itself", "Unemployment in Germany rose 10 percent in 2020 under Chancellor Merkel.", true},
		{"reworded", "Under Chancellor Merkel, unemployment in Germany rose by 10 percent in 2020.", true},
		{"changed number", "Unemployment in Germany rose 12 percent in 2020 under Chancellor Merkel.", false},
		{"changed year", "Unemployment in Germany rose 10 percent in 2019 under Chancellor Merkel.", false},
		{"changed name", "Unemployment in Germany rose 10 percent in 2020 under Chancellor Scholz.", false},
		{"negated", "Unemployment in Germany did not rise 10 percent in 2020 under Chancellor Merkel.", false},
		{"never", "Unemployment in Germany never rose 10 percent in 2020 under Chancellor Merkel.", false},
		{"changed month", "Unemployment in Germany rose 10 percent in March 2020 under Chancellor Merkel, not in May.", false},
		{"unrelated", "The oil industry gets $4 billion a year in corporate welfare.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands := withBM25(0)
			ms := r.Rank(tt.query, cands)
			var got Match
			for _, m := range ms {
				if m.ID == claim.ID {
					got = m
				}
			}
			if got.Confident != tt.confident {
				t.Errorf("Rank(%q): confident %v (score %.3f, threshold %.3f), want %v", tt.query, got.Confident, got.Score, r.Threshold(), tt.confident)
			}
			if got.Confident != (got.Score >= r.Threshold()) {
				t.Errorf("Confident %v disagrees with score %.4f and threshold %.4f", got.Confident, got.Score, r.Threshold())
			}
		})
	}
}

func TestRankEdges(t *testing.T) {
	r := Default()
	if ms := r.Rank("anything at all", nil); len(ms) != 0 {
		t.Errorf("Rank with no candidates = %v, want none", ms)
	}
	ms := r.Rank("", archive)
	if len(ms) != len(archive) {
		t.Fatalf("Rank with an empty query returned %d matches, want %d", len(ms), len(archive))
	}
	for _, m := range ms {
		if m.Confident || m.Score < 0 || m.Score > 1 {
			t.Errorf("empty query: %d scored %v (confident %v), want a probability and not confident", m.ID, m.Score, m.Confident)
		}
	}
}

func TestRankIsSafeForConcurrentUse(t *testing.T) {
	r := Default()
	want := r.Rank("Drinking hot water kills the coronavirus", archive)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got := r.Rank("Drinking hot water kills the coronavirus", archive)
			for i := range got {
				if got[i].ID != want[i].ID || got[i].Score != want[i].Score {
					t.Errorf("concurrent Rank differs at %d: %v against %v", i, got[i], want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestWeightsRoundTrip(t *testing.T) {
	var a, b bytes.Buffer
	if _, err := Default().WriteTo(&a); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), weightsFile) {
		t.Errorf("writing the embedded weights back does not give the same bytes")
	}
	r, err := ReadRanker(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("a read ranker writes different bytes")
	}
}

func TestReadRankerRefusesBadFiles(t *testing.T) {
	good := string(weightsFile)
	tests := map[string]string{
		"empty":           "",
		"other header":    strings.Replace(good, weightsHeader, "claimdesk match ranker 0", 1),
		"feature renamed": strings.Replace(good, "\nbm25_rel ", "\nbm25_other ", 1),
		"not a number":    strings.Replace(good, "\nbias ", "\nbias x", 1),
		"truncated":       good[:strings.Index(good, "\nplatt")],
		"bad df":          good + "df word -1\n",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := ReadRanker(strings.NewReader(in)); err == nil {
				t.Errorf("ReadRanker accepted a file with %s", name)
			}
		})
	}
}

func BenchmarkRank30(b *testing.B) {
	r := Default()
	cands := make([]Doc, 0, Candidates)
	for len(cands) < Candidates {
		for _, d := range archive {
			if len(cands) < Candidates {
				d.BM25 = -float64(len(cands))
				cands = append(cands, d)
			}
		}
	}
	q := "How are butterflies surviving the #AustralianFires? Julie Favell was putting out water for wildlife that survived the fires when she witnessed common brown butterflies fluttering in a moist wombat hole. pic.twitter.com/0eJtwJyS1J — Center for Bio Div (@CenterForBioDiv) January 14, 2020"
	b.ReportAllocs()
	for b.Loop() {
		r.Rank(q, cands)
	}
}
