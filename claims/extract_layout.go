package claims

import "claimdesk/claims/words"

// The layout rules decide which sentences are article body at all: titles,
// navigation, bylines and datelines are never claims.

// piece is one sentence of the body, cut at paragraph boundaries.
type piece struct {
	start, end int
	para       int  // index of its paragraph (blank-line separated block)
	header     bool // a title, navigation or byline line: not a claim
}

// maxHeaderWords is the length up to which a line without terminal
// punctuation after the first body sentence still counts as a subheading,
// byline or navigation rather than a sentence that lost its full stop.
const maxHeaderWords = 8

// pieces cuts the segmenter's sentences at blank lines (whatever the
// segmenter does, a blank line ends a sentence), trims white space, drops
// datelines and marks header lines. Sentences that are out of order or out
// of range are skipped, so a faulty segmenter cannot break the span
// guarantees of Extract.
func pieces(text string, sents []Sentence, buf []piece) []piece {
	para := 0
	prevEnd := 0 // end of the last accepted sentence
	// paraEnd is the offset where the current paragraph ends (the start of
	// the next blank line), found lazily.
	paraStart, paraEnd := 0, -1
	body := false
	for _, s := range sents {
		if s.Start < prevEnd || s.End > len(text) || s.Start >= s.End {
			continue
		}
		prevEnd = s.End
		for start := s.Start; start < s.End; {
			// Move to the paragraph that holds start.
			for paraEnd >= 0 && start >= paraEnd {
				para++
				paraStart = nextNonSpace(text, paraEnd)
				paraEnd = -1
			}
			if paraEnd < 0 {
				paraEnd = blankLineAfter(text, paraStart)
				if start >= paraEnd {
					continue
				}
			}
			end := min(s.End, paraEnd)
			// Each item of a bulleted list is a sentence of its own.
			end = bulletLineAfter(text, start, end)
			a, b := trimSpan(text, start, end)
			start = end
			if n := bulletAt(text, a, b); n > 0 && lineStart(text, a) {
				a, b = trimSpan(text, a+n, b)
			}
			if a >= b {
				continue
			}
			// A dateline (MOSCOW, November 12. /TASS/.) at the start of a line is cut off.
			if lineStart(text, a) {
				if d := datelineEnd(text, a, b); d > a {
					a, b = trimSpan(text, d, b)
					if a >= b {
						continue
					}
				}
			}
			if onlyAgencyMark(text, a, b) || !hasAlnum(text, a, b) {
				continue
			}
			p := piece{start: a, end: b, para: para}
			wholeLine := lineStart(text, a) && lineEnd(text, b)
			switch {
			case !terminated(text, a, b) && wholeLine:
				if !body || wordCount(text, a, b) <= maxHeaderWords {
					p.header = true
				}
			case text[b-1] == ':' && wholeLine && wordCount(text, a, b) <= maxHeaderWords:
				p.header = true // a list's heading: "Key points:"
			default:
				body = true
			}
			buf = append(buf, p)
		}
	}
	// A text with no punctuated sentence at all ("Unemployment fell to 3.9%
	// in March", typed without its full stop) has no title to tell from a
	// body: its lines are statements, but for the shortest (navigation).
	if !body {
		for i := range buf {
			if wordCount(text, buf[i].start, buf[i].end) >= minUnpunctuatedWords && !byline(text, buf[i].start, buf[i].end) {
				buf[i].header = false
			}
		}
	}
	return buf
}

// minUnpunctuatedWords is the fewest words a line needs to be a statement
// in a text that has no punctuated sentence.
const minUnpunctuatedWords = 4

// byline reports whether text[a:b] starts like a byline ("By Jane Doe").
func byline(text string, a, b int) bool {
	return b-a > 3 && text[a:a+3] == "By "
}

