package claims

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"
	"sync"
)

// Reason is one feature that moved a sentence's check-worthiness score, with
// its contribution (positive: towards a claim).
type Reason struct {
	Feature string  `json:"feature"`
	Weight  float64 `json:"weight"`
}

// Score is a sentence's check-worthiness.
type Score struct {
	// P is the probability in [0,1] that the sentence holds a factual claim
	// worth checking.
	P float64
	// Worthy is P >= the model's threshold.
	Worthy bool
	// Reasons are the few features that weighed most, strongest first.
	Reasons []Reason
}

// Model is a trained check-worthiness model: a logistic regression over
// hashed word, word-pair and hand-written features, with a Platt-calibrated
// probability and a decision threshold chosen by cross-validation. It is
// read-only once built, so it is safe for concurrent use.
type Model struct {
	cfg       FeatureConfig
	threshold float64
	// plattA and plattB map the raw score z to P = sigmoid(plattA*z + plattB).
	plattA, plattB float64
	bias           float32
	weights        []float32
	// cv is what cross-validation measured when the model was trained.
	cv Metrics
	// trainRows is how many labelled rows trained it (after pruning).
	trainRows uint32
	// idf is set only on a TF-IDF reference model (TrainOptions.IDF),
	// which is never written to a file.
	idf []float64
	// nn is the neural part, if the model has one (FeatureConfig.Hidden).
	nn *neural
	// projOnce fills nn.proj on first use.
	projOnce *sync.Once
}

// Metrics are precision, recall and F1 of the Yes class, with the counts
// behind them.
type Metrics struct {
	Precision, Recall, F1 float64
	// TP, FP, FN, TN count true and false positives and negatives.
	TP, FP, FN, TN int
}

// N is how many rows the metrics count.
func (m Metrics) N() int { return m.TP + m.FP + m.FN + m.TN }

// Plus adds the counts of o to those of m, as when the folds of a
// cross-validation are pooled, and computes the figures anew.
func (m Metrics) Plus(o Metrics) Metrics {
	return newMetrics(m.TP+o.TP, m.FP+o.FP, m.FN+o.FN, m.TN+o.TN)
}

// newMetrics computes precision, recall and F1 from the counts.
func newMetrics(tp, fp, fn, tn int) Metrics {
	m := Metrics{TP: tp, FP: fp, FN: fn, TN: tn}
	if tp+fp > 0 {
		m.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		m.Recall = float64(tp) / float64(tp+fn)
	}
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	return m
}

// The model file: a fixed header, the weights, and a CRC-32 of all that
// precedes it. Every number is little-endian.
const (
	modelMagic   = "CDCWMODL"
	modelVersion = 1
	// modelVersionNeural is the version of a model with a neural part: its
	// header's byte 14 holds the hidden units, and W1, b1 and v (float32)
	// follow the weights.
	modelVersionNeural = 2
	// modelVersionConv is the version of a model whose neural part has
	// convolutional filters: its header's byte 15 holds their number, and
	// their weights, biases and output weights (float32) follow v.
	modelVersionConv = 3
	modelHeaderSize  = 8 + 2 + 6 + 3*8 + 4 + 3*4 + 4 // 60 bytes
	// maxHashBits keeps the weights within 4 MiB.
	maxHashBits = 20
	minHashBits = 8
)

// ErrBadModel is returned for a model file that is not one this version
// reads, or that is damaged.
var ErrBadModel = errors.New("not a valid check-worthiness model file")

//go:embed weights/model.bin
var embeddedModel []byte

// DefaultModel returns the model embedded in the binary. Each call parses the
// embedded weights: load it once and keep it.
func DefaultModel() (*Model, error) {
	m, err := LoadModel(bytes.NewReader(embeddedModel))
	if err != nil {
		return nil, fmt.Errorf("embedded model: %w", err)
	}
	return m, nil
}

// Threshold is the probability at and above which a sentence is check-worthy.
func (m *Model) Threshold() float64 { return m.threshold }

// Features is the feature configuration the model was trained with.
func (m *Model) Features() FeatureConfig { return m.cfg }

// CV is what cross-validation on the training data measured at the
// model's threshold, when it was trained.
func (m *Model) CV() Metrics { return m.cv }

// TrainRows is the number of labelled rows the model was trained on.
func (m *Model) TrainRows() int { return int(m.trainRows) }

