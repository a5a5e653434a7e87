package claims

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Example is one labelled sentence.
type Example struct {
	// ID is the row's identifier (the first column), if the file has one.
	ID string
	// Text is the sentence.
	Text string
	// Worthy is the label: Yes (true) or No (false).
	Worthy bool
	// Line is the line of the file the row came from, counting from 1.
	Line int
}

// ErrBadData is returned for a labelled file that cannot be read.
var ErrBadData = errors.New("bad labelled data")

// maxTSVBytes caps a labelled file: far more than any newsroom's decisions.
const maxTSVBytes = 256 << 20

// ReadTSV reads labelled sentences: tab-separated rows of ID, Text and
// label (Yes or No; 1 or 0 and true or false are read too), or of Text and
// label alone. There is no quoting: a text may hold any character but a tab
// or a newline. A header line (its last column "class_label" or "label") is
// skipped, as are blank lines. Errors name the line or byte offset.
func ReadTSV(r io.Reader) ([]Example, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxTSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read labelled data: %w", err)
	}
	if len(data) > maxTSVBytes {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrBadData, maxTSVBytes>>20)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, fmt.Errorf("%w: a binary file (NUL byte at offset %d), not tab-separated text", ErrBadData, i)
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, fmt.Errorf("%w: invalid UTF-8 at byte offset %d (line %d); save the file as UTF-8",
			ErrBadData, off, bytes.Count(data[:off], []byte("\n"))+1)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var out []Example
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), maxTSVBytes)
	line := 0
	for sc.Scan() {
		line++
		row := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(row) == "" {
			continue
		}
		cols := strings.Split(row, "\t")
		if len(cols) < 2 {
			return nil, fmt.Errorf("%w: line %d: want ID<TAB>Text<TAB>label or Text<TAB>label, found no tab", ErrBadData, line)
		}
		last := strings.TrimSpace(cols[len(cols)-1])
		if line == 1 || len(out) == 0 {
			if l := strings.ToLower(last); l == "class_label" || l == "label" {
				continue
			}
		}
		var ex Example
		ex.Line = line
		switch {
		case len(cols) == 2:
			ex.Text = cols[0]
		case len(cols) == 3:
			ex.ID, ex.Text = strings.TrimSpace(cols[0]), cols[1]
		default:
			return nil, fmt.Errorf("%w: line %d: %d columns, want 2 or 3 (a text may not hold a tab)", ErrBadData, line, len(cols))
		}
		ex.Text = strings.TrimSpace(ex.Text)
		if ex.Text == "" {
			return nil, fmt.Errorf("%w: line %d: the text is empty", ErrBadData, line)
		}
		switch strings.ToLower(last) {
		case "yes", "1", "true":
			ex.Worthy = true
		case "no", "0", "false":
		default:
			return nil, fmt.Errorf("%w: line %d: label %q is not Yes or No", ErrBadData, line, last)
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: line %d: %v", ErrBadData, line+1, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no labelled rows", ErrBadData)
	}
	return out, nil
}

// Evaluate scores every example and counts the model's decisions at its
// threshold against the labels.
func (m *Model) Evaluate(examples []Example) Metrics {
	var tp, fp, fn, tn int
	for _, ex := range examples {
		yes := m.P(ex.Text) >= m.threshold
		switch {
		case yes && ex.Worthy:
			tp++
		case yes:
			fp++
		case ex.Worthy:
			fn++
		default:
			tn++
		}
	}
	return newMetrics(tp, fp, fn, tn)
}

