package claims

import (
	"math"
	"slices"
)

// The neural part of the model: one hidden layer of rectified linear units
// over the mean GloVe vector of the sentence's words and the hand-written
// features (on or off), added to the linear score:
//
//	z = bias + linear score + sum_h v[h] * max(0, b1[h] + W1[h] . x)
//
// It lets what the words mean count beyond the words the data saw, and
// lets features work together (an attribution frame with a health word).
// Its part of a score is explained exactly, for the units the sentence
// turns on, as the contribution of each word and each hand feature (see
// neuralReasons).

// maxHidden is the most hidden units a model may have: those of the
// members of an ensemble side by side (TrainOptions.Members).
const maxHidden = 128

// maxMemberHidden is the most hidden units one trained model may have.
const maxMemberHidden = 64

// neuralInputs is the length of the neural part's input: the mean word
// vector and one value per hand-written feature.
const neuralInputs = vectorDims + int(handCount)

// neural is the trained neural part.
type neural struct {
	hidden int
	w1     []float32 // hidden rows of neuralInputs
	b1, v  []float32
	// proj holds, for each word of the vector table, W1 times its vector
	// (hidden values a word), so that scoring adds a row a word instead of
	// multiplying the mean vector; filled on first use.
	proj []float32
	// filters is the number of convolutional filters (0: none); kc holds
	// their weights (filters rows of convSpan, offset-major), cc their
	// biases and uc their output weights; cproj is filled with proj (see
	// convProject).
	filters    int
	kc, cc, uc []float32
	cproj      []float32
}

// neuralInput writes the neural part's input for the features fs of s into
// x (length neuralInputs) and returns how many words had a vector.
func (c *FeatureConfig) neuralInput(x []float64, s string, fs []feature) int {
	clear(x)
	n := 0
	for i := range fs {
		f := &fs[i]
		switch f.kind {
		case kindWord:
			r := c.vectors.rowOf(hashWord(kindSeed(kindWord), s, int(f.a0), int(f.a1)))
			if r < 0 {
				continue
			}
			n++
			sc := float64(c.vectors.scale[r])
			for k, q := range c.vectors.data[r*vectorDims : (r+1)*vectorDims] {
				x[k] += float64(sc * float64(q))
			}
		case kindHand:
			x[vectorDims+int(f.hand)] = 1
		}
	}
	if n > 1 {
		inv := 1 / float64(n)
		for k := range vectorDims {
			x[k] = float64(x[k] * inv)
		}
	}
	return n
}

// splitmixFloat returns the next value of a splitmix64 stream as a float
// in [-1, 1).
func splitmixFloat(x *uint64) float64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11)/float64(1<<52) - 1
}

// glorot fills w, a layer from in to out units, with uniform values in
// ±√(6/(in+out)) drawn from the stream x.
func glorot(w []float64, in, out int, x *uint64) {
	r := math.Sqrt(6 / float64(in+out))
	for i := range w {
		w[i] = r * splitmixFloat(x)
	}
}

// neuralFit holds the neural part's parameters and Adagrad sums while it
// is trained alongside the linear part.
type neuralFit struct {
	hidden         int
	w1, b1, v      []float64
	gw1, gb1, gv   []float64
	pre, hid, dpre []float64
	lr, l2         float64
	// conv is the convolutional part (nil: none) and vec the vector
	// table's rows it reads.
	conv *convFit
	vec  []float32
}

func newNeuralFit(hidden int, seed uint64, lr, l2 float64) *neuralFit {
	n := &neuralFit{
		hidden: hidden, lr: lr, l2: l2,
		w1: make([]float64, hidden*neuralInputs), b1: make([]float64, hidden), v: make([]float64, hidden),
		gw1: make([]float64, hidden*neuralInputs), gb1: make([]float64, hidden), gv: make([]float64, hidden),
		pre: make([]float64, hidden), hid: make([]float64, hidden), dpre: make([]float64, hidden),
	}
	x := seed ^ 0x6e657572616c // "neural"
	glorot(n.w1, neuralInputs, hidden, &x)
	glorot(n.v, hidden, 1, &x)
	for h := range n.b1 {
		n.b1[h] = 0.01
	}
	return n
}

