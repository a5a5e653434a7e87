// Package match is a stand-in with the same API as the ranker package
// that replaces it: plain cleaning, an any-word query, and bm25 order.
// The lead deletes this file when the real package lands.
package match

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// MaxTerms bounds the terms of a Query.
const MaxTerms = 32

// Candidates is how many index rows the caller passes to Rank.
const Candidates = 30

// Doc is one candidate answer as read from the index.
type Doc struct {
	Kind        string
	ID          int64
	Text        string
	Title       string
	Description string
	BM25        float64
}

// Match is one ranked answer.
type Match struct {
	Doc
	Score     float64
	Confident bool
}

// Ranker re-ranks index candidates.
type Ranker struct{}

// Default returns the ranker.
func Default() *Ranker { return &Ranker{} }

var (
	urlRE     = regexp.MustCompile(`(?i)\b(?:https?://|www\.|pic\.twitter\.com/)\S*`)
	handleRE  = regexp.MustCompile(`@\w+`)
	rtRE      = regexp.MustCompile(`^\s*RT\b:?`)
	bylineRE  = regexp.MustCompile(`\s*[—–-]\s*[^—–\n]*\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*$`)
	hashtagRE = regexp.MustCompile(`#(\w+)`)
	camelRE   = regexp.MustCompile(`([a-z])([A-Z])`)
)

// Clean returns text ready to index or query for matching.
func Clean(text string) string {
	text = bylineRE.ReplaceAllString(text, "")
	text = urlRE.ReplaceAllString(text, " ")
	text = handleRE.ReplaceAllString(text, " ")
	text = rtRE.ReplaceAllString(text, " ")
	text = hashtagRE.ReplaceAllStringFunc(text, func(h string) string {
		return camelRE.ReplaceAllString(h[1:], "$1 $2")
	})
	return strings.Join(strings.Fields(text), " ")
}

var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be been but by for from has have he her his i if in into is it its
of on or our she so that the their them there these they this to was we were what when which who will with you your not no`) {
		stop[w] = true
	}
}

// Query returns an FTS5 MATCH expression: the words of Clean(text),
// stop-words out, each quoted, joined by OR.
func Query(text string) string {
	words := strings.FieldsFunc(strings.ToLower(Clean(text)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	seen := map[string]bool{}
	var terms []string
	for _, w := range words {
		if stop[w] || seen[w] {
			continue
		}
		seen[w] = true
		terms = append(terms, w)
	}
	sort.SliceStable(terms, func(i, j int) bool { return len(terms[i]) > len(terms[j]) })
	if len(terms) > MaxTerms {
		terms = terms[:MaxTerms]
	}
	for i, t := range terms {
		terms[i] = `"` + t + `"`
	}
	return strings.Join(terms, " OR ")
}

// BM25Weights are the bm25 weights of the index's columns: text, title,
// description.
func BM25Weights() []float64 { return []float64{1, 1, 1} }

// Rank orders cands by bm25, best first.
func (r *Ranker) Rank(query string, cands []Doc) []Match {
	out := make([]Match, len(cands))
	for i, d := range cands {
		b := math.Max(0, -d.BM25)
		out[i] = Match{Doc: d, Score: b / (1 + b)}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].BM25 < out[j].BM25 })
	return out
}
