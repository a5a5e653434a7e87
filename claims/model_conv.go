package claims

import "math"

// The convolutional part of the neural part: filters that read convWidth
// words in a row (so word order counts: "must exchange", "not prevent"),
// each over the GloVe vectors of those words, max-pooled over the sentence
// and added to the score:
//
//	conv = sum_f u[f] * max(0, max_t (c[f] + sum_o K[f][o] . vec(word t+o)))
//
// Windows run from convWidth-1 words before the sentence to its last word,
// the words outside counted as zero vectors, so a short sentence has
// windows too (a sentence of no words has none). With the vectors fixed, K[f][o] . vec(w) depends on the word
// alone: a loaded model computes it once for every word of the table
// (cproj), and scoring adds convWidth rows a word. A filter's part is
// explained exactly as the share of each word of the window it pooled.

// convWidth is how many words in a row a filter reads.
const convWidth = 3

// maxFilters is the most filters a model may have.
const maxFilters = 64

// convSpan is the length of one filter's weights.
const convSpan = convWidth * vectorDims

// convFit holds the filters and their Adagrad sums while they are trained.
type convFit struct {
	filters    int
	k, c, u    []float64 // k: filters rows of convSpan (offset-major)
	gk, gc, gu []float64
	proj       []float64 // the last sentence's K . vec: words x convWidth x filters
	best       []int     // the last sentence's pooled window of each filter
	pooled     []float64 // and its value
	lr, l2     float64
}

func newConvFit(filters int, seed uint64, lr, l2 float64) *convFit {
	n := &convFit{
		filters: filters, lr: lr, l2: l2,
		k: make([]float64, filters*convSpan), c: make([]float64, filters), u: make([]float64, filters),
		gk: make([]float64, filters*convSpan), gc: make([]float64, filters), gu: make([]float64, filters),
		best: make([]int, filters), pooled: make([]float64, filters),
	}
	x := seed ^ 0x636f6e76 // "conv"
	glorot(n.k, convSpan, filters, &x)
	glorot(n.u, filters, 1, &x)
	for f := range n.c {
		n.c[f] = 0.01
	}
	return n
}

// forward computes the filters over the sentence whose words have the rows
// seq of the vector table (-1: no vector), the vectors vec (float rows of
// vectorDims), and returns the part's output.
func (n *convFit) forward(seq []int32, vec []float32) float64 {
	F := n.filters
	need := len(seq) * convWidth * F
	if cap(n.proj) < need {
		n.proj = make([]float64, need)
	}
	n.proj = n.proj[:need]
	clear(n.proj)
	for t, r := range seq {
		if r < 0 {
			continue
		}
		e := vec[int(r)*vectorDims : int(r+1)*vectorDims]
		for o := range convWidth {
			dst := n.proj[(t*convWidth+o)*F : (t*convWidth+o+1)*F]
			for f := range F {
				row := n.k[f*convSpan+o*vectorDims : f*convSpan+(o+1)*vectorDims]
				var a float64
				for k, ev := range e {
					a += float64(row[k] * float64(ev))
				}
				dst[f] = a
			}
		}
	}
	for f := range F {
		n.pooled[f] = math.Inf(-1)
	}
	for t := firstWindow(len(seq)); t < len(seq); t++ {
		for f := range F {
			a := n.c[f]
			for o := range convWidth {
				if p := t + o; p >= 0 && p < len(seq) {
					a += n.proj[(p*convWidth+o)*F+f]
				}
			}
			if a > n.pooled[f] {
				n.pooled[f], n.best[f] = a, t
			}
		}
	}
	var out float64
	for f := range F {
		if n.pooled[f] > 0 {
			out += float64(n.u[f] * n.pooled[f])
		}
	}
	return out
}

