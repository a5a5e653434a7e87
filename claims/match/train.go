package match

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Example is one training query: the index's candidates for it, which of
// them answer it, and the candidates the index gives once the query's
// answers are deleted from the archive (what a query that was never
// checked before looks like; the confidence threshold must stay quiet there).
type Example struct {
	Query   string
	Cands   []Doc
	Answer  []bool // Answer[i]: Cands[i] answers Query
	Removed []Doc
}

// TrainOptions are the trainer's settings; DefaultTrainOptions gives the
// ones the embedded weights were made with.
type TrainOptions struct {
	Folds     int     // cross-validation folds, split by query
	Seed      uint64  // shuffles the queries into folds
	L2        float64 // ridge penalty on the standardised weights
	Precision float64 // the least share of right answers among confident top answers, out of fold
	MaxFire   float64 // the most share of queries whose answers were removed that may still be confident
	Listwise  bool    // fit each query's list as a whole (a conditional logit) instead of each candidate on its own
	Trees     int     // boosting rounds of regression trees instead of a linear model (0: linear)
	Depth     int     // each tree's depth
	Rate      float64 // each tree's shrinkage
}

// DefaultTrainOptions returns the settings of the embedded weights.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{Folds: 5, Seed: 20220601, L2: 1, Precision: 0.97, MaxFire: 0.05, Depth: 3, Rate: 0.1}
}

// TrainReport is what cross-validation saw: each example's calibrated
// scores out of fold (for its candidates as given, and for its removed
// list), and the threshold's precision and firing rate there.
type TrainReport struct {
	OOF, OOFRemoved   [][]float64
	Threshold         float64
	Precision, Fire   float64 // out of fold, at Threshold
	ConfidentAnswered int     // queries whose top answer is confident, out of fold
}

type sample struct {
	f [nFeatures]float64
	y bool
	q int // example index
}

// NewRanker returns an untrained ranker whose word weights (idf) are
// counted over archive: the words of every fact-check's text, title and
// description. Train fills in the rest.
func NewRanker(archive []Doc) *Ranker {
	r := &Ranker{docs: len(archive), df: map[string]int{}}
	for k := range r.std {
		r.std[k] = 1
	}
	for _, d := range archive {
		seen := map[string]bool{}
		for _, f := range []string{d.Text, d.Title, d.Description} {
			for _, t := range tokens(Clean(f)) {
				if !stopword(t.word) && !seen[t.stem] {
					seen[t.stem] = true
					r.df[t.stem]++
				}
			}
		}
	}
	// A word in one fact-check weighs almost what an unseen word does;
	// leaving them out halves the weights file.
	for s, n := range r.df {
		if n < 2 {
			delete(r.df, s)
		}
	}
	return r
}

// Train fits the ranker's weights on examples by logistic regression,
// calibrates its scores by Platt scaling on out-of-fold scores, and
// chooses the confidence threshold out of fold: the lowest at which the
// confident top answers are right at least opts.Precision of the time
// (at that threshold and every higher one) and at most opts.MaxFire of
// the queries whose answers were removed still get one. It is
// deterministic: the same examples and options give the same weights.
func (r *Ranker) Train(examples []Example, opts TrainOptions) (*TrainReport, error) {
	if opts.Folds < 2 || len(examples) < opts.Folds {
		return nil, errors.New("match: need at least two folds and a query in each")
	}
	var all, removed []sample
	clash := make([][]bool, len(examples))
	clashRemoved := make([][]bool, len(examples))
	for qi, ex := range examples {
		if len(ex.Answer) != len(ex.Cands) {
			return nil, fmt.Errorf("match: example %d: %d answers for %d candidates", qi, len(ex.Answer), len(ex.Cands))
		}
		fs, cl := r.features(nil, ex.Query, ex.Cands)
		for i, f := range fs {
			for k, v := range f {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("match: example %d candidate %d: feature %s is %v", qi, i, featureNames[k], v)
				}
			}
			all = append(all, sample{f, ex.Answer[i], qi})
		}
		clash[qi] = cl
		fs, cl = r.features(nil, ex.Query, ex.Removed)
		for _, f := range fs {
			removed = append(removed, sample{f, false, qi})
		}
		clashRemoved[qi] = cl
	}
	fold := make([]int, len(examples))
	perm := make([]int, len(examples))
	for i := range perm {
		perm[i] = i
	}
	shuffle(perm, opts.Seed)
	for i, qi := range perm {
		fold[qi] = i % opts.Folds
	}
	rep := &TrainReport{OOF: make([][]float64, len(examples)), OOFRemoved: make([][]float64, len(examples))}
	oofRaw := make([]float64, len(all))
	oofRemovedRaw := make([]float64, len(removed))
	for k := 0; k < opts.Folds; k++ {
		var tr []sample
		for _, s := range all {
			if fold[s.q] != k {
				tr = append(tr, s)
			}
		}
		m := r.fit(tr, opts)
		for i := range all {
			if fold[all[i].q] == k {
				oofRaw[i] = m.raw(&all[i].f)
			}
		}
		for i := range removed {
			if fold[removed[i].q] == k {
				oofRemovedRaw[i] = m.raw(&removed[i].f)
			}
		}
	}
	ys := make([]bool, len(all))
	for i, s := range all {
		ys[i] = s.y
	}
	a, b := plattFit(oofRaw, ys)
	for i, s := range all {
		rep.OOF[s.q] = append(rep.OOF[s.q], sigmoid(a*oofRaw[i]+b))
	}
	for i, s := range removed {
		rep.OOFRemoved[s.q] = append(rep.OOFRemoved[s.q], sigmoid(a*oofRemovedRaw[i]+b))
	}
	thr, prec, fire, n := chooseThreshold(examples, rep.OOF, rep.OOFRemoved, clash, clashRemoved, opts)
	rep.Threshold, rep.Precision, rep.Fire, rep.ConfidentAnswered = thr, prec, fire, n

	m := r.fit(all, opts)
	r.mean, r.std, r.w, r.bias, r.trees = m.mean, m.std, m.w, m.bias, m.trees
	r.plattA, r.plattB, r.threshold = a, b, thr
	return rep, nil
}

