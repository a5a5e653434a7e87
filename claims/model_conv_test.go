package claims

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

// convModel trains a small model with filters on the dev slice.
func convModel(t *testing.T) *Model {
	t.Helper()
	opts := DefaultTrainOptions()
	opts.Folds = 3
	opts.Epochs = 4
	opts.Features = FeatureConfig{HashBits: 12, Hand: true, Normalize: true, Hidden: 4, Filters: 6}
	m, err := Train(readExamples(t, devSlice), opts)
	if err != nil {
		t.Fatal(err)
	}
	if m.nn == nil || m.nn.filters != 6 {
		t.Fatalf("the trained model has no filters")
	}
	return m
}

// convOutput is the filters' part of the score of s, with the rows of its
// words and what the filters pooled.
func convOutput(m *Model, s string) (float64, []int32, *convPool) {
	var buf [stackFeatures]feature
	fs := m.cfg.extract(buf[:0], s)
	m.projOnce.Do(func() { m.nn.project(m.cfg.vectors) })
	var seq []int32
	for i := range fs {
		if fs[i].kind == kindWord {
			seq = append(seq, int32(m.cfg.wordRow(s, &fs[i])))
		}
	}
	pool := new(convPool)
	return m.nn.conv(seq, pool), seq, pool
}

// TestConvExplained: the filters' part of a score is split exactly among
// the words of the windows they pooled, and Score's reasons carry it.
func TestConvExplained(t *testing.T) {
	m := convModel(t)
	fired := 0
	for _, s := range []string{
		"Besides, Baku and Yerevan must exchange prisoners and the bodies of those killed.",
		"Taking a hot bath will not prevent you from catching COVID-19.",
		"Thank you.",
		"zqxjv",
		"",
	} {
		out, seq, pool := convOutput(m, s)
		part := make([]float64, len(seq))
		m.nn.convParts(seq, pool, part)
		var sum float64
		for _, p := range part {
			sum += p
		}
		if math.Abs(sum-out) > 1e-6 {
			t.Errorf("%q: the words' parts add up to %.9f, the filters scored %.9f", s, sum, out)
		}
		if out != 0 {
			fired++
		}
	}
	if fired == 0 {
		t.Errorf("no filter fired on any sentence")
	}
	// Score's reasons are the linear weight plus every neural share of a
	// feature; with one reason slot per feature of a short sentence, the
	// word reasons must include the filters' share.
	const s = "Prices rose sharply."
	sc := m.Score(s)
	out, seq, pool := convOutput(m, s)
	part := make([]float64, len(seq))
	m.nn.convParts(seq, pool, part)
	if out == 0 {
		t.Skip("no filter fired on the short sentence")
	}
	var buf [stackFeatures]feature
	fs := m.cfg.extract(buf[:0], s)
	var gain [maxHidden]float64
	rows := make([]int32, len(fs))
	_, nw, _ := m.units(s, fs, &gain, rows, new(convPool), nil)
	scale := m.scale(len(fs))
	wpos := 0
	for i := range fs {
		if fs[i].kind != kindWord {
			continue
		}
		want := float64(m.weights[fs[i].idx])*scale + m.wordPart(rows[i], nw, &gain) + part[wpos]
		wpos++
		var name strings.Builder
		fs[i].appendName(&name, s, m.cfg.clusters)
		for _, r := range sc.Reasons {
			if r.Feature == name.String() && math.Abs(r.Weight-want) > 1e-6 {
				t.Errorf("reason %s weighs %.6f, want %.6f with the filters' share", r.Feature, r.Weight, want)
			}
		}
	}
}

// TestConvSeesWordOrder: the same words in another order give the filters
// another value, which the mean word vector cannot tell apart.
func TestConvSeesWordOrder(t *testing.T) {
	m := convModel(t)
	a, _, _ := convOutput(m, "The company must pay the workers.")
	b, _, _ := convOutput(m, "The workers must pay the company.")
	c, _, _ := convOutput(m, "Pay workers the must company the.")
	if a == b && b == c {
		t.Errorf("three orders of the same words give the filters the same value %v", a)
	}
}

// TestConvRoundTrip: a model with filters keeps them when written and read
// back (version 3), so it scores as it was trained.
func TestConvRoundTrip(t *testing.T) {
	m := convModel(t)
	data := modelBytes(t, m)
	if v := data[8]; v != modelVersionConv || data[15] != 6 {
		t.Fatalf("version %d with %d filters, want %d with 6", v, data[15], modelVersionConv)
	}
	m2, err := LoadModel(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if m2.Features().Filters != 6 {
		t.Fatalf("the filters were lost in the file")
	}
	for _, s := range []string{"Unemployment fell to 3.5 percent in 2019.", "Thank you very much."} {
		if got, want := m2.P(s), m.P(s); got != want {
			t.Errorf("%q: reloaded model scores %v, want %v", s, got, want)
		}
	}
	end := len(data) - 4
	mutate := func(f func(b []byte)) []byte {
		b := bytes.Clone(data)
		f(b)
		return b
	}
	for name, tt := range map[string]struct {
		data []byte
		want string
	}{
		"filters in version 2":  {mutate(func(b []byte) { b[8] = modelVersionNeural }), "filters 6"},
		"no filters":            {mutate(func(b []byte) { b[15] = 0 }), "filters 0"},
		"too many filters":      {mutate(func(b []byte) { b[15] = 65 }), "filters 65"},
		"filters cut off":       {append(bytes.Clone(data[:end-4*6]), data[end:]...), "cut short"},
		"filter weight damaged": {mutate(func(b []byte) { b[end-1] ^= 0x10 }), "checksum"},
		"version 4":             {mutate(func(b []byte) { b[8] = 4 }), "version 4"},
	} {
		t.Run(name, func(t *testing.T) {
			m, err := LoadModel(bytes.NewReader(tt.data))
			if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, %v; want ErrBadModel mentioning %q", m, err, tt.want)
			}
		})
	}
}

// BenchmarkScoreFilters is BenchmarkScore for a model like the embedded
// one with 16 filters (trained on the dev slice: the speed does not depend
// on how well it was trained).
func BenchmarkScoreFilters(b *testing.B) {
	opts := DefaultTrainOptions()
	opts.Features.Filters = 16
	opts.Folds = 3
	m, err := Train(readExamples(b, devSlice), opts)
	if err != nil {
		b.Fatal(err)
	}
	benchScoring(b, m, benchSentences(b))
}
