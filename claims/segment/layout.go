package segment

import (
	"strings"
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

// cutAround applies a decision of wordStart, hookAt or dateBreaks to the
// sentence open at start: a sentence starts at ts, a word after white
// space, when ts > start (ts -1 for none), and the sentence ends at e
// (e > 0), where white space starts. It returns the sentences and the
// start of the open one (-1 after e).
func cutAround(text string, out []Sentence, start, ts, e int) ([]Sentence, int) {
	if ts > start {
		out = append(out, Sentence{start, trimEnd(text, start, ts)})
		start = ts
	}
	if e > 0 {
		out = append(out, Sentence{start, e})
		start = -1
	}
	return out, start
}

// hookAt looks at the byte at text[i], one that byteClass marks hookByte,
// in the sentence that started at start; afterSpace tells that it starts
// a word. It returns where a sentence starts and where one ends, as
// cutAround takes them:
//   - an e-mail address ends a sentence before a capital, a digit, a quote
//     or another address ("... Kevin.Boone@example.com Our web address is"),
//     and in an author line that holds one already the name before the
//     next starts the next author (nextAuthor);
//   - so does a web address before a capital or another address ("...
//     index.html http://www...");
//   - so does the close of an attachment's mark ("<< File: a.doc >>");
//   - a separator line ("==========", "***") is a sentence of its own;
//   - in a list of attached files, "- b.pdf" after a file's name starts
//     a line of its own (attachmentItem);
//   - a smiley ends a sentence before a capital (":) There's");
//   - a numbered list after a colon starts a sentence ("the following:
//     1. Is a tank mate ...");
//   - "Image:" after a caption starts the photo credit ("Artist's
//     rendering of Stardust Image: NASA");
//   - a message's time stamp is a line of its own ("Kay Mann 04/26/2001
//     07:17 AM Will you ..."), but "on 08/16/2000 03:14 PM" stays on its
//     line.
func hookAt(text string, start, i int, afterSpace bool) (ts, e int) {
	n := len(text)
	c := text[i]
	switch c {
	case '@':
		e := afterMail(text, i)
		if ts := nextAuthor(text, start, i); ts > 0 {
			return ts, e
		}
		return -1, e
	case '>':
		// "<< File: notes.doc >> I talked with ...": an attachment's mark
		// ends the line it is on, unless another one follows.
		if i+1 < n && text[i+1] == '>' && (i+2 == n || isSpace(text, i+2)) {
			if next, ok := nextWord(text, i+2); ok && text[next] != '<' {
				return -1, i + 2
			}
		}
		return -1, 0
	case ':':
		if i+2 < n && text[i+1] == '/' && text[i+2] == '/' {
			if w := wordBegin(text, i, 8); w < i {
				return -1, afterWeb(text, w)
			}
			return -1, 0
		}
		if i+5 < n && text[i+1:i+5] == " 1. " && isUpper(text, i+5) && i > 0 && words.IsLetter(text[i-1]) {
			return i + 2, 0 // "check the following: 1. Is a tank mate ...": a list starts
		}
		if i >= 5 && text[i-5:i] == "Image" && (i == 5 || isSpace(text, i-6)) && i+1 < n && isSpace(text, i+1) {
			return i - 5, 0
		}
	case '/':
		if i == 0 || text[i-1] == '/' {
			return -1, 0
		}
		w := wordBegin(text, i, 64)
		if w > i {
			return -1, 0
		}
		if hasPrefix(text[w:i], "www.") {
			return -1, afterWeb(text, w)
		}
		if i-w > 2 {
			return -1, 0
		}
		if e := timeStamp(text, w); e > 0 {
			if w > start && !prevWordLower(text, start, w) {
				return w, e
			}
			return -1, e
		}
		return -1, 0
	}
	if !afterSpace {
		return -1, 0
	}
	if c == '-' && i > start && attachmentItem(text, i) {
		return i, 0 // "- CrudeStocks.pdf - HeatingOilStocks.pdf": one line for each file
	}
	if e := separator(text, i); e > 0 {
		return i, e // "==========" stands alone
	}
	if e := emoticon(text, i); e > 0 {
		if next, ok := nextWord(text, e); ok && isUpper(text, next) {
			return -1, e
		}
	}
	return -1, 0
}

// wordBegin returns the start of the word that text[i] is in, looking back
// at most max bytes over ASCII bytes other than "/"; i+1 if the word goes on
// further back or has another "/" or a byte that is not ASCII before i.
func wordBegin(text string, i, max int) int {
	k := i
	for k > 0 {
		switch text[k-1] {
		case ' ', '\n', '\t', '\r', '/':
			// A "/" before: the word was looked at from there.
			if text[k-1] == '/' {
				return i + 1
			}
			return k
		}
		if k--; i-k > max || text[k] >= 0x80 {
			return i + 1
		}
	}
	return k
}

// afterWeb returns the offset past the web address at text[w] when a
// capital or another address follows it, 0 otherwise.
func afterWeb(text string, w int) int {
	if e := webAddress(text, w); e > 0 {
		if next, ok := nextWord(text, e); ok && (isUpper(text, next) || webAddress(text, next) > 0) {
			return e
		}
	}
	return 0
}

// dateBreaks looks for a headline's date line at the comma at text[comma]
// in the sentence that started at start (weekdayDate), and returns where
// sentences start and end as cutAround takes them: the date line starts a
// sentence unless a word such as "on" comes before it, and a sentence
// that starts with it ends after the year before a capital.
func dateBreaks(text string, start, comma int) (ts, e int) {
	ws, end, ok := weekdayDate(text, start, comma)
	if !ok {
		return -1, 0
	}
	ts = -1
	if !afterContinuation(text, start, ws) {
		ts = ws
	}
	if ts == ws || start == ws {
		if next, ok := nextWord(text, end); ok && isUpper(text, next) {
			return ts, end
		}
	}
	return ts, 0
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
// returns the offset at which the sentence ends, 0 for none. A header
// line or a signature ends with the address when a capital, a digit, a
// quote or another address follows ("Kevin.Boone@example.com Our web
// address is ...").
func afterMail(text string, at int) int {
	e := mailAddress(text, at)
	if e == 0 {
		return 0
	}
	next, ok := nextWord(text, e)
	if !ok {
		return 0
	}
	switch c := text[next]; {
	case c >= 'A' && c <= 'Z':
		if affiliation(text, next) {
			return 0 // "Ann Lee ann@example.edu Durham University, UK"
		}
		return e
	case c == '<' && (hasPrefix(text[next:], "<mailto:") || hasPrefix(text[next:], "< mailto:")):
		return 0 // "amy@example.com <mailto:amy@example.com>": the same address as a link
	case words.IsDigit(c), c == '"', c == '<':
		return e
	}
	return 0
}

// nextAuthor returns where the next author starts in an author line that
// lists several, each a name, an address and where the author works ("Ann
// Lee ann@example.edu Durham University Bo Chen bo@example.nl National
// Library"): at the two capitalised words before the address whose "@" is
// at text[at], when the sentence open at start holds an address already.
// It returns 0 otherwise. A name of three words loses its first one to
// the line before.
func nextAuthor(text string, start, at int) int {
	if start < 0 || mailAddress(text, at) == 0 {
		return 0
	}
	w := at
	for w > start && !isSpace(text, w-1) {
		w--
	}
	name := w
	for range 2 {
		if name-1 <= start || text[name-1] != ' ' {
			return 0
		}
		k := name - 1
		for k > start && !isSpace(text, k-1) {
			k--
		}
		if !capitalised(text, k) {
			return 0
		}
		name = k
	}
	if name <= start || strings.IndexByte(text[start:name], '@') < 0 {
		return 0
	}
	return name
}

// attachmentItem reports whether the "-" at text[i] opens the next item
// of a list of attached files: a file's name before it ("API.pdf",
// "(See attached file: API.pdf)", "<< File: a.doc >>") and another after
// it ("- UnleadedStocks.pdf").
func attachmentItem(text string, i int) bool {
	n := len(text)
	if i+2 >= n || text[i+1] != ' ' || i < 2 || text[i-1] != ' ' {
		return false
	}
	// The name after: up to the next white space.
	e := i + 2
	for e < n && !isSpace(text, e) {
		e++
	}
	if !fileName(text[i+2 : e]) {
		return false
	}
	// The name before, without the closing ")" or ">>".
	b := i - 1
	for b > 0 && (text[b-1] == ')' || text[b-1] == '>') {
		b--
	}
	a := b
	for a > 0 && !isSpace(text, a-1) && b-a < 64 {
		a--
	}
	return fileName(text[a:b])
}

// fileName reports whether w ends in the extension of a file that mail
// carries as an attachment ("notes.doc", "API.PDF").
func fileName(w string) bool {
	dot := strings.LastIndexByte(w, '.')
	if dot < 1 || len(w)-dot > 5 {
		return false
	}
	var buf [4]byte
	ext := buf[:len(w)-dot-1]
	for k := range ext {
		ext[k] = words.Lower(w[dot+1+k])
	}
	return fileExts[string(ext)]
}

// fileExts are the extensions of attached files.
var fileExts = set("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "htm", "html", "txt", "rtf",
	"wpd", "jpg", "gif", "png", "zip", "url", "csv")

// separator returns the offset past a separator line at text[i]: four or
// more of the same "=", "*", "_", "-", "~" or "#", and anything up to the
// next white space ("----------", "==----"), or three stars standing alone
// ("***"), or 0.
func separator(text string, i int) int {
	c := text[i]
	if c != '=' && c != '*' && c != '_' && c != '-' && c != '~' && c != '#' {
		return 0
	}
	k := i
	for k < len(text) && text[k] == c {
		k++
	}
	if k-i == 3 && c == '*' && (k == len(text) || isSpace(text, k)) {
		return k // "Graae. *** Bush also nominated": a section break of three stars
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
	switch text[i] {
	case ':', ';', '=', '^', '<':
	default:
		return 0
	}
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
// words are followed by a word that opens sentences, or 0.
func signedName(text string, i int) int {
	k := i
	for w := 0; w < 2; w++ {
		if !capitalised(text, k) {
			return 0
		}
		for k < len(text) && words.IsLetter(text[k]) && text[k] < 0x80 {
			k++
		}
		if k+1 >= len(text) || text[k] != ' ' {
			return 0
		}
		if isUpper(text, k+1) && opensSentence(text, k+1) {
			return k
		}
		k++
	}
	return 0
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

// monthAt reports whether the word at text[i] names a month, in full or
// cut short with a full stop ("Sept.", "Oct.").
func monthAt(text string, i int) bool {
	k := i
	for k < len(text) && k-i < 10 && words.IsLetter(text[k]) && text[k] < 0x80 {
		k++
	}
	w := text[i:k]
	if months[w] {
		return true
	}
	if k >= len(text) || text[k] != '.' || k-i < 3 || text[i] < 'A' || text[i] > 'Z' {
		return false
	}
	for m := range months {
		if len(m) > len(w) && m[:len(w)] == w {
			return true
		}
	}
	return false
}

// affiliation reports whether one of the three words at text[i] names an
// institution ("Durham University", "Universidade Federal", "National
// Library of ..."): in an author line the address is followed by where the
// author works, in the same sentence.
func affiliation(text string, i int) bool {
	for w := 0; w < 3 && i < len(text); w++ {
		for _, p := range institutions {
			if hasPrefix(text[i:], p) {
				return true
			}
		}
		i = wordEnd(text, i) + 1
	}
	return false
}

// institutions begin the words that name where an author works.
var institutions = []string{"Univ", "Institut", "Library", "College", "School", "Department",
	"Laborator", "Centre", "Center", "Academy", "Hospital"}
