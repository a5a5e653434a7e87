package claims

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sort"
	"strings"

	"claimdesk/claims/words"
)

// A desk layer is what a desk's own decisions teach the shipped model. It
// is stacked on the base model rather than retrained into it, because the
// product does not carry the base model's training data:
//
//	P = sigmoid(A * logit(P_base) + B + sum of w * f)
//
// where f are the sentence's words and adjacent word pairs (hashed, scaled
// to unit length like the base model's). Trained with an L2 pull towards
// A=1, B=0, w=0, a layer learned from few labels stays close to the
// shipped model, and the more the desk decides the further it may move.

// DeskLayer is a trained desk layer. It is read-only once built.
type DeskLayer struct {
	A, B float64
	// w holds the non-zero weights by hashed feature slot.
	w map[uint32]float32
}

// deskBits is the size of the layer's hash space (2^16 slots): a desk's
// vocabulary is small, and collisions only share a weight.
const deskBits = 16

// maxDeskReasons is how many of the layer's features join the base
// model's reasons.
const maxDeskReasons = 3

// ShippedLayer is the layer that changes nothing (A=1, B=0, no weights):
// the shipped model as it is.
func ShippedLayer() *DeskLayer { return &DeskLayer{A: 1, w: map[uint32]float32{}} }

// Weights is how many features the layer gives a weight.
func (l *DeskLayer) Weights() int { return len(l.w) }

// deskFeature is one word or word pair of a sentence, by its byte spans.
type deskFeature struct {
	idx    uint32
	a0, a1 int // the word (or the pair's first word)
	b0, b1 int // the pair's second word; b1 == 0 for a word
	pair   bool
}

// deskFeatures lists the words and adjacent pairs of s, folded by the one
// word scanner, each hashed to a slot.
func deskFeatures(s string, out []deskFeature) []deskFeature {
	prev0, prev1 := -1, -1
	for i := 0; ; {
		a, b := words.Next(s, i)
		if a >= len(s) {
			break
		}
		i = b
		out = append(out, deskFeature{idx: deskHash('w', s, a, b, 0, 0), a0: a, a1: b})
		if prev0 >= 0 {
			out = append(out, deskFeature{idx: deskHash('p', s, prev0, prev1, a, b), a0: prev0, a1: prev1, b0: a, b1: b, pair: true})
		}
		prev0, prev1 = a, b
	}
	return out
}

// deskHash is FNV-1a over a kind byte and the folded word(s).
func deskHash(kind byte, s string, a0, a1, b0, b1 int) uint32 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	h = (h ^ uint64(kind)) * prime
	for i := a0; i < a1; {
		var c byte
		c, i = words.Fold(s, i, a1)
		h = (h ^ uint64(c)) * prime
	}
	if b1 > 0 {
		h = (h ^ ' ') * prime
		for i := b0; i < b1; {
			var c byte
			c, i = words.Fold(s, i, b1)
			h = (h ^ uint64(c)) * prime
		}
	}
	h ^= h >> 29
	return uint32(h) & (1<<deskBits - 1)
}

// name is how a reason names the feature: desk: word "vaccine".
func (f deskFeature) name(s string) string {
	fold := func(a, b int) string {
		var sb strings.Builder
		for i := a; i < b; {
			var c byte
			c, i = words.Fold(s, i, b)
			sb.WriteByte(c)
		}
		return sb.String()
	}
	if f.pair {
		return fmt.Sprintf("desk: words %q", fold(f.a0, f.a1)+" "+fold(f.b0, f.b1))
	}
	return fmt.Sprintf("desk: word %q", fold(f.a0, f.a1))
}

// scale is each of n features' value: the vector has unit length.
func deskScale(n int) float64 {
	if n == 0 {
		return 0
	}
	return 1 / math.Sqrt(float64(n))
}

// logit is the inverse of sigmoid, kept finite at 0 and 1.
func logit(p float64) float64 {
	const eps = 1e-6
	p = math.Min(math.Max(p, eps), 1-eps)
	return math.Log(p / (1 - p))
}

