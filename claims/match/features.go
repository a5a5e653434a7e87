package match

import (
	"math"
	"sort"
	"strings"
	"sync/atomic"
)

// featureNames lists the re-ranker's features in the order of a vector;
// the weights file names them, so a file written for other features is
// refused rather than misread.
var featureNames = []string{
	"bm25_rel",      // the candidate's bm25 over the best candidate's (1 for the best)
	"bm25_rank",     // 1/(1+rank) in bm25 order
	"bm25_log",      // log(1-bm25): the index's own score, scale kept
	"cov_q_all",     // share of the query's word weight the candidate has (text, title, description)
	"cov_d_text",    // share of the claim text's word weight the query has
	"cov_d_title",   // the same for the title
	"cov_d_desc",    // the same for the description
	"cov_q_text",    // share of the query's word weight in the claim text
	"bi_d_text",     // share of the claim text's word pairs in the query
	"bi_q_all",      // share of the query's word pairs in the candidate
	"rel_cov_d",     // cov_d_text minus the best cov_d_text among the candidates
	"rel_cov_q",     // cov_q_all minus the best among the candidates
	"rel_bi",        // bi_d_text minus the best among the candidates
	"num_agree",     // the claim text and the query share a number
	"num_missing",   // share of the claim text's numbers the query lacks
	"num_clash",     // each side has a number the other lacks
	"name_missing",  // share of the claim text's names (weighted) the query lacks
	"neg_mismatch",  // one side negated, the other not
	"month_missing", // the claim text names a month the query does not
	"len_ratio",     // log of query over claim text length, in content words
	"exact",         // the claim text appears whole in the query
	"cov_d_text2",   // cov_d_text squared: near-complete cover counts more
	"cov_dq",        // cov_d_text times cov_q_all
	"cov_d_people",  // share of the claim text's and title's word weight the query has, @handles and byline included
	"people_found",  // share of the byline's and @handles' word weight the candidate has
	"emb_text",      // cosine of the SIF-weighted word vectors of query and claim text
	"emb_title",     // the same for the title
	"emb_rel",       // emb_text minus the best emb_text among the candidates
}

const nFeatures = 28

// wordSet is a set of words that is walked in sorted order, so that sums
// of weights over it come out the same to the last bit on every run (the
// weights file must be rebuilt byte for byte).
type wordSet struct {
	m map[string]bool
	l []string
}

func newSet() wordSet { return wordSet{m: map[string]bool{}} }

func (s *wordSet) add(w string) {
	if !s.m[w] {
		s.m[w] = true
		s.l = append(s.l, w)
	}
}

func (s *wordSet) done() { sort.Strings(s.l) }

// text is a cleaned text's words, kept for comparing.
type text struct {
	stems   wordSet // content-word stems
	bigrams wordSet // adjacent content-word stems
	numbers wordSet
	names   wordSet // stems of capitalised words not opening a sentence
	months  map[string]bool
	negated bool
	norm    string // lower-cased words joined by one space
	n       int    // content words
	vec     []float32
	// idfs is what the ranker that read the text last worked out of its
	// stems (see Ranker.weighed): a text in a TextCache meets the same
	// ranker again.
	idfs atomic.Pointer[textIDF]
}

// textIDF is a text's stems and names weighed by one ranker: each one's
// idf, in the order of the sorted sets, and their sums as weight gives
// them.
type textIDF struct {
	r                     *Ranker
	stems, names          []float64
	stemsWeight, namesWgt float64
}

// weighed returns t's idfs under r, worked out once per text and ranker
// when r's idfs are fixed (a ranker read from its file); a ranker in
// training, whose document frequencies change, works them out every time.
func (r *Ranker) weighed(t *text) *textIDF {
	if w := t.idfs.Load(); w != nil && w.r == r && r.idfs != nil {
		return w
	}
	w := &textIDF{r: r, stems: make([]float64, len(t.stems.l)), names: make([]float64, len(t.names.l))}
	for i, s := range t.stems.l {
		w.stems[i] = r.idf(s)
		w.stemsWeight += w.stems[i]
	}
	for i, s := range t.names.l {
		w.names[i] = r.idf(s)
		w.namesWgt += w.names[i]
	}
	if r.idfs != nil {
		t.idfs.Store(w)
	}
	return w
}

