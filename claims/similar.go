package claims

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MatchThreshold is the similarity at and above which two claims are taken
// for the same claim ("checked before?"). It was chosen on the tuning half
// of claims/testdata/pairs.tsv (the middle of the thresholds within 0.01
// F1 of the best) and is reported on the other half (see similar_test.go
// and docs/BENCHMARKS.md).
const MatchThreshold = 0.65

// Penalties multiply the word similarity when two claims disagree on what
// makes a claim true or false. They are hard: a changed number, name or
// negation turns a near-copy into a different claim.
const (
	penaltyNumber   = 0.25 // a number in each claim that the other lacks
	penaltyName     = 0.35 // a name in each claim that the other lacks
	penaltyNegation = 0.25 // one claim negated, the other not
	penaltyAntonym  = 0.25 // rose against fell, won against lost, ...
	penaltyExtraNum = 0.85 // one claim gives a number the other leaves out
)

// Fingerprint is the comparable form of a claim's text: what survives
// rewording (stems of content words) and what must not change (numbers,
// names, negation, direction words).
type Fingerprint struct {
	// Stems are the stems of the content words, each counted once.
	Stems map[string]bool
	// Numbers are the quantities and dates, each a set of readings (a
	// date such as 9/11/2020 reads two ways).
	Numbers [][]string
	// Names are the capitalised words that are not stop words, lower-cased
	// (a sentence's first word included: it may be a name).
	Names map[string]bool
	// Words are all words lower-cased, to tell a capitalised first word
	// that is no name from a name the other claim lacks.
	Words map[string]bool
	// Places is every word in the form that tells a place from its
	// people ("France" and "French" are both "france").
	Places map[string]bool
	// Negated is true when the claim holds an odd number of negations.
	Negated bool
	// Directions counts, per axis (change, result, amount, ...), the
	// words pointing up ([0]) and down ([1]).
	Directions map[string][2]int
}

// Similarity returns how alike two claims are in [0,1]: 1 for the same
// words, high for a rewording, low for a different claim — including a
// near-copy that changes a number, a name or a negation.
func Similarity(a, b string) float64 {
	return SimilarityOf(NewFingerprint(a), NewFingerprint(b))
}

// SimilarityOf is Similarity on fingerprints made once, for comparing one
// claim with many.
func SimilarityOf(a, b *Fingerprint) float64 {
	if len(a.Stems) == 0 || len(b.Stems) == 0 {
		return 0
	}
	// Whole tenths: sums of them do not depend on the order the maps
	// are walked in, so the same pair always gets the same score.
	shared, total := 0, 0
	for s := range a.Stems {
		w := stemWeight(s)
		total += w
		if b.Stems[s] {
			shared += w
		}
	}
	for s := range b.Stems {
		total += stemWeight(s)
	}
	sim := 2 * float64(shared) / float64(total) // Dice: kinder than Jaccard to one swapped word
	// Numbers: a substitution is a different claim; a number only one
	// side gives is a weaker sign.
	aOnly, bOnly := numbersMissing(a.Numbers, b.Numbers), numbersMissing(b.Numbers, a.Numbers)
	switch {
	case aOnly && bOnly:
		sim *= penaltyNumber
	case aOnly || bOnly:
		sim *= penaltyExtraNum
	}
	if namesSwapped(a, b) {
		sim *= penaltyName
	}
	if a.Negated != b.Negated {
		sim *= penaltyNegation
	}
	if opposed(a, b) {
		sim *= penaltyAntonym
	}
	return math.Round(sim*1e4) / 1e4
}

// stemWeight gives short, common stems less say than long ones: two
// claims sharing "billion" and "deficit" are closer than two sharing "get".
// The weights are in tenths: 0.6, 1 and 1.3.
func stemWeight(s string) int {
	n := utf8.RuneCountInString(s)
	switch {
	case n <= 3:
		return 6
	case n <= 5:
		return 10
	}
	return 13
}

