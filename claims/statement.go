package claims

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Statement suggestion. A claim keeps its exact source span; its statement
// is the claim as a desk checks it, in the source's own words:
//
//   - the reporting frame goes: "X said (that)", "X told Y that", "X,
//     the bank's economist, said", `"...," said X`, "..., X stated on
//     Thursday", "according to X", "As X told Y, ...";
//   - a leading connective goes ("Besides,", "However,", "But");
//   - quotation marks go when a frame went with them (they marked speech);
//   - a subject that is the speaker ("X said he ...", "X stated it would")
//     becomes the speaker's name;
//   - nothing else changes: no word is added but the speaker's name, and a
//     frame is kept whenever dropping it would lose a negation ("officials
//     have not said"); then Shorten says it within MaxStatementLen when
//     its rules can keep every number, name and negation, and otherwise
//     the statement stays as long as its claim needs. MaxStatementLen is
//     what a statement should fit in, not where it is cut.
//
// The rules read words through a small scanner of their own, so they apply
// to any claim text, whoever segmented it.

// MaxStatementLen is the length, in characters, that a statement should
// fit in: longer ones are shown cut off by the readers of ClaimReview.
const MaxStatementLen = 75

// Statement returns the suggested statement of a claim whose source text is
// text and whose speaker (as Extract resolves it, "" for none) is speaker.
// It returns text, trimmed, when no rule applies.
func Statement(text, speaker string) string {
	return Shorten(unframed(text, speaker))
}

// unframed is the statement before Shorten: the claim without its frame.
func unframed(text, speaker string) string {
	s := strings.TrimSpace(text)
	if s == "" || !utf8.ValidString(s) {
		return s
	}
	body, term := splitTerminal(s)
	framed := false
	for range 4 { // a frame inside a frame: "According to X, Y said ..."
		b, ok := dropConnective(body)
		if ok {
			body = b
		}
		if b, ok := dropFrame(body); ok {
			body, framed = b, true
			continue
		}
		if !ok {
			break
		}
	}
	if framed {
		body = unquote(body)
		body = resolveSubject(body, speaker)
	}
	body = strings.TrimRight(strings.TrimSpace(body), ",;:")
	if body == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(body)
	if unicode.IsLower(r) {
		body = string(unicode.ToUpper(r)) + body[n:]
	}
	if term == "" || strings.HasSuffix(body, ".") || strings.HasSuffix(body, "?") || strings.HasSuffix(body, "!") {
		return body
	}
	return body + term
}

// splitTerminal splits s into its body and its terminal punctuation, a
// closing quotation mark before or after it dropped when the sentence
// opened with one (`"...," said X.`).
func splitTerminal(s string) (body, term string) {
	body = s
	for {
		switch {
		case strings.HasSuffix(body, ".") && !strings.HasSuffix(body, "..."):
			body, term = body[:len(body)-1], "."
			continue
		case strings.HasSuffix(body, "?") || strings.HasSuffix(body, "!"):
			if term == "" {
				term = body[len(body)-1:]
			}
			body = body[:len(body)-1]
			continue
		}
		break
	}
	if term == "" {
		term = "."
	}
	return strings.TrimSpace(body), term
}

// sword is one word or mark of a statement: s[a:b].
type sword struct {
	a, b  int
	quote bool // a double quotation mark
	punct bool // any other mark
}

// swords scans s into words and marks. A word runs over letters, digits,
// apostrophes, hyphens and dots between letters or digits (U.S., 45,756,
// Al-Maeena, Russia's).
func swords(s string) []sword {
	var out []sword
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case r == '"' || r == '“' || r == '”' || r == '«' || r == '»' || r == '„':
			out = append(out, sword{a: i, b: i + n, quote: true})
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					j += n2
					continue
				}
				if r2 == '\'' || r2 == '’' || r2 == '-' || r2 == '.' || r2 == ',' && isDigitAt(s, j-1) {
					if r3, _ := utf8.DecodeRuneInString(s[min(j+n2, len(s)):]); j+n2 < len(s) && (unicode.IsLetter(r3) || unicode.IsDigit(r3)) {
						if r2 == ',' && !unicode.IsDigit(r3) {
							break
						}
						j += n2
						continue
					}
				}
				break
			}
			out = append(out, sword{a: i, b: j})
			i = j
		default:
			out = append(out, sword{a: i, b: i + n, punct: true})
			i += n
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigitAt(s string, i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }

// connectives open a sentence to tie it to the one before; they are not
// part of the claim. Each is matched as whole words, ignoring case, and
// needs the comma after it unless it is in noComma.
var connectives = []string{"besides", "however", "moreover", "meanwhile", "furthermore", "also",
	"still", "nevertheless", "nonetheless", "in addition", "additionally", "for example",
	"for instance", "what is more", "what's more", "in fact", "indeed", "but", "and", "so"}

var connectiveNoComma = map[string]bool{"but": true, "and": true}

// dropConnective removes a leading connective from body.
func dropConnective(body string) (string, bool) {
	ws := swords(body)
	for _, c := range connectives {
		parts := strings.Fields(c)
		if len(ws) <= len(parts)+1 {
			continue
		}
		ok := true
		for k, p := range parts {
			if ws[k].punct || ws[k].quote || !strings.EqualFold(body[ws[k].a:ws[k].b], p) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		next := ws[len(parts)]
		if next.punct && body[next.a:next.b] == "," {
			return strings.TrimSpace(body[next.b:]), true
		}
		if connectiveNoComma[c] && !next.punct && !next.quote {
			return strings.TrimSpace(body[next.a:]), true
		}
	}
	return body, false
}

// speechVerbs are the verbs of a reporting frame.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "stated": true, "states": true, "told": true, "tells": true,
	"noted": true, "notes": true, "added": true, "adds": true, "explained": true, "explains": true,
	"stressed": true, "stresses": true, "emphasized": true, "emphasised": true, "announced": true,
	"announces": true, "declared": true, "declares": true, "claimed": true, "claims": true, "claim": true,
	"argued": true, "argues": true, "insisted": true, "insists": true, "warned": true, "warns": true,
	"confirmed": true, "confirms": true, "wrote": true, "writes": true, "remarked": true,
	"acknowledged": true, "admitted": true, "admits": true, "revealed": true, "asserted": true,
	"asserts": true, "observed": true, "replied": true, "underlined": true, "pointed": true,
	"points": true, "continued": true, "reported": true, "reports": true, "tweeted": true,
}

// ambiguousVerb are verbs of saying that are more often nouns.
var ambiguousVerb = map[string]bool{"claims": true, "claim": true, "reports": true, "notes": true,
	"states": true, "points": true, "writes": true}

// notInSpeaker are words that cannot be part of a speaker phrase outside
// an apposition: verbs and words that start a clause of their own.
var notInSpeaker = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "will": true, "would": true, "can": true,
	"could": true, "may": true, "might": true, "must": true, "should": true, "do": true, "does": true,
	"did": true, "not": true, "never": true, "that": true, "which": true, "where": true, "when": true,
	"because": true, "if": true, "while": true, "than": true, "went": true, "came": true, "made": true,
	"took": true, "gave": true, "got": true, "left": true, "began": true, "found": true, "held": true,
	"there": true, "it": true, "this": true, "been": true, "being": true, "to": false,
}

// weekdays and other time words that may close a frame ("stated on
// Thursday", "said yesterday").
var frameTimes = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "yesterday": true, "today": true, "earlier": true, "later": true,
	"tonight": true,
}

// dropFrame removes one reporting frame from body, trying in turn a quotation
// with its frame after it, "according to X", a frame at the end, one at the
// start and one inserted between commas.
func dropFrame(body string) (string, bool) {
	for _, f := range []func(string) (string, bool){quoteThenFrame, dropAccording, dropTrailingFrame, dropInsertedFrame, dropLeadingFrame} {
		if b, ok := f(body); ok {
			return b, true
		}
	}
	return body, false
}

