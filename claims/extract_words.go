package claims

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"claimdesk/claims/words"
)

// The extractor reads words through one small lexicon: each word maps to a
// set of classes, so a sentence costs one map lookup per word and no
// regular expressions.

// wordClass is a set of lexical classes.
type wordClass uint32

const (
	wFinite        wordClass = 1 << iota // a finite verb: marks a clause with its own verb
	wSpeech                              // a verb of saying: said, stated, noted, told
	wPastEvent                           // an irregular past-tense action verb: signed-like events
	wPronoun                             // he, she, him, her: resolves to the last person named
	wDet                                 // the, a, an, this
	wPrep                                // a preposition that ends a speaker phrase
	wConj                                // a conjunction or subordinator that ends a speaker phrase
	wPredict                             // will, forecast: marks a prediction
	wCompar                              // than, largest: marks a comparison
	wCompNeedsThan                       // more, less, better: a comparison only with "than"
	wMonth                               // January, Nov: makes a neighbouring number a date
	wWeekday                             // Monday: with "on", marks an event date
	wTitle                               // President, Minister, Dr.: comes before a person's name
	wRoleHead                            // minister, diplomat, spokesman: a role noun naming a person
	wOrg                                 // Ministry, Agency: a capitalised phrase naming an organisation
	wMoney                               // dollars, percent, billion: marks a statistic
	wAdverb                              // also, later: may stand between a speaker and the verb
	wNoSubject                           // then, not, also: cannot start a clause's subject
	wPeople                              // officials, analysts: a bare plural that can be a speaker
	wRelTime                             // yesterday: marks an event
	wMagnitude                           // millions, billions: a statistic even without a number
	wNumWord                             // two, twenty: a count when it quantifies a noun
	wCue                                 // expected, next, last, ago: a word classify looks at with its neighbours
)

var lexicon = buildLexicon()

func buildLexicon() map[string]wordClass {
	m := map[string]wordClass{}
	add := func(c wordClass, list string) {
		for w := range strings.FieldsSeq(list) {
			m[w] |= c
		}
	}
	add(wFinite, `am is are was were has have had do does did will would shall should can could may
		might must won't can't cannot don't doesn't didn't isn't aren't wasn't weren't hasn't haven't
		hadn't wouldn't couldn't shouldn't says rises falls grows remains stands shows plans wants
		expects seems appears leads holds makes takes gives gets needs believes thinks knows goes comes
		runs sees continues reaches`)
	past := `rose fell grew went came made took gave got won lost paid spent saw became began left kept
		held met led sold bought built brought cut hit ran stood fought found sent fled shot hid broke
		chose drew drove fed froze hung lay lit rode sank sat slid sought shook struck swore threw
		woke withdrew overtook undertook rebuilt overthrew forbade arose upheld`
	add(wFinite|wPastEvent, past)
	// Past participles mark an event too (had fallen), but are not finite.
	add(wPastEvent, `fallen risen grown gone taken given seen become begun broken chosen drawn driven
		frozen written spoken thrown withdrawn shaken stolen`)
	speech := `said stated noted told added explained stressed emphasized emphasised announced declared
		claimed argued insisted warned confirmed denied reported wrote tweeted recalled remarked
		commented acknowledged admitted revealed underlined underscored asserted observed replied
		answered concluded suggested believes believed thinks thought says states notes tells adds
		explains stresses emphasizes announces declares claims argues insists warns confirms denies
		reports writes recalls admits suggests pointed points predicted estimated expects disagreed
		disagrees called promised vowed pledged urged threatened accused criticized criticised`
	add(wFinite|wSpeech, speech)
	add(wPronoun, `he she him her his`)
	add(wDet, `the a an this that these those its his their our`)
	add(wPrep, `in on at for with by from to into about over under during after before since
		against between through among without within across toward towards upon via per amid`)
	add(wConj, `that and but or which who whom whose while because as so if when where whether
		although though than nor yet whereas unless until`)
	add(wPredict, `will won't 'll forecast forecasts forecasted predicts projected expects upcoming`)
	add(wCompar, `than compared comparison versus vs largest biggest highest lowest smallest most least
		best worst greatest fastest slowest oldest youngest longest shortest strongest weakest
		richest poorest deadliest higher lower larger smaller bigger greater faster slower older
		younger longer shorter stronger weaker richer poorer outpaced exceeded surpassed doubled
		tripled halved record`)
	add(wCompNeedsThan, `more less fewer better worse`)
	add(wMonth, `january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec`)
	add(wWeekday, `monday tuesday wednesday thursday friday saturday sunday`)
	add(wTitle, `president minister secretary chancellor senator sen. governor gov. mayor spokesman
		spokeswoman spokesperson ambassador envoy director chairman chairwoman chair chief ceo
		commissioner general gen. colonel col. dr. mr. mrs. ms. prof. professor king queen prince
		princess pope premier leader judge justice deputy head representative rep. lt. captain capt.
		admiral adm. marshal economist analyst sheriff inspector superintendent`)
	add(wRoleHead, `minister diplomat president leader spokesman spokeswoman spokesperson official
		ambassador envoy secretary chancellor senator governor mayor premier director chairman
		chairwoman chief economist analyst commissioner general governor head king queen pope
		judge sheriff inspector superintendent`)
	add(wOrg, `ministry office agency bank group council service department committee kremlin
		commission organization organisation union institute university party government police
		court company inc corp ltd administration bureau authority fund parliament duma congress
		senate board federation association centre center statistics house pentagon street hill`)
	add(wMoney, `percent percentage dollar dollars euro euros ruble rubles rouble roubles pound pounds
		yuan yen rupee rupees bn mln million millions billion billions trillion trillions thousand
		thousands hundred hundreds tonnes tons barrels kilometres kilometers km miles`)
	add(wAdverb, `also later earlier previously repeatedly then again further recently once reportedly
		has had have already`)
	add(wNoSubject, `then also not so too yet still thus therefore hence moreover
		to in on at for with by from of into as if when while because that which who said`)
	add(wPeople, `critics officials analysts experts sources witnesses residents police authorities economists
		observers diplomats scientists researchers doctors investigators prosecutors organisers
		organizers`)
	add(wRelTime, `yesterday`)
	add(wMagnitude, `millions billions trillions thousands hundreds dozens`)
	add(wNumWord, `two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
		fifty sixty seventy eighty ninety`)
	add(wCue, `expected likely going set due poised next coming last ago`)
	return m
}

