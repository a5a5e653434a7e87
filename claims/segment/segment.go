package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"claimdesk/claims/words"
)

// Sentence is one sentence of a text: the bytes text[Start:End], with no
// white space at either end.
type Sentence struct {
	Start, End int
}

// Split cuts text into sentences. Spans are ordered, do not overlap, and
// every byte of text that is not white space (unicode.IsSpace; a byte that is
// not valid UTF-8 counts as not white space) lies in exactly one span.
//
// It makes one pass over the bytes; docs/ARCHITECTURE.md lists the rules:
//   - a full stop, "!" or "?" (with any closing quotes, brackets and
//     citation marks such as "[12]" or " [1 - 3]" after it) ends a sentence
//     when white space and a sentence start follow: not a continuation such
//     as "/TASS/" in a dateline, and a lower-case word only where the mark
//     says so (lowerBreak: "ice cream? you're mad", "my bf. a bar");
//   - with no space after it, a mark ends a sentence only between words
//     (glued: "work?mine", "shade.The dog"), never inside an address;
//   - a full stop after an abbreviation ends a sentence only where the next
//     word is one that commonly opens a sentence ("in the U.S. The ...";
//     after "etc." any capital), never after a section's number at the
//     start of a heading ("2.1. New Institutional Economics"), and
//     never after a title ("Mr.", "Gen.") or an initial inside a name
//     ("J. R. R. Tolkien");
//   - a closing quote followed by a name and a verb of saying (or a verb in
//     -s/-ed that ends the clause) stays in its sentence ("Will it hold?"
//     Lavrov asked.), even after a full stop, which news copy sometimes
//     puts where a comma belongs;
//   - ellipses follow the usual rules: ". . ." inside a sentence, a fourth
//     dot or "...." followed by a capital ends it, and none makes a
//     sentence of its own; one of touching dots after a sentence's end
//     opens the next ("this day. ...a drop"), and "[...]" before a
//     capital closes its sentence;
//   - a blank line always ends a sentence; a single newline does after
//     a line that looks like a title (no closing punctuation, not ending in
//     a word such as "the" or "of") when the next line starts like a
//     sentence (a capital, a digit, a quote), and in a paragraph with a
//     line longer than any wrap width (typedWidth: its line breaks were
//     typed, as in an article pasted with one line break between
//     paragraphs) before any line that starts with a word, a capital or a
//     quote, unless the line ends in a word such as "the" or a hyphen
//     inside a word;
//   - list items ("1.", "2)", "a.", "•"), the closing of a letter before a
//     name ("Thanks, Anne") and a signature after a dash ("--Anne") start
//     sentences of their own;
//   - where no punctuation marks the end (mail and web text joined into one
//     line), time stamps, addresses, separator lines, smileys, photo
//     credits and date lines do (layout.go).
func Split(text string) []Sentence {
	n := len(text)
	// News sentences average well over 40 bytes: one allocation is enough
	// for most texts.
	out := make([]Sentence, 0, n/40+1)
	start := -1   // first byte of the open sentence, -1 when none is open
	lastEnd := 0  // end of the last byte that is not white space
	protect := -1 // full stops before this offset belong to a list marker
	// The open list: kind 0 none, 'd' digits, 'l' letters; its last value and
	// the punctuation after its markers.
	var listKind byte
	var listVal int
	var listStyle byte
	afterSpace := true
	// The paragraph being read starts at para; unwrapped tells, once a
	// single line break asks (wrapKnown), whether its lines were left as
	// typed rather than wrapped by hand (unwrappedFrom).
	para := 0
	wrapKnown, unwrapped := false, false

	openAt := func(i int) {
		start = i
		if k, v, st, end, ok := listMarker(text, i); ok {
			listKind, listVal, listStyle = k, v, st
			protect = end
		}
	}
	// nextItem starts a sentence at text[i] if the next item of the open
	// list starts there: the next value, or the one before in a list that
	// counts down ("10. Jack Welch, CEO 9. Scott McNealy").
	nextItem := func(i int) {
		if k, v, st, end, ok := listMarker(text, i); ok && k == listKind && st == listStyle &&
			(v == listVal+1 || v == listVal-1 && v > 0) {
			out = append(out, Sentence{start, lastEnd})
			start = i
			listVal = v
			protect = end
		}
	}

	for i := 0; i < n; {
		c := text[i]
		cls := byteClass[c]
		if cls == plainByte {
			// Fast path: ordinary bytes (letters, digits, most punctuation,
			// continuation bytes of multi-byte characters).
			if start < 0 {
				openAt(i)
			} else if afterSpace && listKind != 0 {
				nextItem(i)
			}
			afterSpace = false
			i++
			for i < n && byteClass[text[i]] == plainByte {
				i++
			}
			lastEnd = i
			continue
		}

		if cls == hookByte {
			// "@", ":", "/" and the signs that start separator lines and
			// smileys: layout.go.
			if start < 0 {
				openAt(i)
			} else if afterSpace && listKind != 0 {
				nextItem(i)
			}
			if afterSpace || c == '@' || c == ':' || c == '/' || c == '>' {
				if ts, e := hookAt(text, start, i, afterSpace); ts >= 0 || e > 0 {
					out, start = cutAround(text, out, start, ts, e)
					if ts >= 0 && start == ts {
						openAt(ts) // a list item may start there
					}
					if e > 0 {
						i, lastEnd, afterSpace = e, e, false
						continue
					}
				}
			}
			afterSpace = false
			i++
			lastEnd = i
			continue
		}
		if c == ' ' && i+1 < n && byteClass[text[i+1]] == plainByte {
			// The common case: one space between words.
			if start >= 0 && text[i-1] == ',' {
				if i-start <= maxClosing+1 && closing(text, start, i-1, i+1) {
					out = append(out, Sentence{start, i})
					start = -1
					if e := signedName(text, i+1); e > 0 {
						out = append(out, Sentence{i + 1, e})
						i, lastEnd, afterSpace = e, e, false
						continue
					}
				} else if i-2 >= start && text[i-2] == 'y' {
					if ts, e := dateBreaks(text, start, i-1); ts >= 0 || e > 0 {
						out, start = cutAround(text, out, start, ts, e)
						if e > 0 {
							i, lastEnd, afterSpace = e, e, false
							continue
						}
					}
				}
			}
			afterSpace = true
			i++
			continue
		}
		if sz, nl := spaceAt(text, i); sz > 0 {
			// A run of white space: count its line breaks.
			j := i + sz
			lines := nl
			for j < n {
				s2, nl2 := spaceAt(text, j)
				if s2 == 0 {
					break
				}
				lines += nl2
				j += s2
			}
			if lines >= 2 {
				para, wrapKnown = j, false
			}
			if start >= 0 {
				if lines >= 2 {
					out = append(out, Sentence{start, lastEnd})
					start = -1
					listKind = 0
				} else if lines == 1 && j < n && (titleBreak(text, start, lastEnd, j) || lineItem(text, j)) {
					out = append(out, Sentence{start, lastEnd})
					start = -1
				} else if lines == 1 && j < n && (startsSentence(text, j) || words.IsLetter(text[j])) {
					if !wrapKnown {
						unwrapped, wrapKnown = unwrappedFrom(text, para), true
					}
					if unwrapped && !asksForMore(text, start, lastEnd) {
						out = append(out, Sentence{start, lastEnd})
						start = -1
					}
				}
			} else if lines >= 2 {
				listKind = 0
			}
			afterSpace = true
			i = j
			continue
		}

		// Not white space: a terminal mark, a bullet, or another
		// multi-byte character.
		if start < 0 {
			openAt(i)
		} else if afterSpace && bullet(text, i) {
			out = append(out, Sentence{start, lastEnd})
			openAt(i)
		} else if afterSpace && listKind != 0 {
			nextItem(i)
		}
		afterSpace = false

		if tl := termLen(text, i); tl > 0 && i >= protect {
			end, brk := terminal(text, start, i)
			if brk {
				out = append(out, Sentence{start, end})
				start = -1
			}
			if end <= i {
				end = i + tl
			}
			i = end
			lastEnd = end
			continue
		}
		_, sz := utf8.DecodeRuneInString(text[i:])
		i += sz
		lastEnd = i
	}
	if start >= 0 {
		out = append(out, Sentence{start, lastEnd})
	}
	return out
}

