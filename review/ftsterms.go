package review

// The terms match_fts's tokenizer (matchTokenize: porter over unicode61
// with remove_diacritics 2) makes of an ASCII text, worked out in Go. The
// matcher's copy of the index must hold FTS5's own terms; for a text of
// ASCII bytes only, unicode61 cuts runs of letters and digits and lowers
// them, and the porter tokenizer stems each of 3 to 64 bytes with FTS5's
// own rules (fts5PorterCb and its steps, ported below line for line, not
// the classic stemmer of claims/match, which differs). Any other text is
// left to the scratch table of tokenizeInFTS5. TestFTSTermsAreFTS5s and
// FuzzFTSTerms hold the two to the same terms.

// ftsTerms returns the terms FTS5 makes of s, in order; ok is false when s
// holds a byte outside ASCII or a NUL (the caller asks FTS5).
func ftsTerms(s string) (terms []string, ok bool) {
	start := -1
	var buf [ftsPorterMaxToken + 1]byte
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
			if c >= 0x80 || c == 0 {
				return nil, false
			}
		}
		if i < len(s) && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			if start < 0 {
				start = i
			}
			continue
		}
		if start < 0 {
			continue
		}
		w := s[start:i]
		start = -1
		if len(w) < 3 || len(w) > ftsPorterMaxToken {
			terms = append(terms, ftsLower(w))
			continue
		}
		for k := 0; k < len(w); k++ {
			c := w[k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[k] = c
		}
		terms = append(terms, string(buf[:ftsPorter(buf[:], len(w))]))
	}
	return terms, true
}