// bulletAt returns the length of a list bullet (-, *, •, –, —, ·) and the
// space after it at text[a:b], or 0.
func bulletAt(text string, a, b int) int {
	n := 0
	switch {
	case a < b && (text[a] == '-' || text[a] == '*'):
		n = 1
	case a+2 < b && text[a] == 0xE2 && text[a+1] == 0x80 && (text[a+2] == 0xA2 || text[a+2] == 0x93 || text[a+2] == 0x94):
		n = 3
	case a+1 < b && text[a] == 0xC2 && text[a+1] == 0xB7:
		n = 2
	default:
		return 0
	}
	if a+n < b && (text[a+n] == ' ' || text[a+n] == '\t') {
		return n + 1
	}
	return 0
}

// bulletLineAfter returns the start of the first line after start and
// before end that begins with a list bullet, or end.
func bulletLineAfter(text string, start, end int) int {
	for i := start; i < end; i++ {
		if text[i] != '\n' {
			continue
		}
		j := skipSpaces(text, i+1, end)
		if bulletAt(text, j, end) > 0 {
			return i + 1
		}
	}
	return end
}

// blankLineAfter returns the offset of the first blank line (a newline
// followed by only white space and another newline) at or after i, or
// len(text).
func blankLineAfter(text string, i int) int {
	for ; i < len(text); i++ {
		if text[i] != '\n' {
			continue
		}
		for j := i + 1; j < len(text); j++ {
			c := text[j]
			if c == '\n' {
				return i
			}
			if c != ' ' && c != '\t' && c != '\r' {
				break
			}
		}
	}
	return len(text)
}

func nextNonSpace(text string, i int) int {
	for i < len(text) {
		n := isSpaceAt(text, i)
		if n == 0 {
			break
		}
		i += n
	}
	return i
}

// trimSpan trims white space from both ends of text[a:b].
func trimSpan(text string, a, b int) (int, int) {
	for a < b {
		n := isSpaceAt(text[:b], a)
		if n == 0 {
			break
		}
		a += n
	}
	for b > a {
		c := text[b-1]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			b--
			continue
		}
		if c == 0xA0 && b-2 >= a && text[b-2] == 0xC2 {
			b -= 2
			continue
		}
		break
	}
	return a, b
}