// closing reports whether text[start:comma] is the closing of a letter
// ("Thanks", "Best regards") and a capital follows at next: the name
// signed after it is a sentence of its own ("Thanks, Anne").
func closing(text string, start, comma, next int) bool {
	if text[next] < 'A' || text[next] > 'Z' || opensSentence(text, next) {
		return false // "Thanks, I will": a sentence goes on
	}
	var buf [maxClosing]byte
	w := buf[:comma-start]
	for k := range w {
		w[k] = words.Lower(text[start+k])
	}
	return closings[string(w)]
}

// closings end a letter before the name of the one who signs it.
var closings = set("thanks", "thank you", "thanks again", "many thanks", "regards", "best regards",
	"kind regards", "warm regards", "best", "best wishes", "cheers", "sincerely", "yours",
	"yours truly", "love", "take care", "respectfully")

// maxClosing is the length of the longest of closings.
const maxClosing = 12

// Byte classes for the main loop: a plainByte byte never starts white space, a
// terminal mark or a bullet, so the loop skips it without further checks.
const (
	plainByte = iota
	spaceByte
	termByte
	multiByte // a lead byte that may start white space, "…" or a bullet
	hookByte  // a byte hookAt looks at (layout.go)
)

var byteClass = func() (t [256]byte) {
	for _, c := range "\t\n\v\f\r " {
		t[c] = spaceByte
	}
	t['.'], t['!'], t['?'] = termByte, termByte, termByte
	for _, c := range "@:/=*_~#-;^<>" {
		t[c] = hookByte
	}
	// U+0085, U+00A0; U+1680; U+2000-U+205F (spaces, "…", "‼", bullets);
	// U+3000.
	for _, c := range []byte{0xC2, 0xE1, 0xE2, 0xE3} {
		t[c] = multiByte
	}
	return t
}()

// spaceAt reports the size of the white space character at text[i] (0 if
// there is none) and how many line breaks it stands for: a paragraph
// separator counts as two, so that it ends a sentence as a blank line does.
func spaceAt(text string, i int) (size, lines int) {
	c := text[i]
	switch c {
	case ' ', '\t', '\v', '\f':
		return 1, 0
	case '\n':
		return 1, 1
	case '\r':
		if i+1 < len(text) && text[i+1] == '\n' {
			return 1, 0 // the '\n' that follows counts
		}
		return 1, 1
	}
	if c < 0x80 || byteClass[c] != multiByte {
		return 0, 0
	}
	r, sz := utf8.DecodeRuneInString(text[i:])
	switch r {
	case 0x85, 0x2028:
		return sz, 1
	case 0x2029:
		return sz, 2
	}
	if r != utf8.RuneError && unicode.IsSpace(r) {
		return sz, 0
	}
	return 0, 0
}

func isSpace(text string, i int) bool {
	sz, _ := spaceAt(text, i)
	return sz > 0
}

// termLen is the size of the sentence-ending mark at text[i], 0 if none.
func termLen(text string, i int) int {
	c := text[i]
	if c == '.' || c == '!' || c == '?' {
		return 1
	}
	if c == 0xE2 && i+2 < len(text) {
		switch text[i+1 : i+3] {
		case "\x80\xa6", "\x80\xbc", "\x81\x87", "\x81\x88", "\x81\x89": // … ‼ ⁇ ⁈ ⁉
			return 3
		}
	}
	return 0
}

// bullet reports whether a list bullet starts at text[i].
func bullet(text string, i int) bool {
	if text[i] != 0xE2 || i+2 >= len(text) {
		return false
	}
	switch text[i+1 : i+3] {
	case "\x80\xa2", "\x81\x83", "\x80\xa3", "\x97\xa6", "\x96\xaa", "\x97\x8f": // • ⁃ ‣ ◦ ▪ ●
		return true
	}
	return false
}