// TrainOptions are the settings of Train. The zero value of a field means
// its default; the defaults are what trained the embedded model.
type TrainOptions struct {
	// Folds is k of the k-fold cross-validation that calibrates the model
	// and chooses its threshold (default 5).
	Folds int
	// Seed fixes the order of the data: the same data, options and seed
	// give the same model, byte for byte.
	Seed uint64
	// Epochs is the number of passes over the data (default 12).
	Epochs int
	// LearningRate is the Adagrad step size (default 0.1).
	LearningRate float64
	// L2 is the weight decay (default 1e-4).
	L2 float64
	// PositiveWeight multiplies the loss of Yes rows; 0 means
	// sqrt(No rows / Yes rows).
	PositiveWeight float64
	// Prune, when above 0, drops training rows whose out-of-fold
	// probability of their own label is below it (rows the rest of the
	// data strongly disagrees with), then trains again.
	Prune float64
	// Features are the features to train on; the zero value means
	// DefaultFeatures.
	Features FeatureConfig
	// IDF weighs each word by its inverse document frequency in the
	// training rows (TF-IDF, each occurrence counted): the plain reference
	// the model is measured against. It needs Features with words only; a
	// model trained so scores sentences but cannot be written to a file.
	IDF bool
	// Extra are labelled rows of another kind (news sentences beside the
	// debates) that every model is trained on, in each fold of the
	// cross-validation and in the final fit, but that cross-validation
	// never scores: the cross-validated figures, the calibration and the
	// threshold come from the examples alone.
	Extra []Example
	// NeuralRate is the Adagrad step size of the neural part (default
	// 0.05), NeuralL2 its weight decay (default 1e-4).
	NeuralRate, NeuralL2 float64
	// ConvRate is the Adagrad step size of the convolutional filters
	// (default: NeuralRate), ConvL2 their weight decay (default: NeuralL2).
	ConvRate, ConvL2 float64
	// ExtraWeight multiplies the loss of the Extra rows (default 3).
	ExtraWeight float64
	// Members is how many models, each started from its own seed, are
	// trained and averaged into the one model (default 1: a single model).
	// The average is folded exactly into one model of the same form: the
	// mean of the linear weights, and the members' hidden units side by
	// side with their output weights divided by Members, so scoring stays
	// one pass. Members times the hidden units may be at most 128, times
	// the filters at most 64. Each fold of the cross-validation trains its
	// own ensemble, so the calibration and threshold are those of the
	// whole procedure.
	Members int
	// Bootstrap trains each member on a bootstrap sample (as many rows,
	// drawn with replacement by the member's seed) instead of all rows.
	Bootstrap bool
	// Log, when set, receives the cross-validation figures.
	Log io.Writer
}

// DefaultFeatures is the feature configuration of the embedded model.
func DefaultFeatures() FeatureConfig {
	return FeatureConfig{HashBits: 18, Bigrams: true, Hand: true, Normalize: true, News: true, Clusters: true, Hidden: 16}
}

// DefaultTrainOptions are the options that trained the embedded model.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{Folds: 5, Seed: 1, Epochs: 12, LearningRate: 0.1, L2: 1e-4, NeuralRate: 0.05, NeuralL2: 1e-4, Features: DefaultFeatures(), ExtraWeight: 3}
}