// forward computes the hidden units for x (and the filters for the words
// seq) and returns the output.
func (n *neuralFit) forward(x []float32, seq []int32) float64 {
	var out float64
	if n.conv != nil {
		out = n.conv.forward(seq, n.vec)
	}
	for h := range n.hidden {
		row := n.w1[h*neuralInputs : (h+1)*neuralInputs]
		a := n.b1[h]
		for k, xv := range x {
			if xv != 0 {
				a += float64(row[k] * float64(xv))
			}
		}
		n.pre[h] = a
		n.hid[h] = max(a, 0)
		out += float64(n.v[h] * n.hid[h])
	}
	return out
}

// backward applies the gradient g of the loss with respect to the output,
// for the input x of the last forward.
func (n *neuralFit) backward(x []float32, seq []int32, g float64) {
	lr, l2 := n.lr, n.l2
	if n.conv != nil {
		n.conv.backward(seq, n.vec, g)
	}
	for h := range n.hidden {
		d := 0.0
		if n.pre[h] > 0 {
			d = float64(g * n.v[h])
		}
		n.dpre[h] = d
		gv := float64(g*n.hid[h]) + float64(l2*n.v[h])
		n.gv[h] += float64(gv * gv)
		n.v[h] -= float64(lr*gv) / (math.Sqrt(n.gv[h]) + 1e-8)
	}
	for h := range n.hidden {
		d := n.dpre[h]
		if d == 0 {
			continue
		}
		n.gb1[h] += float64(d * d)
		n.b1[h] -= float64(lr*d) / (math.Sqrt(n.gb1[h]) + 1e-8)
		row := n.w1[h*neuralInputs : (h+1)*neuralInputs]
		grow := n.gw1[h*neuralInputs : (h+1)*neuralInputs]
		for k, xv := range x {
			if xv == 0 {
				continue
			}
			gk := float64(d*float64(xv)) + float64(l2*row[k])
			grow[k] += float64(gk * gk)
			row[k] -= float64(lr*gk) / (math.Sqrt(grow[k]) + 1e-8)
		}
	}
}

// model returns the trained part in the model's form.
func (n *neuralFit) model() *neural {
	out := &neural{hidden: n.hidden, w1: make([]float32, len(n.w1)), b1: make([]float32, n.hidden), v: make([]float32, n.hidden)}
	for i, w := range n.w1 {
		out.w1[i] = float32(w)
	}
	for h := range n.hidden {
		out.b1[h], out.v[h] = float32(n.b1[h]), float32(n.v[h])
	}
	if c := n.conv; c != nil {
		out.filters = c.filters
		out.kc, out.cc, out.uc = make([]float32, len(c.k)), make([]float32, c.filters), make([]float32, c.filters)
		for i, w := range c.k {
			out.kc[i] = float32(w)
		}
		for f := range c.filters {
			out.cc[f], out.uc[f] = float32(c.c[f]), float32(c.u[f])
		}
	}
	return out
}

// output is the neural part's output for the input x.
func (n *neural) output(x []float64) float64 {
	var out float64
	for h := range n.hidden {
		row := n.w1[h*neuralInputs : (h+1)*neuralInputs]
		a := float64(n.b1[h])
		for k, xv := range x {
			if xv != 0 {
				a += float64(float64(row[k]) * xv)
			}
		}
		if a > 0 {
			out += float64(float64(n.v[h]) * a)
		}
	}
	return out
}