// lineItem reports whether a list item (a bullet or a marker such as
// "1." or "a)") starts at text[i]: after a newline it opens a sentence
// whatever ends the line before ("three points:\n1. A ceasefire").
func lineItem(text string, i int) bool {
	if bullet(text, i) {
		return true
	}
	_, _, _, _, ok := listMarker(text, i)
	return ok
}

// listMarker recognises a list item's marker at text[i] (after an optional
// bullet): one to three digits or a single lower-case letter, then ".", ")"
// or ".)", then white space. It returns the marker's kind ('d' or 'l'), its
// value, its style and the offset just past it.
func listMarker(text string, i int) (kind byte, val int, style byte, end int, ok bool) {
	n := len(text)
	if bullet(text, i) {
		i += 3
		for i < n && text[i] == ' ' {
			i++
		}
	}
	j := i
	for j < n && j-i < 4 && text[j] >= '0' && text[j] <= '9' {
		val = val*10 + int(text[j]-'0')
		j++
	}
	switch {
	case j > i && j-i <= 3:
		kind = 'd'
	case j == i && j < n && text[j] >= 'a' && text[j] <= 'z':
		kind, val = 'l', int(text[j]-'a')+1
		j++
	default:
		return 0, 0, 0, 0, false
	}
	switch {
	case j+1 < n && text[j] == '.' && text[j+1] == ')':
		style, j = 'p', j+2
	case j < n && (text[j] == '.' || text[j] == ')'):
		style, j = text[j], j+1
	default:
		return 0, 0, 0, 0, false
	}
	if j < n && !isSpace(text, j) {
		return 0, 0, 0, 0, false
	}
	return kind, val, style, j, true
}

// terminal decides about the sentence-ending mark at text[i] in the sentence
// that started at start. It returns the offset just past the marks and the
// closing quotes, brackets and citation marks that go with them, and whether
// the sentence ends there.
func terminal(text string, start, i int) (end int, brk bool) {
	n := len(text)
	// The run of marks: "?!", "...", "…", and spaced ellipses ". . .".
	j := i
	dots, others := 0, 0
	spaced := false
run:
	for j < n {
		switch c := text[j]; {
		case c == '.':
			dots++
			j++
		case c == '!' || c == '?':
			others++
			j++
		case c == ' ' && j+1 < n && text[j+1] == '.' && dots > 0 && others == 0 &&
			(j+2 == n || text[j+2] != '.'):
			// ". . .", but not "day. ...a drop": an ellipsis of dots
			// that touch opens the next sentence.
			spaced = true
			j++
		case c == ' ' && j+1 < n && (text[j+1] == '?' || text[j+1] == '!') && others > 0 && dots == 0:
			j++ // "the moral high ground ? ? ? ? ?": one run of marks
		default:
			if tl := termLen(text, j); tl == 3 {
				if text[j+2] == 0xa6 {
					dots += 3
				} else {
					others++
				}
				j += 3
				continue
			}
			break run
		}
	}
	runEnd := j
	// Closing quotes and brackets, and citation marks such as "[12]".
	quoted := false
	for j < n {
		switch c := text[j]; c {
		case '"', '\'':
			quoted = true
			j++
			continue
		case ')', ']', '}':
			j++
			continue
		case '[':
			if k := citationEnd(text, j); k > 0 {
				j = k
				continue
			}
		case 0xE2: // ” ’, and “ ‘ typed the wrong way round
			if j+2 < n && (text[j+1:j+3] == "\x80\x9d" || text[j+1:j+3] == "\x80\x99") {
				quoted = true
				j += 3
				continue
			}
			if j+2 < n && (text[j+1:j+3] == "\x80\x9c" || text[j+1:j+3] == "\x80\x98") &&
				(j+3 == n || isSpace(text, j+3)) {
				// "decision.“ However": an opening quote right after the
				// mark and before white space can only close.
				quoted = true
				j += 3
				continue
			}
		case 0xC2:
			if j+1 < n && text[j+1] == 0xbb {
				quoted = true
				j += 2
				continue
			}
		}
		break
	}
	// Citation marks after a space belong to the sentence they follow:
	// "research. [1 - 3] Sociologists", "in 1971. [7] [8]".
	for j < n && text[j] == ' ' {
		k := j
		for k < n && text[k] == ' ' {
			k++
		}
		c := citationEnd(text, k)
		if c == 0 {
			c = editorTagEnd(text, k)
		}
		if c > 0 && c+1 < n && text[c] == '.' && isSpace(text, c+1) {
			c++ // "days. [1]. Create": the mark repeats the full stop
		}
		if c == 0 || (c < n && !isSpace(text, c)) {
			break
		}
		j = c
	}
	closed := quoted || j != runEnd
	if j+2 < n && text[j] == ' ' {
		if c := text[j+1]; byteClass[c] == hookByte {
			if e := emoticon(text, j+1); e > 0 {
				j = e // "the key. =) he might": a smiley closes the sentence it follows
			}
		} else if words.IsDigit(c) && i > start && text[i-1] >= 'a' && text[i-1] <= 'z' {
			// "a publication fee. 8 Yet some": a note number.
			if k := digits(text, j+1, 1, 2); k > 0 && k+2 < n && text[k] == ' ' && capitalised(text, k+1) {
				j = k
			}
		}
	}
	end = j
	if end < n && !isSpace(text, end) {
		// "3.5", "Jr.'s", "example.com", "that...see"; but typed text
		// sometimes drops the space ("soil.The people", "it?how"). An
		// ellipsis that opens the sentence ("...Now comes the fun part")
		// ends nothing.
		if dots >= 2 && i == start {
			return end, false
		}
		return end, glued(text, start, i, end, dots, others)
	}
	next, lines := skipSpace(text, end)
	if next == n || lines >= 2 {
		// The end of the text or of the paragraph: the sentence ends here
		// in any case, so nothing after it may decide differently.
		if dots >= 4 && spaced && i > start && !isSpace(text, i-1) {
			return end, false // "abandoned. . . ." closes the text as one
		}
		return end, true
	}
	if dots >= 2 && i == start {
		return end, false // "... It was": an ellipsis that opens a sentence
	}
	if c := text[next]; (c == 'h' || c == 'w') && webAddress(text, next) > 0 {
		return end, true // "... are cool... http://example.org/a.html"
	}
	if others == 1 && dots == 0 && text[i] == '?' && i > start && text[i-1] == ':' {
		// "Direct Dial:? 203.961.7523": one character lost in a
		// conversion, not a question ("RE:???" asks).
		return end, false
	}
	if (dots == 1 && !spaced || dots == 0) && ellipsisAt(text, next) {
		// "continues to this day. ...a drop in the birth rate", "I LIVE
		// THERE! ... Ive been living": the ellipsis opens the next
		// sentence.
		return end, true
	}
	if !startsSentence(text, next) {
		return end, lowerBreak(text, start, i, next, dots, others, closed)
	}
	if quoted && attribution(text, next) {
		return end, false // "Will it hold?" Lavrov asked.
	}
	if others > 0 {
		// "Viva Maria! (1965)", "Meurtres? (Three Sinners, 1950)": the
		// mark belongs to a title, and the year after it says so.
		return end, !(dots == 0 && text[next] == '(' && yearBracket(text, next))
	}
	if dots >= 2 {
		// An ellipsis.
		if i > 0 && (text[i-1] == '[' || text[i-1] == '(') {
			// "[...]" marks an omission inside a sentence ("Bohr [...]
			// used"); before a capital letter it closes one ("would
			// improve crop yields [...] Ozone is something").
			return end, !quoted && text[next] >= 'A' && text[next] <= 'Z'
		}
		if spaced {
			if dots == 3 {
				return end, false
			}
			if i > start && !isSpace(text, i-1) {
				// "compounds. . . . The": the full stop ends the sentence;
				// the ellipsis opens the next one.
				return i + termLen(text, i), true
			}
		}
		return end, true
	}
	return end, periodBreaks(text, start, i, next, lines > 0)
}