func (o *TrainOptions) fill() error {
	d := DefaultTrainOptions()
	if o.Folds == 0 {
		o.Folds = d.Folds
	}
	if o.Epochs == 0 {
		o.Epochs = d.Epochs
	}
	if o.ExtraWeight == 0 {
		o.ExtraWeight = d.ExtraWeight
	}
	if o.LearningRate == 0 {
		o.LearningRate = d.LearningRate
	}
	if o.L2 == 0 {
		o.L2 = d.L2
	}
	if o.NeuralRate == 0 {
		o.NeuralRate = d.NeuralRate
	}
	if o.NeuralL2 == 0 {
		o.NeuralL2 = d.NeuralL2
	}
	if o.Members == 0 {
		o.Members = 1
	}
	if o.ConvRate == 0 {
		o.ConvRate = o.NeuralRate
	}
	if o.ConvL2 == 0 {
		o.ConvL2 = o.NeuralL2
	}
	if o.Features == (FeatureConfig{}) {
		o.Features = d.Features
	}
	if o.Features.Hidden > 0 && o.Features.vectors == nil {
		v, err := defaultWordVectors()
		if err != nil {
			return err
		}
		o.Features.vectors = v
	}
	if o.Features.Clusters && o.Features.clusters == nil {
		c, err := defaultClusters()
		if err != nil {
			return err
		}
		o.Features.clusters = c
	}
	o.Features.linkTables()
	switch {
	case o.Folds < 2:
		return fmt.Errorf("folds %d: want at least 2", o.Folds)
	case o.Epochs < 1 || o.Epochs > 1000:
		return fmt.Errorf("epochs %d: want 1 to 1000", o.Epochs)
	case o.LearningRate < 0 || o.L2 < 0 || o.PositiveWeight < 0 || o.NeuralRate < 0 || o.NeuralL2 < 0 || o.ConvRate < 0 || o.ConvL2 < 0:
		return errors.New("learning rates, L2 and positive weight may not be negative")
	case o.Prune < 0 || o.Prune >= 0.5:
		return fmt.Errorf("prune %g: want 0 (off) up to 0.5", o.Prune)
	case o.Features.HashBits < minHashBits || o.Features.HashBits > maxHashBits:
		return fmt.Errorf("hash bits %d: want %d to %d", o.Features.HashBits, minHashBits, maxHashBits)
	case o.Features.CharMax > 8 || o.Features.CharMax > 0 && (o.Features.CharMin == 0 || o.Features.CharMin > o.Features.CharMax):
		return errors.New("character n-grams: want 1 <= min <= max <= 8")
	case o.IDF && (o.Features.Bigrams || o.Features.Hand || o.Features.News || o.Features.Clusters || o.Features.CharMax > 0 || !o.Features.Normalize):
		return errors.New("TF-IDF weighting takes words alone, scaled to unit length")
	case o.Features.Hidden > maxMemberHidden || o.Features.Hidden > 0 && !o.Features.Hand:
		return fmt.Errorf("hidden units %d: want 0 to %d, with the hand features", o.Features.Hidden, maxMemberHidden)
	case o.Features.Filters > maxFilters || o.Features.Filters > 0 && o.Features.Hidden == 0:
		return fmt.Errorf("filters %d: want 0 to %d, with hidden units", o.Features.Filters, maxFilters)
	case o.Members < 1 || o.Members > maxMembers:
		return fmt.Errorf("members %d: want 1 to %d", o.Members, maxMembers)
	case o.Members*int(o.Features.Hidden) > maxHidden || o.Members*int(o.Features.Filters) > maxFilters:
		return fmt.Errorf("members %d of %d hidden units and %d filters: the folded model may hold at most %d units and %d filters",
			o.Members, o.Features.Hidden, o.Features.Filters, maxHidden, maxFilters)
	case o.IDF && (o.Members > 1 || o.Bootstrap):
		return errors.New("TF-IDF weighting trains one model on all rows (the reference), not an ensemble")
	case o.IDF && o.Features.Hidden > 0:
		return errors.New("TF-IDF weighting takes words alone, with no neural part")
	case o.ExtraWeight < 0 || o.ExtraWeight > 1000:
		return fmt.Errorf("extra weight %g: want 0 to 1000", o.ExtraWeight)
	case len(o.Extra) > 0 && o.Prune > 0:
		return errors.New("extra rows and pruning do not go together")
	case o.IDF && o.Prune > 0:
		return errors.New("TF-IDF weighting does not prune")
	}
	return nil
}

// sample is an example turned into weight slots.
type sample struct {
	idx   []uint32
	scale float64
	y     bool
	// w multiplies the row's loss: 1, or TrainOptions.ExtraWeight.
	w float64
	// x is the neural part's input (nil without one).
	x []float32
	// seq are the rows of the sentence's words in the vector table, in
	// order (-1: none), when the neural part has filters.
	seq []int32
}

// trainer holds the featurised data and the options of one Train call.
type trainer struct {
	opts    TrainOptions
	samples []sample
	// main is how many samples are examples; those after are Extra rows.
	main int
	// vec are the vector table's rows as floats, when the neural part
	// has filters.
	vec []float32
}

