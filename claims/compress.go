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
// ("first and foremost", "at all", "both ... and", "of all" after a
// quantity, "on" before a day or month), "that" where English may leave it out, "X and Y" before a noun as "X, Y", and the articles a
// headline leaves out. Detail rules leave out a detail that is not the
// claim's number, name or negation: a non-restrictive clause (", which
// ..."), an appositive (", the bank's economist,"), a parenthesis, a
// trailing participle (", putting ..."), and "soon"/"currently".

// shortForm is one entry of the table of short forms: a regular
// expression for the long wording and what replaces it (a template with
// $1, $2 for its groups, or a function of the match's groups). Every entry
// says the same thing in fewer characters in any sentence a desk checks;
// an entry that holds only in some (a title) is kept only where its
// pattern pins that down.
type shortForm struct {
	long  *regexp.Regexp
	short string
	fn    func(groups []string) string
	// any lists words of which every match of long holds one: the
	// expression runs only on a text holding one of them, since most
	// statements hold none and the expressions are most of Extract's time
	// otherwise.
	any []string
}

// monthShort is AP's abbreviation of a month written with a day; March to
// July are never cut.
var monthShort = map[string]string{"January": "Jan.", "February": "Feb.", "August": "Aug.", "September": "Sept.",
	"October": "Oct.", "November": "Nov.", "December": "Dec."}

// shortForms is the table of standard shorter forms news desks write, as
// style guides list them: the abbreviations of countries and unions that
// headlines use, AP's month abbreviations with a day ("Nov. 9"), "m" and
// "bn" after a figure as British desks write amounts, a score or an amount
// written tight ("1–0", "$200"), and the wordy phrases plain-English
// guides replace ("in order to" -> "to", "prior to" -> "before",
// "approximately" -> "about"). Words that are only near in meaning
// ("representatives" and "envoys") are not in it: they differ somewhere.
var shortForms = []shortForm{
	{long: regexp.MustCompile(`\bUnited States\b`), short: "US", any: []string{"United States"}},
	{long: regexp.MustCompile(`\bU\.S\.( |$)`), fn: abbreviation("US"), any: []string{"U.S."}},
	{long: regexp.MustCompile(`\bUnited Kingdom\b`), short: "UK", any: []string{"United Kingdom"}},
	{long: regexp.MustCompile(`\bU\.K\.( |$)`), fn: abbreviation("UK"), any: []string{"U.K."}},
	{long: regexp.MustCompile(`\bUnited Nations\b`), short: "UN", any: []string{"United Nations"}},
	{long: regexp.MustCompile(`\bU\.N\.( |$)`), fn: abbreviation("UN"), any: []string{"U.N."}},
	{long: regexp.MustCompile(`\bEuropean Union\b`), short: "EU", any: []string{"European Union"}},
	{long: regexp.MustCompile(`\bPrime Minister ([A-Z])`), short: "PM $1", any: []string{"Prime Minister "}},
	{long: regexp.MustCompile(`\b(January|February|August|September|October|November|December) (\d{1,2})\b`),
		fn: func(g []string) string { return monthShort[g[1]] + " " + g[2] }, any: []string{"January", "February", "August", "September", "October", "November", "December"}},
	{long: regexp.MustCompile(`\b(\d{1,2}) (January|February|August|September|October|November|December)\b`),
		fn: func(g []string) string { return g[1] + " " + monthShort[g[2]] }, any: []string{"January", "February", "August", "September", "October", "November", "December"}},
	{long: regexp.MustCompile(`(\d) million\b`), short: "${1}m", any: []string{" million"}},
	{long: regexp.MustCompile(`(\d) billion\b`), short: "${1}bn", any: []string{" billion"}},
	{long: regexp.MustCompile(`(\d) [–—-] (\d)`), short: "$1–$2", any: []string{" – ", " — ", " - "}},
	{long: regexp.MustCompile(`([$£€]) (\d)`), short: "$1$2", any: []string{"$ ", "£ ", "€ "}},
	{long: regexp.MustCompile(`\bapproximately\b`), short: "about", any: []string{"approximately"}},
	{long: regexp.MustCompile(`\bin order to\b`), short: "to", any: []string{"in order to"}},
	{long: regexp.MustCompile(`\bprior to\b`), short: "before", any: []string{"prior to"}},
	{long: regexp.MustCompile(`\bin excess of (\d)`), short: "over $1", any: []string{"in excess of "}},
	{long: regexp.MustCompile(`\bmore than (\d)`), short: "over $1", any: []string{"more than "}},
	{long: regexp.MustCompile(`\ba total of (\d)`), short: "$1", any: []string{"a total of "}},
	{long: regexp.MustCompile(`\bthe majority of\b`), short: "most", any: []string{"the majority of"}},
	{long: regexp.MustCompile(`\b(?:due to|owing to) the fact that\b`), short: "because", any: []string{"to the fact that"}},
	{long: regexp.MustCompile(`\bdespite the fact that\b`), short: "although", any: []string{"despite the fact that"}},
	{long: regexp.MustCompile(`\bin spite of\b`), short: "despite", any: []string{"in spite of"}},
	{long: regexp.MustCompile(`\bwith the exception of\b`), short: "except", any: []string{"with the exception of"}},
	{long: regexp.MustCompile(`\bin the vicinity of\b`), short: "near", any: []string{"in the vicinity of"}},
	{long: regexp.MustCompile(`\bat (?:this|the present) (?:point in )?time\b`), short: "now", any: []string{" time"}},
	{long: regexp.MustCompile(`\b(?:is|are) able to\b`), short: "can", any: []string{" able to"}},
}

