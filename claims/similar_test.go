package claims

import (
	"bufio"
	"math"
	"os"
	"sort"
	"strings"
	"testing"
)

func TestSimilaritySeesThroughRewording(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{"word order and inflection", "Unemployment rose 10 percent in 2020.", "In 2020 unemployment increased by 10%."},
		{"per cent and words", "We're consuming 50 percent of the world's cocaine.", "We consume fifty per cent of the cocaine in the world."},
		{"month first and day first", "On November 9, the leaders signed a joint statement on a ceasefire.", "The leaders signed a joint statement on a ceasefire on 9 November."},
		{"abbreviated month", "On November 9, the leaders signed a joint statement on a ceasefire.", "On Nov. 9 the leaders signed a joint statement on a ceasefire."},
		{"slash date", "On November 9, 2020, the leaders signed a joint statement on a ceasefire.", "On 9/11/2020 the leaders signed a joint statement on a ceasefire."},
		{"thousands in words", "We had a net loss of one hundred and sixty-three thousand jobs.", "We had a net loss of 163,000 jobs."},
		{"dollar sign and word", "Health care costs have gone up by $2,500 a family.", "Health care costs went up by 2,500 dollars a family."},
		{"scale word", "The debt grew by $10 thousand a year.", "The debt grew by $10,000 a year."},
		{"country and its people", "US and French representatives will come to Moscow soon to discuss the agreements of November 9, Russian Foreign Minister Sergey Lavrov stated.",
			"Representatives of the US and France will soon come to Moscow to discuss the agreements of 9 November, Lavrov stated."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Similarity(tt.a, tt.b); got < MatchThreshold {
				t.Errorf("Similarity(%q, %q) = %.3f, want at least the threshold %.2f", tt.a, tt.b, got, MatchThreshold)
			}
		})
	}
}

func TestSimilarityNotFooledByChangedFacts(t *testing.T) {
	base := "Unemployment rose 10 percent in 2020 under Governor Smith in Germany."
	tests := []struct {
		name string
		b    string
	}{
		{"changed number", "Unemployment rose 12 percent in 2020 under Governor Smith in Germany."},
		{"changed year", "Unemployment rose 10 percent in 2019 under Governor Smith in Germany."},
		{"changed name", "Unemployment rose 10 percent in 2020 under Governor Jones in Germany."},
		{"changed country", "Unemployment rose 10 percent in 2020 under Governor Smith in France."},
		{"negation added", "Unemployment did not rise 10 percent in 2020 under Governor Smith in Germany."},
		{"never", "Unemployment never rose 10 percent in 2020 under Governor Smith in Germany."},
		{"antonym", "Unemployment fell 10 percent in 2020 under Governor Smith in Germany."},
		{"antonym reworded", "In 2020 under Governor Smith unemployment in Germany decreased by 10%."},
		{"unrelated", "The oil industry gets $4 billion a year in corporate welfare."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Similarity(base, tt.b); got >= MatchThreshold {
				t.Errorf("Similarity(%q, %q) = %.3f, want under the threshold %.2f", base, tt.b, got, MatchThreshold)
			}
		})
	}
}

func TestSimilarityProperties(t *testing.T) {
	for _, s := range []string{"Unemployment rose 10 percent in 2020.", "Lavrov said Russia does not want to distance itself.", "", "!!!"} {
		a, b := Similarity(s, s), 1.0
		if strings.Trim(s, "!") == "" {
			b = 0
		}
		if a != b {
			t.Errorf("Similarity(%q, itself) = %v, want %v", s, a, b)
		}
	}
	x, y := "Health care costs have gone up by $2,500 a family.", "Costs of health care went up $2,500 per family in the state."
	if a, b := Similarity(x, y), Similarity(y, x); a != b {
		t.Errorf("Similarity is not symmetric: %v and %v", a, b)
	}
}

func TestSalientTerms(t *testing.T) {
	got := SalientTerms(`"The co-chairs" can play a huge role -- 24/7, with UNESCO's help, the minister said.`, 4)
	want := []string{"minister", "chairs", "unesco", "play"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("SalientTerms = %q, want %q", got, want)
	}
	for _, w := range SalientTerms(`a "b" c* OR AND NOT NEAR( -x ^y {z} col:umn`, 20) {
		if !simLetters(w) {
			t.Errorf("SalientTerms gave %q, which is not letters only", w)
		}
	}
}

type labelledPair struct {
	label       bool
	split, kind string
	a, b        string
}