// chooseThreshold walks the out-of-fold top scores from the highest down
// and keeps the lowest threshold that still meets both targets. A top
// answer that clashes with its query is never confident, as in Rank.
func chooseThreshold(examples []Example, oof, oofRemoved [][]float64, clash, clashRemoved [][]bool, opts TrainOptions) (thr, prec, fire float64, confident int) {
	type top struct {
		p     float64
		right bool
	}
	tops := make([]top, 0, len(examples))
	var removedTops []float64
	for qi, ex := range examples {
		if bi := argmax(oof[qi]); bi >= 0 && !clash[qi][bi] {
			tops = append(tops, top{oof[qi][bi], ex.Answer[bi]})
		}
		if bi := argmax(oofRemoved[qi]); bi >= 0 && !clashRemoved[qi][bi] {
			removedTops = append(removedTops, oofRemoved[qi][bi])
		}
	}
	sort.Slice(tops, func(i, j int) bool { return tops[i].p > tops[j].p })
	sort.Sort(sort.Reverse(sort.Float64Slice(removedTops)))
	thr = 1.0
	right, fired := 0, 0
	for i, t := range tops {
		if t.right {
			right++
		}
		if i+1 < len(tops) && tops[i+1].p == t.p {
			continue
		}
		for fired < len(removedTops) && removedTops[fired] >= t.p {
			fired++
		}
		p := float64(right) / float64(i+1)
		f := float64(fired) / float64(len(examples))
		if p < opts.Precision || f > opts.MaxFire {
			break
		}
		thr, prec, fire, confident = t.p, p, f, i+1
	}
	return thr, prec, fire, confident
}

func argmax(xs []float64) int {
	bi := -1
	for i, x := range xs {
		if bi < 0 || x > xs[bi] {
			bi = i
		}
	}
	return bi
}

func (r *Ranker) fit(samples []sample, opts TrainOptions) *Ranker {
	if opts.Trees > 0 {
		m := r.standardised(samples)
		x := make([][nFeatures]float64, len(samples))
		y := make([]bool, len(samples))
		for i := range samples {
			for k := 0; k < nFeatures; k++ {
				x[i][k] = (samples[i].f[k] - m.mean[k]) / m.std[k]
			}
			y[i] = samples[i].y
		}
		m.bias, m.trees = boost(x, y, opts.Trees, opts.Depth, opts.Rate, opts.L2)
		m.plattA = 1
		return m
	}
	if opts.Listwise {
		return r.fittedListwise(samples, opts.L2)
	}
	return r.fitted(samples, opts.L2)
}