func lowerWord(s string, w sword) string { return strings.ToLower(s[w.a:w.b]) }

func sComma(s string, w sword) bool { return w.punct && s[w.a:w.b] == "," }

// speakerPhrase reports whether ws (from s) can name the speaker of a
// frame: at most 24 words, none of them a verb or a clause word outside a
// comma-delimited apposition, no quotation marks, and at least one
// capitalised word, a determiner or a plural noun.
func speakerPhrase(s string, ws []sword) bool {
	if len(ws) == 0 || len(ws) > 24 {
		return false
	}
	words, depth := 0, 0
	named := false
	for k, w := range ws {
		if w.quote {
			return false
		}
		if w.punct {
			switch s[w.a:w.b] {
			case ",":
				depth = 1 - depth
				if k == 0 {
					return false
				}
			case "-", "–", "—", "'", "’", ".", "&", "(", ")", "/":
			default:
				return false
			}
			continue
		}
		words++
		lw := lowerWord(s, w)
		if depth == 0 && notInSpeaker[lw] {
			return false
		}
		if depth == 0 && speechVerbs[lw] {
			return false
		}
		r, _ := utf8.DecodeRuneInString(s[w.a:w.b])
		if unicode.IsUpper(r) || lw == "the" || lw == "he" || lw == "she" || lw == "they" || lw == "his" || lw == "her" ||
			strings.HasSuffix(lw, "s") && k == len(ws)-1 {
			named = true
		}
	}
	// A frame's speaker opens with a name, a determiner or a pronoun, not
	// with a word in the middle of a clause.
	first := lowerWord(s, ws[0])
	r, _ := utf8.DecodeRuneInString(s[ws[0].a:])
	if !unicode.IsUpper(r) && first != "the" && first != "a" && first != "an" && first != "researchers" && first != "officials" && first != "experts" && first != "analysts" && first != "scientists" {
		return false
	}
	switch lowerWord(s, ws[len(ws)-1]) {
	case "and", "or", "but", "of", "for", "to", "with":
		return false
	}
	return words > 0 && named
}

// verbAt reports whether ws[i] is a verb of saying as a frame's verb: not
// passive ("were reported"), not negated ("have not said"), and "pointed"
// only as "pointed out".
func verbAt(s string, ws []sword, i int) bool {
	w := ws[i]
	if w.punct || w.quote || !speechVerbs[lowerWord(s, w)] {
		return false
	}
	lw := lowerWord(s, w)
	if r, _ := utf8.DecodeRuneInString(s[w.a:]); unicode.IsUpper(r) {
		return false // a capitalised "Reports" or "States" is a name
	}
	if (lw == "pointed" || lw == "points") && !(i+1 < len(ws) && lowerWord(s, ws[i+1]) == "out") {
		return false
	}
	if ambiguousVerb[lw] {
		// "asylum claims", "news reports": a noun unless a name or a
		// pronoun says it.
		p := i - 1
		for p >= 0 && !ws[p].punct && lowerWord(s, ws[p]) == "also" {
			p--
		}
		if p < 0 || ws[p].punct || ws[p].quote {
			return false
		}
		r, _ := utf8.DecodeRuneInString(s[ws[p].a:])
		if !unicode.IsUpper(r) && !isPronoun(lowerWord(s, ws[p])) {
			return false
		}
	}
	if i > 0 {
		switch p := lowerWord(s, ws[i-1]); p {
		case "was", "were", "been", "being", "be", "is", "are", "not", "never", "to":
			return false
		}
		if strings.HasSuffix(lowerWord(s, ws[i-1]), "n't") {
			return false
		}
	}
	return true
}