// WriteTo writes the model in the format LoadModel reads.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	if m.idf != nil {
		return 0, errors.New("write model: a TF-IDF reference model is for measurement only")
	}
	buf := make([]byte, 0, modelHeaderSize+4*len(m.weights)+4)
	buf = append(buf, modelMagic...)
	version, hidden, filters := modelVersion, 0, 0
	if m.nn != nil {
		version, hidden = modelVersionNeural, m.nn.hidden
		if m.nn.filters > 0 {
			version, filters = modelVersionConv, m.nn.filters
		}
	}
	buf = binary.LittleEndian.AppendUint16(buf, uint16(version))
	var flags byte
	if m.cfg.Bigrams {
		flags |= 1
	}
	if m.cfg.Hand {
		flags |= 2
	}
	if m.cfg.Normalize {
		flags |= 4
	}
	if m.cfg.News {
		flags |= 8
	}
	if m.cfg.Clusters {
		flags |= 16
	}
	if m.cfg.Conjunctions {
		flags |= 32
	}
	buf = append(buf, m.cfg.HashBits, flags, m.cfg.CharMin, m.cfg.CharMax, byte(hidden), byte(filters))
	buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(m.threshold))
	buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(m.plattA))
	buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(m.plattB))
	buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(m.bias))
	for _, v := range []float64{m.cv.Precision, m.cv.Recall, m.cv.F1} {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(float32(v)))
	}
	buf = binary.LittleEndian.AppendUint32(buf, m.trainRows)
	for _, v := range m.weights {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
	}
	if m.nn != nil {
		for _, part := range [][]float32{m.nn.w1, m.nn.b1, m.nn.v, m.nn.kc, m.nn.cc, m.nn.uc} {
			for _, v := range part {
				buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			}
		}
	}
	buf = binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf))
	n, err := w.Write(buf)
	if err != nil {
		return int64(n), fmt.Errorf("write model: %w", err)
	}
	return int64(n), nil
}

