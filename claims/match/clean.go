package match

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTerms bounds the terms of a Query; Candidates is how many rows the
// caller fetches from the index (ordered by bm25) to pass to Rank.
const (
	MaxTerms   = 32
	Candidates = 30
)

var (
	// A tweet's byline: "— Name (@handle) March 7, 2022" at the end,
	// glued on by the embed code, sometimes without its date.
	bylineRE = regexp.MustCompile(`\s*[—–]\s*([^—–]{0,120}?)\(@\w{1,30}\)(?:\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})?\s*$`)
	urlRE    = regexp.MustCompile(`(?i)(?:https?://|www\.)\S*|pic\.twitter\.com/\S*|\b(?:t\.co|bit\.ly|youtu\.be)/\S*`)
	handleRE = regexp.MustCompile(`@\w+:?`)
	rtRE     = regexp.MustCompile(`^(?:RT\b:?\s*)+`)
	hashRE   = regexp.MustCompile(`#(\w+)`)
	entityR  = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ")
)

// Clean returns text ready to index or query for matching: URLs, @handles,
// a leading "RT", tweet bylines ("— Name (@handle) Month D, YYYY") removed,
// hashtags split into words ("#CovidVaccine" -> "Covid Vaccine"), spaces collapsed.
// The result is valid UTF-8, and Clean(Clean(s)) == Clean(s).
func Clean(text string) string {
	s := strings.ToValidUTF8(text, "\uFFFD")
	// A removal can uncover something else to remove ("RT @a: RT @b:"),
	// so clean until nothing changes; three rounds reach that for real text,
	// and the bound keeps a pathological input cheap.
	for range 4 {
		t := cleanOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

// cleanOnce runs each expression only on a text that holds what it must
// match (a byline its "(@", a link a "/" or "www.", a handle its "@", a
// hashtag its "#"): most claims hold none, and the expressions cost more
// than the rest of indexing a claim.
func cleanOnce(s string) string {
	s = entityR.Replace(s)
	if strings.Contains(s, "(@") {
		s = bylineRE.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "/") || strings.Contains(strings.ToLower(s), "www.") {
		s = urlRE.ReplaceAllString(s, " ")
	}
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[:2] == "RT" {
		s = rtRE.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "@") {
		s = handleRE.ReplaceAllString(s, " ")
	}
	if strings.Contains(s, "#") {
		s = hashRE.ReplaceAllStringFunc(s, func(h string) string { return " " + splitHashtag(h[1:]) })
	}
	return collapseSpace(s)
}

// people returns what Clean takes out of a tweet but a fact-check may
// still be about: the byline's name and the words of the @handles
// ("@BarackObama" -> "Barack Obama"), as one text.
func people(text string) string {
	s := strings.ToValidUTF8(text, "\uFFFD")
	var parts []string
	if m := bylineRE.FindStringSubmatch(s); m != nil {
		parts = append(parts, m[1])
		s = s[:len(s)-len(m[0])]
	}
	for _, h := range handleRE.FindAllString(s, 16) {
		parts = append(parts, splitHashtag(strings.TrimSuffix(h[1:], ":")))
	}
	return collapseSpace(strings.Join(parts, " "))
}

// splitHashtag splits a hashtag's body at changes of case and between
// letters and digits: "CovidVaccine" -> "Covid Vaccine", "COVID19" ->
// "COVID 19", "USAToday" -> "USA Today", "stop_the_steal" -> "stop the steal".
func splitHashtag(h string) string {
	rs := []rune(h)
	var b strings.Builder
	for i, r := range rs {
		if r == '_' {
			b.WriteByte(' ')
			continue
		}
		if i > 0 {
			p := rs[i-1]
			switch {
			case unicode.IsLower(p) && unicode.IsUpper(r),
				unicode.IsLetter(p) && unicode.IsDigit(r),
				unicode.IsDigit(p) && unicode.IsLetter(r),
				unicode.IsUpper(p) && unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// token is one word as the index sees it (lower-cased, diacritics off)
// with what the ranker needs besides: its stem and whether it was
// written with a capital.
type token struct {
	word, stem string
	capital    bool // first letter upper-case
	first      bool // first word of the text or of a sentence
}

// tokens splits s the way FTS5's unicode61 tokenizer does: runs of
// letters and digits, everything else a separator, lower-cased with
// diacritics removed; the porter stem of each word beside it.
func tokens(s string) []token {
	var out []token
	start := -1
	sentence := true
	flush := func(end int) {
		w := s[start:end]
		r, _ := utf8.DecodeRuneInString(w)
		lw := fold(w)
		out = append(out, token{word: lw, stem: stem(lw), capital: unicode.IsUpper(r), first: sentence})
		sentence = false
		start = -1
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) && start >= 0 {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
		}
		switch r {
		case '.', '!', '?', ':', '"', '“', '”', '\n':
			sentence = true
		}
	}
	if start >= 0 {
		flush(len(s))
	}
	return out
}

// fold lower-cases w and takes the diacritics off its Latin letters, as
// unicode61's remove_diacritics does for the letters news text uses.
func fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 || 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		r = unicode.ToLower(r)
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if d, ok := diacritics[r]; ok {
			b.WriteString(d)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var diacritics = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ł': "l", 'þ': "th", 'ı': "i"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįİ", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ",
		"o": "òóôõöōŏő", "r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// Query returns an FTS5 MATCH expression that finds candidates for text:
// the words of Clean(text), stop-words out, de-duplicated, each a quoted
// term joined by OR, at most MaxTerms terms (the rarest-looking kept: longer words,
// names, numbers first); "" when no word is left.
func Query(text string) string {
	var b strings.Builder
	for i, w := range QueryTerms(text) {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteByte('"')
		b.WriteString(w)
		b.WriteByte('"')
	}
	return b.String()
}

// QueryTerms returns the words of Query(text), in its order: each is one
// quoted term of the expression (letters and digits only, so it needs no
// quoting itself).
func QueryTerms(text string) []string {
	type term struct {
		word   string
		weight int
		order  int
	}
	seen := map[string]bool{}
	var terms []term
	for i, t := range tokens(Clean(text)) {
		if stopword(t.word) || seen[t.stem] {
			continue
		}
		seen[t.stem] = true
		w := utf8.RuneCountInString(t.word)
		if t.capital && !t.first {
			w += 4
		}
		if isNumber(t.word) {
			w += 3
		}
		terms = append(terms, term{t.word, w, i})
	}
	if len(terms) > MaxTerms {
		sort.SliceStable(terms, func(i, j int) bool { return terms[i].weight > terms[j].weight })
		terms = terms[:MaxTerms]
		sort.Slice(terms, func(i, j int) bool { return terms[i].order < terms[j].order })
	}
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.word
	}
	return out
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}