// Train fits a model to the examples: k-fold cross-validation gives
// out-of-fold scores, which calibrate the probability (Platt scaling) and
// choose the threshold that maximises F1 of the Yes class; then the model
// is fitted on all the rows. It is deterministic: the same examples and
// options give a byte-identical model.
func Train(examples []Example, opts TrainOptions) (*Model, error) {
	if err := opts.fill(); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	var pos int
	for _, ex := range examples {
		if ex.Worthy {
			pos++
		}
	}
	if pos == 0 || pos == len(examples) {
		label := "No"
		if pos > 0 {
			label = "Yes"
		}
		return nil, fmt.Errorf("train: %w: one class only: all %d rows are %s; a model needs both Yes and No rows", ErrBadData, len(examples), label)
	}
	if pos < opts.Folds || len(examples)-pos < opts.Folds {
		return nil, fmt.Errorf("train: %w: %d Yes and %d No rows; want at least %d of each for %d-fold cross-validation",
			ErrBadData, pos, len(examples)-pos, opts.Folds, opts.Folds)
	}
	t := &trainer{opts: opts, main: len(examples)}
	t.samples = featurise(append(examples[:len(examples):len(examples)], opts.Extra...), &opts.Features)
	for i := t.main; i < len(t.samples); i++ {
		t.samples[i].w = opts.ExtraWeight
	}
	if opts.Features.Filters > 0 {
		t.vec = floatVectors(opts.Features.vectors)
	}
	all, a, b, thr, cv, _ := t.outOfFold()
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "cross-validation (%d folds, %d rows): precision %.4f  recall %.4f  f1 %.4f  at threshold %.4f\n",
			opts.Folds, cv.N(), cv.Precision, cv.Recall, cv.F1, thr)
	}
	m, rows := t.fit(t.withExtra(all), opts.Seed^0x5eed)
	m.plattA, m.plattB, m.threshold, m.cv = a, b, thr, cv
	m.trainRows = uint32(rows)
	if opts.Log != nil && opts.Prune > 0 {
		fmt.Fprintf(opts.Log, "pruning kept %d of %d rows\n", rows, len(all))
	}
	return m, nil
}

func featurise(examples []Example, cfg *FeatureConfig) []sample {
	out := make([]sample, len(examples))
	buf := make([]feature, 0, 512)
	x := make([]float64, neuralInputs)
	for i, ex := range examples {
		buf = cfg.extract(buf[:0], ex.Text)
		s := sample{idx: make([]uint32, len(buf)), y: ex.Worthy, scale: 1, w: 1}
		for j := range buf {
			s.idx[j] = buf[j].idx
		}
		if cfg.Normalize && len(buf) > 0 {
			s.scale = 1 / math.Sqrt(float64(len(buf)))
		}
		if cfg.Hidden > 0 {
			cfg.neuralInput(x, ex.Text, buf)
			s.x = make([]float32, neuralInputs)
			for k, v := range x {
				s.x[k] = float32(v)
			}
		}
		if cfg.Filters > 0 {
			for j := range buf {
				if buf[j].kind == kindWord {
					s.seq = append(s.seq, int32(cfg.wordRow(ex.Text, &buf[j])))
				}
			}
		}
		out[i] = s
	}
	return out
}

// outOfFold cross-validates over all samples: the calibration (a, b) fitted
// to the out-of-fold scores, the threshold that maximises F1 on them and
// the metrics there.
func (t *trainer) outOfFold() (all []int, a, b, thr float64, cv Metrics, probs []float64) {
	all = make([]int, t.main)
	for i := range all {
		all[i] = i
	}
	oof := t.crossVal(all, true, t.opts.Seed)
	a, b = plattFit(oof, t.labels(all))
	probs = make([]float64, len(oof))
	for i, z := range oof {
		probs[i] = sigmoid(float64(a*z) + b)
	}
	thr, cv = bestThreshold(probs, t.labels(all))
	return all, a, b, thr, cv, probs
}

func (t *trainer) labels(idxs []int) []bool {
	out := make([]bool, len(idxs))
	for i, j := range idxs {
		out[i] = t.samples[j].y
	}
	return out
}