// fittedListwise returns a copy of r with weights fitted to each query's
// list as a whole (a conditional logit: the softmax over a query's
// candidates should put its mass on the answers), by Newton's method.
// Only the order within a list is learnt, so the bias stays 0 and Platt
// scaling, fitted afterwards, turns scores into probabilities.
func (r *Ranker) fittedListwise(samples []sample, l2 float64) *Ranker {
	m := r.standardised(samples)
	const d = nFeatures
	x := make([][d]float64, len(samples))
	for i := range samples {
		for k := 0; k < d; k++ {
			x[i][k] = (samples[i].f[k] - m.mean[k]) / m.std[k]
		}
	}
	// Lists: runs of samples with the same query that hold an answer.
	type span struct{ lo, hi int }
	var lists []span
	for lo := 0; lo < len(samples); {
		hi, pos := lo, false
		for hi < len(samples) && samples[hi].q == samples[lo].q {
			pos = pos || samples[hi].y
			hi++
		}
		if pos {
			lists = append(lists, span{lo, hi})
		}
		lo = hi
	}
	z := make([]float64, len(samples))
	// pass computes the loss at beta and, with grad, its gradient and
	// (the answers' own spread left out, which only makes steps shorter)
	// its Hessian.
	pass := func(beta *[d + 1]float64, grad bool, g *[d + 1]float64, h *[d + 1][d + 1]float64) float64 {
		loss := 0.0
		for _, l := range lists {
			zmax, zpos := math.Inf(-1), math.Inf(-1)
			for i := l.lo; i < l.hi; i++ {
				v := 0.0
				for k := 0; k < d; k++ {
					v += beta[k] * x[i][k]
				}
				z[i] = v
				zmax = math.Max(zmax, v)
				if samples[i].y {
					zpos = math.Max(zpos, v)
				}
			}
			var sp, sq float64
			for i := l.lo; i < l.hi; i++ {
				sp += math.Exp(z[i] - zmax)
				if samples[i].y {
					sq += math.Exp(z[i] - zpos)
				}
			}
			loss += zmax + math.Log(sp) - zpos - math.Log(sq)
			if !grad {
				continue
			}
			var mean [d]float64
			for i := l.lo; i < l.hi; i++ {
				pi := math.Exp(z[i]-zmax) / sp
				qi := 0.0
				if samples[i].y {
					qi = math.Exp(z[i]-zpos) / sq
				}
				for k := 0; k < d; k++ {
					g[k] += (pi - qi) * x[i][k]
					mean[k] += pi * x[i][k]
				}
			}
			for i := l.lo; i < l.hi; i++ {
				pi := math.Exp(z[i]-zmax) / sp
				for k := 0; k < d; k++ {
					dk := x[i][k] - mean[k]
					for j := 0; j <= k; j++ {
						h[k][j] += pi * dk * (x[i][j] - mean[j])
					}
				}
			}
		}
		for k := 0; k < d; k++ {
			loss += l2 * beta[k] * beta[k] / 2
		}
		return loss
	}
	var beta [d + 1]float64
	for iter := 0; iter < 100; iter++ {
		var g [d + 1]float64
		var h [d + 1][d + 1]float64
		loss := pass(&beta, true, &g, &h)
		for k := 0; k < d; k++ {
			for j := 0; j < k; j++ {
				h[j][k] = h[k][j]
			}
			g[k] += l2 * beta[k]
			h[k][k] += l2
		}
		h[d][d] = 1 // the bias: not fitted here
		step := solve(h, g)
		// Halve the step until the loss falls: Newton's full step can
		// overshoot far from the optimum.
		t := 1.0
		var next [d + 1]float64
		for ; t > 1e-6; t /= 2 {
			for k := 0; k < d; k++ {
				next[k] = beta[k] - t*step[k]
			}
			if pass(&next, false, nil, nil) <= loss {
				break
			}
		}
		change := 0.0
		for k := 0; k < d; k++ {
			change = math.Max(change, math.Abs(next[k]-beta[k]))
		}
		beta = next
		if change < 1e-9 {
			break
		}
	}
	copy(m.w[:], beta[:d])
	m.plattA = 1
	return m
}

func (r *Ranker) standardised(samples []sample) *Ranker {
	m := &Ranker{docs: r.docs, df: r.df}
	n := float64(len(samples))
	for k := 0; k < nFeatures; k++ {
		var s, ss float64
		for i := range samples {
			s += samples[i].f[k]
		}
		m.mean[k] = s / n
		for i := range samples {
			d := samples[i].f[k] - m.mean[k]
			ss += d * d
		}
		m.std[k] = math.Sqrt(ss / n)
		if m.std[k] < 1e-9 {
			m.std[k] = 1
		}
	}
	return m
}