// LoadModel reads a model written by Model.WriteTo. A file that is not a
// model, of another version, cut short or damaged gives an error wrapping
// ErrBadModel that says what is wrong.
func LoadModel(r io.Reader) (*Model, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(modelHeaderSize+4<<maxHashBits+4*maxHidden*(neuralInputs+2)+4*maxFilters*(convSpan+2)+4+1)))
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("load model: %w: %s", ErrBadModel, fmt.Sprintf(format, a...))
	}
	if len(data) < modelHeaderSize+4 || string(data[:8]) != modelMagic {
		return nil, bad("it does not start with the model header")
	}
	le := binary.LittleEndian
	version := le.Uint16(data[8:])
	if version < modelVersion || version > modelVersionConv {
		return nil, bad("version %d; this claimdesk reads versions %d to %d", version, modelVersion, modelVersionConv)
	}
	m := &Model{}
	m.cfg.HashBits = data[10]
	flags := data[11]
	m.cfg.Bigrams = flags&1 != 0
	m.cfg.Hand = flags&2 != 0
	m.cfg.Normalize = flags&4 != 0
	m.cfg.News = flags&8 != 0
	m.cfg.Clusters = flags&16 != 0
	m.cfg.Conjunctions = flags&32 != 0
	m.cfg.CharMin, m.cfg.CharMax = data[12], data[13]
	m.cfg.Hidden, m.cfg.Filters = data[14], data[15]
	if version == modelVersion && (m.cfg.Hidden != 0 || m.cfg.Filters != 0) ||
		version >= modelVersionNeural && (m.cfg.Hidden == 0 || m.cfg.Hidden > maxHidden || !m.cfg.Hand) ||
		version == modelVersionNeural && m.cfg.Filters != 0 ||
		version == modelVersionConv && (m.cfg.Filters == 0 || m.cfg.Filters > maxFilters) {
		return nil, bad("hidden units %d and filters %d do not fit version %d", m.cfg.Hidden, m.cfg.Filters, version)
	}
	hidden, filters := int(m.cfg.Hidden), int(m.cfg.Filters)
	if m.cfg.HashBits < minHashBits || m.cfg.HashBits > maxHashBits {
		return nil, bad("hash size 2^%d is outside 2^%d..2^%d", m.cfg.HashBits, minHashBits, maxHashBits)
	}
	if flags&^63 != 0 || m.cfg.CharMax > 8 || (m.cfg.CharMax > 0 && (m.cfg.CharMin == 0 || m.cfg.CharMin > m.cfg.CharMax)) {
		return nil, bad("unknown feature settings")
	}
	want := modelHeaderSize + 4<<m.cfg.HashBits + 4*hidden*(neuralInputs+2) + 4*filters*(convSpan+2) + 4
	if len(data) != want {
		return nil, bad("%d bytes, want %d for 2^%d weights, %d hidden units and %d filters (cut short or padded)", len(data), want, m.cfg.HashBits, hidden, filters)
	}
	if got, sum := crc32.ChecksumIEEE(data[:len(data)-4]), le.Uint32(data[len(data)-4:]); got != sum {
		return nil, bad("checksum mismatch (the file is damaged)")
	}
	if m.cfg.Clusters {
		if m.cfg.clusters, err = defaultClusters(); err != nil {
			return nil, fmt.Errorf("load model: %w", err)
		}
	}
	if hidden > 0 {
		if m.cfg.vectors, err = defaultWordVectors(); err != nil {
			return nil, fmt.Errorf("load model: %w", err)
		}
		m.cfg.linkTables()
	}
	m.threshold = math.Float64frombits(le.Uint64(data[16:]))
	m.plattA = math.Float64frombits(le.Uint64(data[24:]))
	m.plattB = math.Float64frombits(le.Uint64(data[32:]))
	m.bias = math.Float32frombits(le.Uint32(data[40:]))
	m.cv.Precision = float64(math.Float32frombits(le.Uint32(data[44:])))
	m.cv.Recall = float64(math.Float32frombits(le.Uint32(data[48:])))
	m.cv.F1 = float64(math.Float32frombits(le.Uint32(data[52:])))
	m.trainRows = le.Uint32(data[56:])
	if !(m.threshold > 0 && m.threshold < 1) || !finite(m.plattA) || !finite(m.plattB) || !finite(float64(m.bias)) {
		return nil, bad("threshold or calibration out of range")
	}
	m.weights = make([]float32, 1<<m.cfg.HashBits)
	for i := range m.weights {
		v := math.Float32frombits(le.Uint32(data[modelHeaderSize+4*i:]))
		if !finite(float64(v)) {
			return nil, bad("weight %d is not a finite number", i)
		}
		m.weights[i] = v
	}
	if hidden > 0 {
		m.nn = &neural{hidden: hidden, filters: filters}
		m.projOnce = new(sync.Once)
		off := modelHeaderSize + 4<<m.cfg.HashBits
		for _, part := range []*[]float32{&m.nn.w1, &m.nn.b1, &m.nn.v, &m.nn.kc, &m.nn.cc, &m.nn.uc} {
			n := hidden
			switch part {
			case &m.nn.w1:
				n = hidden * neuralInputs
			case &m.nn.kc:
				n = filters * convSpan
			case &m.nn.cc, &m.nn.uc:
				n = filters
			}
			*part = make([]float32, n)
			for i := range *part {
				v := math.Float32frombits(le.Uint32(data[off:]))
				if !finite(float64(v)) {
					return nil, bad("a weight of the neural part is not a finite number")
				}
				(*part)[i] = v
				off += 4
			}
		}
	}
	return m, nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// maxReasons is how many features Score explains a score with.
const maxReasons = 5

// stackFeatures is how many features fit the stack buffer of Score; a longer
// sentence spills to the heap.
const stackFeatures = 512

