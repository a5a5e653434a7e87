package claims

import "claimdesk/claims/segment"

// Sentence is one sentence of a text: the bytes text[Start:End], with no
// white space at either end.
type Sentence = segment.Sentence

// Segment splits text into sentences; package segment holds the rules
// (segment.Split).
func Segment(text string) []Sentence { return segment.Split(text) }