// ftsLower lowers the ASCII letters of w.
func ftsLower(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 'A' && w[i] <= 'Z' {
			b := []byte(w)
			for k := i; k < len(b); k++ {
				if b[k] >= 'A' && b[k] <= 'Z' {
					b[k] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return w
}

// ftsPorterMaxToken is FTS5_PORTER_MAX_TOKEN: longer tokens pass through.
const ftsPorterMaxToken = 64

// ftsPorter is fts5PorterCb's stemming of the token buf[:n] (3 to 64
// bytes, lower case), in place; it returns the stem's length. No step
// makes the token longer than it was.
func ftsPorter(buf []byte, n int) int {
	n = ftsStep1A(buf, n)
	if m, ok := ftsStep1B(buf, n); ok {
		n = m
		if m, ok := ftsStep(buf, n, &ftsStep1B2Rules); ok {
			n = m
		} else {
			c := buf[n-1]
			if !ftsIsVowel(c, false) && c != 'l' && c != 's' && c != 'z' && n >= 2 && c == buf[n-2] {
				n--
			} else if ftsMEq1(buf[:n]) && ftsOstar(buf[:n]) {
				buf[n] = 'e'
				n++
			}
		}
	} else {
		n = m
	}
	// Step 1C.
	if buf[n-1] == 'y' && ftsVowel(buf[:n-1]) {
		buf[n-1] = 'i'
	}
	n, _ = ftsStep(buf, n, &ftsStep2Rules)
	n, _ = ftsStep(buf, n, &ftsStep3Rules)
	n, _ = ftsStep(buf, n, &ftsStep4Rules)
	// Step 5a.
	if buf[n-1] == 'e' {
		if ftsMGt1(buf[:n-1]) || ftsMEq1(buf[:n-1]) && !ftsOstar(buf[:n-1]) {
			n--
		}
	}
	// Step 5b.
	if n > 1 && buf[n-1] == 'l' && buf[n-2] == 'l' && ftsMGt1(buf[:n-1]) {
		n--
	}
	return n
}

func ftsIsVowel(c byte, yIsVowel bool) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || yIsVowel && c == 'y'
}

// ftsGobbleVC is fts5PorterGobbleVC: the length of the first
// vowels-then-consonant run of stem, 0 when there is none.
func ftsGobbleVC(stem []byte, prevCons bool) int {
	cons := prevCons
	i := 0
	for ; i < len(stem); i++ {
		cons = !ftsIsVowel(stem[i], cons)
		if !cons {
			break
		}
	}
	for i++; i < len(stem); i++ {
		cons = !ftsIsVowel(stem[i], cons)
		if cons {
			return i + 1
		}
	}
	return 0
}

// ftsMGt0 is the rule condition m > 0.
func ftsMGt0(stem []byte) bool { return ftsGobbleVC(stem, false) != 0 }

// ftsMGt1 is the rule condition m > 1.
func ftsMGt1(stem []byte) bool {
	n := ftsGobbleVC(stem, false)
	return n != 0 && ftsGobbleVC(stem[n:], true) != 0
}

// ftsMEq1 is the rule condition m = 1.
func ftsMEq1(stem []byte) bool {
	n := ftsGobbleVC(stem, false)
	return n != 0 && ftsGobbleVC(stem[n:], true) == 0
}

// ftsOstar is the rule condition *o: consonant, vowel, consonant (not w,
// x or y) at the end.
func ftsOstar(stem []byte) bool {
	last := stem[len(stem)-1]
	if last == 'w' || last == 'x' || last == 'y' {
		return false
	}
	mask := 0
	cons := false
	for _, c := range stem {
		cons = !ftsIsVowel(c, cons)
		bit := 0
		if cons {
			bit = 1
		}
		mask = (mask<<1 + bit) & 7
	}
	return mask == 5
}

// ftsVowel is the rule condition *v*: the stem holds a vowel.
func ftsVowel(stem []byte) bool {
	for i, c := range stem {
		if ftsIsVowel(c, i > 0) {
			return true
		}
	}
	return false
}

// ftsEnds reports whether buf[:n] ends in suffix with more before it
// (FTS5's nBuf > len(suffix)).
func ftsEnds(buf []byte, n int, suffix string) bool {
	return n > len(suffix) && string(buf[n-len(suffix):n]) == suffix
}

func ftsStep1A(buf []byte, n int) int {
	if buf[n-1] == 's' {
		if buf[n-2] == 'e' {
			if n > 4 && buf[n-4] == 's' && buf[n-3] == 's' || n > 3 && buf[n-3] == 'i' {
				return n - 2
			}
			return n - 1
		} else if buf[n-2] != 's' {
			return n - 1
		}
	}
	return n
}

// ftsRule is one line of a generated step: a suffix, the condition on
// the stem before it, and what replaces it.
type ftsRule struct {
	suffix string
	cond   func([]byte) bool
	out    string
}

// ftsApply applies the first rule of rules (FTS5's if-else chain of one
// case) whose suffix buf[:n] ends in, if its condition holds.
func ftsApply(buf []byte, n int, rules []ftsRule) (int, bool) {
	for _, r := range rules {
		if !ftsEnds(buf, n, r.suffix) {
			continue
		}
		stem := n - len(r.suffix)
		if r.cond != nil && !r.cond(buf[:stem]) {
			return n, false
		}
		copy(buf[stem:], r.out)
		return stem + len(r.out), true
	}
	return n, false
}

// ftsCases are a generated step's rules by the token's last byte but
// one, as FTS5's switch chooses them.
type ftsCases [128][]ftsRule

func ftsCasesOf(m map[byte][]ftsRule) (c ftsCases) {
	for b, rules := range m {
		c[b] = rules
	}
	return c
}

// ftsStep runs a generated step (a token of one byte matches none: every
// suffix has two bytes or more, and more before it).
func ftsStep(buf []byte, n int, cases *ftsCases) (int, bool) {
	if n < 2 || buf[n-2] >= 0x80 {
		return n, false
	}
	return ftsApply(buf, n, cases[buf[n-2]])
}

// ftsStep1B is fts5PorterStep1B: "eed" to "ee" (not ok: no "ed" or "ing"
// was taken off), or "ed" or "ing" off (ok).
func ftsStep1B(buf []byte, n int) (int, bool) {
	if n >= 2 && buf[n-2] == 'e' && ftsEnds(buf, n, "eed") {
		if ftsMGt0(buf[:n-3]) {
			return n - 1, false
		}
		return n, false
	}
	return ftsStep(buf, n, &ftsStep1BRules)
}

var ftsStep1BRules = ftsCasesOf(map[byte][]ftsRule{
	'e': {{"ed", ftsVowel, ""}},
	'n': {{"ing", ftsVowel, ""}},
})

var ftsStep1B2Rules = ftsCasesOf(map[byte][]ftsRule{
	'a': {{"at", nil, "ate"}},
	'b': {{"bl", nil, "ble"}},
	'i': {{"iz", nil, "ize"}},
})

var ftsStep2Rules = ftsCasesOf(map[byte][]ftsRule{
	'a': {{"ational", ftsMGt0, "ate"}, {"tional", ftsMGt0, "tion"}},
	'c': {{"enci", ftsMGt0, "ence"}, {"anci", ftsMGt0, "ance"}},
	'e': {{"izer", ftsMGt0, "ize"}},
	'g': {{"logi", ftsMGt0, "log"}},
	'l': {{"bli", ftsMGt0, "ble"}, {"alli", ftsMGt0, "al"}, {"entli", ftsMGt0, "ent"}, {"eli", ftsMGt0, "e"}, {"ousli", ftsMGt0, "ous"}},
	'o': {{"ization", ftsMGt0, "ize"}, {"ation", ftsMGt0, "ate"}, {"ator", ftsMGt0, "ate"}},
	's': {{"alism", ftsMGt0, "al"}, {"iveness", ftsMGt0, "ive"}, {"fulness", ftsMGt0, "ful"}, {"ousness", ftsMGt0, "ous"}},
	't': {{"aliti", ftsMGt0, "al"}, {"iviti", ftsMGt0, "ive"}, {"biliti", ftsMGt0, "ble"}},
})

var ftsStep3Rules = ftsCasesOf(map[byte][]ftsRule{
	'a': {{"ical", ftsMGt0, "ic"}},
	's': {{"ness", ftsMGt0, ""}},
	't': {{"icate", ftsMGt0, "ic"}, {"iciti", ftsMGt0, "ic"}},
	'u': {{"ful", ftsMGt0, ""}},
	'v': {{"ative", ftsMGt0, ""}},
	'z': {{"alize", ftsMGt0, "al"}},
})

// ftsMGt1SorT is the rule condition m > 1 and (*S or *T).
func ftsMGt1SorT(stem []byte) bool {
	return len(stem) > 0 && (stem[len(stem)-1] == 's' || stem[len(stem)-1] == 't') && ftsMGt1(stem)
}

var ftsStep4Rules = ftsCasesOf(map[byte][]ftsRule{
	'a': {{"al", ftsMGt1, ""}},
	'c': {{"ance", ftsMGt1, ""}, {"ence", ftsMGt1, ""}},
	'e': {{"er", ftsMGt1, ""}},
	'i': {{"ic", ftsMGt1, ""}},
	'l': {{"able", ftsMGt1, ""}, {"ible", ftsMGt1, ""}},
	'n': {{"ant", ftsMGt1, ""}, {"ement", ftsMGt1, ""}, {"ment", ftsMGt1, ""}, {"ent", ftsMGt1, ""}},
	'o': {{"ion", ftsMGt1SorT, ""}, {"ou", ftsMGt1, ""}},
	's': {{"ism", ftsMGt1, ""}},
	't': {{"ate", ftsMGt1, ""}, {"iti", ftsMGt1, ""}},
	'u': {{"ous", ftsMGt1, ""}},
	'v': {{"ive", ftsMGt1, ""}},
	'z': {{"ize", ftsMGt1, ""}},
})
