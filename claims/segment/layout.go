package segment

import (
	"unicode"
	"unicode/utf8"

	"claimdesk/claims/words"
)

// This file holds the boundaries that no punctuation marks: the lines of
// an e-mail header ("Kay Mann 04/26/2001 07:17 AM Will you ..."), web and
// e-mail addresses before the next sentence, separator lines, emoticons,
// a photo credit after its caption ("... Stardust Image: NASA") and a
// headline before its dateline ("... sea anemone Tuesday, January 21,
// 2014"). Once a paragraph is joined into one line, as copied mail and web
// pages often are, only these words show where one sentence ends.

// wordHook marks the bytes that may start a word one of these rules looks
// at: the loop calls wordStart only for them.
var wordHook = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true // a time stamp
	}
	for _, c := range "=*_~#-" {
		t[c] = true // a separator line
	}
	for _, c := range ":;=^" {
		t[c] = true // an emoticon
	}
	t['h'], t['w'], t['<'] = true, true, true // a web address
	t['I'] = true                             // "Image:"
	return t
}()

// wordStart looks at the word that starts at text[i], after white space,
// in the sentence that started at start (-1 when none is open). It reports
// whether a sentence starts at i whatever comes before (before), and the
// offset at which the sentence ends if white space follows there (after,
// -1 for none).
func wordStart(text string, start, i int) (before bool, after int) {
	c := text[i]
	switch c {
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		// "Kay Mann 04/26/2001 07:17 AM Will you": the time stamp of a
		// message is a line of its own; "on 08/16/2000 03:14 PM" goes on
		// the line it is on.
		if e := timeStamp(text, i); e > 0 {
			return start >= 0 && !prevWordLower(text, start, i), e
		}
	case 'h', 'w', '<':
		// "... index.html http://www...", "... www.site.org Beth has
		// made ...": an address ends a sentence before another address or
		// a capital.
		if e := webAddress(text, i); e > 0 {
			if next, ok := nextWord(text, e); ok && (isUpper(text, next) || webAddress(text, next) > 0) {
				return false, e
			}
			return false, -1
		}
	case 'I':
		// "Artist's rendering of Stardust Image: NASA": a credit after a
		// caption.
		if i+6 < len(text) && text[i:i+6] == "Image:" && isSpace(text, i+6) {
			return true, -1
		}
		return false, -1
	case '=', '*', '_', '~', '#', '-':
		if e := separator(text, i); e > 0 {
			return true, e // "==========" stands alone
		}
	}
	switch c {
	case ':', ';', '=', '^', '<':
		if e := emoticon(text, i); e > 0 {
			// "nothing :) There's a Canon ...": a smiley before a capital
			// ends the sentence it closes.
			if next, ok := nextWord(text, e); ok && isUpper(text, next) {
				return false, e
			}
		}
	}
	return false, -1
}

// nextWord returns the offset of the word after the white space at
// text[e], if one follows on the same paragraph.
func nextWord(text string, e int) (int, bool) {
	next, lines := skipSpace(text, e)
	return next, next > e && next < len(text) && lines < 2
}

func isUpper(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsUpper(r)
}

// wordEnd returns the offset of the first white space at or after i.
func wordEnd(text string, i int) int {
	for i < len(text) && !isSpace(text, i) {
		i++
	}
	return i
}

// digits returns the offset past a run of at most max digits at text[i]
// (at least min of them), or -1.
func digits(text string, i, min, max int) int {
	k := i
	for k < len(text) && k-i < max && words.IsDigit(text[k]) {
		k++
	}
	if k-i < min || k < len(text) && words.IsDigit(text[k]) {
		return -1
	}
	return k
}

