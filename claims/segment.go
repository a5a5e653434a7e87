package claims

// Sentence is one sentence of a text: the bytes text[Start:End], with no
// white space at either end.
type Sentence struct {
	Start, End int
}

// Segment splits text into sentences. Spans are ordered, do not overlap, and
// every byte of text that is not white space lies in exactly one span.
// (Placeholder until the real segmenter lands: one sentence per blank-line block.)
func Segment(text string) []Sentence {
	var out []Sentence
	start := -1
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			continue
		}
		if start < 0 {
			start = i
		}
		end := i + 1
		if c == '.' || c == '?' || c == '!' {
			out = append(out, Sentence{start, end})
			start = -1
			continue
		}
		if i+1 == len(text) {
			out = append(out, Sentence{start, end})
		}
	}
	return out
}