// crossVal returns the out-of-fold raw score of each row of idxs. prune
// says whether the fold models may prune (never inside pruning itself).
func (t *trainer) crossVal(idxs []int, prune bool, seed uint64) []float64 {
	k := t.opts.Folds
	perm := append([]int(nil), idxs...)
	shuffle(perm, seed)
	fold := make(map[int]int, len(perm))
	for p, i := range perm {
		fold[i] = p % k
	}
	out := make([]float64, len(idxs))
	// The folds are independent and each writes its own rows of out, so
	// they run side by side without changing a bit of the result.
	inParallel(k, func(f int) {
		var tr []int
		for _, i := range idxs {
			if fold[i] != f {
				tr = append(tr, i)
			}
		}
		tr = t.withExtra(tr)
		var m *Model
		if prune {
			m, _ = t.fit(tr, seed+uint64(f)+1)
		} else {
			m = t.fitRows(tr, seed+uint64(f)+1)
		}
		for p, i := range idxs {
			if fold[i] == f {
				if m.idf != nil {
					out[p] = m.rawIDF(t.samples[i].idx)
				} else {
					out[p] = m.rawSample(&t.samples[i])
				}
			}
		}
	})
	return out
}

// withExtra returns idxs followed by the Extra rows.
func (t *trainer) withExtra(idxs []int) []int {
	for i := t.main; i < len(t.samples); i++ {
		idxs = append(idxs, i)
	}
	return idxs
}

// fit trains on idxs, pruning first when the options ask for it. It
// returns the model and the number of rows it was trained on.
func (t *trainer) fit(idxs []int, seed uint64) (*Model, int) {
	if t.opts.Prune > 0 {
		oof := t.crossVal(idxs, false, seed^0x9e3779b97f4a7c15)
		a, b := plattFit(oof, t.labels(idxs))
		kept := make([]int, 0, len(idxs))
		for p, i := range idxs {
			pr := sigmoid(float64(a*oof[p]) + b)
			if !t.samples[i].y {
				pr = 1 - pr
			}
			if pr >= t.opts.Prune {
				kept = append(kept, i)
			}
		}
		idxs = kept
	}
	return t.fitRows(idxs, seed), len(idxs)
}

// inParallel runs fn(0) … fn(n-1), at most GOMAXPROCS at a time, and
// returns when all have. Each fn must write only what is its own.
func inParallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(i)
		}()
	}
	wg.Wait()
}

// maxMembers is the most models an ensemble may average.
const maxMembers = 32

// fitRows trains the model on idxs: one model, or the options' Members
// folded into one (see foldMembers), each from its own seed and, with
// Bootstrap, on its own sample of idxs. The members train side by side;
// each is deterministic, and they are folded in order, so the result does
// not depend on which finishes first.
func (t *trainer) fitRows(idxs []int, seed uint64) *Model {
	k := t.opts.Members
	if k <= 1 && !t.opts.Bootstrap {
		return t.fitOne(idxs, seed)
	}
	ms := make([]*Model, k)
	inParallel(k, func(j int) {
		ms[j] = t.fitOne(t.memberRows(idxs, seed, j), memberSeed(seed, j))
	})
	m := foldMembers(ms)
	m.trainRows = uint32(len(idxs))
	return m
}

// memberSeed is the seed of member j of an ensemble trained with seed:
// seed itself for the first, so that an ensemble of one is the single
// model, and a splitmix64 step away for the others.
func memberSeed(seed uint64, j int) uint64 {
	if j == 0 {
		return seed
	}
	x := seed ^ 0x656e73656d626c65 // "ensemble"
	for range j {
		splitmixFloat(&x)
	}
	return x
}

// memberRows are the rows member j trains on: idxs, or with Bootstrap as
// many rows drawn from idxs with replacement.
func (t *trainer) memberRows(idxs []int, seed uint64, j int) []int {
	if !t.opts.Bootstrap {
		return idxs
	}
	x := memberSeed(seed, j) ^ 0x626f6f74 // "boot"
	out := make([]int, len(idxs))
	for i := range out {
		u := (splitmixFloat(&x) + 1) / 2 // [0, 1)
		out[i] = idxs[min(int(u*float64(len(idxs))), len(idxs)-1)]
	}
	return out
}