// afterVerb returns the index of the first word after a frame's verb at i
// and what follows it: "out" of pointed out, the audience of told ("told
// LA Weekly", "told the press", "stated to reporters"), a time ("on
// Thursday"), "in a statement", then a comma or colon and "that".
func afterVerb(s string, ws []sword, i int) int {
	j := i + 1
	lw := lowerWord(s, ws[i])
	if (lw == "pointed" || lw == "points") && j < len(ws) {
		j++
	}
	if j < len(ws) && lowerWord(s, ws[j]) == "to" && lw != "told" && lw != "tells" {
		// stated to LA Weekly; without an audience, "to" is not the frame's.
		if k := skipAudience(s, ws, j+1); k > j+1 {
			j = k
		}
	} else if lw == "told" || lw == "tells" {
		j = skipAudience(s, ws, j)
	}
	for {
		switch {
		case j+1 < len(ws) && lowerWord(s, ws[j]) == "on" && frameTimes[lowerWord(s, ws[j+1])]:
			j += 2
			continue
		case j < len(ws) && frameTimes[lowerWord(s, ws[j])] && !ws[j].punct:
			j++
			continue
		case j+2 < len(ws) && lowerWord(s, ws[j]) == "in" && lowerWord(s, ws[j+1]) == "a" && lowerWord(s, ws[j+2]) == "statement":
			j += 3
			continue
		}
		break
	}
	if j < len(ws) && ws[j].punct && (s[ws[j].a:ws[j].b] == "," || s[ws[j].a:ws[j].b] == ":") {
		j++
	}
	if j < len(ws) && lowerWord(s, ws[j]) == "that" && !ws[j].punct {
		j++
		if j < len(ws) && sComma(s, ws[j]) {
			j++
		}
	}
	return j
}

// skipAudience skips the one told: a capitalised name (The Huffington
// Post, Sky News) or the press, reporters, journalists, the court.
func skipAudience(s string, ws []sword, j int) int {
	k := j
	if k < len(ws) && (lowerWord(s, ws[k]) == "the") {
		k++
	}
	switch {
	case k < len(ws) && !ws[k].punct && !ws[k].quote && (lowerWord(s, ws[k]) == "press" || lowerWord(s, ws[k]) == "reporters" ||
		lowerWord(s, ws[k]) == "journalists" || lowerWord(s, ws[k]) == "court" || lowerWord(s, ws[k]) == "media"):
		return k + 1
	}
	n := k
	for n < len(ws) && !ws[n].punct && !ws[n].quote {
		r, _ := utf8.DecodeRuneInString(s[ws[n].a:])
		if !unicode.IsUpper(r) {
			break
		}
		n++
	}
	// A capitalised run followed by "that" or a comma is the audience
	// ("told LA Weekly that"); a run followed by a verb is the subject of
	// what was told ("told Montalvo he would").
	if n > k && n-k <= 5 && (n == len(ws) || sComma(s, ws[n]) || lowerWord(s, ws[n]) == "that" || ws[n].quote ||
		s[ws[n].a:ws[n].b] == ":" || !ws[n].punct && n+1 < len(ws) && startsClauseWord(lowerWord(s, ws[n]))) {
		return n
	}
	return j
}

// startsClauseWord reports whether a lower-case word can open what was said
// after a named audience (told Sky News any process ...).
func startsClauseWord(w string) bool {
	switch w {
	case "any", "the", "a", "an", "he", "she", "they", "it", "we", "there", "this", "all", "no", "some":
		return true
	}
	return false
}

// content checks what remains after a frame: words, not opening with a
// conjunction that ties it to the frame's verb ("tweeted to Mohamed and
// said"), and not a bare audience.
func contentOK(s string, ws []sword, j int) bool {
	if j >= len(ws) {
		return false
	}
	w := ws[j]
	if w.punct {
		return false
	}
	switch lowerWord(s, w) {
	case "and", "but", "or", "to", "why", "how", "what", "whether":
		return false
	}
	words := 0
	for _, x := range ws[j:] {
		if !x.punct && !x.quote {
			words++
		}
	}
	return words >= 2
}

