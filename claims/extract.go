package claims

import "math"

// Kind is what sort of statement a claim is.
type Kind string

// The kinds of claim. The rules that pick one, and their order, are in
// kind.go.
const (
	KindStatistic  Kind = "statistic"
	KindQuote      Kind = "quote"
	KindEvent      Kind = "event"
	KindComparison Kind = "comparison"
	KindPrediction Kind = "prediction"
	KindOther      Kind = "other"
)

// Claim is a candidate checkable statement: the bytes text[Start:End].
type Claim struct {
	Start   int     `json:"start"`
	End     int     `json:"end"`
	Text    string  `json:"text"`
	Score   float64 `json:"score"`
	Kind    Kind    `json:"kind"`
	Speaker string  `json:"speaker"`
	// SpeakerRole is the speaker's title as the text gives it ("Russian
	// Foreign Minister"), "" when it gives none.
	SpeakerRole string `json:"speaker_role,omitempty"`
	// Statement is the claim as checked, suggested by Statement from Text
	// and Speaker (statement.go).
	Statement string `json:"statement"`
	// Worthy is Score at or above the model's threshold; claims under it
	// are candidates a reviewer can promote.
	Worthy  bool     `json:"-"`
	Reasons []Reason `json:"-"`
}

// Extract returns the candidate claims of text, in text order: those under
// the threshold too (Worthy false), but never lines that are not statements
// (titles, navigation such as "All news", bylines, datelines).
//
// Each claim is a sentence of Segment, or a clause of it when the sentence
// joins independent statements (see clause.go); its Text is exactly
// text[Start:End], its Score is m.Score of that text, its Kind is decided
// by the rules of kind.go and its Speaker by those of speaker.go ("" when
// the text attributes it to nobody). Spans are ordered and do not overlap,
// for any input, invalid UTF-8 included.
func (m *Model) Extract(text string) []Claim { return extractScored(text, m.Score) }

// extractScored is Extract with the scorer given: the model alone, or the
// model with a desk layer (Scorer.Extract).
func extractScored(text string, score func(string) Score) []Claim {
	cs := extractClaims(text, Segment(text), score)
	for i := range cs {
		cs[i].Statement = Statement(cs[i].Text, cs[i].Speaker)
	}
	return cs
}

// minQuoteWords is the fewest quoted words that make a sentence speech
// when it has no attribution of its own.
const minQuoteWords = 4

// pieceInfo is what the first pass learns of a body sentence.
type pieceInfo struct {
	para     int
	claims   [2]int // its claims: out[claims[0]:claims[1]]
	speaker  string // from its own attribution, or ""
	attrib   bool   // it has an attribution of its own
	hasQuote bool   // it holds or continues a quotation
	openEnd  bool   // a quotation is still open at its end
}