// backward applies the gradient g of the loss with respect to the output,
// for the sentence of the last forward.
func (n *convFit) backward(seq []int32, vec []float32, g float64) {
	lr, l2 := n.lr, n.l2
	for f := range n.filters {
		m := max(n.pooled[f], 0)
		gu := float64(g*m) + float64(l2*n.u[f])
		d := 0.0
		if n.pooled[f] > 0 {
			d = float64(g * n.u[f])
		}
		n.gu[f] += float64(gu * gu)
		n.u[f] -= float64(lr*gu) / (math.Sqrt(n.gu[f]) + 1e-8)
		if d == 0 {
			continue
		}
		n.gc[f] += float64(d * d)
		n.c[f] -= float64(lr*d) / (math.Sqrt(n.gc[f]) + 1e-8)
		t := n.best[f]
		for o := range convWidth {
			p := t + o
			if p < 0 || p >= len(seq) || seq[p] < 0 {
				continue
			}
			e := vec[int(seq[p])*vectorDims : int(seq[p]+1)*vectorDims]
			row := n.k[f*convSpan+o*vectorDims : f*convSpan+(o+1)*vectorDims]
			grow := n.gk[f*convSpan+o*vectorDims : f*convSpan+(o+1)*vectorDims]
			for k, ev := range e {
				gk := float64(d*float64(ev)) + float64(l2*row[k])
				grow[k] += float64(gk * gk)
				row[k] -= float64(lr*gk) / (math.Sqrt(grow[k]) + 1e-8)
			}
		}
	}
}

// firstWindow is where the windows of a sentence of n words start: the
// first holds the first word alone; a sentence of no words has none.
func firstWindow(n int) int {
	if n == 0 {
		return 0
	}
	return 1 - convWidth
}

// floatVectors returns the vector table's rows as floats, for training.
func floatVectors(t *WordVectors) []float32 {
	out := make([]float32, len(t.hashes)*vectorDims)
	for r := range t.hashes {
		sc := float64(t.scale[r])
		for k, q := range t.data[r*vectorDims : (r+1)*vectorDims] {
			out[r*vectorDims+k] = float32(sc * float64(q))
		}
	}
	return out
}

// convProject fills cproj: for each word of the table, each offset and
// each filter, K[f][o] . vec(word), laid out word, offset, filter.
func (n *neural) convProject(t *WordVectors) {
	F := n.filters
	rows := len(t.hashes)
	n.cproj = make([]float32, rows*convWidth*F)
	vec := make([]float64, vectorDims)
	for r := range rows {
		sc := float64(t.scale[r])
		for k, q := range t.data[r*vectorDims : (r+1)*vectorDims] {
			vec[k] = float64(sc * float64(q))
		}
		for o := range convWidth {
			for f := range F {
				row := n.kc[f*convSpan+o*vectorDims : f*convSpan+(o+1)*vectorDims]
				var a float64
				for k, w := range row {
					a += float64(float64(w) * vec[k])
				}
				n.cproj[(r*convWidth+o)*F+f] = float32(a)
			}
		}
	}
}

// convPool holds what the filters found in one sentence.
type convPool struct {
	value [maxFilters]float64
	best  [maxFilters]int32
}

// conv returns the convolutional part's output for the sentence whose words
// have the rows seq, and records each filter's pooled window and value in
// pool.
func (n *neural) conv(seq []int32, pool *convPool) float64 {
	F := n.filters
	for f := range F {
		pool.value[f] = math.Inf(-1)
	}
	var acc [maxFilters]float64
	for t := firstWindow(len(seq)); t < len(seq); t++ {
		for f, c := range n.cc {
			acc[f] = float64(c)
		}
		for o := range convWidth {
			p := t + o
			if p < 0 || p >= len(seq) || seq[p] < 0 {
				continue
			}
			src := n.cproj[(int(seq[p])*convWidth+o)*F : (int(seq[p])*convWidth+o+1)*F]
			for f, v := range src {
				acc[f] += float64(v)
			}
		}
		for f := range F {
			if acc[f] > pool.value[f] {
				pool.value[f], pool.best[f] = acc[f], int32(t)
			}
		}
	}
	var out float64
	for f := range F {
		if pool.value[f] > 0 {
			out += float64(float64(n.uc[f]) * pool.value[f])
		}
	}
	return out
}

// convParts splits the convolutional part's output among the words of the
// sentence: part[p] (len(seq) long, zeroed first) receives, for every
// filter that fired, the word's own term of the pooled window and an equal
// share of the filter's bias among the window's words. The parts add up to
// the output.
func (n *neural) convParts(seq []int32, pool *convPool, part []float64) {
	clear(part)
	for f := range n.filters {
		if !(pool.value[f] > 0) {
			continue
		}
		u := float64(n.uc[f])
		t := int(pool.best[f])
		lo, hi := max(t, 0), min(t+convWidth, len(seq))
		share := float64(u*float64(n.cc[f])) / float64(hi-lo)
		for p := lo; p < hi; p++ {
			part[p] += share
			if seq[p] >= 0 {
				o := p - t
				part[p] += float64(u * float64(n.cproj[(int(seq[p])*convWidth+o)*n.filters+f]))
			}
		}
	}
}