// lineStart reports whether only spaces stand between offset a and the
// start of its line.
func lineStart(text string, a int) bool {
	for i := a - 1; i >= 0; i-- {
		switch text[i] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

// lineEnd reports whether only spaces stand between offset b and the end of
// its line.
func lineEnd(text string, b int) bool {
	for i := b; i < len(text); i++ {
		switch text[i] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

// terminated reports whether text[a:b] ends like a sentence: a full stop,
// question or exclamation mark, colon or semicolon, possibly followed by
// closing quotation marks or brackets.
func terminated(text string, a, b int) bool {
	for i := b - 1; i >= a; i-- {
		c := text[i]
		switch c {
		case '.', '!', '?', ':', ';':
			return true
		case '"', '\'', ')', ']':
			continue
		}
		if c >= 0x80 && i-2 >= a && text[i-2] == 0xE2 && text[i-1] == 0x80 {
			switch c {
			case 0xA6: // …
				return true
			case 0x9D, 0x99: // ” ’
				i -= 2
				continue
			}
		}
		if c == 0xBB && i-1 >= a && text[i-1] == 0xC2 { // »
			i--
			continue
		}
		return false
	}
	return false
}

func hasAlnum(text string, a, b int) bool {
	for i := a; i < b; i++ {
		c := text[i]
		if words.IsDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

func wordCount(text string, a, b int) int {
	n, in := 0, false
	for i := a; i < b; i++ {
		sp := text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// onlyAgencyMark reports whether text[a:b] is only an agency mark such as
// "/TASS/." or "(Reuters) -", which a segmenter may leave on its own.
func onlyAgencyMark(text string, a, b int) bool {
	e := agencyMarkEnd(text, a, b)
	if e <= a {
		return false
	}
	for ; e < b; e++ {
		c := text[e]
		if c != '.' && c != ' ' && c != '-' && c != ':' {
			return false
		}
	}
	return true
}

// agencyMarkEnd returns the end of an agency mark (/TASS/ or (Reuters)) at
// text[a:b], or a when there is none.
func agencyMarkEnd(text string, a, b int) int {
	if a >= b {
		return a
	}
	open := text[a]
	var close byte
	switch open {
	case '/':
		close = '/'
	case '(':
		close = ')'
	default:
		return a
	}
	i := a + 1
	for i < b && i-a <= 24 {
		c := text[i]
		if c == close {
			if i == a+1 || !(text[a+1] >= 'A' && text[a+1] <= 'Z') {
				return a
			}
			return i + 1
		}
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == ' ') {
			return a
		}
		i++
	}
	return a
}

// datelineEnd returns the end of a dateline at the start of text[a:b], or
// a when there is none. A dateline is a place name in capitals, optionally
// a comma and a short date or region up to a full stop, optionally an
// agency mark, and a separator (full stop, dash or colon):
// "MOSCOW, November 12. /TASS/. ", "WASHINGTON (Reuters) - ", "PARIS — ".
func datelineEnd(text string, a, b int) int {
	i := a
	caps := 0
	for i < b {
		c := text[i]
		if c >= 'A' && c <= 'Z' {
			caps++
			i++
			continue
		}
		if (c == ' ' || c == '-' || c == '.') && i+1 < b && text[i+1] >= 'A' && text[i+1] <= 'Z' && caps > 0 {
			i++
			continue
		}
		break
	}
	if caps < 3 || i-a > 40 {
		return titleCaseDatelineEnd(text, a, b)
	}
	// The place name must end the word: MOSCOWx is not a dateline.
	if i < b && words.IsLetter(text[i]) {
		return a
	}
	j := i
	if j < b && text[j] == ',' {
		// A date or region up to a full stop, within a few words.
		k := j + 1
		for k < b && k-j < 32 && text[k] != '.' && text[k] != '\n' && text[k] != '/' && text[k] != '(' {
			k++
		}
		if k < b && text[k] == '.' {
			j = k + 1
		} else if k < b && (text[k] == '/' || text[k] == '(') {
			j = k
		} else {
			return a
		}
	}
	j = skipSpaces(text, j, b)
	sep := false
	if e := agencyMarkEnd(text, j, b); e > j {
		j = e
		sep = true
	}
	j = skipSpaces(text, j, b)
	if j < b {
		switch {
		case text[j] == '.' || text[j] == '-' || text[j] == ':':
			j++
			sep = true
		case j+2 < b && text[j] == 0xE2 && text[j+1] == 0x80 && (text[j+2] == 0x93 || text[j+2] == 0x94):
			j += 3
			sep = true
		}
	}
	if !sep && j == i {
		return a
	}
	if j < b && isSpaceAt(text[:b], j) == 0 {
		return a
	}
	return j
}

// titleCaseDatelineEnd returns the end of a dateline whose place is not in
// capitals but which carries an agency mark: "Moscow, 12 November (TASS) –
// ", "Kyiv, May 3 /Ukrinform/. ". Every word before the mark starts with a
// capital or a digit; a when there is no such dateline.
func titleCaseDatelineEnd(text string, a, b int) int {
	i := a
	wordStart := true
	for i < b && i-a <= 40 {
		c := text[i]
		if c == '(' || c == '/' {
			break
		}
		switch {
		case c == ' ' || c == ',':
			wordStart = true
		case wordStart:
			if !(c >= 'A' && c <= 'Z' || words.IsDigit(c)) {
				return a
			}
			wordStart = false
		case !words.IsLetter(c) && !words.IsDigit(c) && c != '.' && c != '-':
			return a
		}
		i++
	}
	if i == a || i >= b || i-a > 40 {
		return a
	}
	e := agencyMarkEnd(text, i, b)
	if e == i {
		return a
	}
	j := skipSpaces(text, e, b)
	switch {
	case j < b && (text[j] == '.' || text[j] == '-' || text[j] == ':'):
		j++
	case j+2 < b && text[j] == 0xE2 && text[j+1] == 0x80 && (text[j+2] == 0x93 || text[j+2] == 0x94):
		j += 3
	}
	if j < b && isSpaceAt(text[:b], j) == 0 {
		return a
	}
	return j
}

func skipSpaces(text string, i, b int) int {
	for i < b && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i
}