// extractClaims is Extract with the sentences and the scorer given, so the
// extractor's own cost can be measured apart from theirs.
func extractClaims(text string, sents []Sentence, score func(string) Score) []Claim {
	ps := pieces(text, sents, make([]piece, 0, len(sents)))
	r := &resolver{text: text}
	var (
		out   = make([]Claim, 0, len(ps))
		infos = make([]pieceInfo, 0, len(ps))
		// quoteOpen[i]: claim out[i] holds or continues a quotation.
		quoteOpen = make([]bool, 0, len(ps))
		toks      []token
		quoted    []bool
		spans     [][2]int
	)
	inQuote, para := false, -1
	for _, p := range ps {
		if p.para != para {
			inQuote, para = false, p.para
		}
		toks = tokenize(text, p.start, p.end, toks[:0])
		r.scanMentions(toks)
		if p.header {
			continue
		}
		startsInQuote := inQuote
		quoted, inQuote = quoteMask(text, toks, inQuote, quoted[:0])
		// A quotation that can carry a speaker from another sentence
		// continues one, opens the sentence, or has words enough to be
		// speech: a scare-quoted "peace plan" is not.
		quotedWords := 0
		for i, t := range toks {
			if quoted[i] && t.kind != tokQuote && t.kind != tokPunct {
				quotedWords++
			}
		}
		opens := len(toks) > 0 && toks[0].kind == tokQuote // a quoted sentence: "This is preventable."
		info := pieceInfo{para: p.para, hasQuote: startsInQuote || opens || quotedWords >= minQuoteWords, openEnd: inQuote}
		sa, sb, appo := attribution(text, toks, quoted)
		if sa < sb {
			info.speaker = r.resolve(toks[sa:sb], toks[appo[0]:appo[1]])
			info.attrib = true
		}
		spans = clauses(text, toks, spans[:0])
		info.claims[0] = len(out)
		for _, s := range spans {
			speaker := info.speaker
			if len(spans) > 1 {
				// A clause with an attribution of its own ("..., but Meloni
				// insisted ...") has its own speaker; the others share the
				// sentence's.
				a, b, ap := attribution(text, toks[s[0]:s[1]], quoted[s[0]:s[1]])
				if a < b && s[0]+a != sa {
					speaker = r.resolve(toks[s[0]+a:s[0]+b], toks[s[0]+ap[0]:s[0]+ap[1]])
				}
			}
			cs, ce := toks[s[0]].start, toks[s[1]-1].end
			if len(spans) == 1 {
				cs, ce = p.start, p.end
			}
			q := quoted[s[0]]
			for _, t := range toks[s[0]:s[1]] {
				if t.kind == tokQuote {
					q = true
					break
				}
			}
			quoteOpen = append(quoteOpen, q)
			t := text[cs:ce]
			sc := score(t)
			p := sc.P
			if math.IsNaN(p) || p < 0 {
				p = 0
			} else if p > 1 {
				p = 1
			}
			kind := classify(text, toks[s[0]:s[1]], q && speaker != "")
			out = append(out, Claim{Start: cs, End: ce, Text: t, Score: p, Kind: kind,
				Speaker: speaker, Worthy: sc.Worthy, Reasons: sc.Reasons})
		}
		info.claims[1] = len(out)
		infos = append(infos, info)
	}
	inheritQuoteSpeakers(out, infos, quoteOpen)
	for i := range out {
		out[i].SpeakerRole = r.role(out[i].Speaker)
	}
	return out
}

// inheritQuoteSpeakers gives a quotation that has no attribution of its own
// the speaker of the paragraph's quotation. A quotation still open at the
// end of the sentence belongs to the sentence where it closes with an
// attribution (`"We are worried. Costs are up," Jones said.`); otherwise
// the nearest earlier sentence of the same paragraph with an attribution
// gives the speaker, else the nearest later one that holds a quotation.
func inheritQuoteSpeakers(out []Claim, infos []pieceInfo, quoteOpen []bool) {
	for i := range infos {
		in := &infos[i]
		if in.attrib || !in.hasQuote {
			continue
		}
		speaker := ""
		if in.openEnd {
			for j := i + 1; j < len(infos) && infos[j].para == in.para; j++ {
				if infos[j].attrib {
					speaker = infos[j].speaker
					break
				}
				if !infos[j].openEnd {
					break // the quotation closed without an attribution
				}
			}
		}
		for j := i - 1; speaker == "" && j >= 0 && infos[j].para == in.para; j-- {
			if infos[j].attrib {
				speaker = infos[j].speaker
				break
			}
		}
		for j := i + 1; speaker == "" && j < len(infos) && infos[j].para == in.para; j++ {
			if infos[j].attrib {
				if infos[j].hasQuote {
					speaker = infos[j].speaker
				}
				break
			}
		}
		if speaker == "" {
			continue
		}
		for k := in.claims[0]; k < in.claims[1]; k++ {
			out[k].Speaker = speaker
			if quoteOpen[k] {
				out[k].Kind = KindQuote
			}
		}
	}
}

// quoteMask appends to mask, for each token, whether it lies inside a
// quotation (quotation marks included), starting inside one when open is
// true; it returns the mask and whether a quotation is still open at the
// end. Straight quotes toggle; curly quotes (double, and single ones the
// tokenizer took for quotation marks) and guillemets open and close.
func quoteMask(text string, toks []token, open bool, mask []bool) ([]bool, bool) {
	for _, t := range toks {
		if t.kind != tokQuote {
			mask = append(mask, open)
			continue
		}
		switch {
		case t.end-t.start == 1: // "
			open = !open
		case text[t.end-1] == 0x9C || text[t.end-1] == 0xAB || text[t.end-1] == 0x9E || text[t.end-1] == 0x98: // “ « „ ‘
			open = true
		default: // ” »
			open = false
		}
		mask = append(mask, true)
	}
	return mask, open
}