// Scorer scores sentences with a base model and, when it has one, a desk
// layer on top. It is safe for concurrent use.
type Scorer struct {
	base  *Model
	layer *DeskLayer
}

// NewScorer stacks layer on base; a nil layer scores with base alone.
func NewScorer(base *Model, layer *DeskLayer) *Scorer {
	return &Scorer{base: base, layer: layer}
}

// Base is the model under the layer.
func (s *Scorer) Base() *Model { return s.base }

// Layer is the desk layer, nil for the base model alone.
func (s *Scorer) Layer() *DeskLayer { return s.layer }

// Threshold is the probability at and above which a sentence is
// check-worthy: the base model's (the layer's B moves scores, not it).
func (s *Scorer) Threshold() float64 { return s.base.threshold }

// Score scores one sentence: the base model's score moved by the layer,
// with the base model's reasons and then the layer's strongest ones.
func (s *Scorer) Score(sentence string) Score {
	sc := s.base.Score(sentence)
	if s.layer == nil {
		return sc
	}
	var buf [stackFeatures]deskFeature
	fs := deskFeatures(sentence, buf[:0])
	z, top := s.layer.apply(logit(sc.P), fs)
	sc.P = sigmoid(z)
	sc.Worthy = sc.P >= s.base.threshold
	for _, t := range top {
		if t.c == 0 {
			break
		}
		sc.Reasons = append(sc.Reasons, Reason{Feature: fs[t.i].name(sentence), Weight: t.c})
	}
	return sc
}

// P is the probability alone.
func (s *Scorer) P(sentence string) float64 {
	p := s.base.P(sentence)
	if s.layer == nil {
		return p
	}
	var buf [stackFeatures]deskFeature
	z, _ := s.layer.apply(logit(p), deskFeatures(sentence, buf[:0]))
	return sigmoid(z)
}

// Extract is Model.Extract with this scorer's scores.
func (s *Scorer) Extract(text string) []Claim { return extractScored(text, s.Score) }

type deskContribution struct {
	c float64
	i int
}

// apply is the layer's raw score on the base logit z0, with its strongest
// contributions (at least 0.01 in absolute value), strongest first.
func (l *DeskLayer) apply(z0 float64, fs []deskFeature) (float64, [maxDeskReasons]deskContribution) {
	var top [maxDeskReasons]deskContribution
	z := l.A*z0 + l.B
	v := deskScale(len(fs))
	for i, f := range fs {
		w, ok := l.w[f.idx]
		if !ok {
			continue
		}
		c := float64(w) * v
		z += c
		ac := math.Abs(c)
		if ac < 0.01 || ac <= math.Abs(top[maxDeskReasons-1].c) {
			continue
		}
		dup := false
		for _, t := range top {
			if t.c != 0 && fs[t.i].idx == f.idx {
				dup = true
			}
		}
		if dup {
			continue
		}
		j := maxDeskReasons - 1
		for j > 0 && math.Abs(top[j-1].c) < ac {
			top[j] = top[j-1]
			j--
		}
		top[j] = deskContribution{c: c, i: i}
	}
	return z, top
}

// --- the file ---------------------------------------------------------------

const (
	deskMagic   = "CDDESKLY"
	deskVersion = 1
	// deskHeader: magic, version, hash bits, a spare byte, A, B, count.
	deskHeader = 8 + 2 + 2 + 8 + 8 + 4
)

// ErrBadDeskLayer is returned for a desk layer that does not load.
var ErrBadDeskLayer = errors.New("not a valid desk model file")