func readPairs(t *testing.T) []labelledPair {
	t.Helper()
	f, err := os.Open("testdata/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledPair
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for first := true; sc.Scan(); first = false {
		if first {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 6 {
			t.Fatalf("pairs.tsv: want 6 columns, got %d: %q", len(c), sc.Text())
		}
		out = append(out, labelledPair{c[0] == "1", c[1], c[2], c[3], c[4]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func precisionRecall(pairs []labelledPair, threshold float64) (p, r float64, tp, fp, fn int) {
	for _, x := range pairs {
		pred := Similarity(x.a, x.b) >= threshold
		switch {
		case pred && x.label:
			tp++
		case pred && !x.label:
			fp++
		case !pred && x.label:
			fn++
		}
	}
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	return p, r, tp, fp, fn
}

// TestLabelledPairs measures the similarity on the labelled pairs: the
// threshold is the one that maximises F1 on the "tune" half (this test
// reports it, and fails when MatchThreshold strays from it), and precision
// and recall are reported on the "test" half, which the threshold never saw.
func TestLabelledPairs(t *testing.T) {
	pairs := readPairs(t)
	if len(pairs) < 300 {
		t.Fatalf("pairs.tsv has %d pairs, want at least 300", len(pairs))
	}
	var tune, test []labelledPair
	for _, p := range pairs {
		if p.split == "tune" {
			tune = append(tune, p)
		} else {
			test = append(test, p)
		}
	}
	// The rewordings of the set are cleaner than those in the wild, so
	// many thresholds do about as well: take the middle of those within
	// 0.01 F1 of the best, not its edge.
	type point struct{ th, f float64 }
	var curve []point
	bestF := -1.0
	for i := 0; i <= 12; i++ {
		th := 0.30 + 0.05*float64(i)
		p, r, _, _, _ := precisionRecall(tune, th)
		f := 2 * p * r / (p + r + 1e-12)
		t.Logf("tune threshold %.2f: precision %.3f recall %.3f F1 %.3f", th, p, r, f)
		curve = append(curve, point{th, f})
		bestF = max(bestF, f)
	}
	lo, hi := -1.0, -1.0
	for _, c := range curve {
		if c.f >= bestF-0.01 {
			if lo < 0 {
				lo = c.th
			}
			hi = c.th
		}
	}
	chosen := math.Round((lo+hi)/2/0.05) * 0.05
	t.Logf("tune half (%d pairs): best F1 %.3f; within 0.01 of it from %.2f to %.2f; chosen %.2f", len(tune), bestF, lo, hi, chosen)
	if math.Abs(chosen-MatchThreshold) > 0.026 {
		t.Errorf("MatchThreshold %.2f is not the tuned threshold %.2f", MatchThreshold, chosen)
	}
	p, r, tp, fp, fn := precisionRecall(test, MatchThreshold)
	t.Logf("test half (%d pairs) at %.2f: precision %.3f recall %.3f (tp %d, fp %d, fn %d)", len(test), MatchThreshold, p, r, tp, fp, fn)
	if p < 0.9 {
		t.Errorf("precision %.3f, want at least 0.9", p)
	}
	if r < 0.8 {
		t.Errorf("recall %.3f, want at least 0.8", r)
	}
	if testing.Verbose() {
		var wrong []string
		for _, x := range test {
			s := Similarity(x.a, x.b)
			if (s >= MatchThreshold) != x.label {
				wrong = append(wrong, x.kind+" "+strings.TrimSpace(strings.Join([]string{x.a, "|", x.b}, " "))+" => "+strings.TrimRight(strings.TrimRight(fmtScore(s), "0"), "."))
			}
		}
		sort.Strings(wrong)
		for _, w := range wrong {
			t.Log("wrong:", w)
		}
	}
}

func fmtScore(s float64) string { return simNum(s) }

func FuzzSimilarity(f *testing.F) {
	f.Add("Unemployment rose 10 percent in 2020.", "On 9/11/2020 one hundred and sixty-three thousand jobs")
	f.Add("$10 thousand n't Nov. 9", "9th of November, 1,000.5%")
	f.Fuzz(func(t *testing.T, a, b string) {
		s := Similarity(a, b)
		if s < 0 || s > 1 || s != s {
			t.Fatalf("Similarity(%q, %q) = %v, want a number in [0,1]", a, b, s)
		}
		if s2 := Similarity(b, a); s2 != s {
			t.Fatalf("Similarity not symmetric on %q, %q: %v and %v", a, b, s, s2)
		}
	})
}

// TestDayAt checks that only an ordinal suffix is cut from a day: the
// suffix is a whole word ending, not any run of its letters ("20s" is a
// decade, "20ths" no day).
func TestDayAt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want int
		ok   bool
	}{
		{"9", 9, true},
		{"1st", 1, true},
		{"2nd", 2, true},
		{"3rd", 3, true},
		{"21st", 21, true},
		{"30th", 30, true},
		{"20s", 0, false},
		{"20ths", 0, false},
		{"1990s", 0, false},
		{"32nd", 0, false},
		{"0th", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := dayAt([]simToken{{text: tt.text, lower: tt.text, num: true}}, 0)
			if got != tt.want || ok != tt.ok {
				t.Errorf("dayAt(%q) = %d, %t; want %d, %t", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestDecadeIsNoDate checks that "November 20s" does not read as the
// date November 20.
func TestDecadeIsNoDate(t *testing.T) {
	t.Parallel()
	f := NewFingerprint("Prices rose in November 20s.")
	for _, keys := range f.Numbers {
		for _, k := range keys {
			if k == dateKey(11, 20) {
				t.Errorf("Numbers = %q: a decade read as a day", f.Numbers)
			}
		}
	}
}
