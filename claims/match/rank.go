package match

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Doc is one candidate answer as read from the index.
type Doc struct {
	Kind        string  // "claim" (the desk's own) or "fact_check" (published elsewhere)
	ID          int64   // the row's id in its kind's table
	Text        string  // claim: statement if set, else span text; fact-check: claimReviewed
	Title       string  // fact-check headline ("" for claims)
	Description string  // fact-check description ("" for claims)
	BM25        float64 // FTS5 bm25() as SQLite returns it: lower (more negative) is better
}

// Match is one ranked answer.
type Match struct {
	Doc
	Score     float64 // calibrated probability in [0, 1] that Doc answers the query
	Confident bool    // Score >= the ranker's confidence threshold
}

// Ranker re-ranks index candidates with a logistic model over features of
// (query, candidate) pairs, calibrated by Platt scaling. It is read-only
// once made, so one Ranker serves any number of goroutines.
type Ranker struct {
	mean, std, w [nFeatures]float64
	bias         float64
	plattA       float64 // calibrated probability = sigmoid(plattA*raw + plattB)
	plattB       float64
	threshold    float64
	trees        []tree         // boosted trees over the standardised features, added to the linear part
	docs         int            // fact-checks the document frequencies were counted over
	df           map[string]int // stem -> how many of them hold it (2 or more)
	// idfs is idf of every stem of df, and idf0 of any other, worked out
	// once for a ranker read from its file (nil while training changes df).
	idfs map[string]float64
	idf0 float64
}

//go:embed weights.txt
var weightsFile []byte

// Default returns the ranker with the embedded trained weights (go:embed).
// It is read once and shared: a Ranker is never changed after it is made.
func Default() *Ranker { return defaultRanker() }

var defaultRanker = sync.OnceValue(func() *Ranker {
	r, err := ReadRanker(bytes.NewReader(weightsFile))
	if err != nil {
		panic("match: the embedded weights do not load: " + err.Error()) // a build that ships broken weights must not start
	}
	return r
})

// Threshold returns the calibrated score at and above which a match is
// Confident.
func (r *Ranker) Threshold() float64 { return r.threshold }

// bm25Weights are the index's column weights: text, title, description.
// Chosen by cross-validation on the training queries (docs/BENCHMARKS.md).
var bm25Weights = [3]float64{1, 1, 0.5}

// BM25Weights returns the bm25() weight of each indexed column, in the
// order text, title, description, for the store's ranking query.
func BM25Weights() []float64 { return bm25Weights[:] }

// Rank scores every candidate for query and returns them best first
// (all of them; the caller cuts to its limit). query is the raw text;
// Rank cleans it itself. Safe for concurrent use.
func (r *Ranker) Rank(query string, cands []Doc) []Match {
	return r.RankCached(nil, query, cands)
}

// RankCached is Rank reading texts through cache (nil: none): the same
// matches in the same order, with the words of a text met before not read
// again.
func (r *Ranker) RankCached(cache *TextCache, query string, cands []Doc) []Match {
	fs, clash := r.features(cache, query, cands)
	out := make([]Match, len(cands))
	for i, c := range cands {
		p := r.prob(&fs[i])
		if clash[i] && p >= r.threshold {
			// Just under the threshold: still ranked high, never confident.
			p = math.Nextafter(r.threshold, 0)
		}
		out[i] = Match{Doc: c, Score: p, Confident: p >= r.threshold}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].BM25 < out[j].BM25
	})
	return out
}

func (r *Ranker) raw(f *[nFeatures]float64) float64 {
	z := r.bias
	var x [nFeatures]float64
	for k := range f {
		x[k] = (f[k] - r.mean[k]) / r.std[k]
		z += r.w[k] * x[k]
	}
	for _, t := range r.trees {
		z += t.eval(&x)
	}
	return z
}

func (r *Ranker) prob(f *[nFeatures]float64) float64 {
	return sigmoid(r.plattA*r.raw(f) + r.plattB)
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

const weightsHeader = "claimdesk match ranker 1"

// WriteTo writes the ranker as the text the embedded weights file holds;
// the same ranker always gives the same bytes.
func (r *Ranker) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	fmt.Fprintln(&b, weightsHeader)
	fmt.Fprintf(&b, "features %d\n", nFeatures)
	for k, name := range featureNames {
		fmt.Fprintf(&b, "%s %s %s %s\n", name, f(r.mean[k]), f(r.std[k]), f(r.w[k]))
	}
	fmt.Fprintf(&b, "bias %s\nplatt %s %s\nthreshold %s\ntrees %d\n", f(r.bias), f(r.plattA), f(r.plattB), f(r.threshold), len(r.trees))
	for _, t := range r.trees {
		fmt.Fprintf(&b, "tree %d\n", len(t))
		for _, n := range t {
			fmt.Fprintf(&b, "%d %s %d %d %s\n", n.Feature, f(n.Threshold), n.Left, n.Right, f(n.Value))
		}
	}
	fmt.Fprintf(&b, "docs %d\n", r.docs)
	stems := make([]string, 0, len(r.df))
	for s := range r.df {
		stems = append(stems, s)
	}
	sort.Strings(stems)
	for _, s := range stems {
		fmt.Fprintf(&b, "df %s %d\n", s, r.df[s])
	}
	return b.WriteTo(w)
}

