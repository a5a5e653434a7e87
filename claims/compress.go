package claims

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Short statements. A statement the frame rules leave longer than
// MaxStatementLen is shown cut off by fact-check readers; Shorten tries to
// say it in fewer words without changing what is checked. It applies its
// rules one at a time, the lightest first, and stops as soon as the
// statement fits; a rule whose result would lose a number, a name (a
// capitalised word), a negation, or bring in a word the statement did not
// have, is skipped. When the rules cannot bring it within MaxStatementLen,
// the statement is returned as it was: a statement is never cut to fit,
// and a half-shortened one reads worse than the whole.
//
// The rules are of two kinds. Wording rules change how it is said, not
// what: "percent" after a number becomes "%", the words that only pad
// ("first and foremost", "at all", "both ... and"), "that" where English
// may leave it out, "X and Y" before a noun as "X, Y", and the articles a
// headline leaves out. Detail rules leave out a detail that is not the
// claim's number, name or negation: a non-restrictive clause (", which
// ..."), an appositive (", the bank's economist,"), a parenthesis, a
// trailing participle (", putting ..."), and "soon"/"currently".

// shortenRule is one rewriting of a statement; detail marks those that
// leave a detail out.
type shortenRule struct {
	name   string
	detail bool
	apply  func(string) string
}

var (
	rePercent     = regexp.MustCompile(`(\d) ?(?:percent|per cent)\b`)
	rePadding     = regexp.MustCompile(`,? (?:first and foremost|at all)\b`)
	reBoth        = regexp.MustCompile(`\bboth (an? |the )?(\w+) and\b`)
	reThatPronoun = regexp.MustCompile(`\b(\w+) that (we|they|he|she|I|you|it|the|this|these|those|his|her|their|our)\b`)
	reAndPair     = regexp.MustCompile(`\b([A-Z][\w.\-]*) and ([A-Z][\w\-]*) ([a-z])`)
	reRelative    = regexp.MustCompile(`, (?:which|who|whom|whose|where) [^,;.]*(,|;|\.?$)`)
	reAppositive  = regexp.MustCompile(`([A-Z][\w.\-]*), ((?:(?:the|a|an) )?[a-z][^,;]*), `)
	reParen       = regexp.MustCompile(` ?[(\[][^)\]]*[)\]]`)
	reParticiple  = regexp.MustCompile(`, (?:putting|selecting|making|leaving|bringing|adding|with) [^;]*$`)
	reSoonNow     = regexp.MustCompile(`,? \b(?:soon|currently|now)\b,?`)
	// Articles a headline leaves out; "a"/"an" before a unit of time or
	// count ("an hour later", "a few") and "the" before a superlative or
	// an ordinal ("the first time") stay, since there they carry meaning.
	reArticle = regexp.MustCompile(`(^|[ "“])(?:[Tt]he|[Aa]n?) `)
)

// keptArticle reports whether the article before rest must stay.
func keptArticle(article, rest string) bool {
	next := strings.ToLower(strings.TrimLeft(rest, " "))
	w := next
	if i := strings.IndexAny(next, " ,.;:"); i >= 0 {
		w = next[:i]
	}
	switch strings.ToLower(article) {
	case "a", "an":
		switch w {
		case "hour", "day", "week", "month", "year", "decade", "minute", "few", "lot", "number", "half", "quarter", "third", "dozen", "hundred", "thousand", "million", "billion", "single":
			return true
		}
	case "the":
		if strings.HasSuffix(w, "est") || w == "most" || w == "least" || w == "first" || w == "last" || w == "only" || w == "same" || w == "right" || w == "wrong" || w == "next" {
			return true
		}
		if w == "world’s" || w == "world's" {
			return true
		}
	}
	return false
}