// fitOne is logistic regression by Adagrad with L2 decay on the touched
// weights, the rows visited in an order fixed by seed. Products are
// converted explicitly so that no platform fuses them: the weights are the
// same bytes everywhere.
func (t *trainer) fitOne(idxs []int, seed uint64) *Model {
	cfg := t.opts.Features
	size := 1 << cfg.HashBits
	w := make([]float64, size)
	g2 := make([]float64, size)
	var bias, gb2 float64
	var pos int
	for _, i := range idxs {
		if t.samples[i].y {
			pos++
		}
	}
	posW := t.opts.PositiveWeight
	if posW == 0 {
		posW = 1
		if pos > 0 {
			posW = math.Sqrt(float64(len(idxs)-pos) / float64(pos))
		}
	}
	// With TF-IDF weighting each slot's value is its idf in these rows;
	// otherwise every value is 1, and multiplying by it changes no bit.
	var idf []float64
	scales := make([]float64, len(t.samples))
	for _, i := range idxs {
		scales[i] = t.samples[i].scale
	}
	if t.opts.IDF {
		idf = idfOf(t.samples, idxs, size)
		for _, i := range idxs {
			scales[i] = idfScale(t.samples[i].idx, idf)
		}
	}
	value := func(j uint32) float64 {
		if idf == nil {
			return 1
		}
		return idf[j]
	}
	lr, l2 := t.opts.LearningRate, t.opts.L2
	var nn *neuralFit
	if cfg.Hidden > 0 {
		nn = newNeuralFit(int(cfg.Hidden), seed, t.opts.NeuralRate, t.opts.NeuralL2)
		if cfg.Filters > 0 {
			nn.conv, nn.vec = newConvFit(int(cfg.Filters), seed, t.opts.ConvRate, t.opts.ConvL2), t.vec
		}
	}
	order := append([]int(nil), idxs...)
	for ep := 0; ep < t.opts.Epochs; ep++ {
		shuffle(order, seed+uint64(ep)*0x2545f4914f6cdd1d)
		for _, i := range order {
			s := &t.samples[i]
			var sum float64
			for _, j := range s.idx {
				sum += float64(w[j] * value(j))
			}
			z := bias + float64(sum*scales[i])
			if nn != nil {
				z += nn.forward(s.x, s.seq)
			}
			p := sigmoid(z)
			g := p
			cw := 1.0
			if s.y {
				g = p - 1
				cw = posW
			}
			g = float64(g * cw)
			if s.w != 1 {
				g = float64(g * s.w)
			}
			gb2 += float64(g * g)
			bias -= float64(lr*g) / (math.Sqrt(gb2) + 1e-8)
			if nn != nil {
				nn.backward(s.x, s.seq, g)
			}
			gs := float64(g * scales[i])
			for _, j := range s.idx {
				gj := float64(gs*value(j)) + float64(l2*w[j])
				g2[j] += float64(gj * gj)
				w[j] -= float64(lr*gj) / (math.Sqrt(g2[j]) + 1e-8)
			}
		}
	}
	m := &Model{cfg: cfg, bias: float32(bias), weights: make([]float32, size), plattA: 1, threshold: 0.5}
	for i, v := range w {
		m.weights[i] = float32(v)
	}
	m.idf = idf
	if nn != nil {
		m.nn = nn.model()
		m.projOnce = new(sync.Once)
	}
	m.trainRows = uint32(len(idxs))
	return m
}

// idfOf is the smoothed inverse document frequency, log((1+n)/(1+df))+1,
// of each slot over the rows idxs.
func idfOf(samples []sample, idxs []int, size int) []float64 {
	df := make([]float64, size)
	seen := make([]int, size)
	for k, i := range idxs {
		for _, j := range samples[i].idx {
			if seen[j] != k+1 {
				seen[j] = k + 1
				df[j]++
			}
		}
	}
	n := float64(len(idxs))
	for j := range df {
		df[j] = math.Log((1+n)/(1+df[j])) + 1
	}
	return df
}

// idfScale scales a row's TF-IDF values to unit length.
func idfScale(idx []uint32, idf []float64) float64 {
	var ss float64
	for _, j := range idx {
		ss += idf[j] * idf[j]
	}
	if ss == 0 {
		return 1
	}
	return 1 / math.Sqrt(ss)
}

