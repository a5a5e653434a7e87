package claims

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// ensembleSentences are scored by the ensemble tests: claims, chatter, an
// unknown word, an empty sentence.
var ensembleSentences = []string{
	"Unemployment fell to 3.5 percent in 2019.",
	"Besides, Baku and Yerevan must exchange prisoners and the bodies of those killed.",
	"A video claims that curing the novel coronavirus is as easy as drinking hot lemon juice.",
	"Thank you very much.",
	"zqxjv",
	"",
}

// smallTrainer featurises the dev slice for small models of the features
// cfg, as Train does.
func smallTrainer(t *testing.T, cfg FeatureConfig) *trainer {
	t.Helper()
	ex := readExamples(t, devSlice)
	opts := DefaultTrainOptions()
	opts.Epochs = 4
	opts.Features = cfg
	if err := opts.fill(); err != nil {
		t.Fatal(err)
	}
	tr := &trainer{opts: opts, main: len(ex)}
	tr.samples = featurise(ex, &tr.opts.Features)
	if cfg.Filters > 0 {
		tr.vec = floatVectors(tr.opts.Features.vectors)
	}
	return tr
}

func rawOf(m *Model, s string) float64 {
	var buf [stackFeatures]feature
	return m.raw(s, m.cfg.extract(buf[:0], s))
}

// TestFoldMembersIsTheMean: the folded model's raw score is the mean of
// its members' raw scores, with and without filters, and it stays so
// written to a file and read back.
func TestFoldMembersIsTheMean(t *testing.T) {
	for name, cfg := range map[string]FeatureConfig{
		"linear":  {HashBits: 12, Bigrams: true, Hand: true, Normalize: true},
		"neural":  {HashBits: 12, Bigrams: true, Hand: true, Normalize: true, Clusters: true, Hidden: 4},
		"filters": {HashBits: 12, Hand: true, Normalize: true, Hidden: 4, Filters: 3},
	} {
		t.Run(name, func(t *testing.T) {
			tr := smallTrainer(t, cfg)
			all := make([]int, tr.main)
			for i := range all {
				all[i] = i
			}
			const k = 3
			ms := make([]*Model, k)
			for j := range ms {
				ms[j] = tr.fitOne(all, memberSeed(1, j))
			}
			if a, b := rawOf(ms[0], ensembleSentences[0]), rawOf(ms[1], ensembleSentences[0]); a == b {
				t.Fatalf("two members score %v alike: the member seeds are not used", a)
			}
			folded := foldMembers(ms)
			if cfg.Hidden > 0 && (folded.nn.hidden != k*int(cfg.Hidden) || folded.nn.filters != k*int(cfg.Filters)) {
				t.Fatalf("folded: %d units and %d filters, want %d and %d", folded.nn.hidden, folded.nn.filters, k*int(cfg.Hidden), k*int(cfg.Filters))
			}
			loaded, err := LoadModel(bytes.NewReader(modelBytes(t, folded)))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range ensembleSentences {
				var mean float64
				for _, m := range ms {
					mean += rawOf(m, s)
				}
				mean /= k
				for what, m := range map[string]*Model{"folded": folded, "read back": loaded} {
					if got := rawOf(m, s); math.Abs(got-mean) > 1e-5 {
						t.Errorf("%s %q: raw score %.7f, the members' mean %.7f", what, s, got, mean)
					}
				}
			}
		})
	}
}

// TestEnsembleReasonsAddUp: the folded model's score is split into its
// features as a single model's is: every feature's part (linear weight,
// neural share, filters' share) plus the bias and the units' biases adds
// up to the raw score, and Score's reasons are those parts.
func TestEnsembleReasonsAddUp(t *testing.T) {
	for name, cfg := range map[string]FeatureConfig{
		"neural":  {HashBits: 12, Bigrams: true, Hand: true, Normalize: true, Clusters: true, Hidden: 4},
		"filters": {HashBits: 12, Hand: true, Normalize: true, Clusters: true, Hidden: 4, Filters: 3},
	} {
		t.Run(name, func(t *testing.T) {
			tr := smallTrainer(t, cfg)
			all := make([]int, tr.main)
			for i := range all {
				all[i] = i
			}
			m := foldMembers([]*Model{tr.fitOne(all, memberSeed(1, 0)), tr.fitOne(all, memberSeed(1, 1)), tr.fitOne(all, memberSeed(1, 2))})
			for _, s := range ensembleSentences {
				var buf [stackFeatures]feature
				fs := m.cfg.extract(buf[:0], s)
				var gain [maxHidden]float64
				rows := make([]int32, len(fs))
				pool := new(convPool)
				_, nw, seq := m.units(s, fs, &gain, rows, pool, make([]int32, 0, len(fs)))
				words := 0
				for i := range fs {
					if fs[i].kind == kindWord {
						words++
					}
				}
				convPart := make([]float64, words) // zero without filters
				if m.nn.filters > 0 {
					m.nn.convParts(seq, pool, convPart)
				}
				scale := m.scale(len(fs))
				sum := float64(m.bias)
				for h := range m.nn.hidden {
					sum += gain[h] * float64(m.nn.b1[h])
				}
				parts := map[string][]float64{}
				wpos := 0
				for i := range fs {
					c := float64(m.weights[fs[i].idx]) * scale
					switch fs[i].kind {
					case kindWord:
						c += m.wordPart(rows[i], nw, &gain) + convPart[wpos]
						wpos++
					case kindHand:
						c += m.handPart(fs[i].hand, &gain)
					}
					sum += c
					var b strings.Builder
					fs[i].appendName(&b, s, m.cfg.clusters)
					parts[b.String()] = append(parts[b.String()], c)
				}
				if raw := rawOf(m, s); math.Abs(sum-raw) > 1e-5 {
					t.Errorf("%q: the parts add up to %.7f, the raw score is %.7f", s, sum, raw)
				}
				for _, r := range m.Score(s).Reasons {
					found := false
					for _, c := range parts[r.Feature] {
						found = found || math.Abs(c-r.Weight) < 1e-9
					}
					if !found {
						t.Errorf("%q: reason %s weighs %.7f, not one of its parts %v", s, r.Feature, r.Weight, parts[r.Feature])
					}
				}
			}
		})
	}
}