// tokKind is what a token is.
type tokKind uint8

const (
	tokWord   tokKind = iota // letters, possibly with digits, inner apostrophes, hyphens, dots
	tokNumber                // starts with a digit: 3.9, 10,000, 24/7, 9th
	tokPunct                 // one punctuation mark
	tokQuote                 // a double quotation mark, straight or curly, or a guillemet
)

// token is one word, number or punctuation mark of a text: text[start:end].
type token struct {
	start, end int
	kind       tokKind
	upper      bool      // the word starts with an ASCII capital letter
	class      wordClass // the lexicon classes of the word, folded to lower case
}

// specialRune reports the length of a non-ASCII punctuation mark at s[i]
// (curly quotes, guillemets, dashes, ellipsis, no-break space) and whether
// it is a double quotation mark; 0 when s[i] starts no such mark.
func specialRune(s string, i int) (n int, quote bool) {
	c := s[i]
	if c == 0xC2 && i+1 < len(s) {
		switch s[i+1] {
		case 0xAB, 0xBB: // « »
			return 2, true
		case 0xA0: // no-break space
			return 2, false
		}
		return 0, false
	}
	if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 {
		switch s[i+2] {
		case 0x9C, 0x9D, 0x9E: // “ ” „
			return 3, true
		case 0x93, 0x94, 0xA6, 0x98, 0x99: // – — … ‘ ’
			return 3, false
		}
	}
	return 0, false
}

// singleQuote reports whether the curly single quote at text[i:i+n] is a
// quotation mark rather than an apostrophe: ‘ opening after white space or
// a bracket, ’ closing after , . ! or ? (‘We will win,’ he said.).
func singleQuote(text string, start, i, n int) bool {
	if n != 3 || text[i] != 0xE2 || text[i+1] != 0x80 {
		return false
	}
	switch text[i+2] {
	case 0x98: // ‘
		if i == start {
			return true
		}
		switch text[i-1] {
		case ' ', '\n', '\t', '\r', '(', '[':
			return true
		}
	case 0x99: // ’
		if i > start {
			switch text[i-1] {
			case ',', '.', '!', '?':
				return true
			}
		}
	}
	return false
}

