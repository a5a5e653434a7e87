package match

import (
	"math"
	"sort"
	"testing"
)

// featuresByMaps is features as it was before it walked sorted word
// lists and kept each text's idfs: every set a map, every idf looked up.
// The reference the faster features must equal to the bit.
func (r *Ranker) featuresByMaps(cache *TextCache, query string, cands []Doc) ([][nFeatures]float64, []bool) {
	q := cache.cleaned(query)
	qw := r.weight(q.stems)
	who := newText(people(query))
	whoW := r.weight(who.stems)
	qwho := union(q.stems, who.stems)
	out := make([][nFeatures]float64, len(cands))
	clash := make([]bool, len(cands))
	best := 0.0
	for _, c := range cands {
		best = math.Min(best, c.BM25)
	}
	order := bm25Ranks(cands)
	qpad := " " + q.norm + " "
	for i, c := range cands {
		body := cache.cleaned(c.Text)
		title, desc := body, body
		if c.Title != "" {
			title = cache.cleaned(c.Title)
		}
		if c.Description != "" {
			desc = cache.cleaned(c.Description)
		}
		// A claim is its own title and description: its unions are its
		// own sets, with no map to build.
		own := title == body && desc == body
		all := body.stems.m
		if !own {
			all = union(body.stems, title.stems, desc.stems)
		}
		f := &out[i]
		if best < 0 {
			f[0] = c.BM25 / best
		}
		f[1] = 1 / float64(1+order[i])
		f[2] = math.Log(1 + math.Max(0, -c.BM25))
		f[3] = r.cover(q.stems, all, qw)
		// A claim's title and description are its body: the same sums.
		bw := r.weight(body.stems)
		f[4] = r.cover(body.stems, q.stems.m, bw)
		if own {
			f[5], f[6] = f[4], f[4]
		} else {
			f[5] = r.cover(title.stems, q.stems.m, r.weight(title.stems))
			f[6] = r.cover(desc.stems, q.stems.m, r.weight(desc.stems))
		}
		f[7] = r.cover(q.stems, body.stems.m, qw)
		f[8] = share(body.bigrams, q.bigrams.m)
		if own {
			f[9] = share(q.bigrams, body.bigrams.m)
		} else {
			f[9] = share(q.bigrams, union(body.bigrams, title.bigrams, desc.bigrams))
		}
		numsAgree, numsMissing := 0, 0
		for _, n := range body.numbers.l {
			if q.numbers.m[n] {
				numsAgree++
			} else {
				numsMissing++
			}
		}
		if numsAgree > 0 {
			f[13] = 1
		}
		if len(body.numbers.l) > 0 {
			f[14] = float64(numsMissing) / float64(len(body.numbers.l))
		}
		if numsMissing > 0 {
			for _, n := range q.numbers.l {
				if !body.numbers.m[n] && !title.numbers.m[n] {
					f[15] = 1
					break
				}
			}
		}
		if nw := r.weight(body.names); nw > 0 {
			f[16] = 1 - r.cover(body.names, q.stems.m, nw)
		}
		if body.negated != q.negated {
			f[17] = 1
		}
		for m := range body.months {
			if !q.months[m] {
				f[18] = 1
			}
		}
		f[19] = math.Log(float64(1+q.n) / float64(1+body.n))
		if body.norm != "" && containsWords(qpad, body.norm) {
			f[20] = 1
		}
		f[21] = f[4] * f[4]
		f[22] = f[4] * f[3]
		btSet, btW := body.stems, bw // sorted already
		if title != body {
			btSet = wordSet{m: union(body.stems, title.stems)}
			btSet.l = append(btSet.l, body.stems.l...)
			for _, w := range title.stems.l {
				if !body.stems.m[w] {
					btSet.l = append(btSet.l, w)
				}
			}
			sort.Strings(btSet.l)
			btW = r.weight(btSet)
		}
		f[23] = r.cover(btSet, qwho, btW)
		f[24] = r.cover(who.stems, all, whoW)
		f[25] = cosine(q.vec, body.vec)
		f[26] = cosine(q.vec, title.vec)
		clash[i] = clashes(q, body, all)
	}
	// Relative to the best candidate: a query's scores are compared with
	// each other, not with other queries'.
	var bd, bq, bb, be float64
	for i := range out {
		bd, bq, bb, be = math.Max(bd, out[i][4]), math.Max(bq, out[i][3]), math.Max(bb, out[i][8]), math.Max(be, out[i][25])
	}
	for i := range out {
		out[i][27] = out[i][25] - be
		out[i][10] = out[i][4] - bd
		out[i][11] = out[i][3] - bq
		out[i][12] = out[i][8] - bb
	}
	return out, clash
}

// TestFeaturesEqualTheMapReading: features gives every candidate the
// vector and clash that reading the words through maps gives, to the bit,
// for claims (their own title and description) and fact-checks, queries
// with and without a byline or handles, with and without a cache, and
// with a ranker read from its file and one in training (its idfs worked
// out every time).
func TestFeaturesEqualTheMapReading(t *testing.T) {
	texts := pairTexts(t)
	if len(texts) < 80 {
		t.Fatalf("only %d texts in pairs.tsv", len(texts))
	}
	texts = texts[:80]
	training := NewRanker(append([]Doc(nil), archive...))
	for _, r := range []*Ranker{Default(), training} {
		cache := NewTextCache(64)
		compared := 0
		for round := range 2 {
			for i, q := range texts {
				if i%3 == 0 {
					q += " — Jo Reporter (@JoReporter) March 7, 2022"
				} else if i%3 == 1 {
					q = "@BarackObama says " + q
				}
				var cands []Doc
				for j := 1; j <= 20; j++ {
					k := (i + j*7) % len(texts)
					d := Doc{Kind: "claim", ID: int64(k + 1), Text: texts[k], BM25: -float64((i*31+j*17)%23) - 1}
					switch j % 5 {
					case 0:
						d.Kind, d.Title, d.Description = "fact_check", texts[(k+1)%len(texts)], texts[(k+2)%len(texts)]
					case 3:
						d.Kind, d.Title = "fact_check", texts[(k+3)%len(texts)]
					case 4:
						d.Kind, d.Description = "fact_check", texts[(k+4)%len(texts)]
					}
					cands = append(cands, d)
				}
				cands = append(cands, archive...)
				c := cache
				if round == 1 && i%2 == 0 {
					c = nil
				}
				want, wantClash := r.featuresByMaps(nil, q, cands)
				got, gotClash := r.features(c, q, cands)
				for k := range want {
					for f := range nFeatures {
						if math.Float64bits(got[k][f]) != math.Float64bits(want[k][f]) {
							t.Fatalf("text %d, candidate %d, feature %s: %v, by maps %v", i, k, featureNames[f], got[k][f], want[k][f])
						}
					}
					if gotClash[k] != wantClash[k] {
						t.Fatalf("text %d, candidate %d: clash %v, by maps %v", i, k, gotClash[k], wantClash[k])
					}
				}
				compared++
			}
		}
		if compared != 2*len(texts) {
			t.Errorf("compared %d queries, want %d", compared, 2*len(texts))
		}
	}
}