// ellipsisAt reports whether an ellipsis of three dots or more that touch,
// or "…", starts at text[i].
func ellipsisAt(text string, i int) bool {
	return i+2 < len(text) && (text[i:i+3] == "..." || text[i:i+3] == "\u2026")
}

// yearBracket reports whether a bracket at text[i] ends in a year right
// before it closes: "(1965)", "(Three Sinners, 1950)".
func yearBracket(text string, i int) bool {
	for k := i + 1; k < len(text) && k-i <= 48; k++ {
		switch text[k] {
		case ')':
			return k-i >= 5 && (text[k-4] == '1' || text[k-4] == '2') &&
				digits(text, k-4, 4, 4) == k && (k-5 == i || text[k-5] == ' ')
		case '(', '\n', '.', '!', '?':
			return false
		}
	}
	return false
}

// glued reports whether a mark at text[i] with no space after it (the next
// word starts at text[end]) still ends the sentence: "?" or "!" before a
// word of letters ("it?how has"), an ellipsis before a capital
// ("AAAGH...I just"), a full stop between a lower-case word and a
// capitalised one ("soil.The people"). A word that goes on with a full
// stop, a slash, "=" or "@" is part of an address ("site.Com/x", "a?b=1").
func glued(text string, start, i, end, dots, others int) bool {
	n := len(text)
	k := end
	for k < n && (text[k] >= 'a' && text[k] <= 'z' || text[k] >= 'A' && text[k] <= 'Z') {
		k++
	}
	if k == end || k < n && !isSpace(text, k) && strings.IndexByte(",;:!?'", text[k]) < 0 {
		return false
	}
	upper := text[end] >= 'A' && text[end] <= 'Z'
	switch {
	case others > 0 && dots == 0:
		return k-end >= 2 || text[end] == 'I'
	case dots >= 2:
		return upper && (k-end >= 2 || text[end] == 'I')
	case dots == 1 && upper && k-end >= 2 && text[end+1] >= 'a' && text[end+1] <= 'z':
		ts := i
		for ts > start && text[ts-1] >= 'a' && text[ts-1] <= 'z' {
			ts--
		}
		if i-ts < 3 || ts > start && !isSpace(text, ts-1) {
			return false
		}
		w := text[ts:i]
		return !titles[w] && !abbrevs[w] && !beforeNumber[w]
	case dots == 1 && others == 0 && !upper:
		return gluedLower(text, start, i, end, k)
	}
	return false
}

// gluedLower reports whether a full stop at text[i] glued to the
// lower-case word text[end:k] ends the sentence, as it does in hasty
// typing when that word commonly opens sentences and the word before the
// mark is an ordinary one of three letters or more ("too much pepper.no
// place to seat", "see New York.but"). A preposition there goes on ("did
// not taste good.at all"), and so do the words that are also the ends of
// web addresses ("google.it").
func gluedLower(text string, start, i, end, k int) bool {
	var buf [16]byte
	if k-end > len(buf) {
		return false
	}
	w := buf[:k-end]
	for x := range w {
		w[x] = text[end+x]
	}
	if !starters[string(w)] || gluedGoesOn[string(w)] {
		return false
	}
	ts := i
	for ts > start && text[ts-1] >= 'a' && text[ts-1] <= 'z' {
		ts--
	}
	if ts > start && text[ts-1] >= 'A' && text[ts-1] <= 'Z' {
		ts--
	}
	if i-ts < 3 || ts > start && !isSpace(text, ts-1) {
		return false
	}
	if i-ts > len(buf) {
		return true
	}
	p := buf[:i-ts]
	for x := range p {
		p[x] = words.Lower(text[ts+x])
	}
	return !titles[string(p)] && !abbrevs[string(p)] && !beforeNumber[string(p)]
}

// gluedGoesOn are the words of starters that do not open a sentence
// after a full stop with no space before them: prepositions, and words
// that also end web addresses.
var gluedGoesOn = set("in", "on", "at", "for", "from", "by", "with", "under", "over", "during",
	"as", "after", "before", "since", "until", "it", "is")