// Score scores one sentence: its probability, whether it is at or above the
// threshold, and the features that weighed most, strongest first.
func (m *Model) Score(sentence string) Score {
	if m.idf != nil {
		p := m.P(sentence)
		return Score{P: p, Worthy: p >= m.threshold}
	}
	var buf [stackFeatures]feature
	fs := m.cfg.extract(buf[:0], sentence)
	scale := m.scale(len(fs))
	var sum float64
	var gain [maxHidden]float64
	var nnOut float64
	nw := 0
	var rowBuf [stackFeatures]int32
	var rows []int32
	var convPart []float64
	if m.nn != nil {
		rows = rowBuf[:0]
		if len(fs) > stackFeatures {
			rows = make([]int32, len(fs))
		}
		rows = rows[:len(fs)]
		if m.nn.filters == 0 {
			nnOut, nw, _ = m.units(sentence, fs, &gain, rows, nil, nil)
		} else {
			// the filters' buffers cost two allocations; no embedded
			// model has filters (see docs/MODEL.md)
			pool := new(convPool)
			var seq []int32
			nnOut, nw, seq = m.units(sentence, fs, &gain, rows, pool, make([]int32, 0, len(fs)))
			convPart = make([]float64, len(seq))
			m.nn.convParts(seq, pool, convPart)
		}
	}
	wpos := 0
	// top keeps the strongest contributions, by absolute value, sorted.
	var top [maxReasons]struct {
		c, abs float64
		i      int
	}
	ntop := 0
	for i := range fs {
		w := float64(m.weights[fs[i].idx])
		sum += w
		c := w * scale
		if m.nn != nil {
			// the neural part's share of the word or the hand feature
			switch fs[i].kind {
			case kindWord:
				c += m.wordPart(rows[i], nw, &gain)
				if convPart != nil {
					// the filters' share of the word's windows
					c += convPart[wpos]
				}
				wpos++
			case kindHand:
				c += m.handPart(fs[i].hand, &gain)
			}
		}
		ac := math.Abs(c)
		if ac < 1e-3 || (ntop == maxReasons && ac <= top[ntop-1].abs) {
			continue
		}
		dup := false
		for j := 0; j < ntop; j++ {
			if fs[top[j].i].idx == fs[i].idx && fs[top[j].i].kind == fs[i].kind {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		j := ntop
		if ntop < maxReasons {
			ntop++
		} else {
			j = maxReasons - 1
		}
		for j > 0 && top[j-1].abs < ac {
			top[j] = top[j-1]
			j--
		}
		top[j].c, top[j].abs, top[j].i = c, ac, i
	}
	p := m.calibrate(float64(m.bias) + float64(sum*scale) + nnOut)
	sc := Score{P: p, Worthy: p >= m.threshold}
	if ntop == 0 {
		return sc
	}
	// One allocation holds all the names, one the reasons.
	n := 0
	for j := 0; j < ntop; j++ {
		n += fs[top[j].i].nameLen(sentence, m.cfg.clusters)
	}
	var b strings.Builder
	b.Grow(n)
	var ends [maxReasons]int
	for j := 0; j < ntop; j++ {
		fs[top[j].i].appendName(&b, sentence, m.cfg.clusters)
		ends[j] = b.Len()
	}
	names := b.String()
	sc.Reasons = make([]Reason, ntop)
	start := 0
	for j := 0; j < ntop; j++ {
		sc.Reasons[j] = Reason{Feature: names[start:ends[j]], Weight: top[j].c}
		start = ends[j]
	}
	return sc
}

// P is the probability alone, for callers that need no reasons.
func (m *Model) P(sentence string) float64 {
	var buf [stackFeatures]feature
	fs := m.cfg.extract(buf[:0], sentence)
	if m.idf != nil {
		idx := make([]uint32, len(fs))
		for i := range fs {
			idx[i] = fs[i].idx
		}
		return m.calibrate(m.rawIDF(idx))
	}
	return m.calibrate(m.raw(sentence, fs))
}

// raw is the uncalibrated score of a feature list.
func (m *Model) raw(s string, fs []feature) float64 {
	scale := m.scale(len(fs))
	var z float64
	for i := range fs {
		z += float64(m.weights[fs[i].idx])
	}
	z = float64(m.bias) + float64(z*scale)
	if m.nn != nil {
		var gain [maxHidden]float64
		var out float64
		if m.nn.filters == 0 {
			out, _, _ = m.units(s, fs, &gain, nil, nil, nil)
		} else {
			out, _, _ = m.units(s, fs, &gain, nil, new(convPool), make([]int32, 0, len(fs)))
		}
		z += out
	}
	return z
}

// scale is the value of each of n features.
func (m *Model) scale(n int) float64 {
	if !m.cfg.Normalize || n == 0 {
		return 1
	}
	return 1 / math.Sqrt(float64(n))
}

// calibrate maps a raw score to a probability.
func (m *Model) calibrate(z float64) float64 {
	return sigmoid(float64(m.plattA*z) + m.plattB)
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}