// MarshalBinary writes the layer: a header, its non-zero weights by slot
// in order, and a CRC-32 of all that precedes it.
func (l *DeskLayer) MarshalBinary() ([]byte, error) {
	idx := make([]uint32, 0, len(l.w))
	for i := range l.w {
		idx = append(idx, i)
	}
	sort.Slice(idx, func(a, b int) bool { return idx[a] < idx[b] })
	buf := make([]byte, 0, deskHeader+8*len(idx)+4)
	buf = append(buf, deskMagic...)
	buf = binary.LittleEndian.AppendUint16(buf, deskVersion)
	buf = append(buf, deskBits, 0)
	buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(l.A))
	buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(l.B))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(idx)))
	for _, i := range idx {
		buf = binary.LittleEndian.AppendUint32(buf, i)
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(l.w[i]))
	}
	return binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf)), nil
}

// IsDeskLayer reports whether data starts like a desk layer file.
func IsDeskLayer(data []byte) bool { return bytes.HasPrefix(data, []byte(deskMagic)) }

// LoadDeskLayer reads a layer written by MarshalBinary. A damaged file or
// one of another version is an error wrapping ErrBadDeskLayer that says
// what is wrong.
func LoadDeskLayer(data []byte) (*DeskLayer, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("load desk model: %w: %s", ErrBadDeskLayer, fmt.Sprintf(format, a...))
	}
	if len(data) < deskHeader+4 || !IsDeskLayer(data) {
		return nil, bad("it does not start with the desk model header")
	}
	le := binary.LittleEndian
	if v := le.Uint16(data[8:]); v != deskVersion {
		return nil, bad("version %d; this claimdesk reads version %d", v, deskVersion)
	}
	if data[10] != deskBits {
		return nil, bad("hash size 2^%d; this claimdesk reads 2^%d", data[10], deskBits)
	}
	n := int(le.Uint32(data[28:]))
	if n > 1<<deskBits || len(data) != deskHeader+8*n+4 {
		return nil, bad("%d bytes for %d weights (cut short or padded)", len(data), n)
	}
	if got, sum := crc32.ChecksumIEEE(data[:len(data)-4]), le.Uint32(data[len(data)-4:]); got != sum {
		return nil, bad("checksum mismatch (the file is damaged)")
	}
	l := &DeskLayer{A: math.Float64frombits(le.Uint64(data[12:])), B: math.Float64frombits(le.Uint64(data[20:])), w: make(map[uint32]float32, n)}
	if !finite(l.A) || !finite(l.B) || math.Abs(l.A) > 100 || math.Abs(l.B) > 100 {
		return nil, bad("calibration out of range")
	}
	for k := 0; k < n; k++ {
		off := deskHeader + 8*k
		i, v := le.Uint32(data[off:]), math.Float32frombits(le.Uint32(data[off+4:]))
		if i >= 1<<deskBits || !finite(float64(v)) {
			return nil, bad("weight %d is out of range", k)
		}
		l.w[i] = v
	}
	return l, nil
}