func dropArticles(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range reArticle.FindAllStringSubmatchIndex(s, -1) {
		artStart, artEnd := m[3], m[1]-1 // the article, without the space after it
		if keptArticle(s[artStart:artEnd], s[m[1]:]) {
			continue
		}
		b.WriteString(s[last:artStart])
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// shortenRules are tried in this order: wording before detail, the
// smallest change first.
var shortenRules = []shortenRule{
	{"percent", false, func(s string) string { return rePercent.ReplaceAllString(s, "$1%") }},
	{"padding", false, func(s string) string { return rePadding.ReplaceAllString(s, "") }},
	{"both", false, func(s string) string { return reBoth.ReplaceAllString(s, "$1$2 and") }},
	{"that", false, func(s string) string {
		return reThatPronoun.ReplaceAllStringFunc(s, func(m string) string {
			sub := reThatPronoun.FindStringSubmatch(m)
			// "that" stays after words it cannot be left out after
			// ("so that", "now that", "such that", "the fact that").
			switch strings.ToLower(sub[1]) {
			case "so", "now", "such", "fact", "is", "was", "and", "but":
				return m
			}
			return sub[1] + " " + sub[2]
		})
	}},
	{"and-pair", false, func(s string) string { return reAndPair.ReplaceAllString(s, "$1, $2 $3") }},
	{"articles", false, dropArticles},
	{"soon", true, func(s string) string { return reSoonNow.ReplaceAllString(s, "") }},
	{"relative clause", true, func(s string) string {
		return reRelative.ReplaceAllStringFunc(s, func(m string) string {
			// ", which ...," goes with both commas; before ";" or the
			// end, the mark stays.
			if strings.HasSuffix(m, ";") || strings.HasSuffix(m, ".") {
				return m[len(m)-1:]
			}
			return ""
		})
	}},
	{"appositive", true, func(s string) string { return reAppositive.ReplaceAllString(s, "$1 ") }},
	{"parenthesis", true, func(s string) string { return reParen.ReplaceAllString(s, "") }},
	{"participle", true, func(s string) string { return reParticiple.ReplaceAllString(s, "") }},
}

// Shorten returns statement said within MaxStatementLen characters when the
// rules can do it keeping every number, name and negation, and statement
// unchanged otherwise.
func Shorten(statement string) string {
	short, _ := shorten(statement, true)
	return short
}

// shorten is Shorten with the names of the rules it applied; detail says
// whether the rules that leave a detail out may be used.
func shorten(statement string, detail bool) (string, []string) {
	s := strings.TrimSpace(statement)
	if utf8.RuneCountInString(s) <= MaxStatementLen || !utf8.ValidString(s) {
		return s, nil
	}
	cur := s
	var used []string
	for _, r := range shortenRules {
		if r.detail && !detail {
			continue
		}
		next := tidy(r.apply(cur))
		if next == cur || !keepsEssentials(s, next) {
			continue
		}
		cur = next
		used = append(used, r.name)
		if utf8.RuneCountInString(cur) <= MaxStatementLen {
			return cur, used
		}
	}
	return s, nil
}

// tidy mends what a rule leaves: doubled spaces and commas, a space before
// a mark, a lower-case first letter.
func tidy(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range [][2]string{{" ,", ","}, {",,", ","}, {" ;", ";"}, {" .", "."}, {",.", "."}, {", .", "."}} {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	s = strings.TrimLeft(s, ", ")
	if r, n := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

// numberWords are numbers written as words, kept like digits.
var numberWords = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "twenty": true, "thirty": true,
	"hundred": true, "thousand": true, "million": true, "billion": true, "trillion": true, "half": true, "quarter": true,
	"dozen": true, "first": true, "second": true, "third": true, "fourth": true, "fifth": true, "twice": true, "double": true,
	"seventeen": true, "fifteen": true, "fifty": true, "forty": true, "sixty": true, "percent": false}

// negations are the words that turn a claim around.
var negations = map[string]bool{"not": true, "no": true, "never": true, "none": true, "nobody": true, "neither": true,
	"nor": true, "without": true, "nothing": true, "cannot": true}

// essentials counts what a short statement must keep of its long one:
// numbers (digits and number words), names (capitalised words, but an
// article opening the statement), negations ("n't" words too).
func essentials(s string) map[string]int {
	out := map[string]int{}
	for k, w := range swords(s) {
		if w.punct || w.quote {
			continue
		}
		word := s[w.a:w.b]
		lw := strings.ToLower(word)
		r, _ := utf8.DecodeRuneInString(word)
		switch {
		case unicode.IsDigit(r), numberWords[lw], negations[lw], strings.HasSuffix(lw, "n't"), strings.HasSuffix(lw, "n’t"):
			out[lw]++
		case unicode.IsUpper(r) && !(k == 0 && (lw == "the" || lw == "a" || lw == "an")):
			out[word]++
		}
	}
	return out
}

// keepsEssentials reports whether short keeps every number, name and
// negation of long, as often, and has no word long lacks.
func keepsEssentials(long, short string) bool {
	want, got := essentials(long), essentials(short)
	for w, n := range want {
		if got[w] < n {
			return false
		}
	}
	have := map[string]bool{}
	for _, w := range swords(long) {
		have[strings.ToLower(long[w.a:w.b])] = true
	}
	for _, w := range swords(short) {
		if !w.punct && !w.quote && !have[strings.ToLower(short[w.a:w.b])] {
			return false
		}
	}
	return true
}