// isSpaceAt reports the length of white space at s[i]: ASCII white space or
// a no-break space; 0 when there is none.
func isSpaceAt(s string, i int) int {
	switch s[i] {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return 1
	case 0xC2:
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return 2
		}
	}
	return 0
}

// tokenize appends the tokens of text[start:end] to buf and returns it.
func tokenize(text string, start, end int, buf []token) []token {
	var low [32]byte
	for i := start; i < end; {
		c := text[i]
		if n := isSpaceAt(text[:end], i); n > 0 {
			i += n
			continue
		}
		if c >= 0x80 {
			if n, q := specialRune(text[:end], i); n > 0 {
				if i+n <= end && !(n == 2 && text[i+1] == 0xA0) {
					k := tokPunct
					if q || singleQuote(text, start, i, n) {
						k = tokQuote
					}
					buf = append(buf, token{start: i, end: i + n, kind: k})
				}
				i += n
				continue
			}
		}
		switch {
		case words.IsDigit(c):
			j := i + 1
			for j < end {
				d := text[j]
				if words.IsDigit(d) || words.IsLetter(d) && d < 0x80 {
					j++
					continue
				}
				if (d == '.' || d == ',' || d == ':' || d == '/') && j+1 < end && words.IsDigit(text[j+1]) {
					j += 2
					continue
				}
				break
			}
			buf = append(buf, token{start: i, end: j, kind: tokNumber})
			i = j
		case words.IsLetter(c):
			j := i
			for j < end {
				d := text[j]
				if d >= 0x80 {
					if n, _ := specialRune(text[:end], j); n > 0 {
						// A curly apostrophe between letters stays in the word (Russia’s).
						if n == 3 && text[j+2] == 0x99 && j+3 < end && words.IsLetter(text[j+3]) && j > i {
							j += 3
							continue
						}
						break
					}
					j++
					continue
				}
				if words.IsLetter(d) || words.IsDigit(d) {
					j++
					continue
				}
				if (d == '\'' || d == '-' || d == '.' && j+1 < end && text[j+1] != ' ') && j+1 < end && (words.IsLetter(text[j+1]) && text[j+1] < 0x80) {
					j += 2
					continue
				}
				break
			}
			// Keep the full stop of a known abbreviation (Dr., Gen.) in the word.
			t := token{start: i, end: j, kind: tokWord, upper: c >= 'A' && c <= 'Z'}
			if c >= 0x80 {
				r, _ := utf8.DecodeRuneInString(text[i:j])
				t.upper = unicode.IsUpper(r) // Émilie, Łukasz
			}
			if j < end && text[j] == '.' && j-i <= 4 {
				if cl, ok := lookup(text[i:j+1], &low); ok && cl&wTitle != 0 {
					t.end = j + 1
					j++
				}
			}
			t.class, _ = lookup(text[t.start:t.end], &low)
			buf = append(buf, t)
			i = j
		default:
			k := tokPunct
			if c == '"' {
				k = tokQuote
			}
			if c >= 0x80 {
				// A stray continuation or lead byte (invalid UTF-8): skip it as punctuation.
				k = tokPunct
			}
			buf = append(buf, token{start: i, end: i + 1, kind: k})
			i++
		}
	}
	return buf
}

// lookup returns the lexicon classes of word, folded to ASCII lower case
// without allocating.
func lookup(word string, low *[32]byte) (wordClass, bool) {
	if len(word) > len(low) {
		return 0, false
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		} else if c == 0xE2 && i+2 < len(word) && word[i+1] == 0x80 && word[i+2] == 0x99 {
			// Fold the curly apostrophe of won’t to the straight one.
			low[i], low[i+1], low[i+2] = '\'', 0, 0
			return lookupFolded(low[:i+1], word[i+3:], low)
		}
		low[i] = c
	}
	cl, ok := lexicon[string(low[:len(word)])]
	return cl, ok
}

// lookupFolded finishes lookup after a folded curly apostrophe.
func lookupFolded(head []byte, rest string, low *[32]byte) (wordClass, bool) {
	n := len(head)
	for i := 0; i < len(rest) && n < len(low); i++ {
		c := rest[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[n] = c
		n++
	}
	cl, ok := lexicon[string(low[:n])]
	return cl, ok
}

// equalFold reports whether the ASCII word a equals b (lower case) ignoring
// ASCII case.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			return false
		}
	}
	return true
}