// LoadScorer reads a model file for scoring: a check-worthiness model
// (claimdesk train --data), or a desk model (a layer for the embedded
// model, claimdesk model export). What does not load is refused with the
// reason.
func LoadScorer(r io.Reader) (*Scorer, error) {
	data, err := io.ReadAll(io.LimitReader(r, modelHeaderSize+4<<maxHashBits+4+1))
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	if IsDeskLayer(data) {
		l, err := LoadDeskLayer(data)
		if err != nil {
			return nil, err
		}
		base, err := DefaultModel()
		if err != nil {
			return nil, err
		}
		return NewScorer(base, l), nil
	}
	m, err := LoadModel(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return NewScorer(m, nil), nil
}

// --- training -----------------------------------------------------------------

// DeskTrainOptions are the settings of TrainDeskLayer; zero values mean
// the defaults.
type DeskTrainOptions struct {
	// MinPerClass is the fewest labels of each class a desk needs (50).
	MinPerClass int
	// Folds is k of the cross-validation that measures the layer (5).
	Folds int
	// Lambda is the pull towards the shipped model (2): larger keeps the
	// layer closer to it; the desk's labels weigh 1/Lambda against it.
	Lambda float64
	// Epochs is how many full passes over the labels training makes (150).
	Epochs int
	// Seed fixes the folds.
	Seed uint64
}

func (o DeskTrainOptions) withDefaults() DeskTrainOptions {
	if o.MinPerClass == 0 {
		o.MinPerClass = 50
	}
	if o.Folds == 0 {
		o.Folds = 5
	}
	if o.Lambda == 0 {
		o.Lambda = 2
	}
	if o.Epochs == 0 {
		o.Epochs = 150
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

// DeskReport is what a desk sees of a training run: its labels, F1 on
// them before (the model in use) and after (the new layer, out of fold),
// and the same two on the shipped held-back data.
type DeskReport struct {
	Yes, No               int
	Before, After         Metrics
	HeldBefore, HeldAfter Metrics
}

// TooFewLabelsError says a desk has not decided enough claims to train on.
type TooFewLabelsError struct{ Yes, No, Min int }

func (e *TooFewLabelsError) Error() string {
	return fmt.Sprintf("the desk has %d Yes and %d No labels; training needs at least %d of each: promote, research or sign off claims worth checking and dismiss the others as opinion or not checkable, then train again",
		e.Yes, e.No, e.Min)
}

//go:embed testdata/checkworthy_dev200.tsv
var heldBackTSV []byte

// HeldBack is the shipped held-back data: the first 200 rows of the CT24
// check-worthiness dev set (testdata/checkworthy.md says where it comes
// from and how it may be used), never used to train the embedded model.
func HeldBack() []Example {
	ex, err := ReadTSV(bytes.NewReader(heldBackTSV))
	if err != nil {
		panic("embedded held-back data: " + err.Error()) // a build defect, caught by its test
	}
	return ex
}

// deskRow is a label made ready to train on.
type deskRow struct {
	z0   float64
	idx  []uint32
	v    float64
	y    float64
	text string
}

// TrainDeskLayer trains a layer for base on a desk's labels and measures
// it: 5-fold cross-validated F1 on the labels before and after, and F1 on
// the shipped held-back data before and after. Fewer than MinPerClass
// labels of either class is a *TooFewLabelsError. It stops with ctx's
// error when ctx ends; it changes nothing outside what it returns.
func TrainDeskLayer(ctx context.Context, base *Model, labels []Example, opt DeskTrainOptions) (*DeskLayer, DeskReport, error) {
	opt = opt.withDefaults()
	var rep DeskReport
	rows := make([]deskRow, len(labels))
	for i, ex := range labels {
		if ex.Worthy {
			rep.Yes++
		} else {
			rep.No++
		}
		rows[i] = makeDeskRow(base, ex)
	}
	if rep.Yes < opt.MinPerClass || rep.No < opt.MinPerClass {
		return nil, rep, &TooFewLabelsError{Yes: rep.Yes, No: rep.No, Min: opt.MinPerClass}
	}
	shipped := NewScorer(base, nil)
	rep.Before = evalScorer(shipped, labels)
	// Folds: each class dealt round-robin in an order drawn from the seed.
	fold := make([]int, len(rows))
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	rng := opt.Seed
	for i := len(order) - 1; i > 0; i-- {
		rng = splitmixNext(rng)
		j := int(rng % uint64(i+1))
		order[i], order[j] = order[j], order[i]
	}
	nYes, nNo := 0, 0
	for _, i := range order {
		if rows[i].y == 1 {
			fold[i] = nYes % opt.Folds
			nYes++
		} else {
			fold[i] = nNo % opt.Folds
			nNo++
		}
	}
	var cv confusion
	for k := 0; k < opt.Folds; k++ {
		var train, test []deskRow
		for i, r := range rows {
			if fold[i] == k {
				test = append(test, r)
			} else {
				train = append(train, r)
			}
		}
		l, err := fitDeskLayer(ctx, train, opt)
		if err != nil {
			return nil, rep, err
		}
		for _, r := range test {
			cv.add(sigmoid(l.rowZ(r)) >= base.threshold, r.y == 1)
		}
	}
	rep.After = cv.metrics()
	l, err := fitDeskLayer(ctx, rows, opt)
	if err != nil {
		return nil, rep, err
	}
	held := HeldBack()
	rep.HeldBefore = evalScorer(shipped, held)
	rep.HeldAfter = evalScorer(NewScorer(base, l), held)
	return l, rep, nil
}

func splitmixNext(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	z := x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func makeDeskRow(base *Model, ex Example) deskRow {
	fs := deskFeatures(ex.Text, nil)
	r := deskRow{z0: logit(base.P(ex.Text)), v: deskScale(len(fs)), text: ex.Text}
	for _, f := range fs {
		r.idx = append(r.idx, f.idx)
	}
	if ex.Worthy {
		r.y = 1
	}
	return r
}

func (l *DeskLayer) rowZ(r deskRow) float64 {
	z := l.A*r.z0 + l.B
	for _, i := range r.idx {
		z += float64(l.w[i]) * r.v
	}
	return z
}

// fitDeskLayer minimises the mean log loss of rows plus
// Lambda/(2n) * ((A-1)^2 + B^2 + |w|^2) by full-batch Adagrad: the same
// rows always give the same layer.
func fitDeskLayer(ctx context.Context, rows []deskRow, opt DeskTrainOptions) (*DeskLayer, error) {
	const step = 0.5
	w := make([]float64, 1<<deskBits)
	gw := make([]float64, 1<<deskBits)
	hw := make([]float64, 1<<deskBits)
	used := make([]bool, 1<<deskBits)
	for _, r := range rows {
		for _, i := range r.idx {
			used[i] = true
		}
	}
	a, b := 1.0, 0.0
	var ha, hb float64
	n := float64(len(rows))
	lam := opt.Lambda / n
	for epoch := 0; epoch < opt.Epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("training stopped: %w", err)
		}
		clear(gw)
		ga, gb := lam*(a-1), lam*b
		for _, r := range rows {
			z := a*r.z0 + b
			for _, i := range r.idx {
				z += w[i] * r.v
			}
			d := (sigmoid(z) - r.y) / n
			ga += d * r.z0
			gb += d
			for _, i := range r.idx {
				gw[i] += d * r.v
			}
		}
		ha += ga * ga
		hb += gb * gb
		a -= step * ga / math.Sqrt(ha+1e-12)
		b -= step * gb / math.Sqrt(hb+1e-12)
		for i, u := range used {
			if !u {
				continue
			}
			g := gw[i] + lam*w[i]
			hw[i] += g * g
			w[i] -= step * g / math.Sqrt(hw[i]+1e-12)
		}
	}
	l := &DeskLayer{A: a, B: b, w: map[uint32]float32{}}
	for i, u := range used {
		if u && math.Abs(w[i]) >= 1e-4 {
			l.w[uint32(i)] = float32(w[i])
		}
	}
	return l, nil
}

// evalScorer is precision, recall and F1 of the Yes class at s's
// threshold.
func evalScorer(s *Scorer, examples []Example) Metrics {
	var c confusion
	for _, ex := range examples {
		c.add(s.P(ex.Text) >= s.Threshold(), ex.Worthy)
	}
	return c.metrics()
}

// confusion counts a classifier's answers against the labels.
type confusion struct{ tp, fp, fn, tn int }

func (c *confusion) add(yes, worthy bool) {
	switch {
	case yes && worthy:
		c.tp++
	case yes:
		c.fp++
	case worthy:
		c.fn++
	default:
		c.tn++
	}
}

func (c confusion) metrics() Metrics { return newMetrics(c.tp, c.fp, c.fn, c.tn) }

// Evaluate is precision, recall and F1 of the Yes class at the threshold.
func (s *Scorer) Evaluate(examples []Example) Metrics { return evalScorer(s, examples) }