// ReadRanker reads a ranker written by WriteTo.
func ReadRanker(rd io.Reader) (*Ranker, error) {
	r := &Ranker{df: map[string]int{}}
	sc := bufio.NewScanner(rd)
	line := 0
	next := func() ([]string, error) {
		if !sc.Scan() {
			if err := sc.Err(); err != nil {
				return nil, err
			}
			return nil, io.ErrUnexpectedEOF
		}
		line++
		return strings.Fields(sc.Text()), nil
	}
	bad := func(what string) error { return fmt.Errorf("match weights line %d: %s", line, what) }
	num := func(s string) (float64, error) {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, bad("not a finite number: " + s)
		}
		return x, nil
	}
	if !sc.Scan() || sc.Text() != weightsHeader {
		return nil, fmt.Errorf("match weights: not a %q file", weightsHeader)
	}
	line++
	fs, err := next()
	if err != nil {
		return nil, err
	}
	if len(fs) != 2 || fs[0] != "features" || fs[1] != strconv.Itoa(nFeatures) {
		return nil, bad(fmt.Sprintf("want %d features", nFeatures))
	}
	for k, name := range featureNames {
		fs, err := next()
		if err != nil {
			return nil, err
		}
		if len(fs) != 4 || fs[0] != name {
			return nil, bad("want feature " + name)
		}
		for i, dst := range []*float64{&r.mean[k], &r.std[k], &r.w[k]} {
			if *dst, err = num(fs[i+1]); err != nil {
				return nil, err
			}
		}
		if r.std[k] <= 0 {
			return nil, bad("a feature's spread must be positive")
		}
	}
	for _, want := range []struct {
		key string
		dst []*float64
	}{{"bias", []*float64{&r.bias}}, {"platt", []*float64{&r.plattA, &r.plattB}}, {"threshold", []*float64{&r.threshold}}} {
		fs, err := next()
		if err != nil {
			return nil, err
		}
		if len(fs) != len(want.dst)+1 || fs[0] != want.key {
			return nil, bad("want " + want.key)
		}
		for i, d := range want.dst {
			if *d, err = num(fs[i+1]); err != nil {
				return nil, err
			}
		}
	}
	fs, err = next()
	if err != nil {
		return nil, err
	}
	if len(fs) != 2 || fs[0] != "trees" {
		return nil, bad("want trees")
	}
	nt, err := strconv.Atoi(fs[1])
	if err != nil || nt < 0 || nt > 10000 {
		return nil, bad("trees must be a count")
	}
	for range nt {
		fs, err := next()
		if err != nil {
			return nil, err
		}
		nn := 0
		if len(fs) == 2 && fs[0] == "tree" {
			nn, err = strconv.Atoi(fs[1])
		}
		if nn < 1 || nn > 1<<12 || err != nil {
			return nil, bad("want tree NODES")
		}
		t := make(tree, nn)
		for i := range t {
			fs, err := next()
			if err != nil {
				return nil, err
			}
			if len(fs) != 5 {
				return nil, bad("want FEATURE THRESHOLD LEFT RIGHT VALUE")
			}
			n := &t[i]
			var e1, e2, e3 error
			n.Feature, e1 = strconv.Atoi(fs[0])
			n.Left, e2 = strconv.Atoi(fs[2])
			n.Right, e3 = strconv.Atoi(fs[3])
			if e1 != nil || e2 != nil || e3 != nil || n.Feature >= nFeatures || n.Feature < -1 {
				return nil, bad("a tree node's feature or children are not indexes")
			}
			// Children come after their parent, so a walk always ends.
			if n.Feature >= 0 && (n.Left <= i || n.Right <= i || n.Left >= nn || n.Right >= nn) {
				return nil, bad("a tree node's children must follow it")
			}
			if n.Threshold, err = num(fs[1]); err != nil {
				return nil, err
			}
			if n.Value, err = num(fs[4]); err != nil {
				return nil, err
			}
		}
		r.trees = append(r.trees, t)
	}
	fs, err = next()
	if err != nil {
		return nil, err
	}
	if len(fs) != 2 || fs[0] != "docs" {
		return nil, bad("want docs")
	}
	if r.docs, err = strconv.Atoi(fs[1]); err != nil || r.docs < 0 {
		return nil, bad("docs must be a count")
	}
	for sc.Scan() {
		line++
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 || fs[0] != "df" {
			return nil, bad("want df STEM COUNT")
		}
		n, err := strconv.Atoi(fs[2])
		if err != nil || n < 0 || n > r.docs {
			return nil, bad("a document frequency must be a count up to docs")
		}
		r.df[fs[1]] = n
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	r.idfs = make(map[string]float64, len(r.df))
	for s, n := range r.df {
		r.idfs[s] = idfOf(r.docs, n)
	}
	r.idf0 = idfOf(r.docs, 0)
	return r, nil
}