// citationEnd returns the offset past a citation mark at text[j] ("[12]",
// "[a]", "[1 - 3]", "[2,5]"), or 0.
func citationEnd(text string, j int) int {
	if j+1 >= len(text) || text[j] != '[' || !(words.IsDigit(text[j+1]) || text[j+1] >= 'a' && text[j+1] <= 'z') {
		return 0
	}
	letters := 0
	for k := j + 1; k < len(text) && k-j <= 12; k++ {
		switch c := text[k]; {
		case c == ']':
			return k + 1
		case c >= 'a' && c <= 'z':
			if letters++; letters > 1 {
				return 0 // "[sic]", "[and]": words, not a mark
			}
		case words.IsDigit(c), c == ' ', c == '-', c == ',':
		default:
			return 0
		}
	}
	return 0
}

// editorTagEnd returns the offset past an editor's tag at text[j] that
// follows a sentence in an encyclopedia's text ("[citation needed]",
// "[better source needed]"), or 0: it belongs to the sentence before it.
func editorTagEnd(text string, j int) int {
	if j+1 >= len(text) || text[j] != '[' || text[j+1] < 'a' || text[j+1] > 'z' {
		return 0
	}
	for k := j + 1; k < len(text) && k-j <= 40; k++ {
		switch c := text[k]; {
		case c == ']':
			if strings.HasSuffix(text[j+1:k], "needed") {
				return k + 1
			}
			return 0
		case c >= 'a' && c <= 'z', c == ' ':
		default:
			return 0
		}
	}
	return 0
}

// lowerBreak decides about a mark at text[i] followed by a lower-case
// word at text[next]: informal text often starts sentences in lower case
// ("ice cream? you're mad", "my bf. a bar would be nice"). "?" and "!"
// end the sentence there unless a quote or bracket closes after them
// ("'Why?' she asked") or they follow a capitalised word inside a
// sentence ("that Huh? is universal"); a full stop does only after an
// ordinary word: lower-case and not an abbreviation ("etc. and", "co. at"),
// or of four letters or more ("eHow. eHow"), never after an initial or a
// word in capitals ("S. and", "Inc. and") or one with inner full stops
// ("e.g. the").
func lowerBreak(text string, start, i, next, dots, others int, closed bool) bool {
	if text[next] == '(' && next+1 < len(text) {
		next++ // "(plus they don't smell)": a bracketed remark opens a sentence too
	}
	r, _ := utf8.DecodeRuneInString(text[next:])
	if closed || !unicode.IsLower(r) || dots > 1 || dots == 1 && others > 0 {
		return false
	}
	if i > start && isSpace(text, i-1) {
		return true // "a problem ? thanks": a mark set apart ends the sentence
	}
	if dots == 1 && others == 0 && i-1 > start && afterNumber(text, start, i) && plainWord(text, next) {
		// "call them at 303-832-8160. they haven't", "(3-3264). you
		// know", "Nov 5th. preferably", "said "the kids egg him on".
		// maybe": a full stop after a bracket, a closing quote, an ordinal
		// or a number of two digits or more is no abbreviation's; a single
		// digit may be a list's marker ("two claims: 1. that Huh? is
		// universal").
		return true
	}
	ts := i
	for ts > start && ts > i-32 && words.IsLetter(text[ts-1]) || ts > start+1 && text[ts-1] == '\'' && words.IsLetter(text[ts-2]) {
		ts--
	}
	tok := text[ts:i]
	if ts > start && !isSpace(text, ts-1) && text[ts-1] != '(' && text[ts-1] != '"' {
		return false // "3.5", "e.g", "a/b": not an ordinary word
	}
	if others > 0 {
		// "that Huh? is": a capitalised word quoted in running text.
		return !(capitalised(text, ts) && prevWordLower(text, start, ts))
	}
	var buf [16]byte
	if len(tok) > len(buf) {
		return true
	}
	lower := buf[:len(tok)]
	allLower, allUpper := true, true
	for k := 0; k < len(tok); k++ {
		c := tok[k]
		if c >= 'A' && c <= 'Z' {
			allLower = false
			c += 'a' - 'A'
		} else if c >= 'a' && c <= 'z' {
			allUpper = false
		}
		lower[k] = c
	}
	if titles[string(lower)] || abbrevs[string(lower)] || beforeNumber[string(lower)] || len(tok) < 2 {
		return false
	}
	// "SCAM. cut off", but not "LA. and" or "Inc. and".
	return allLower || len(tok) >= 4 || allUpper && len(tok) >= 4
}

// afterNumber reports whether the full stop at text[i] follows a closing
// bracket or quote, a number of two digits or more, or an ordinal ("5th").
func afterNumber(text string, start, i int) bool {
	k := i
	if k-start >= 3 && (text[k-3:k] == "\u201d" || text[k-3:k] == "\u2019") {
		return true
	}
	switch c := text[k-1]; c {
	case ')', ']', '"':
		return true
	case 't', 'h', 's', 'n', 'd', 'r':
		if k-start >= 3 {
			switch text[k-2 : k] {
			case "st", "nd", "rd", "th":
				return words.IsDigit(text[k-3])
			}
		}
		return false
	}
	return k-start >= 2 && words.IsDigit(text[k-1]) && words.IsDigit(text[k-2])
}

// plainWord reports whether a word of letters followed by white space or
// an apostrophe starts at text[i]: not an address or a code ("doi:10.1037",
// "http://").
func plainWord(text string, i int) bool {
	k := i
	for k < len(text) && words.IsLetter(text[k]) {
		k++
	}
	return k > i && (k == len(text) || isSpace(text, k) || text[k] == '\'' || text[k] == ',')
}

// skipSpace returns the offset of the first byte at or after i that is
// not white space, and the line breaks it skipped.
func skipSpace(text string, i int) (next, lines int) {
	for i < len(text) {
		sz, nl := spaceAt(text, i)
		if sz == 0 {
			break
		}
		lines += nl
		i += sz
	}
	return i, lines
}