// coverSorted is cover(a, the set of b, aw) for a and b sorted without
// repeats, with a's idfs given (aIDF[i] of a[i]): the same sum in the
// same order, by walking the two lists rather than looking words up.
func coverSorted(a []string, aIDF []float64, b []string, aw float64) float64 {
	if aw == 0 {
		return 0
	}
	w := 0.0
	j := 0
	for i, s := range a {
		for j < len(b) && b[j] < s {
			j++
		}
		if j < len(b) && b[j] == s {
			w += aIDF[i]
		}
	}
	return w / aw
}

// shareSorted is share(a, the set of b) for a and b sorted without
// repeats.
func shareSorted(a, b []string) float64 {
	if len(a) == 0 {
		return 0
	}
	n, j := 0, 0
	for _, s := range a {
		for j < len(b) && b[j] < s {
			j++
		}
		if j < len(b) && b[j] == s {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// mergeSorted is the sorted union of a and b, each sorted without
// repeats.
func mergeSorted(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

var months = map[string]string{
	"january": "jan", "jan": "jan", "february": "feb", "feb": "feb", "march": "mar", "april": "apr", "apr": "apr",
	"may": "may", "june": "jun", "jun": "jun", "july": "jul", "jul": "jul", "august": "aug", "aug": "aug",
	"september": "sep", "sept": "sep", "sep": "sep", "october": "oct", "oct": "oct", "november": "nov", "nov": "nov",
	"december": "dec", "dec": "dec",
}

var negations = map[string]bool{"not": true, "no": true, "never": true, "nor": true, "none": true, "nobody": true, "nothing": true, "neither": true, "t": true, "nt": true, "cannot": true, "didnt": true, "doesnt": true, "isnt": true, "wasnt": true, "arent": true, "dont": true, "wont": true, "cant": true}

func newText(s string) *text {
	ts := tokens(s)
	t := &text{stems: newSet(), bigrams: newSet(), numbers: newSet(), names: newSet(), months: map[string]bool{}}
	var b strings.Builder
	prev := ""
	negs := 0
	for i, tk := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tk.word)
		if negations[tk.word] && (tk.word != "t" || i > 0 && ts[i-1].word != "" && strings.HasSuffix(ts[i-1].word, "n")) {
			negs++
		}
		if m, ok := months[tk.word]; ok && (tk.capital || tk.word != "may") {
			t.months[m] = true
		}
		if stopword(tk.word) {
			continue
		}
		t.n++
		t.stems.add(tk.stem)
		if prev != "" {
			t.bigrams.add(prev + " " + tk.stem)
		}
		prev = tk.stem
		if isNumber(tk.word) {
			t.numbers.add(tk.word)
		} else if tk.capital && !tk.first {
			t.names.add(tk.stem)
		}
	}
	for _, s := range []*wordSet{&t.stems, &t.bigrams, &t.numbers, &t.names} {
		s.done()
	}
	t.negated = negs%2 == 1
	t.norm = b.String()
	t.vec = vectors().embed(ts)
	return t
}

// idf weighs a stem by how rare it is in the archive the weights were
// trained with; a stem it never saw weighs most.
func (r *Ranker) idf(s string) float64 {
	if r.idfs != nil {
		if v, ok := r.idfs[s]; ok {
			return v
		}
		return r.idf0
	}
	return idfOf(r.docs, r.df[s])
}

func idfOf(docs, df int) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

func (r *Ranker) weight(set wordSet) float64 {
	w := 0.0
	for _, s := range set.l {
		w += r.idf(s)
	}
	return w
}

// cover is the weight of a's stems that b has, over a's whole weight.
func (r *Ranker) cover(a wordSet, b map[string]bool, aw float64) float64 {
	if aw == 0 {
		return 0
	}
	w := 0.0
	for _, s := range a.l {
		if b[s] {
			w += r.idf(s)
		}
	}
	return w / aw
}

func share(a wordSet, b map[string]bool) float64 {
	if len(a.l) == 0 {
		return 0
	}
	n := 0
	for _, s := range a.l {
		if b[s] {
			n++
		}
	}
	return float64(n) / float64(len(a.l))
}

func union(sets ...wordSet) map[string]bool {
	u := make(map[string]bool, len(sets[0].l)*len(sets))
	for _, s := range sets {
		for _, k := range s.l {
			u[k] = true
		}
	}
	return u
}

// features computes every candidate's feature vector for one query, and
// whether the candidate's claim clashes with the query on a fact: a
// number, a name, a month or a negation changed (see clashes).
// A text is read through cache (nil: read every time), which gives the
// same words either way.
func (r *Ranker) features(cache *TextCache, query string, cands []Doc) ([][nFeatures]float64, []bool) {
	q := cache.cleaned(query)
	qi := r.weighed(q)
	qw := qi.stemsWeight
	who := newText(people(query))
	whoi := r.weighed(who)
	whoW := whoi.stemsWeight
	qwho := union(q.stems, who.stems)
	qwhoL := mergeSorted(q.stems.l, who.stems.l)
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
		// A claim's title and description are its body: the same sums,
		// worked out on the sorted sets (the same sums in the same order
		// as cover and share give on the maps).
		bi := r.weighed(body)
		bw := bi.stemsWeight
		f[4] = coverSorted(body.stems.l, bi.stems, q.stems.l, bw)
		if own {
			f[3] = coverSorted(q.stems.l, qi.stems, body.stems.l, qw)
			f[5], f[6] = f[4], f[4]
			f[7] = f[3]
		} else {
			f[3] = r.cover(q.stems, all, qw)
			f[5] = r.cover(title.stems, q.stems.m, r.weight(title.stems))
			f[6] = r.cover(desc.stems, q.stems.m, r.weight(desc.stems))
			f[7] = r.cover(q.stems, body.stems.m, qw)
		}
		f[8] = shareSorted(body.bigrams.l, q.bigrams.l)
		if own {
			f[9] = shareSorted(q.bigrams.l, body.bigrams.l)
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
		if nw := bi.namesWgt; nw > 0 {
			f[16] = 1 - coverSorted(body.names.l, bi.names, q.stems.l, nw)
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
		if title == body {
			f[23] = coverSorted(body.stems.l, bi.stems, qwhoL, bw)
		} else {
			btSet := wordSet{m: union(body.stems, title.stems)}
			btSet.l = append(btSet.l, body.stems.l...)
			for _, w := range title.stems.l {
				if !body.stems.m[w] {
					btSet.l = append(btSet.l, w)
				}
			}
			sort.Strings(btSet.l)
			f[23] = r.cover(btSet, qwho, r.weight(btSet))
		}
		if own {
			f[24] = coverSorted(who.stems.l, whoi.stems, body.stems.l, whoW)
		} else {
			f[24] = r.cover(who.stems, all, whoW)
		}
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

// containsWords reports whether padded (a text between two spaces) holds
// words as whole words: strings.Contains(padded, " "+words+" "), without
// building that string for every candidate.
func containsWords(padded, words string) bool {
	for i := 0; ; {
		j := strings.Index(padded[i:], words)
		if j < 0 {
			return false
		}
		at := i + j
		if at > 0 && padded[at-1] == ' ' && at+len(words) < len(padded) && padded[at+len(words)] == ' ' {
			return true
		}
		i = at + 1
	}
}

// clashes reports whether a claim that the query's words otherwise cover
// says something else: a substitution, not a shortening. Each side must
// hold what the other lacks (a tweet that gives no number does not clash
// with a claim that gives one), because tweets say more than the claim
// that answers them. A claim that clashes is never confident, whatever its
// score: a false "this was checked" sends a reporter to the wrong verdict.
func clashes(q, claim *text, all map[string]bool) bool {
	missing := func(a, b wordSet) bool {
		for _, w := range a.l {
			if !b.m[w] {
				return true
			}
		}
		return false
	}
	if missing(claim.numbers, q.numbers) && missing(q.numbers, claim.numbers) {
		return true
	}
	if claim.negated != q.negated {
		return true
	}
	// A name of the claim's that the query lacks altogether, while the
	// query names someone the fact-check never mentions.
	nameGone := false
	for _, n := range claim.names.l {
		if !q.stems.m[n] {
			nameGone = true
			break
		}
	}
	if nameGone {
		for _, n := range q.names.l {
			if !all[n] {
				return true
			}
		}
	}
	for m := range claim.months {
		if !q.months[m] && len(q.months) > 0 {
			return true
		}
	}
	return false
}

// bm25Ranks gives each candidate its place in bm25 order (0 the best),
// whatever order the caller passed them in.
func bm25Ranks(cands []Doc) []int {
	ranks := make([]int, len(cands))
	for i, c := range cands {
		for j, d := range cands {
			if d.BM25 < c.BM25 || d.BM25 == c.BM25 && j < i {
				ranks[i]++
			}
		}
	}
	return ranks
}