// dropLeadingFrame removes "X said (that)" and its kin from the start of
// body: a speaker phrase, possibly after a fronted phrase ending in a
// comma ("After the exchange of fire, North Korea stated it would"), then
// the verb.
func dropLeadingFrame(body string) (string, bool) {
	ws := swords(body)
	for i := 1; i < len(ws) && i <= 30; i++ {
		if !verbAt(body, ws, i) {
			continue
		}
		sp := i
		for sp > 0 && !ws[sp-1].punct && (lowerWord(body, ws[sp-1]) == "also" || lowerWord(body, ws[sp-1]) == "has" ||
			lowerWord(body, ws[sp-1]) == "have" || lowerWord(body, ws[sp-1]) == "had" || lowerWord(body, ws[sp-1]) == "further") {
			sp--
		}
		start := 0
		if !speakerPhrase(body, ws[:sp]) {
			// A fronted phrase: the speaker starts after its comma.
			c := -1
			for k := 0; k < sp && k < 12; k++ {
				if sComma(body, ws[k]) {
					c = k
					break
				}
			}
			if c < 1 || !fronted(body, ws[0]) || !speakerPhrase(body, ws[c+1:sp]) {
				return body, false
			}
			start = c + 1
		}
		_ = start
		j := afterVerb(body, ws, i)
		if !contentOK(body, ws, j) {
			return body, false
		}
		return body[ws[j].a:], true
	}
	return body, false
}

// fronted reports whether w opens a phrase put before a clause's subject
// (After the exchange of fire, Speaking in the parents' defense, In May).
func fronted(s string, w sword) bool {
	lw := lowerWord(s, w)
	switch lw {
	case "after", "before", "in", "on", "at", "during", "speaking", "citing", "asked", "since", "following", "discussing", "later", "earlier":
		return true
	}
	return false
}

// dropTrailingFrame removes a frame at the end of body, after a comma:
// "..., Sergey Lavrov stated on Thursday", "..., researchers say", "...,
// said Ambassador Mohib". An apposition may sit inside the frame
// ("..., Khaled Al-Maeena, editor at large at the Saudi Gazette, said").
func dropTrailingFrame(body string) (string, bool) {
	ws := swords(body)
	for c := len(ws) - 2; c > 0; c-- {
		if !sComma(body, ws[c]) && !(ws[c].quote && c > 0 && sComma(body, ws[c-1])) {
			continue
		}
		if trailingFrame(body, ws[c+1:]) {
			head := strings.TrimRight(body[:ws[c].a], " ,")
			if ws[c].quote {
				head = strings.TrimRight(body[:ws[c-1].a], " ")
			}
			return head, true
		}
		if len(ws)-c > 28 {
			break
		}
	}
	return body, false
}

// trailingFrame reports whether ws is a whole frame: a speaker phrase and a
// verb, or a verb and a speaker phrase, then at most a time ("on
// Thursday", "in a statement").
func trailingFrame(s string, ws []sword) bool {
	for i := range ws {
		if !verbAt(s, ws, i) {
			continue
		}
		j := afterVerb(s, ws, i)
		if i == 0 {
			// said Ambassador Mohib
			return j < len(ws) && speakerPhrase(s, ws[j:]) && noClause(s, ws[j:])
		}
		sp := i
		for sp > 0 && !ws[sp-1].punct && (lowerWord(s, ws[sp-1]) == "also" || lowerWord(s, ws[sp-1]) == "has" || lowerWord(s, ws[sp-1]) == "have") {
			sp--
		}
		return j == len(ws) && speakerPhrase(s, ws[:sp])
	}
	return false
}

// noClause reports whether ws has no verb of its own (a speaker phrase
// after the verb cannot run on into a clause: said the city would).
func noClause(s string, ws []sword) bool {
	for _, w := range ws {
		if !w.punct && notInSpeaker[lowerWord(s, w)] {
			return false
		}
	}
	return true
}