// project fills proj: W1 times each word's vector (and cproj).
func (n *neural) project(t *WordVectors) {
	if n.filters > 0 {
		n.convProject(t)
	}
	rows := len(t.hashes)
	n.proj = make([]float32, rows*n.hidden)
	vec := make([]float64, vectorDims)
	for r := range rows {
		sc := float64(t.scale[r])
		for k, q := range t.data[r*vectorDims : (r+1)*vectorDims] {
			vec[k] = float64(sc * float64(q))
		}
		for h := range n.hidden {
			row := n.w1[h*neuralInputs : h*neuralInputs+vectorDims]
			var a float64
			for k, w := range row {
				a += float64(float64(w) * vec[k])
			}
			n.proj[r*n.hidden+h] = float32(a)
		}
	}
}

// units computes the hidden units' gains for the features fs of s: gain[h]
// is v[h] for a unit the sentence turns on and 0 for the others, so that
// the output is the sum of gain[h] times the unit's input. It returns the
// output and the number of words with a vector. When rows is not nil
// (len(fs) long) it records each word feature's row of the vector table
// (-1: none), for wordPart. With filters, the rows of the sentence's words
// in order are appended to seq (returned) and the filters' pooled windows
// recorded in pool (not nil); the output includes their part. Without
// filters pool and seq go unused.
func (m *Model) units(s string, fs []feature, gain *[maxHidden]float64, rows []int32, pool *convPool, seq []int32) (float64, int, []int32) {
	n := m.nn
	m.projOnce.Do(func() { n.project(m.cfg.vectors) })
	H := n.hidden
	var pre, words [maxHidden]float64
	nw := 0
	for i := range fs {
		f := &fs[i]
		switch f.kind {
		case kindWord:
			r := m.cfg.wordRow(s, f)
			if rows != nil {
				rows[i] = int32(r)
			}
			if n.filters > 0 {
				seq = append(seq, int32(r))
			}
			if r < 0 {
				continue
			}
			nw++
			for h, p := range n.proj[r*H : (r+1)*H] {
				words[h] += float64(p)
			}
		case kindHand:
			for h := range H {
				pre[h] += float64(n.w1[h*neuralInputs+vectorDims+int(f.hand)])
			}
		}
	}
	inv := 1.0
	if nw > 1 {
		inv = 1 / float64(nw)
	}
	var out float64
	for h := range H {
		a := float64(n.b1[h]) + pre[h] + float64(words[h]*inv)
		gain[h] = 0
		if a > 0 {
			gain[h] = float64(n.v[h])
			out += float64(gain[h] * a)
		}
	}
	if n.filters > 0 {
		out += n.conv(seq, pool)
	}
	return out, nw, seq
}

// wordPart is the neural part's contribution of the word in row r of the
// vector table (-1: none) in a sentence of nw words with a vector, given
// the units' gains.
func (m *Model) wordPart(r int32, nw int, gain *[maxHidden]float64) float64 {
	if r < 0 || nw == 0 {
		return 0
	}
	H := m.nn.hidden
	var c float64
	for h, p := range m.nn.proj[int(r)*H : int(r+1)*H] {
		c += float64(gain[h] * float64(p))
	}
	return c / float64(nw)
}

// handPart is the neural part's contribution of the hand feature hand,
// given the units' gains.
func (m *Model) handPart(hand uint8, gain *[maxHidden]float64) float64 {
	var c float64
	for h := range m.nn.hidden {
		c += float64(gain[h] * float64(m.nn.w1[h*neuralInputs+vectorDims+int(hand)]))
	}
	return c
}

// wordRow returns the row of the word feature f of s in the vector table,
// or -1. When the vector table holds the very words of the cluster table
// (the embedded ones do), extract has found it already.
func (c *FeatureConfig) wordRow(s string, f *feature) int {
	if c.sameWords {
		return int(f.b0)
	}
	return c.vectors.rowOf(hashWord(kindSeed(kindWord), s, int(f.a0), int(f.a1)))
}

// linkTables notes whether the vector table holds exactly the words of the
// cluster table, in the same order, so that a word's place in one is its
// row in the other.
func (c *FeatureConfig) linkTables() {
	c.sameWords = c.clusters != nil && c.vectors != nil && slices.Equal(c.clusters.hashes, c.vectors.hashes)
}