// startsSentence reports whether text[i:] can open a sentence: not a
// lower-case word, and not punctuation that continues one (",", "/TASS/").
func startsSentence(text string, i int) bool {
	for k := 0; i < len(text) && k < 4; k++ {
		r, sz := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '"', '\'', '(', '[', '“', '‘', '«':
			i += sz // look at what the quote or bracket opens
			continue
		case '-':
			// "--Angela", "-Mary Little", "-- The council": a signature or
			// a quoted source; "- and then" goes on.
			if i+1 < len(text) && (text[i+1] == '-' || words.IsLetter(text[i+1])) {
				return true
			}
			return false
		case ',', ';', ':', '/', '%', '&', ')', ']', '}', '.':
			return false
		}
		return !unicode.IsLower(r)
	}
	return true
}

// wordAt returns the word (words.Next) that starts at text[i], folded
// (words.Fold) and cut at its apostrophe, so that "It's" is looked up as
// "it", and the offset just past the whole word. The word is empty when
// none starts at text[i], and nil when it does not fit buf: no word the
// segmenter looks up is that long.
func wordAt(text string, i int, buf []byte) (w []byte, end int) {
	a, b := words.Next(text, i)
	if a != i {
		return buf[:0], i
	}
	k := 0
	for j := a; j < b; {
		var c byte
		c, j = words.Fold(text, j, b)
		if c == '\'' {
			break
		}
		if k == len(buf) {
			return nil, b
		}
		buf[k] = c
		k++
	}
	return buf[:k], b
}

// attribution reports whether text[i:] reads like "Lavrov said" or "Sergey
// Lavrov told reporters": a capitalised name of one or two words, then a
// verb of saying, or a verb in -s or -ed that ends the clause ("Winston
// beams.", "Ana Ruiz shrugged,"): a name and one such verb do not make a
// sentence of their own.
func attribution(text string, i int) bool {
	var buf [16]byte
	for w := range 3 {
		ws := i
		wd, end := wordAt(text, i, buf[:])
		if len(wd) == 0 {
			return false
		}
		if w == 0 && string(wd) == "i" && end+1 < len(text) && text[end] == ' ' && saidByI(text, end+1) {
			return true // "“Not yet,” I say.": "I" is capitalised wherever it stands
		}
		if w == 0 && starters[string(wd)] {
			return false // "He added: ...", "No one replied." open sentences of their own
		}
		if w > 0 && speechVerbs[string(wd)] {
			return true
		}
		if w > 0 && text[ws] >= 'a' && text[ws] <= 'z' && len(wd) > 3 &&
			(wd[len(wd)-1] == 's' || wd[len(wd)-2] == 'e' && wd[len(wd)-1] == 'd') &&
			(end == len(text) || text[end] == '.' || text[end] == ',') {
			return true
		}
		if r, _ := utf8.DecodeRuneInString(text[ws:]); w == 0 && !unicode.IsUpper(r) {
			return false
		}
		if end >= len(text) || text[end] != ' ' {
			return false
		}
		i = end + 1
	}
	return false
}

// periodBreaks decides about a single full stop at text[i] followed by what
// may start a sentence at text[next], on the next line if newline.
func periodBreaks(text string, start, i, next int, newline bool) bool {
	// The word before the full stop, without opening quotes or brackets.
	ts := i
	for ts > start && ts > i-32 {
		c := text[ts-1]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '(' || c == '[' || c == '"' {
			break
		}
		if c == '\'' && (ts-1 == start || !words.IsLetter(text[ts-2]) && !words.IsDigit(text[ts-2])) {
			break // an opening quote; "BCF's." and "the 1590's." keep their apostrophe
		}
		ts--
	}
	tok := text[ts:i]
	if len(tok) == 0 {
		return true
	}
	var buf [16]byte
	if len(tok) > len(buf) {
		return true
	}
	lower := buf[:len(tok)]
	letters, dotsIn, maxSeg, seg := true, 0, 0, 0
	for k := 0; k < len(tok); k++ {
		c := tok[k]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			seg++
		case c >= 'a' && c <= 'z':
			seg++
		case c == '.':
			dotsIn++
			seg = 0
		default:
			letters = false
		}
		if seg > maxSeg {
			maxSeg = seg
		}
		lower[k] = c
	}
	nextDigit := words.IsDigit(text[next])
	if len(lower) > maxAbbrev && dotsIn == 0 {
		return true // longer than any abbreviation: an ordinary word
	}
	// string(lower) inside each index expression allocates nothing; a
	// variable holding it would copy the bytes.
	switch {
	case tok == "eg" || tok == "ie":
		return false // "strong performers eg. Paul Thomas": "e.g." typed in haste ("IE." is a name)
	case ts == start && sectionNumber(tok):
		return false // "2.1. New Institutional Economics": a numbered heading
	case string(lower) == "p.s" || string(lower) == "ps":
		return false // "P.S. By the way, ...": a postscript opens here
	case titles[string(lower)]:
		// "... by Prof. A historian ...": the article "A" before a
		// lower-case word is no initial of a name.
		return next+2 < len(text) && text[next] == 'A' && text[next+1] == ' ' &&
			text[next+2] >= 'a' && text[next+2] <= 'z'
	case letters && len(tok) == 1 && tok[0] >= 'A' && tok[0] <= 'Z':
		// An initial ("J. R. R. Tolkien", "Jonas E. Smith"), or a letter
		// ending a sentence ("you and I. Did you see ...").
		return !nextDigit && prevWordLower(text, start, ts) && opensSentence(text, next)
	case letters && (dotsIn > 0 && maxSeg <= 2 || len(tok) == 1) || abbrevs[string(lower)]:
		// "U.S.", "a.m.", "p.", "Co.": the next word decides, or the end
		// of the line ("... is C.E.O.\nRev. King was born ...").
		if nextDigit || string(lower) == "e.g" || string(lower) == "i.e" {
			return false // "(e.g. The Programming Historian)": an example follows
		}
		if string(lower) == "etc" {
			// "... field work, etc. Manuscript review": a list that ends
			// in "etc." ends its sentence before any capital.
			r, _ := utf8.DecodeRuneInString(text[next:])
			return newline || unicode.IsUpper(r) || opensSentence(text, next)
		}
		return newline || opensSentence(text, next)
	case beforeNumber[string(lower)]:
		// "Mon. Sept. 25", "Fri. July 6": a date goes on.
		return !nextDigit && !monthAt(text, next)
	}
	return true
}