// quoteThenFrame turns `"Q," X said` and `"Q," said X` into Q, and `"Q," X
// said, stressing that R` into `Q; R`.
func quoteThenFrame(body string) (string, bool) {
	ws := swords(body)
	if len(ws) < 4 || !ws[0].quote {
		return body, false
	}
	cl := -1
	for k := 1; k < len(ws); k++ {
		if ws[k].quote {
			cl = k
			break
		}
	}
	if cl < 2 {
		return body, false
	}
	inner := strings.TrimSpace(body[ws[0].b:ws[cl].a])
	rest := ws[cl+1:]
	if len(rest) > 0 && sComma(body, rest[0]) {
		rest = rest[1:]
	}
	inner = strings.TrimRight(inner, ",")
	if len(rest) == 0 {
		return body, false
	}
	if trailingFrame(body, rest) {
		return inner, true
	}
	// `"Q," Lavrov said, stressing that R`: the frame ends at a comma that
	// a participle of saying follows.
	for k := range rest {
		if !sComma(body, rest[k]) || k+2 >= len(rest) {
			continue
		}
		p := lowerWord(body, rest[k+1])
		if !strings.HasSuffix(p, "ing") || lowerWord(body, rest[k+2]) != "that" || !trailingFrame(body, rest[:k]) {
			continue
		}
		tail := strings.TrimSpace(body[rest[k+2].b:])
		if tail == "" {
			return body, false
		}
		return inner + "; " + tail, true
	}
	return body, false
}

// dropAccording removes "according to X": at the start up to its comma (or,
// without one, up to the end of the name: "According to the Saudi Interior
// Ministry over 345 pilgrims"), at the end after a comma or without one,
// or between commas; and "As X told Y," at the start.
func dropAccording(body string) (string, bool) {
	ws := swords(body)
	for i := 0; i+2 < len(ws); i++ {
		if lowerWord(body, ws[i]) != "according" || lowerWord(body, ws[i+1]) != "to" || ws[i].punct {
			continue
		}
		if i == 0 {
			for k := 2; k < len(ws) && k < 20; k++ {
				if sComma(body, ws[k]) {
					if k+1 < len(ws) && contentOK(body, ws, k+1) {
						return body[ws[k+1].a:], true
					}
					return body, false
				}
			}
			// No comma: the source is a determiner and capitalised words.
			k := 2
			if k < len(ws) && lowerWord(body, ws[k]) == "the" {
				k++
			}
			n := k
			for n < len(ws) && !ws[n].punct && !ws[n].quote {
				r, _ := utf8.DecodeRuneInString(body[ws[n].a:])
				if !unicode.IsUpper(r) && lowerWord(body, ws[n]) != "of" {
					break
				}
				n++
			}
			if n > k && contentOK(body, ws, n) {
				return body[ws[n].a:], true
			}
			return body, false
		}
		// Between commas or at the end.
		e := i + 2
		for e < len(ws) && !sComma(body, ws[e]) && !ws[e].quote {
			if lw := lowerWord(body, ws[e]); !ws[e].punct && notInSpeaker[lw] {
				return body, false
			}
			e++
		}
		if e-i-2 > 10 || e == i+2 {
			return body, false
		}
		before := strings.TrimRight(body[:ws[i].a], " ")
		if e == len(ws) {
			return strings.TrimRight(before, ","), true
		}
		if i > 0 && sComma(body, ws[i-1]) && sComma(body, ws[e]) {
			return strings.TrimRight(strings.TrimSuffix(before, ","), " ") + " " + strings.TrimSpace(body[ws[e].b:]), true
		}
		return body, false
	}
	// "As Heald told The Huffington Post, US surface ozone has dropped".
	if len(ws) > 4 && lowerWord(body, ws[0]) == "as" {
		for k := 2; k < len(ws) && k < 16; k++ {
			if sComma(body, ws[k]) {
				for v := 1; v < k; v++ {
					if verbAt(body, ws, v) && speakerPhrase(body, ws[1:v]) && afterVerb(body, ws, v) >= k {
						if contentOK(body, ws, k+1) {
							return body[ws[k+1].a:], true
						}
					}
				}
				break
			}
		}
	}
	return body, false
}

