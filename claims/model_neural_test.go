package claims

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

// TestNeuralPartExplained: the neural part's share of a score is split
// exactly into its words, its hand-written features and the units'
// biases, so the reasons Score gives for it add up to what it scored.
func TestNeuralPartExplained(t *testing.T) {
	m := defaultModel(t)
	if m.nn == nil {
		t.Fatal("the embedded model has no neural part")
	}
	for _, s := range []string{
		"Unemployment fell to 3.5 percent in 2019.",
		"A video claims that curing the novel coronavirus is as easy as drinking hot lemon juice.",
		"Thank you very much.",
		"Eczema eczema eczema.",
		"",
	} {
		var buf [stackFeatures]feature
		fs := m.cfg.extract(buf[:0], s)
		var gain [maxHidden]float64
		rows := make([]int32, len(fs))
		var pool convPool
		out, nw, _ := m.units(s, fs, &gain, rows, &pool, nil)
		var sum float64
		for h := range m.nn.hidden {
			sum += gain[h] * float64(m.nn.b1[h])
		}
		for i := range fs {
			switch fs[i].kind {
			case kindWord:
				sum += m.wordPart(rows[i], nw, &gain)
			case kindHand:
				sum += m.handPart(fs[i].hand, &gain)
			}
		}
		if math.Abs(sum-out) > 1e-6 {
			t.Errorf("%q: the parts add up to %.9f, the neural part scored %.9f", s, sum, out)
		}
	}
}

// TestNeuralPartCounts: the neural part moves scores (a model without it
// would give every sentence the same share), and a word the vectors know
// moves it while an unknown one does not.
func TestNeuralPartCounts(t *testing.T) {
	m := defaultModel(t)
	share := func(s string) float64 {
		var buf [stackFeatures]feature
		var gain [maxHidden]float64
		var pool convPool
		out, _, _ := m.units(s, m.cfg.extract(buf[:0], s), &gain, nil, &pool, nil)
		return out
	}
	a, b := share("The hospital reported ten deaths."), share("Thank you, it is great to be here.")
	if a == b {
		t.Errorf("two unlike sentences get the same neural share %v", a)
	}
	// both of 10-19 words, so the hand-written features are the same
	if got, want := share("The hospital in the zqxjv city reported ten deaths on Monday."), share("The hospital in the city reported ten deaths on Monday."); got != want {
		t.Errorf("an unknown word changed the neural share: %v, want %v", got, want)
	}
}

func TestWordVectorsRoundTrip(t *testing.T) {
	v, err := defaultWordVectors()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(v.hashes); n < 30000 {
		t.Errorf("%d words, want the table's 37,000 or so", n)
	}
	var b bytes.Buffer
	if _, err := v.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), embeddedWordVectors) {
		t.Errorf("writing the embedded table back gives other bytes")
	}
	h := hashWord(kindSeed(kindWord), "Hospital", 0, len("Hospital"))
	if v.rowOf(h) < 0 {
		t.Errorf("hospital (folded from Hospital) has no vector")
	}
	if !defaultModel(t).cfg.sameWords {
		t.Errorf("the embedded vector and cluster tables hold different words: each word is looked up twice")
	}
	if v.rowOf(hashWord(kindSeed(kindWord), "zqxjv", 0, 5)) >= 0 {
		t.Errorf("a made-up word has a vector")
	}
	for name, data := range map[string][]byte{
		"empty":     nil,
		"other":     embeddedClusters,
		"damaged":   func() []byte { d := bytes.Clone(embeddedWordVectors); d[len(d)/2] ^= 1; return d }(),
		"cut short": embeddedWordVectors[:len(embeddedWordVectors)/2],
	} {
		if _, err := readWordVectors(data); !errors.Is(err, errBadWordVectors) {
			t.Errorf("%s: got %v, want errBadWordVectors", name, err)
		}
	}
}

func TestLoadModelBadNeural(t *testing.T) {
	good := embeddedModel
	mutate := func(f func(b []byte)) []byte {
		b := append([]byte(nil), good...)
		f(b)
		return b
	}
	end := len(good) - 4
	for name, tt := range map[string]struct {
		data []byte
		want string
	}{
		"no units in version 2": {mutate(func(b []byte) { b[14] = 0 }), "hidden units 0"},
		"units in version 1":    {mutate(func(b []byte) { b[8] = 1 }), "version 1"},
		"too many units":        {mutate(func(b []byte) { b[14] = 200 }), "hidden units 200"},
		"neural part cut off":   {append(append([]byte(nil), good[:modelHeaderSize+4<<good[10]]...), good[end:]...), "cut short"},
		"neural weight damaged": {mutate(func(b []byte) { b[end-1] ^= 0x10 }), "checksum"},
	} {
		t.Run(name, func(t *testing.T) {
			m, err := LoadModel(bytes.NewReader(tt.data))
			if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, %v; want ErrBadModel mentioning %q", m, err, tt.want)
			}
		})
	}
}

// TestConjunctionsRoundTrip: a model trained with pairs of hand features
// keeps them when written and read back, so it scores as it was trained.
func TestConjunctionsRoundTrip(t *testing.T) {
	opts := DefaultTrainOptions()
	opts.Folds = 3
	opts.Features = FeatureConfig{HashBits: 12, Hand: true, Normalize: true, Conjunctions: true}
	m, err := Train(readExamples(t, devSlice), opts)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := LoadModel(bytes.NewReader(modelBytes(t, m)))
	if err != nil {
		t.Fatal(err)
	}
	if !m2.Features().Conjunctions {
		t.Fatalf("the pairs of hand features were lost in the file")
	}
	const s = "Unemployment fell to 3.5 percent in 2019."
	if got, want := m2.P(s), m.P(s); got != want {
		t.Errorf("reloaded model scores %v, want %v", got, want)
	}
}