// numbersMissing reports whether a has a quantity that no quantity of b
// can be read as. Quantities are matched one to one, so "$694 million
// ... $694 million" against "$1030 million ... $694 million" is a change.
func numbersMissing(a, b [][]string) bool {
	used := make([]bool, len(b))
outer:
	for _, x := range a {
		for j, y := range b {
			if used[j] {
				continue
			}
			for _, rx := range x {
				for _, ry := range y {
					if rx == ry {
						used[j] = true
						continue outer
					}
				}
			}
		}
		return true
	}
	return false
}

// namesSwapped reports whether each claim names someone or something the
// other does not mention at all: a substitution, not a shortening. A
// capitalised first word may be a name too ("Chevron and other oil
// companies"), so it counts when the other claim lacks the word entirely.
func namesSwapped(a, b *Fingerprint) bool {
	missing := func(x, y *Fingerprint) bool {
		for n := range x.Names {
			if !y.Names[n] && !y.Words[n] && !y.Stems[simStem(n)] && !y.Places[simPlace(n)] {
				return true
			}
		}
		return false
	}
	return missing(a, b) && missing(b, a)
}

// simPlace folds a country and its adjective together, so "the US and
// France" is not a different claim from "US and French": a few common
// pairs by name, the rest by their shared start ("Armenia"/"Armenian",
// "Germany"/"German").
func simPlace(w string) string {
	if p, ok := simDemonyms[w]; ok {
		return p
	}
	for _, suf := range []string{"ians", "ian", "ans", "an", "ese", "ish", "ia", "i", "y", "a"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

var simDemonyms = map[string]string{
	"french": "france", "france": "france", "british": "britain", "britain": "britain", "english": "england",
	"england": "england", "dutch": "netherlands", "netherlands": "netherlands", "swiss": "switzerland",
	"switzerland": "switzerland", "greek": "greece", "greece": "greece", "turkish": "turkey", "turkey": "turkey",
	"polish": "poland", "poland": "poland", "irish": "ireland", "ireland": "ireland", "danish": "denmark",
	"denmark": "denmark", "swedish": "sweden", "sweden": "sweden", "finnish": "finland", "finland": "finland",
	"spanish": "spain", "spain": "spain", "chinese": "china", "china": "china", "japanese": "japan", "japan": "japan",
	"us": "america", "usa": "america", "american": "america", "americans": "america", "america": "america",
}

// opposed reports whether the claims move the opposite ways on one axis:
// one has more "up" words and the other more "down" words.
func opposed(a, b *Fingerprint) bool {
	for axis, x := range a.Directions {
		y, ok := b.Directions[axis]
		if !ok {
			continue
		}
		if x[0] > y[0] && y[1] > x[1] || x[1] > y[1] && y[0] > x[0] {
			return true
		}
	}
	return false
}

// SalientTerms returns up to n words of text that best find it again in a
// full-text index: content words, longest (rarest) first, numbers and
// stop words left out. The words are lower-cased letters only, safe to
// quote in an FTS5 query.
func SalientTerms(text string, n int) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range simTokens(text) {
		if t.num || t.kind != simWord {
			continue
		}
		// The index splits "co-chairs" as it splits any word on its
		// hyphens; so do we.
		for w := range strings.SplitSeq(t.lower, "-") {
			if simStopWords[w] || simFillers[w] || utf8.RuneCountInString(w) < 3 || seen[w] || !simLetters(w) {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return utf8.RuneCountInString(out[i]) > utf8.RuneCountInString(out[j])
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func simLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// NewFingerprint reads a claim's text into its comparable form.
func NewFingerprint(text string) *Fingerprint {
	toks := simTokens(text)
	// Sized for the words, so the maps never grow while filled.
	n := len(toks)
	f := &Fingerprint{Stems: make(map[string]bool, n), Names: map[string]bool{}, Words: make(map[string]bool, n),
		Places: make(map[string]bool, n), Directions: map[string][2]int{}}
	negations := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != simWord {
			continue
		}
		w := t.lower
		// Dates: "November 9", "Nov. 9", "9 November", "the 9th of November".
		if m, ok := simMonths[w]; ok && (w != "may" || t.capital) {
			if d, ok := dayAt(toks, i+1); ok {
				f.Numbers = append(f.Numbers, []string{dateKey(m, d)})
				i++
				continue
			}
			if d, ok := dayBefore(toks, i-1); ok && len(f.Numbers) > 0 {
				f.Numbers[len(f.Numbers)-1] = []string{dateKey(m, d)}
				continue
			}
			f.Stems["month:"+strconv.Itoa(m)] = true
			continue
		}
		if t.num {
			v, next := readQuantity(toks, i)
			if d, m, y, ok := slashDate(t.text); ok {
				// 9/11/2020: day/month or month/day.
				keys := []string{dateKey(m, d)}
				if d <= 12 && m != d {
					keys = append(keys, dateKey(d, m))
				}
				f.Numbers = append(f.Numbers, keys)
				if y > 0 {
					f.Numbers = append(f.Numbers, []string{simNum(float64(y))})
				}
				i = next - 1
				continue
			}
			f.Numbers = append(f.Numbers, []string{simNum(v)})
			i = next - 1
			continue
		}
		if simPercent[w] {
			f.Stems["percent"] = true
			continue
		}
		if w == "per" && i+1 < len(toks) && toks[i+1].lower == "cent" {
			f.Stems["percent"] = true
			i++
			continue
		}
		if simNegations[w] {
			negations++
			continue
		}
		f.Words[w] = true
		f.Places[simPlace(w)] = true
		if simStopWords[w] || simFillers[w] {
			continue
		}
		if t.capital && !simNotNames[w] {
			f.Names[w] = true
		}
		s := simStem(w)
		if ax, ok := simDirections[s]; ok {
			d := f.Directions[ax.axis]
			if ax.sign > 0 {
				d[0]++
			} else {
				d[1]++
			}
			f.Directions[ax.axis] = d
		}
		if syn, ok := simSynonyms[s]; ok {
			s = syn
		}
		f.Stems[s] = true
	}
	f.Negated = negations%2 == 1
	return f
}

func dateKey(month, day int) string { return "date:" + strconv.Itoa(month) + "-" + strconv.Itoa(day) }

// dayAt reads a day of the month at toks[i] ("9", "9th", "9," ...).
func dayAt(toks []simToken, i int) (int, bool) {
	if i >= len(toks) || !toks[i].num {
		return 0, false
	}
	// One ordinal suffix at most: "9th" is a day, "20s" (a decade) is not.
	s := toks[i].text
	for _, suf := range [...]string{"st", "nd", "rd", "th"} {
		if cut, ok := strings.CutSuffix(s, suf); ok {
			s = cut
			break
		}
	}
	d, err := strconv.Atoi(s)
	if err != nil || d < 1 || d > 31 {
		return 0, false
	}
	return d, true
}

// dayBefore reads "9 November" and "9th of November": the day was already
// taken as a number, which the date replaces.
func dayBefore(toks []simToken, i int) (int, bool) {
	if i >= 0 && toks[i].lower == "of" {
		i--
	}
	if i < 0 || !toks[i].num {
		return 0, false
	}
	return dayAt(toks, i)
}

// slashDate reads d/m/y or m/d/y (year optional).
func slashDate(s string) (a, b, y int, ok bool) {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	n := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	if len(n) == 3 {
		y = n[2]
	}
	// Read as day/month; a first part over 12 cannot be a month.
	d, m := n[0], n[1]
	if m > 12 && d <= 12 {
		d, m = m, d
	}
	if d < 1 || d > 31 || m < 1 || m > 12 {
		return 0, 0, 0, false
	}
	return d, m, y, true
}

// readQuantity reads the number at toks[i] with any scale words after it
// ("10 thousand", "1.5 million", "one hundred and sixty-three thousand")
// and returns its value and the index after it.
func readQuantity(toks []simToken, i int) (float64, int) {
	v := toks[i].value
	j := i + 1
	for j < len(toks) {
		w := toks[j].lower
		if m, ok := simScales[w]; ok && toks[j].kind == simWord {
			v *= m
			j++
			continue
		}
		break
	}
	return v, j
}

func simNum(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }

// --- tokens -----------------------------------------------------------------

type simKind int

const (
	simWord simKind = iota
	simPunct
)

type simToken struct {
	text    string
	lower   string
	kind    simKind
	num     bool    // a number (digits, or number words joined into one)
	value   float64 // when num
	capital bool    // starts with an upper-case letter
	first   bool    // first word of the sentence (or after a quote or colon)
}

// tokenize splits text into words and punctuation, joins number words
// ("one hundred and sixty-three") into one number, and splits "n't".
func simTokens(text string) []simToken {
	var raw []simToken
	first := true
	rs := []rune(text)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '$':
			if r == '$' {
				raw = append(raw, simToken{text: "$", lower: "$", kind: simWord})
				i++
				continue
			}
			j := i
			for j < len(rs) {
				c := rs[j]
				if unicode.IsLetter(c) || unicode.IsDigit(c) {
					j++
					continue
				}
				// Inner apostrophes, hyphens, and the dots, commas and
				// slashes of numbers stay inside a simToken.
				if (c == '\'' || c == '’' || c == '-') && j+1 < len(rs) && unicode.IsLetter(rs[j+1]) && j > i && unicode.IsLetter(rs[j-1]) {
					j++
					continue
				}
				if (c == '.' || c == ',' || c == '/') && j+1 < len(rs) && unicode.IsDigit(rs[j+1]) && j > i && unicode.IsDigit(rs[j-1]) {
					j++
					continue
				}
				break
			}
			if j == i {
				continue
			}
			w := string(rs[i:j])
			raw = appendWordTokens(raw, w, first)
			first = false
			i = j
			// "Nov." keeps its dot from ending a sentence.
			if i < len(rs) && rs[i] == '.' {
				if _, ok := simMonths[strings.ToLower(w)]; ok {
					i++
				}
			}
		default:
			p := runeString(r)
			raw = append(raw, simToken{text: p, lower: p, kind: simPunct})
			if strings.ContainsRune(".?!:\"“”;", r) && !(r == '.' && afterAbbrev(raw)) {
				first = true
			}
			if r == '%' {
				raw = append(raw[:len(raw)-1], simToken{text: "%", lower: "%", kind: simWord})
			}
			i++
		}
	}
	return simJoinNumbers(raw)
}

// asciiStrings are the one-character strings of ASCII, made once: a
// claim's punctuation then costs no allocation.
var asciiStrings = func() (t [128]string) {
	for i := range t {
		t[i] = string(rune(i))
	}
	return t
}()

func runeString(r rune) string {
	if r >= 0 && r < 128 {
		return asciiStrings[r]
	}
	return string(r)
}

// afterAbbrev reports whether the dot just added ends an abbreviation
// ("Mr.", "Gov.", an initial "W."), which does not start a sentence.
func afterAbbrev(raw []simToken) bool {
	if len(raw) < 2 || raw[len(raw)-2].kind != simWord {
		return false
	}
	w := raw[len(raw)-2].text
	if len([]rune(w)) == 1 && unicode.IsUpper([]rune(w)[0]) {
		return true
	}
	return simAbbrevs[strings.ToLower(w)]
}

var simAbbrevs = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "sen": true,
	"gov": true, "gen": true, "rep": true, "prof": true, "jr": true, "sr": true, "vs": true, "lt": true, "col": true}

// appendWordTokens appends the tokens of one word: "didn't" is "did"
// and "n't"; "9th" and "1,000" are numbers.
func appendWordTokens(raw []simToken, w string, first bool) []simToken {
	lower := strings.ToLower(strings.ReplaceAll(w, "’", "'"))
	capital := unicode.IsUpper([]rune(w)[0])
	if strings.HasSuffix(lower, "n't") && len(lower) > 3 {
		base := strings.TrimSuffix(lower, "n't")
		switch base {
		case "ca":
			base = "can"
		case "wo":
			base = "will"
		}
		return append(raw, simToken{text: base, lower: base, capital: capital, first: first}, simToken{text: "n't", lower: "not"})
	}
	if i := strings.IndexAny(lower, "'"); i > 0 {
		// Possessives and contractions: "Russia's" counts as "Russia".
		lower = lower[:i]
		w = w[:strings.IndexAny(w, "'’")]
	}
	t := simToken{text: w, lower: lower, capital: capital, first: first}
	if v, ok := simDigits(lower); ok {
		t.num, t.value = true, v
	}
	if strings.Contains(lower, "/") {
		t.num = true
	}
	return append(raw, t)
}

// simDigits reads 1,000 and 2.5 and 9th.
func simDigits(s string) (float64, bool) {
	if s == "" || !unicode.IsDigit(rune(s[0])) {
		return 0, false
	}
	s = strings.ReplaceAll(s, ",", "")
	for _, suf := range []string{"st", "nd", "rd", "th", "s"} {
		if before, ok := strings.CutSuffix(s, suf); ok {
			s = before
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// simJoinNumbers turns runs of number words into one number simToken:
// "one hundred and sixty-three" is 163; "ten" is 10.
func simJoinNumbers(toks []simToken) []simToken {
	out := make([]simToken, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		// "10 thousand": a scale word after a number simScales it.
		if sc, ok := simScales[toks[i].lower]; ok && len(out) > 0 && out[len(out)-1].num && out[len(out)-1].value != 0 {
			last := &out[len(out)-1]
			last.value *= sc
			last.text = simNum(last.value)
			last.lower = last.text
			continue
		}
		if _, ok := simNumberWord(toks[i].lower); !ok || toks[i].kind != simWord {
			out = append(out, toks[i])
			continue
		}
		total, cur := 0.0, 0.0
		j := i
		for j < len(toks) {
			w := toks[j].lower
			if w == "and" && j+1 < len(toks) && j > i {
				if _, ok := simNumberWord(toks[j+1].lower); ok {
					j++
					continue
				}
				break
			}
			v, ok := simNumberWord(w)
			if !ok {
				break
			}
			switch {
			case v == 100:
				if cur == 0 {
					cur = 1
				}
				cur *= 100
			case v >= 1000:
				// Leave thousand/million/billion to readQuantity when they
				// follow a plain number; here they scale the run.
				if cur == 0 {
					cur = 1
				}
				total += cur * v
				cur = 0
			default:
				cur += v
			}
			j++
		}
		// "one" alone is too often a pronoun ("the one who") to be a number.
		if j == i+1 && toks[i].lower == "one" {
			out = append(out, toks[i])
			continue
		}
		t := toks[i]
		t.num, t.value = true, total+cur
		t.text = simNum(t.value)
		t.lower = t.text
		out = append(out, t)
		i = j - 1
	}
	return out
}

func simNumberWord(w string) (float64, bool) {
	if v, ok := simSmallNumbers[w]; ok {
		return v, true
	}
	if i := strings.IndexByte(w, '-'); i > 0 {
		a, ok1 := simSmallNumbers[w[:i]]
		b, ok2 := simSmallNumbers[w[i+1:]]
		if ok1 && ok2 && a >= 20 && b < 10 {
			return a + b, true
		}
	}
	if v, ok := simScales[w]; ok {
		return v, true
	}
	if w == "hundred" {
		return 100, true
	}
	return 0, false
}

var simSmallNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var simScales = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

var simMonths = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var simPercent = map[string]bool{"%": true, "percent": true, "percentage": true, "pct": true}

// simNegations flip a claim's meaning; "n't" is read as "not".
var simNegations = map[string]bool{
	"not": true, "no": true, "never": true, "none": true, "nobody": true, "nothing": true,
	"neither": true, "nor": true, "cannot": true, "without": true,
}

// simNotNames are capitalised words that name nobody.
var simNotNames = map[string]bool{
	"i": true, "mr": true, "mrs": true, "ms": true, "dr": true, "senator": true, "president": true,
	"governor": true, "minister": true, "the": true, "a": true, "and": true,
}

// simStopWords carry no claim of their own.
var simStopWords = map[string]bool{}

// simFillers are the hesitations and hedges of speech.
var simFillers = map[string]bool{}

func init() {
	for w := range strings.FieldsSeq(`a an the and or but if of to in on at by for from with as into onto over under
		about than then that this these those there here it its it's is are was were be been being am
		do does did doing done have has had having will would shall should can could may might must
		i me my we us our you your he him his she her they them their who whom whose which what when
		where why how all any both each few other some such only own same so too very just also
		s t up down out off again further once while during before after above below between through
		per cent said say says stated noted told added according`) {
		simStopWords[w] = true
	}
	// Direction words are content: they are kept even though short.
	for w := range map[string]bool{"up": true, "down": true} {
		delete(simStopWords, w)
	}
	for w := range strings.FieldsSeq(`uh um er ah well look know think mean really actually basically frankly
		let let's fact matter course`) {
		simFillers[w] = true
	}
}

// simStem is a light suffix stripper: enough that "increases", "increased"
// and "increasing" meet, and consistent, which matters more than being
// right about English.
func simStem(w string) string {
	if s, ok := simIrregular[w]; ok {
		return s
	}
	n := len(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "ies"):
		w = w[:n-3] + "y"
	case n > 5 && strings.HasSuffix(w, "ing"):
		w = w[:n-3]
	case n > 4 && strings.HasSuffix(w, "ed"):
		w = w[:n-2]
	case n > 4 && strings.HasSuffix(w, "es") && strings.ContainsAny(w[n-3:n-2], "sxzh"):
		w = w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	n = len(w)
	if n > 4 && strings.HasSuffix(w, "ly") {
		w = w[:n-2]
		n -= 2
	}
	if n > 3 && w[n-1] == 'e' {
		w = w[:n-1]
		n--
	}
	if n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
		w = w[:n-1]
	}
	return w
}

var simIrregular = map[string]string{
	"rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "won": "win", "lost": "lose",
	"grew": "grow", "grown": "grow", "cut": "cut", "cuts": "cut", "spent": "spend", "paid": "pay",
	"men": "man", "women": "woman", "children": "child", "people": "people", "went": "go", "gone": "go",
	"larger": "large", "largest": "large", "bigger": "big", "biggest": "big", "smaller": "small",
	"smallest": "small", "higher": "high", "highest": "high", "lower": "low", "lowest": "low",
	"more": "more", "less": "less", "fewer": "less", "most": "more", "least": "less",
	"better": "good", "best": "good", "worse": "bad", "worst": "bad",
	"americans": "america", "american": "america", "us": "us", "u.s": "us",
}

// simSynonyms map stems that mean the same in a claim onto one.
var simSynonyms = map[string]string{
	"rais": "increas", "boost": "increas", "hike": "increas", "grow": "increas", "rise": "increas", "climb": "increas", "jump": "increas", "go": "go",
	"reduc": "decreas", "declin": "decreas", "fall": "decreas", "drop": "decreas", "shrink": "decreas", "lower": "decreas", "cut": "decreas", "slash": "decreas",
	"high": "more", "large": "more", "big": "more", "low": "less", "small": "less",
	"state": "say", "not": "say", "tell": "say", "explain": "say", "stress": "say", "claim": "say",
	"nation": "country", "countri": "country", "job": "job", "employment": "job", "work": "job",
	"gov": "government", "govern": "government", "administration": "government",
	"kill": "kill", "dead": "kill", "death": "kill", "die": "kill",
	"doubl": "doubl", "twice": "doubl",
	"dollar": "$", "buck": "$",
}

// simDirections are the words whose opposites make a different claim. The
// axis groups the pairs; the sign says which way.
var simDirections = map[string]struct {
	axis string
	sign int
}{
	"rise": {"change", 1}, "increas": {"change", 1}, "rais": {"change", 1}, "grow": {"change", 1}, "up": {"change", 1},
	"boost": {"change", 1}, "climb": {"change", 1}, "gain": {"change", 1}, "jump": {"change", 1},
	"fall": {"change", -1}, "decreas": {"change", -1}, "declin": {"change", -1}, "drop": {"change", -1}, "down": {"change", -1},
	"reduc": {"change", -1}, "cut": {"change", -1}, "shrink": {"change", -1}, "slash": {"change", -1}, "lose": {"result", -1},
	"win": {"result", 1}, "defeat": {"result", -1},
	"more": {"amount", 1}, "less": {"amount", -1}, "high": {"amount", 1}, "low": {"amount", -1},
	"large": {"amount", 1}, "small": {"amount", -1}, "big": {"amount", 1},
	"good": {"quality", 1}, "bad": {"quality", -1},
	"support": {"stance", 1}, "oppos": {"stance", -1}, "approv": {"stance", 1}, "reject": {"stance", -1}, "favor": {"stance", 1}, "against": {"stance", -1},
}