// sectionNumber reports whether tok is the number of a section in a
// numbered heading: two or more numbers joined by full stops ("2.1",
// "4.1.3").
func sectionNumber(tok string) bool {
	parts := 0
	for k := 0; k < len(tok); {
		e := k
		for e < len(tok) && words.IsDigit(tok[e]) {
			e++
		}
		if e == k || e-k > 3 {
			return false
		}
		parts++
		if e == len(tok) {
			break
		}
		if tok[e] != '.' {
			return false
		}
		k = e + 1
	}
	return parts >= 2 && tok[len(tok)-1] != '.'
}

// prevWordLower reports whether the word before text[ts] in the sentence
// begins with a lower-case letter.
func prevWordLower(text string, start, ts int) bool {
	k := ts
	for k > start && (text[k-1] == ' ' || text[k-1] == '\n' || text[k-1] == '\t') {
		k--
	}
	if k == ts || k == start {
		return false
	}
	e := k
	for k > start && text[k-1] != ' ' && text[k-1] != '\n' && text[k-1] != '\t' {
		k--
	}
	r, _ := utf8.DecodeRuneInString(text[k:e])
	return unicode.IsLower(r)
}

// opensSentence reports whether the word at text[i] is one that commonly
// opens a sentence, or a quotation opens there.
func opensSentence(text string, i int) bool {
	switch text[i] {
	case '"', '\'':
		return true
	}
	if r, _ := utf8.DecodeRuneInString(text[i:]); r == '“' || r == '‘' || r == '«' {
		return true
	}
	var buf [16]byte
	w, _ := wordAt(text, i, buf[:])
	return len(w) > 0 && starters[string(w)]
}

// titleBreak decides whether a single newline after text[start:lastEnd]
// ends a sentence: the line ends without punctuation and not in a word that
// needs a continuation, and the next line (at next) starts like a sentence.
func titleBreak(text string, start, lastEnd, next int) bool {
	// The line must end in a letter, a digit or "%", maybe inside closing
	// quotes or brackets: other punctuation either ended the sentence
	// already or asks for more (",", ":", "-").
	r, sz := utf8.DecodeLastRuneInString(text[start:lastEnd])
	last := lastEnd - sz
	switch r {
	case '"', ')', ']', '”', '’', '»':
		if last == start {
			return false
		}
		r, sz = utf8.DecodeLastRuneInString(text[start:last])
		last -= sz
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '%' {
		return false
	}
	// The next line must start like a sentence: a capital, a digit, a quote.
	r, _ = utf8.DecodeRuneInString(text[next:])
	if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '«' || bullet(text, next)) {
		return false
	}
	// The last word of the line must not ask for more ("the", "of", "Mr").
	ws := last + 1
	for ws > start && ws > last-16 && text[ws-1] != ' ' && text[ws-1] != '\t' && text[ws-1] != '\n' {
		ws--
	}
	var buf [16]byte
	w, _ := wordAt(text, ws, buf[:])
	if continuations[string(w)] || titles[string(w)] {
		return false
	}
	// A name cut by the line ("President Vladimir\nPutin said") goes on
	// in a paragraph wrapped by hand, whose lines are long; a short line is
	// a title ("Earthquake hits Turkey\nMagnitude 7.8 quake ..."), and a
	// next line that opens with a word that starts sentences or with a word
	// in capitals (a dateline: "MOSCOW, November 12.") is a new sentence.
	if capitalised(text, ws) && capitalised(text, next) && !opensSentence(text, next) &&
		longLine(text, lastEnd) {
		return false
	}
	return true
}

// typedWidth is a line longer than any width text is wrapped to by hand
// (mail wraps at 72 to 80 columns, text copied from a PDF at its page's
// width): a paragraph with such a line was not wrapped, so each of its
// line breaks was typed where it is.
const typedWidth = 160

// unwrappedFrom reports whether the paragraph that starts at text[from]
// (it runs to the next blank line) has a line longer than typedWidth. A
// single line break in such a paragraph ends the sentence before it when
// the next line starts with a word, a capital or a quote: after a heading,
// a list item, or a paragraph of text pasted with one line break between
// paragraphs ("Two Methods:\nBasic Vanilla Cupcakes\nPreheat the oven
// ...").
func unwrappedFrom(text string, from int) bool {
	from, _ = skipSpace(text, from)
	line := from // where the current line's first word starts
	for k := from; k < len(text); {
		if byteClass[text[k]] == plainByte {
			k++
			continue
		}
		sz, nl := spaceAt(text, k)
		if sz == 0 {
			k++
			continue
		}
		if nl == 0 {
			k += sz
			continue
		}
		if k-line > typedWidth {
			return true
		}
		next, lines := skipSpace(text, k)
		if lines >= 2 {
			return false // a blank line ends the paragraph
		}
		line, k = next, next
	}
	return len(text)-line > typedWidth
}

// asksForMore reports whether the line text[start:lastEnd] ends in a word
// that needs a continuation ("the", "of", "Mr"), or in a hyphen or slash
// that joins it to the next line.
func asksForMore(text string, start, lastEnd int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[start:lastEnd])
	if r == '-' {
		// "well-\nknown" goes on; a dash set apart ("We have --") marks
		// speech broken off.
		k := lastEnd - 1
		for k > start && text[k-1] == '-' {
			k--
		}
		return lastEnd-k == 1 && k > start && !isSpace(text, k-1)
	}
	if r == '/' || r == '&' {
		return true
	}
	if !unicode.IsLetter(r) {
		return false
	}
	ws := lastEnd
	for ws > start && ws > lastEnd-16 && text[ws-1] != ' ' && text[ws-1] != '\t' && text[ws-1] != '\n' {
		ws--
	}
	var buf [16]byte
	w, _ := wordAt(text, ws, buf[:])
	return continuations[string(w)] || titles[string(w)]
}