// rawIDF is the raw score of a TF-IDF-weighted row.
func (m *Model) rawIDF(idx []uint32) float64 {
	var sum float64
	for _, j := range idx {
		sum += float64(m.weights[j]) * m.idf[j]
	}
	return float64(m.bias) + sum*idfScale(idx, m.idf)
}

// rawSample is the raw score of a featurised row.
func (m *Model) rawSample(s *sample) float64 {
	var sum float64
	for _, j := range s.idx {
		sum += float64(m.weights[j])
	}
	z := float64(m.bias) + float64(sum*s.scale)
	if m.nn != nil {
		x := make([]float64, neuralInputs)
		for k, v := range s.x {
			x[k] = float64(v)
		}
		z += m.nn.output(x)
		if m.nn.filters > 0 {
			m.projOnce.Do(func() { m.nn.project(m.cfg.vectors) })
			var pool convPool
			z += m.nn.conv(s.seq, &pool)
		}
	}
	return z
}

// plattFit fits P(yes) = sigmoid(a*z + b) to the scores by Newton's method
// with Platt's smoothed targets (Platt 1999; Lin, Lin and Weng 2007).
func plattFit(z []float64, y []bool) (float64, float64) {
	var np, nn float64
	for _, v := range y {
		if v {
			np++
		} else {
			nn++
		}
	}
	hi, lo := (np+1)/(np+2), 1/(nn+2)
	a, b := 1.0, 0.0
	for range 100 {
		var ga, gb, haa, hab, hbb float64
		for i, zi := range z {
			t := lo
			if y[i] {
				t = hi
			}
			p := sigmoid(float64(a*zi) + b)
			d := p - t
			ga += float64(d * zi)
			gb += d
			w := float64(p * (1 - p))
			haa += float64(w * float64(zi*zi))
			hab += float64(w * zi)
			hbb += w
		}
		haa += 1e-9
		hbb += 1e-9
		det := float64(haa*hbb) - float64(hab*hab)
		if det <= 0 {
			break
		}
		da := (float64(hbb*ga) - float64(hab*gb)) / det
		db := (float64(haa*gb) - float64(hab*ga)) / det
		a -= da
		b -= db
		if math.Abs(da) < 1e-10 && math.Abs(db) < 1e-10 {
			break
		}
	}
	return a, b
}

// bestThreshold chooses the threshold that maximises F1 of the Yes class
// on the given probabilities: halfway between the lowest probability it
// calls Yes and the next one below, so that it does not sit on a row.
func bestThreshold(p []float64, y []bool) (float64, Metrics) {
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return p[order[a]] > p[order[b]] })
	var pos int
	for _, v := range y {
		if v {
			pos++
		}
	}
	best, bestK := -1.0, 0
	tp := 0
	for k, i := range order {
		if y[i] {
			tp++
		}
		// only between distinct probabilities can a threshold cut
		if k+1 < len(order) && p[order[k+1]] == p[i] {
			continue
		}
		f1 := 2 * float64(tp) / float64(k+1+pos)
		if f1 > best {
			best, bestK = f1, k
		}
	}
	lowest := p[order[bestK]]
	thr := lowest
	if bestK+1 < len(order) {
		thr = (lowest + p[order[bestK+1]]) / 2
	}
	thr = math.Min(math.Max(thr, 1e-6), 1-1e-6)
	var tpn, fp, fn, tn int
	for i := range p {
		yes := p[i] >= thr
		switch {
		case yes && y[i]:
			tpn++
		case yes:
			fp++
		case y[i]:
			fn++
		default:
			tn++
		}
	}
	return thr, newMetrics(tpn, fp, fn, tn)
}

// shuffle is a Fisher-Yates shuffle driven by splitmix64, so the order
// depends on the seed alone, never on the Go version.
func shuffle(a []int, seed uint64) {
	x := seed
	for i := len(a) - 1; i > 0; i-- {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		z ^= z >> 31
		j := int(z % uint64(i+1))
		a[i], a[j] = a[j], a[i]
	}
}
