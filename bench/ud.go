package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// UDPath is where the Universal Dependencies sentence data (the train and
// dev parts of UD English EWT and GUM) lives, relative to the bench module:
// the shared data folder next to the project.
const UDPath = "../../shared/data/sentences/ud"

// Doc is one UD document: its raw text (paragraphs separated by blank
// lines) and its gold sentences, each a span of Text.
type Doc struct {
	Name  string
	Group string // edited, informal or other
	Text  string
	Gold  []Span
}

// Span is the bytes Text[Start:End] of one sentence.
type Span struct{ Start, End int }

// LoadUD reads the documents of one split ("train" or "dev") of the UD
// folder dir, in the manifest's order.
func LoadUD(dir, split string) ([]Doc, error) {
	root := filepath.Join(dir, split)
	data, err := os.ReadFile(filepath.Join(root, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("reading the %s manifest: %w", split, err)
	}
	var manifest []struct {
		File  string `json:"file"`
		Group string `json:"group"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, fmt.Errorf("parsing the %s manifest: %w", split, err)
	}
	docs := make([]Doc, 0, len(manifest))
	for _, m := range manifest {
		txt, err := os.ReadFile(filepath.Join(root, m.File))
		if err != nil {
			return nil, err
		}
		gold, err := os.ReadFile(filepath.Join(root, strings.TrimSuffix(m.File, ".txt")+"_s.txt"))
		if err != nil {
			return nil, err
		}
		d := Doc{Name: m.File, Group: m.Group, Text: string(txt)}
		lines := strings.Split(strings.TrimSuffix(string(gold), "\n"), "\n")
		if d.Gold, err = Locate(d.Text, lines); err != nil {
			return nil, fmt.Errorf("%s: gold sentences: %w", m.File, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// Locate finds each sentence, in order, in text and returns their spans.
// A library that changes a sentence's inner white space is matched after
// Squeeze; a sentence not found at all is an error.
func Locate(text string, sents []string) ([]Span, error) {
	spans := make([]Span, 0, len(sents))
	at := 0
	for _, s := range sents {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if k := strings.Index(text[at:], s); k >= 0 {
			spans = append(spans, Span{at + k, at + k + len(s)})
			at += k + len(s)
			continue
		}
		sp, ok := locateSqueezed(text, at, s)
		if !ok {
			return spans, fmt.Errorf("sentence %q not found after offset %d", s, at)
		}
		spans = append(spans, sp)
		at = sp.End
	}
	return spans, nil
}

// locateSqueezed finds s in text[at:] comparing runs of white space as one
// space.
func locateSqueezed(text string, at int, s string) (Span, bool) {
	want := Squeeze(s)
	first := strings.Fields(want)[0]
	for from := at; ; {
		k := strings.Index(text[from:], first)
		if k < 0 {
			return Span{}, false
		}
		start := from + k
		// Walk text and want together.
		i, j := start, 0
		for i < len(text) && j < len(want) {
			if want[j] == ' ' {
				if !isWS(text[i]) {
					break
				}
				for i < len(text) && isWS(text[i]) {
					i++
				}
				j++
				continue
			}
			if text[i] != want[j] {
				break
			}
			i++
			j++
		}
		if j == len(want) {
			return Span{start, i}, true
		}
		from = start + 1
	}
}

func isWS(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// OneLineBreak is the document with its paragraphs separated by a single
// line break instead of a blank line, as text pasted from a word processor
// or some web pages arrives: a segmenter must then tell a paragraph's end
// from a line wrapped inside one. The gold sentences are the same.
func (d Doc) OneLineBreak() (Doc, error) {
	sents := make([]string, len(d.Gold))
	for k, sp := range d.Gold {
		sents[k] = d.Text[sp.Start:sp.End]
	}
	text := strings.ReplaceAll(d.Text, "\n\n", "\n")
	gold, err := Locate(text, sents)
	if err != nil {
		return Doc{}, fmt.Errorf("%s: %w", d.Name, err)
	}
	return Doc{Name: d.Name, Group: d.Group, Text: text, Gold: gold}, nil
}

// Paragraphs cuts text at blank lines, giving each paragraph's offset: the
// way the peers are run fairly (they do not treat a blank line as the end
// of a sentence).
func Paragraphs(text string) []Span {
	return cutAt(text, "\n\n")
}

// Lines cuts text at line breaks: the peers' fair share of a document whose
// paragraphs are separated by one line break (Doc.OneLineBreak).
func Lines(text string) []Span {
	return cutAt(text, "\n")
}

// cutAt cuts text at each sep, giving the offsets of the parts that are
// not white space only.
func cutAt(text, sep string) []Span {
	var out []Span
	i := 0
	for i < len(text) {
		for i < len(text) && isWS(text[i]) {
			i++
		}
		if i == len(text) {
			break
		}
		end := strings.Index(text[i:], sep)
		if end < 0 {
			end = len(text)
		} else {
			end += i
		}
		out = append(out, Span{i, end})
		i = end
	}
	return out
}

// SplitSpans runs seg on doc's text, whole or one part at a time (parts
// cuts the text: Paragraphs, Lines; nil for the whole text), and returns
// the spans of the sentences it found.
func SplitSpans(seg Segmenter, text string, parts func(string) []Span) ([]Span, error) {
	cut := []Span{{0, len(text)}}
	if parts != nil {
		cut = parts(text)
	}
	var out []Span
	for _, p := range cut {
		sents, err := seg.Split(text[p.Start:p.End])
		if err != nil {
			return nil, err
		}
		spans, err := Locate(text[p.Start:p.End], sents)
		if err != nil {
			return nil, fmt.Errorf("%s returned text that is not in its input: %w", seg.Name, err)
		}
		for _, s := range spans {
			out = append(out, Span{p.Start + s.Start, p.Start + s.End})
		}
	}
	return out, nil
}

// Score counts whole sentences: a found sentence is right when a gold
// sentence has exactly its span.
type Score struct {
	Right, Found, Gold int
}

// Add counts one document's sentences.
func (s *Score) Add(found, gold []Span) {
	g := make(map[Span]bool, len(gold))
	for _, sp := range gold {
		g[sp] = true
	}
	for _, sp := range found {
		if g[sp] {
			s.Right++
		}
	}
	s.Found += len(found)
	s.Gold += len(gold)
}

// F1 is the harmonic mean of precision (Right/Found) and recall
// (Right/Gold).
func (s Score) F1() float64 {
	if s.Found+s.Gold == 0 {
		return 0
	}
	return 2 * float64(s.Right) / float64(s.Found+s.Gold)
}