// fitted returns a copy of r with logistic weights fitted on samples by
// Newton's method (iteratively reweighted least squares) on standardised
// features, with an L2 penalty on everything but the bias.
func (r *Ranker) fitted(samples []sample, l2 float64) *Ranker {
	m := r.standardised(samples)
	const d = nFeatures + 1
	x := make([][d]float64, len(samples))
	for i := range samples {
		for k := 0; k < nFeatures; k++ {
			x[i][k] = (samples[i].f[k] - m.mean[k]) / m.std[k]
		}
		x[i][nFeatures] = 1
	}
	var beta [d]float64
	for iter := 0; iter < 50; iter++ {
		var g [d]float64
		var h [d][d]float64
		for i := range x {
			z := 0.0
			for k := 0; k < d; k++ {
				z += beta[k] * x[i][k]
			}
			p := sigmoid(z)
			y := 0.0
			if samples[i].y {
				y = 1
			}
			w := p * (1 - p)
			for k := 0; k < d; k++ {
				g[k] += (p - y) * x[i][k]
				for j := 0; j <= k; j++ {
					h[k][j] += w * x[i][k] * x[i][j]
				}
			}
		}
		for k := 0; k < d; k++ {
			for j := 0; j < k; j++ {
				h[j][k] = h[k][j]
			}
			if k < nFeatures {
				g[k] += l2 * beta[k]
				h[k][k] += l2
			}
		}
		step := solve(h, g)
		change := 0.0
		for k := 0; k < d; k++ {
			beta[k] -= step[k]
			change = math.Max(change, math.Abs(step[k]))
		}
		if change < 1e-10 {
			break
		}
	}
	copy(m.w[:], beta[:nFeatures])
	m.bias = beta[nFeatures]
	m.plattA = 1
	return m
}

// solve solves h·x = g by Gaussian elimination with partial pivoting.
func solve(h [nFeatures + 1][nFeatures + 1]float64, g [nFeatures + 1]float64) [nFeatures + 1]float64 {
	const d = nFeatures + 1
	for c := 0; c < d; c++ {
		p := c
		for r := c + 1; r < d; r++ {
			if math.Abs(h[r][c]) > math.Abs(h[p][c]) {
				p = r
			}
		}
		h[c], h[p] = h[p], h[c]
		g[c], g[p] = g[p], g[c]
		if h[c][c] == 0 {
			continue
		}
		for r := c + 1; r < d; r++ {
			f := h[r][c] / h[c][c]
			for k := c; k < d; k++ {
				h[r][k] -= f * h[c][k]
			}
			g[r] -= f * g[c]
		}
	}
	var x [d]float64
	for c := d - 1; c >= 0; c-- {
		s := g[c]
		for k := c + 1; k < d; k++ {
			s -= h[c][k] * x[k]
		}
		if h[c][c] != 0 {
			x[c] = s / h[c][c]
		}
	}
	return x
}

// plattFit fits p = sigmoid(a·z + b) to labels y by Newton's method, with
// Platt's smoothed targets so that a separable set does not run off.
func plattFit(z []float64, y []bool) (a, b float64) {
	var pos, neg float64
	for _, v := range y {
		if v {
			pos++
		} else {
			neg++
		}
	}
	hi, lo := (pos+1)/(pos+2), 1/(neg+2)
	a, b = 1, 0
	for iter := 0; iter < 100; iter++ {
		var ga, gb, haa, hab, hbb float64
		for i, zi := range z {
			t := lo
			if y[i] {
				t = hi
			}
			p := sigmoid(a*zi + b)
			w := math.Max(p*(1-p), 1e-12)
			ga += (p - t) * zi
			gb += p - t
			haa += w * zi * zi
			hab += w * zi
			hbb += w
		}
		det := haa*hbb - hab*hab
		if det == 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		a, b = a-da, b-db
		if math.Abs(da)+math.Abs(db) < 1e-12 {
			break
		}
	}
	return a, b
}

// shuffle permutes a with a splitmix64 stream from seed: the same seed
// gives the same folds on every platform.
func shuffle(a []int, seed uint64) {
	next := func() uint64 {
		seed += 0x9e3779b97f4a7c15
		z := seed
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		return z ^ (z >> 31)
	}
	for i := len(a) - 1; i > 0; i-- {
		j := int(next() % uint64(i+1))
		a[i], a[j] = a[j], a[i]
	}
}