// TestTrainEnsemble: Train with Members folds that many members trained on
// all rows into the final model, deterministically, and its
// cross-validation trains an ensemble in each fold (another threshold and
// calibration than the single model's).
func TestTrainEnsemble(t *testing.T) {
	ex := readExamples(t, devSlice)
	opts := DefaultTrainOptions()
	opts.Folds, opts.Epochs = 3, 4
	opts.Features = FeatureConfig{HashBits: 12, Bigrams: true, Hand: true, Normalize: true, Clusters: true, Hidden: 4}
	train := func(members int, bootstrap bool) *Model {
		t.Helper()
		o := opts
		o.Members, o.Bootstrap = members, bootstrap
		m, err := Train(ex, o)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	one, three := train(1, false), train(3, false)
	if got := three.nn.hidden; got != 12 {
		t.Errorf("3 members of 4 units: the model has %d units, want 12", got)
	}
	if again := train(3, false); !bytes.Equal(modelBytes(t, three), modelBytes(t, again)) {
		t.Errorf("two trainings of 3 members differ")
	}
	if one.plattA == three.plattA && one.plattB == three.plattB {
		t.Errorf("the ensemble kept the single model's calibration: its folds did not train ensembles")
	}
	// the final fit: the members trained on all rows with the final seed
	tr := smallTrainer(t, opts.Features)
	all := make([]int, tr.main)
	for i := range all {
		all[i] = i
	}
	for _, s := range ensembleSentences {
		var mean float64
		for j := range 3 {
			mean += rawOf(tr.fitOne(all, memberSeed(opts.Seed^0x5eed, j)), s) / 3
		}
		if got := rawOf(three, s); math.Abs(got-mean) > 1e-5 {
			t.Errorf("%q: Train's ensemble scores %.7f raw, its members' mean is %.7f", s, got, mean)
		}
	}
	if boot := train(3, true); bytes.Equal(modelBytes(t, boot), modelBytes(t, three)) {
		t.Errorf("bootstrap samples gave the same model as all rows")
	}
}

func TestMemberRows(t *testing.T) {
	tr := &trainer{opts: TrainOptions{Bootstrap: true}}
	idxs := []int{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}
	a, b := tr.memberRows(idxs, 1, 0), tr.memberRows(idxs, 1, 1)
	if len(a) != len(idxs) || len(b) != len(idxs) {
		t.Fatalf("sample sizes %d and %d, want %d", len(a), len(b), len(idxs))
	}
	seen := map[int]int{}
	for _, i := range a {
		if i < 10 || i > 19 {
			t.Fatalf("row %d is not one of the rows", i)
		}
		seen[i]++
	}
	if len(seen) == len(idxs) {
		t.Errorf("a bootstrap sample of 10 rows holds each once: %v (drawn without replacement?)", a)
	}
	if slices.Equal(a, b) {
		t.Errorf("members 0 and 1 drew the same sample %v", a)
	}
	if memberSeed(7, 0) != 7 || memberSeed(7, 1) == memberSeed(7, 2) {
		t.Errorf("member seeds: the first must be the seed, the others distinct")
	}
	tr.opts.Bootstrap = false
	if got := tr.memberRows(idxs, 1, 1); !slices.Equal(got, idxs) {
		t.Errorf("without bootstrap member 1 trains on %v, want all rows", got)
	}
}

// BenchmarkScoreEnsemble is BenchmarkScore for the embedded model folded
// with copies of itself into ensembles of 3, 5 and 8 members: the shape of
// an ensemble of the default options (the speed depends on the units, not
// on what they learnt).
func BenchmarkScoreEnsemble(b *testing.B) {
	for _, k := range []int{3, 5, 8} {
		b.Run(fmt.Sprintf("members=%d", k), func(b *testing.B) {
			ms := make([]*Model, k)
			for j := range ms {
				ms[j] = defaultModel(b)
			}
			benchScoring(b, foldMembers(ms), benchSentences(b))
		})
	}
}
