package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"claimdesk/claims"

	"github.com/jdkato/prose/v2"
	"github.com/neurosnap/sentences/english"
)

// Segmenter is one library's sentence splitter, seen from outside: text in,
// sentences out.
type Segmenter struct {
	Name  string
	Split func(text string) ([]string, error)
}

// Segmenters returns the three segmenters compared: claimdesk's, the
// English Punkt tokenizer of neurosnap/sentences, and prose's document
// segmentation (with tagging, tokenization and entity extraction off, so
// only its segmenter runs).
func Segmenters() ([]Segmenter, error) {
	punkt, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, fmt.Errorf("loading the neurosnap English tokenizer: %w", err)
	}
	return []Segmenter{
		{Name: "claimdesk", Split: func(text string) ([]string, error) {
			segs := claims.Segment(text)
			out := make([]string, len(segs))
			for k, s := range segs {
				out[k] = text[s.Start:s.End]
			}
			return out, nil
		}},
		{Name: "neurosnap/sentences", Split: func(text string) ([]string, error) {
			segs := punkt.Tokenize(text)
			out := make([]string, len(segs))
			for k, s := range segs {
				out[k] = s.Text
			}
			return out, nil
		}},
		{Name: "jdkato/prose/v2", Split: func(text string) ([]string, error) {
			doc, err := prose.NewDocument(text,
				prose.WithTagging(false), prose.WithExtraction(false), prose.WithTokenization(false))
			if err != nil {
				return nil, err
			}
			segs := doc.Sentences()
			out := make([]string, len(segs))
			for k, s := range segs {
				out[k] = s.Text
			}
			return out, nil
		}},
	}, nil
}

// GoldenRule is one rule of the English golden rules: an input and the
// sentences it must be split into.
type GoldenRule struct {
	Name   string   `json:"name"`
	Input  string   `json:"input"`
	Output []string `json:"output"`
}

// GoldenPath is where the golden rules live, relative to the bench module.
const GoldenPath = "../claims/testdata/golden_rules_en.json"

// PragmaticInputs are the original inputs of five list rules that lost
// their first list marker in the golden rules file (their expected
// sentences, "1.) The first item", are not in their input): the inputs of
// the Pragmatic Segmenter's English golden rules with the same expected
// sentences. claimdesk's own test in claims pins the same inputs.
var PragmaticInputs = map[string]string{
	"31. Double punctuation (question mark / exclamation point)":  "1.) The first item 2.) The second item",
	"32. List (period followed by parens and period to end item)": "1.) The first item. 2.) The second item.",
	"33.) List (parens and no period to end item)":                "1) The first item 2) The second item",
	"34. List (parens and period to end item)":                    "1) The first item. 2) The second item.",
	"35.) List (period to mark list and no period to end item)":   "1. The first item 2. The second item",
}

// LoadGoldenRules reads the golden rules (MIT, see
// claims/testdata/LICENSE.prose), giving the five broken list rules their
// original inputs (PragmaticInputs). Every library gets the same inputs.
func LoadGoldenRules(path string) ([]GoldenRule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the golden rules: %w", err)
	}
	var rules []GoldenRule
	if err := json.Unmarshal(data, &rules); err != nil {
		return nil, fmt.Errorf("parsing the golden rules %s: %w", path, err)
	}
	for k, r := range rules {
		in := Squeeze(r.Input)
		for _, want := range r.Output {
			if !strings.Contains(in, Squeeze(want)) {
				orig, ok := PragmaticInputs[r.Name]
				if !ok {
					return nil, fmt.Errorf("golden rule %q: expected sentence %q not in its input, and no original input known", r.Name, want)
				}
				rules[k].Input = orig
				break
			}
		}
	}
	return rules, nil
}

// Squeeze trims s and joins its runs of white space into one space, so that
// sentences compare the same whether a library keeps the space before them
// or a newline inside them.
func Squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

// GoldenResult is how a segmenter did on the golden rules.
type GoldenResult struct {
	Passed int
	Total  int
	Failed []string // names of the rules it failed
}

// Golden runs seg on every rule and counts the rules whose sentences all
// match, after Squeeze.
func Golden(seg Segmenter, rules []GoldenRule) (GoldenResult, error) {
	res := GoldenResult{Total: len(rules)}
	for _, r := range rules {
		got, err := seg.Split(r.Input)
		if err != nil {
			return res, fmt.Errorf("%s on rule %q: %w", seg.Name, r.Name, err)
		}
		ok := len(got) == len(r.Output)
		for k := 0; ok && k < len(got); k++ {
			ok = Squeeze(got[k]) == Squeeze(r.Output[k])
		}
		if ok {
			res.Passed++
		} else {
			res.Failed = append(res.Failed, r.Name)
		}
	}
	return res, nil
}

// NewsPath is a news-like text written for these benchmarks.
const NewsPath = "testdata/news_en.txt"

// Corpus builds a text of at least size bytes: the news text, then every
// golden input, each paragraph separated by a blank line, repeated.
func Corpus(rules []GoldenRule, news string, size int) string {
	var b strings.Builder
	b.Grow(size + len(news) + 8192)
	for b.Len() < size {
		b.WriteString(news)
		b.WriteString("\n\n")
		for _, r := range rules {
			b.WriteString(r.Input)
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// LoadCorpus reads the golden rules and the news text relative to dir (the
// bench module's directory) and builds a corpus of at least size bytes.
func LoadCorpus(dir string, size int) (string, []GoldenRule, error) {
	rules, err := LoadGoldenRules(filepath.Join(dir, GoldenPath))
	if err != nil {
		return "", nil, err
	}
	news, err := os.ReadFile(filepath.Join(dir, NewsPath))
	if err != nil {
		return "", nil, fmt.Errorf("reading the news text: %w", err)
	}
	return Corpus(rules, string(news), size), rules, nil
}