// dropInsertedFrame removes a frame between commas inside a sentence:
// "Institutional recipients, said Mauer, are required".
func dropInsertedFrame(body string) (string, bool) {
	ws := swords(body)
	for c := 1; c < len(ws); c++ {
		if !sComma(body, ws[c]) {
			continue
		}
		e := c + 1
		for e < len(ws) && e-c < 8 && !sComma(body, ws[e]) {
			e++
		}
		if e >= len(ws) || e-c < 3 || e == len(ws)-1 {
			continue
		}
		if trailingFrame(body, ws[c+1:e]) {
			return strings.TrimRight(body[:ws[c].a], " ") + " " + strings.TrimSpace(body[ws[e].b:]), true
		}
	}
	return body, false
}

// unquote removes the double quotation marks of a statement whose frame
// went: they marked the speaker's words. Unbalanced marks stay, so a
// quotation is never left half open.
func unquote(body string) string {
	ws := swords(body)
	n := 0
	for _, w := range ws {
		if w.quote {
			n++
		}
	}
	if n == 0 || n%2 != 0 {
		return body
	}
	var b strings.Builder
	last := 0
	for _, w := range ws {
		if !w.quote {
			continue
		}
		b.WriteString(body[last:w.a])
		// A mark between two words keeps them apart (`"0"00` is two
		// numbers, not "000").
		before, _ := utf8.DecodeLastRuneInString(body[:w.a])
		after, _ := utf8.DecodeRuneInString(body[w.b:])
		if isWordRune(before) && isWordRune(after) {
			b.WriteByte(' ')
		}
		last = w.b
	}
	b.WriteString(body[last:])
	out := b.String()
	// The marks' spaces: `a  b` and `a ,` close up.
	out = strings.Join(strings.Fields(out), " ")
	for _, p := range []string{" ,", " .", " ;", " :", " ?", " !"} {
		out = strings.ReplaceAll(out, p, p[1:])
	}
	return out
}

// resolveSubject replaces a subject pronoun that means the speaker ("Allton
// said he had", "North Korea stated it would") with the speaker's name: he
// and she always, it for a speaker that is not a plural, and they for a
// plural speaker (officials). Only the first word of the clause, or the
// first after a fronted phrase ("in 1997 and 1998, she was"), is a subject.
func resolveSubject(body, speaker string) string {
	speaker = strings.TrimSpace(speaker)
	// A speaker that is not UTF-8 would make the statement invalid text.
	if speaker == "" || len(speaker) > 80 || !utf8.ValidString(speaker) {
		return body
	}
	ws := swords(body)
	if len(ws) < 2 {
		return body
	}
	at := 0
	if fronted(body, ws[0]) || lowerWord(body, ws[0]) == "as" {
		for k := 1; k < len(ws) && k < 10; k++ {
			if sComma(body, ws[k]) {
				at = k + 1
				break
			}
		}
		if at == 0 || at >= len(ws) {
			return body
		}
	}
	w := ws[at]
	if w.punct || w.quote {
		return body
	}
	pron := lowerWord(body, w)
	plural := isPluralSpeaker(speaker)
	switch {
	case pron == "he" || pron == "she":
		if plural || isPronoun(speaker) {
			return body
		}
	case pron == "it":
		if plural {
			return body
		}
	case pron == "they":
		if !plural {
			return body
		}
	default:
		return body
	}
	return body[:w.a] + speaker + body[w.b:]
}

func isPronoun(s string) bool {
	switch strings.ToLower(s) {
	case "he", "she", "it", "they", "him", "her", "them":
		return true
	}
	return false
}

// isPluralSpeaker reports whether speaker ends in a lower-case plural noun
// (officials, Scientology officials, researchers).
func isPluralSpeaker(speaker string) bool {
	i := strings.LastIndexByte(speaker, ' ')
	last := speaker[i+1:]
	r, _ := utf8.DecodeRuneInString(last)
	return unicode.IsLower(r) && strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss")
}