// abbreviation replaces a dotted abbreviation; at the end of the statement
// its last dot was also the full stop, which stays.
func abbreviation(short string) func([]string) string {
	return func(g []string) string {
		if g[1] == "" {
			return short + "."
		}
		return short + g[1]
	}
}

// shortFormed is s with every entry of shortForms applied.
func shortFormed(s string) string {
	for _, f := range shortForms {
		if !containsAny(s, f.any...) {
			continue
		}
		if f.fn == nil {
			s = f.long.ReplaceAllString(s, f.short)
			continue
		}
		s = f.long.ReplaceAllStringFunc(s, func(m string) string { return f.fn(f.long.FindStringSubmatch(m)) })
	}
	return s
}

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
	reOnDate      = regexp.MustCompile(`\bon ((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.)`)
	reOfAll       = regexp.MustCompile(`\b(half|most|many|some|none|one|two|three|\d+%?) of all\b`)
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
	{"short forms", false, shortFormed},
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
	{"on a date", false, func(s string) string { return reOnDate.ReplaceAllString(s, "$1") }},
	{"of all", false, func(s string) string { return reOfAll.ReplaceAllString(s, "$1 of") }},
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
	short, _ := shorten(statement, func(shortenRule) bool { return true })
	return short
}

// shorten is Shorten with the names of the rules it applied, using only
// the rules use accepts.
func shorten(statement string, use func(shortenRule) bool) (string, []string) {
	s := strings.TrimSpace(statement)
	if utf8.RuneCountInString(s) <= MaxStatementLen || !utf8.ValidString(s) {
		return s, nil
	}
	cur := s
	var used []string
	check := essentialsOf(s)
	for _, r := range shortenRules {
		if !use(r) {
			continue
		}
		next := tidy(r.apply(cur))
		if next == cur || !check.keptBy(next) {
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
// negation of long, as often, and has no word long lacks. An entry of the
// table of short forms is the same words ("US" for "United States",
// "Nov. 9" for "November 9"): both are read with the table applied.
func keepsEssentials(long, short string) bool { return essentialsOf(long).keptBy(short) }

// essentialCheck is what keepsEssentials reads of the long statement, read
// once for all the rules Shorten tries.
type essentialCheck struct {
	want map[string]int
	have map[string]bool
}

func essentialsOf(long string) essentialCheck {
	long = shortFormed(long)
	c := essentialCheck{want: essentials(long), have: map[string]bool{}}
	for _, w := range swords(long) {
		c.have[strings.ToLower(long[w.a:w.b])] = true
	}
	return c
}

func (c essentialCheck) keptBy(short string) bool {
	short = shortFormed(short)
	got := essentials(short)
	for w, n := range c.want {
		if got[w] < n {
			return false
		}
	}
	for _, w := range swords(short) {
		if !w.punct && !w.quote && !c.have[strings.ToLower(short[w.a:w.b])] {
			return false
		}
	}
	return true
}