// timeStamp returns the offset past a message's time stamp at text[i]
// ("04/26/2001 07:17 AM", "04/25/01 12:42:55", "25/01/2001 00:20"), or 0.
func timeStamp(text string, i int) int {
	n := len(text)
	k := digits(text, i, 1, 2)
	for part := 0; part < 2; part++ {
		if k < 0 || k >= n || text[k] != '/' {
			return 0
		}
		if part == 0 {
			k = digits(text, k+1, 1, 2)
		} else {
			k = digits(text, k+1, 2, 4)
		}
	}
	if k < 0 {
		return 0
	}
	if k < n && text[k] == ',' {
		k++
	}
	if k >= n || text[k] != ' ' {
		return 0
	}
	k = digits(text, k+1, 1, 2)
	if k < 0 || k >= n || text[k] != ':' {
		return 0
	}
	if k = digits(text, k+1, 2, 2); k < 0 {
		return 0
	}
	if k+3 <= n && text[k] == ':' {
		if s := digits(text, k+1, 2, 2); s > 0 {
			k = s
		}
	}
	if k+3 <= n && text[k] == ' ' && (text[k+1] == 'A' || text[k+1] == 'P') && text[k+2] == 'M' {
		k += 3
	}
	if k < n && !isSpace(text, k) {
		return 0
	}
	return k
}