// wrapWidth is the shortest line taken for part of a paragraph wrapped
// by hand: such text wraps at 60 to 80 columns, titles are often shorter.
const wrapWidth = 50

// longLine reports whether the line that ends at lastEnd is at least
// wrapWidth bytes long.
func longLine(text string, lastEnd int) bool {
	for k := lastEnd - 1; k >= 0 && k >= lastEnd-wrapWidth; k-- {
		if text[k] == '\n' {
			return false
		}
	}
	return lastEnd >= wrapWidth
}

// capitalised reports whether the word at text[i] starts with a capital
// followed by a lower-case letter ("Putin", not "MOSCOW" or "US").
func capitalised(text string, i int) bool {
	r, sz := utf8.DecodeRuneInString(text[i:])
	if !unicode.IsUpper(r) || i+sz >= len(text) {
		return false
	}
	r2, _ := utf8.DecodeRuneInString(text[i+sz:])
	return unicode.IsLower(r2)
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// maxAbbrev is the length of the longest word in titles,
// abbrevs and beforeNumber.
const maxAbbrev = 6

// titles precede a name: a full stop after them never ends a sentence.
var titles = set("mr", "mrs", "ms", "mx", "messrs", "mme", "mlle", "dr", "drs", "prof", "gen", "gens",
	"lt", "col", "capt", "cmdr", "cdr", "adm", "maj", "brig", "sgt", "cpl", "pvt", "gov", "govs",
	"sen", "sens", "rep", "reps", "rev", "hon", "pres", "supt", "insp", "det", "atty", "amb",
	"fr", "msgr", "sra", "srta", "attn")

// abbrevs end with a full stop that ends the sentence only when the
// next word is one that opens sentences ("Pitt, Briggs & Co. It closed").
var abbrevs = set("pct", "avg", "cont", "co", "corp", "inc", "ltd", "llc", "plc", "bros", "jr", "sr", "etc", "vs",
	"approx", "est", "dept", "univ", "assn", "ave", "blvd", "rd", "st", "mt", "ft", "hwy", "ste",
	"al", "cf", "ca", "esp", "incl", "govt", "intl", "natl", "sq", "mln", "bln", "ibid", "op", "ref", "misc", "dist", "gr", "oz",
	"lb", "lbs", "hrs", "yr", "yrs", "mins", "sec", "secs", "eds", "ed", "vol", "vols", "et",
	"assoc", "asst")

// beforeNumber are abbreviations that stand before a number ("No. 2",
// "p. 55", "N°. 1026", "Nov. 12"): there the full stop does not end the
// sentence; before a capital it does ("prices rose in Feb. Analysts ...").
var beforeNumber = set("pop", "div", "no", "nos", "nr", "n°", "nº", "pp", "fig", "figs", "art", "arts", "ch",
	"para", "paras", "tel", "ext", "op", "vol", "vols", "jan", "feb", "mar", "apr", "jun", "jul",
	"aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
	"fri", "sat", "sun")

// starters commonly open an English sentence; after an abbreviation they
// tell that the abbreviation ended one ("in the U.S. How about you?").
var starters = set("a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she",
	"they", "we", "i", "you", "his", "her", "their", "our", "my", "your", "there", "here", "in",
	"on", "at", "but", "and", "or", "so", "yet", "if", "when", "while", "after", "before", "as",
	"since", "however", "meanwhile", "also", "then", "thus", "still", "what", "why", "how", "where",
	"who", "which", "some", "many", "most", "all", "not", "one", "for", "from", "by", "with",
	"according", "despite", "although", "though", "because", "during", "under", "over", "last",
	"next", "earlier", "later", "now", "today", "yesterday", "tomorrow", "such", "each", "every",
	"both", "other", "another", "mr", "mrs", "ms", "dr", "nor", "once", "until", "unless",
	"instead", "indeed", "moreover", "furthermore", "nevertheless", "nonetheless", "overall",
	"finally", "first", "let", "please", "do", "does", "did", "is", "are", "was", "were", "will",
	"can", "should", "would", "could", "besides", "further", "only", "even", "no", "yes")

// continuations are words a line does not end on when the sentence is over:
// after them a newline is a wrapped line, not the end of a title.
var continuations = set("a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "by",
	"from", "and", "or", "but", "nor", "as", "that", "which", "who", "whom", "whose", "than",
	"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would",
	"could", "should", "can", "may", "might", "must", "not", "its", "their", "his", "her", "our",
	"my", "your", "this", "these", "those", "into", "onto", "over", "under", "about", "after",
	"before", "between", "against", "said", "says", "told", "when", "while", "if", "because",
	"where", "during", "since", "until", "per", "via", "january", "february", "march", "april",
	"may", "june", "july", "august", "september", "october", "november", "december")

// speechVerbs attribute a quotation to the name before them.
var speechVerbs = set("said", "says", "asked", "asks", "added", "adds", "noted", "notes",
	"stated", "states", "told", "tells", "replied", "replies", "explained", "explains", "wrote",
	"writes", "continued", "stressed", "insisted", "declared", "tweeted", "warned", "argued",
	"claimed", "recalled", "concluded", "emphasized", "emphasised", "remarked", "commented",
	"answered", "responded", "urged", "pointed", "admitted", "acknowledged", "announced",
	"observed", "suggested", "shouted", "cried", "exclaimed", "whispered", "went", "reiterated")

// saidByI reports whether the word at text[i], after "I", is a verb of
// saying or one in -ed that ends the clause ("I say.", "I asked,", "I
// howled."): after a quotation, "I" and that verb belong to it.
func saidByI(text string, i int) bool {
	var buf [16]byte
	wd, end := wordAt(text, i, buf[:])
	if len(wd) < 3 || text[i] < 'a' || text[i] > 'z' || end < len(text) && text[end] != '.' && text[end] != ',' {
		return false
	}
	return speechVerbs[string(wd)] || string(wd) == "say" || string(wd) == "ask" ||
		len(wd) > 4 && wd[len(wd)-2] == 'e' && wd[len(wd)-1] == 'd'
}
