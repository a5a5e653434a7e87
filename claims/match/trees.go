package match

import (
	"math"
	"sort"
)

// node is one node of a regression tree: an inner node sends a vector to
// Left when its feature is under Threshold, else to Right; a leaf
// (Feature < 0) gives Value.
type node struct {
	Feature     int
	Threshold   float64
	Left, Right int
	Value       float64
}

type tree []node

func (t tree) eval(x *[nFeatures]float64) float64 {
	i := 0
	for t[i].Feature >= 0 {
		if x[t[i].Feature] < t[i].Threshold {
			i = t[i].Left
		} else {
			i = t[i].Right
		}
	}
	return t[i].Value
}

// boost fits gradient-boosted regression trees to the log-loss of
// samples (Newton steps in each leaf, as XGBoost does), on standardised
// features x. It is deterministic: ties break by feature, then by value.
func boost(x [][nFeatures]float64, y []bool, rounds, depth int, rate, lambda float64) (float64, []tree) {
	n := len(x)
	pos := 0.0
	for _, v := range y {
		if v {
			pos++
		}
	}
	base := math.Log((pos + 1) / (float64(n) - pos + 1))
	score := make([]float64, n)
	for i := range score {
		score[i] = base
	}
	// Each feature's sample order, sorted once.
	var order [nFeatures][]int32
	for k := 0; k < nFeatures; k++ {
		o := make([]int32, n)
		for i := range o {
			o[i] = int32(i)
		}
		sort.SliceStable(o, func(a, b int) bool { return x[o[a]][k] < x[o[b]][k] })
		order[k] = o
	}
	g := make([]float64, n)
	h := make([]float64, n)
	at := make([]int32, n) // each sample's node in the tree being grown
	var trees []tree
	for range rounds {
		for i := range x {
			p := sigmoid(score[i])
			t := 0.0
			if y[i] {
				t = 1
			}
			g[i], h[i] = t-p, math.Max(p*(1-p), 1e-9)
		}
		for i := range at {
			at[i] = 0
		}
		t := tree{{Feature: -1}}
		open := []int{0}
		for d := 0; d < depth && len(open) > 0; d++ {
			type stat struct{ g, h float64 }
			nn := len(t)
			isOpen := make([]bool, nn)
			for _, nd := range open {
				isOpen[nd] = true
			}
			totals := make([]stat, nn)
			for i := range x {
				s := &totals[at[i]]
				s.g += g[i]
				s.h += h[i]
			}
			type split struct {
				gain, thr float64
				feature   int
				ok        bool
			}
			best := make([]split, nn)
			left := make([]stat, nn)
			last := make([]float64, nn)
			seen := make([]bool, nn)
			for k := 0; k < nFeatures; k++ {
				clear(left)
				clear(seen)
				for _, i32 := range order[k] {
					i := int(i32)
					nd := int(at[i])
					if !isOpen[nd] {
						continue
					}
					v := x[i][k]
					if seen[nd] && v > last[nd] {
						l, tot := left[nd], totals[nd]
						r := stat{tot.g - l.g, tot.h - l.h}
						if l.h >= 1 && r.h >= 1 {
							gain := l.g*l.g/(l.h+lambda) + r.g*r.g/(r.h+lambda) - tot.g*tot.g/(tot.h+lambda)
							if b := best[nd]; !b.ok || gain > b.gain {
								best[nd] = split{gain, (v + last[nd]) / 2, k, true}
							}
						}
					}
					l := left[nd]
					left[nd] = stat{l.g + g[i], l.h + h[i]}
					last[nd], seen[nd] = v, true
				}
			}
			var next []int
			for _, nd := range open {
				s := totals[nd]
				b := best[nd]
				if !b.ok || b.gain <= 1e-6 {
					t[nd].Value = rate * s.g / (s.h + lambda)
					continue
				}
				l, r := len(t), len(t)+1
				t[nd].Feature, t[nd].Threshold, t[nd].Left, t[nd].Right = b.feature, b.thr, l, r
				t = append(t, node{Feature: -1}, node{Feature: -1})
				next = append(next, l, r)
			}
			for i := range x {
				nd := int(at[i])
				if t[nd].Feature >= 0 {
					if x[i][t[nd].Feature] < t[nd].Threshold {
						at[i] = int32(t[nd].Left)
					} else {
						at[i] = int32(t[nd].Right)
					}
				}
			}
			open = next
		}
		// Leaves still open at full depth.
		if len(open) > 0 {
			sums := map[int][2]float64{}
			for i := range x {
				s := sums[int(at[i])]
				sums[int(at[i])] = [2]float64{s[0] + g[i], s[1] + h[i]}
			}
			for _, nd := range open {
				s := sums[nd]
				t[nd].Value = rate * s[0] / (s[1] + lambda)
			}
		}
		for i := range x {
			score[i] += t.eval(&x[i])
		}
		trees = append(trees, t)
	}
	return base, trees
}