// webAddress returns the offset past a web address that starts at text[i]
// ("http://...", "www.example.org", "<http://...>") and ends in a letter,
// a digit, "/" or ">", or 0: an address that ends in a mark leaves the mark
// to the rules for marks.
func webAddress(text string, i int) int {
	k := i
	if text[k] == '<' {
		k++
	}
	rest := text[k:]
	if !(hasPrefix(rest, "http://") || hasPrefix(rest, "https://") || hasPrefix(rest, "www.") && len(rest) > 5 && words.IsLetter(rest[4])) {
		return 0
	}
	e := wordEnd(text, k)
	switch last := text[e-1]; {
	case words.IsLetter(last) && last < 0x80, words.IsDigit(last), last == '/', last == '>' && text[i] == '<':
		return e
	}
	return 0
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// mailAddress returns the offset past the e-mail address whose "@" is at
// text[at] ("ann@example.com", "<ann@example.com>", "ann...@example.com"),
// or 0.
func mailAddress(text string, at int) int {
	if at == 0 || isSpace(text, at-1) {
		return 0
	}
	e := wordEnd(text, at)
	dot := false
	for k := at + 1; k < e; k++ {
		if text[k] == '.' && k+1 < e && words.IsLetter(text[k+1]) {
			dot = true
		}
	}
	if !dot {
		return 0
	}
	switch last := text[e-1]; {
	case words.IsLetter(last) && last < 0x80, last == '>':
		return e
	}
	return 0
}

// afterMail decides about the e-mail address whose "@" is at text[at]: it
// returns the offset at which the sentence ends, -1 for none. A header
// line or a signature ends with the address when a capital, a digit, a
// quote or another address follows ("Kevin.Boone@example.com Our web
// address is ...").
func afterMail(text string, at int) int {
	e := mailAddress(text, at)
	if e == 0 {
		return -1
	}
	next, ok := nextWord(text, e)
	if !ok {
		return -1
	}
	switch c := text[next]; {
	case c >= 'A' && c <= 'Z', words.IsDigit(c), c == '"', c == '<':
		return e
	}
	return -1
}

// separator returns the offset past a separator line at text[i]: four or
// more of the same "=", "*", "_", "-", "~" or "#", and anything up to the
// next white space ("----------", "==----"), or 0.
func separator(text string, i int) int {
	c := text[i]
	if c != '=' && c != '*' && c != '_' && c != '-' && c != '~' && c != '#' {
		return 0
	}
	k := i
	for k < len(text) && text[k] == c {
		k++
	}
	if k-i < 4 {
		return 0
	}
	return wordEnd(text, k)
}

// emoticons are the smileys that close a sentence of informal text.
var emoticons = set(":)", ":-)", ":(", ":-(", ":D", ":-D", ":P", ":p", ":-P", ":/", ":-/", ";)", ";-)",
	"=)", "=(", ":'(", "^_^", "^^", ":]", ":o", ":O", "<3")

// emoticon returns the offset past an emoticon that makes up the word at
// text[i], or 0.
func emoticon(text string, i int) int {
	e := i
	for e < len(text) && e-i <= 3 && !isSpace(text, e) {
		e++
	}
	if e-i < 2 || e-i > 3 || e < len(text) && !isSpace(text, e) || !emoticons[text[i:e]] {
		return 0
	}
	return e
}

// weekdays and months make up the date line of a news article.
var (
	weekdays = set("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
	months   = set("January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December")
)

// dateLine reports whether text[ws:] is a full date with its weekday
// ("Tuesday, January 21, 2014"), the word at ws ending with the comma at
// comma, and returns the offset past the year.
func dateLine(text string, ws, comma int) (int, bool) {
	if comma-ws < 6 || !weekdays[text[ws:comma]] || comma+2 >= len(text) || text[comma+1] != ' ' {
		return 0, false
	}
	k := comma + 2
	m := k
	for m < len(text) && words.IsLetter(text[m]) {
		m++
	}
	if !months[text[k:m]] || m >= len(text) || text[m] != ' ' {
		return 0, false
	}
	k = digits(text, m+1, 1, 2)
	if k < 0 {
		return 0, false
	}
	if k+2 <= len(text) {
		switch text[k : k+2] {
		case "st", "nd", "rd", "th":
			k += 2
		}
	}
	if k+2 > len(text) || text[k:k+2] != ", " {
		return 0, false
	}
	k = digits(text, k+2, 4, 4)
	if k < 0 || k < len(text) && !isSpace(text, k) {
		return 0, false
	}
	return k, true
}

// signedName returns the offset past the name signed after a closing
// ("Thanks, Sean Here you go."), at text[i], when one or two capitalised
// words are followed by a word that opens sentences, or -1.
func signedName(text string, i int) int {
	k := i
	for w := 0; w < 2; w++ {
		if !capitalised(text, k) {
			return -1
		}
		for k < len(text) && words.IsLetter(text[k]) && text[k] < 0x80 {
			k++
		}
		if k+1 >= len(text) || text[k] != ' ' {
			return -1
		}
		if isUpper(text, k+1) && opensSentence(text, k+1) {
			return k
		}
		k++
	}
	return -1
}

// trimEnd returns the offset just past the last byte of text[start:end]
// that is not white space.
func trimEnd(text string, start, end int) int {
	for end > start {
		r, sz := utf8.DecodeLastRuneInString(text[start:end])
		if r == utf8.RuneError || !unicode.IsSpace(r) {
			break
		}
		end -= sz
	}
	return end
}

// weekdayDate looks for a date line whose weekday ends with the comma at
// text[comma], in the sentence that started at start: it returns the
// offset of the weekday and the offset past the year. A headline is
// followed by its date line in news copy ("... sea anemone Tuesday,
// January 21, 2014 Hobart, Tasmania ..."); "on Monday, October 30, 2000"
// is a date inside a sentence, told by the word before it.
func weekdayDate(text string, start, comma int) (ws, end int, ok bool) {
	ws = comma
	for ws > start && ws > comma-9 && text[ws-1] >= 'a' && text[ws-1] <= 'z' {
		ws--
	}
	if ws == start || ws < comma-9 || text[ws-1] < 'A' || text[ws-1] > 'Z' {
		return 0, 0, false
	}
	ws--
	if ws > start && text[ws-1] != ' ' {
		return 0, 0, false
	}
	end, ok = dateLine(text, ws, comma)
	return ws, end, ok
}

// afterContinuation reports whether the word before text[ts] in the
// sentence that started at start is one that asks for more ("on", "the").
func afterContinuation(text string, start, ts int) bool {
	k := trimEnd(text, start, ts)
	ws := k
	for ws > start && ws > k-16 && !isSpace(text, ws-1) {
		ws--
	}
	var buf [16]byte
	w, _ := wordAt(text, ws, buf[:])
	return continuations[string(w)]
}
