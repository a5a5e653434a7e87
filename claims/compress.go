package claims

import (
	"regexp"
	"sort"
	"strconv"
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
	// group names the rule that applies the entry: "" for the short
	// forms, "headline words", "digits"; "reading" entries are never
	// applied by a rule, only read by the essentials check as the same
	// words (the rule that writes them decides where they fit).
	group string
	// keep, when set, leaves a match as it is: it is given the whole text
	// and the match's submatch indexes, since whether the words mean the
	// same can depend on the words around them ("Big Ten", "the will of").
	keep func(s string, m []int) bool
}

// replace applies the entry to every match in s. The rule that applies an
// entry and the essentials check both read it through here, so they agree.
func (f shortForm) replace(s string) string {
	if f.fn == nil && f.keep == nil {
		return f.long.ReplaceAllString(s, f.short)
	}
	var b strings.Builder
	last := 0
	for _, m := range f.long.FindAllStringSubmatchIndex(s, -1) {
		if f.keep != nil && f.keep(s, m) {
			continue
		}
		b.WriteString(s[last:m[0]])
		if f.fn == nil {
			b.Write(f.long.ExpandString(nil, f.short, s, m))
		} else {
			groups := make([]string, len(m)/2)
			for i := range groups {
				if m[2*i] >= 0 {
					groups[i] = s[m[2*i]:m[2*i+1]]
				}
			}
			b.WriteString(f.fn(groups))
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
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
	{long: regexp.MustCompile(`\bUnited States(?: of America)?\b`), short: "US", any: []string{"United States"}},
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

	// Headline words: the words headlines use for the same thing.
	// "Representatives" of a country are its envoys (not a union's or a
	// party's, so only after a country's adjective); "agreements" are
	// deals (the plural is always the documents; a singular "agreement"
	// can be consent, so only a peace or trade agreement is a deal);
	// "Nagorno-Karabakh" is the "Karabakh" of news headlines; "the
	// implementation of" is "implementing".
	{long: regexp.MustCompile(`\b(` + nationalities + `) representatives\b`), short: "$1 envoys", any: []string{" representatives"}, group: "headline words",
		keep: func(s string, m []int) bool {
			_, next := adjacentWords(s, m[0], m[1])
			return next == "of" || reLegislature.MatchString(s)
		}},
	{long: regexp.MustCompile(`\bagreements\b`), short: "deals", any: []string{"agreements"}, group: "headline words"},
	{long: regexp.MustCompile(`\b(peace|trade|ceasefire|nuclear|climate) agreement\b`), short: "$1 deal", any: []string{" agreement"}, group: "headline words"},
	{long: regexp.MustCompile(`\bNagorno[- ]Karabakh\b`), short: "Karabakh", any: []string{"Nagorno"}, group: "headline words"},
	{long: regexp.MustCompile(`\b[Tt]he implementation of\b`), short: "implementing", any: []string{"he implementation of"}, group: "headline words", keep: afterTimeWord},
	{long: regexp.MustCompile(`\b[Tt]he establishment of\b`), short: "establishing", any: []string{"he establishment of"}, group: "headline words", keep: afterTimeWord},
	{long: regexp.MustCompile(`\b[Aa] large number of\b`), short: "many", any: []string{" large number of"}, group: "headline words"},
	{long: regexp.MustCompile(`\b(?:[Aa]|[Tt]he) large amount of\b`), short: "much", any: []string{" large amount of"}, group: "headline words"},

	// Numbers written as words become digits, as headlines write them:
	// two to ninety-nine, not "one" ("no one", "one of"), not before
	// "hundred" or "thousand" ("2 hundred"), not inside a hyphened word
	// ("two-thirds", "ten-year").
	{long: reNumberWord, fn: numberDigits, keep: numberKept, any: numberWordForms, group: "digits"},

	// "will come" reads as the headline's "to come"; the future rule
	// writes it only where a headline can.
	{long: regexp.MustCompile(`\bwill ([a-z]+)\b`), fn: func(g []string) string {
		if g[1] == "not" {
			return "will not"
		}
		return "to " + g[1]
	}, keep: func(s string, m []int) bool {
		prev, _ := adjacentWords(s, m[0], m[1])
		return willIsNoun(prev, s[m[2]:m[3]])
	}, any: []string{"will "}, group: "reading"},
}

// afterTimeWord keeps "the establishment of" after a word of time or
// place: "aid since the establishment of Israel" is not "aid since
// establishing Israel", which would make the subject the one who did it.
func afterTimeWord(s string, m []int) bool {
	prev, _ := adjacentWords(s, m[0], m[1])
	switch strings.ToLower(prev) {
	case "since", "after", "before", "until", "till", "following", "from", "upon", "on", "at", "during", "with", "by":
		return true
	}
	return false
}

// nationalities are the adjectives of countries and unions before which
// "representatives" are envoys. Not "US" or "American" (the House of
// Representatives' members), nor "foreign", "Western", "European",
// "African", "Arab", which name no one state that sends envoys.
const nationalities = `UK|EU|UN|British|French|German|Russian|Chinese|Japanese|Indian|Iranian|Israeli|` +
	`Palestinian|Turkish|Ukrainian|Armenian|Azerbaijani|Georgian|Syrian|Iraqi|Afghan|Pakistani|Saudi|Egyptian|` +
	`Korean|Italian|Spanish|Polish|Dutch|Belgian|Swedish|Norwegian|Finnish|Danish|Greek|Canadian|Mexican|` +
	`Brazilian|Australian|Qatari|Emirati|Belarusian|Kazakh|Thai|Vietnamese|Indonesian|` +
	`Nigerian|Kenyan|Ethiopian|Libyan|Lebanese|Jordanian|Venezuelan|Colombian|Cuban|Serbian|Croatian|` +
	`Hungarian|Czech|Romanian|Bulgarian|Austrian|Swiss|Irish|Portuguese`

// reLegislature finds a word that makes a country's "representatives" its
// members of a legislature, a union's or a party's ("Ten Iranian
// representatives in the Majlis", "representatives of the workers'
// union"): where the text holds one, they are not called envoys.
var reLegislature = regexp.MustCompile(`\b(?:House|Congress\w*|Parliament\w*|parliament\w*|Senat\w*|Assembly|Duma|Knesset|` +
	`Bundestag|Majlis|legislat\w*|Legislat\w*|lawmakers?|elected|[Uu]nions?|[Pp]art(?:y|ies))\b`)

// units and tens are the numbers a word can write, two to ninety-nine.
var (
	units = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
		"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19}
	tens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
		"eighty": 80, "ninety": 90}
	reNumberWord    = regexp.MustCompile(numberWordPattern())
	numberWordForms = numberWordList()
)

// numberWordList is every number word in lower case and capitalised: a
// match holds one of them.
func numberWordList() []string {
	var out []string
	for _, m := range []map[string]int{units, tens} {
		for w := range m {
			out = append(out, w, strings.ToUpper(w[:1])+w[1:])
		}
	}
	return out
}

// numberWordPattern matches a number word (or "twenty-five") after the
// start or a character that is not a letter, digit, hyphen or apostrophe;
// the groups are what comes before, the number, and what comes after when
// it keeps the word from being a number on its own: " hundred (and
// twenty)", " thousand", " point (nine)", or a letter, digit, hyphen or
// apostrophe. A match of "hundred (and) twenty" (after "one" or "a", which
// are no number words here) is a bigger number too, and has no groups.
func numberWordPattern() string {
	alt := func(m map[string]int, capital bool) string {
		var ws []string
		for w := range m {
			if capital {
				w = "[" + strings.ToUpper(w[:1]) + w[:1] + "]" + w[1:]
			}
			ws = append(ws, w)
		}
		sort.Slice(ws, func(i, j int) bool { return len(ws[i]) > len(ws[j]) || len(ws[i]) == len(ws[j]) && ws[i] < ws[j] })
		return strings.Join(ws, "|")
	}
	compound := `(?:-(?:one|two|three|four|five|six|seven|eight|nine))?`
	num := func(capital bool) string {
		return `(?:` + alt(tens, capital) + `)` + compound + `|` + alt(units, capital)
	}
	after := `(?: and)?(?: (?:` + num(false) + `))?`
	return `\b(?:hundred|thousand)` + after + `\b|(^|[^\p{L}\p{N}\-'’])(` + num(true) + `)( hundred` + after + `| thousand` + after +
		`| point(?: \w+)?|[\p{L}\p{N}\-'’]|)`
}

// numberDigits writes a matched number word in digits, and leaves it when
// it is part of a word or of a bigger number ("thirteen hundred and
// twenty", "seven point nine").
func numberDigits(g []string) string {
	if g[2] == "" || g[3] != "" {
		return g[0]
	}
	w := strings.ToLower(g[2])
	n := units[w] + tens[w]
	if t, u, ok := strings.Cut(w, "-"); ok {
		n = tens[t] + map[string]int{"one": 1}[u] + units[u]
	}
	return g[1] + strconv.Itoa(n)
}

// numberKept reports whether a number word stays a word: when a number
// is next to it ("twenty five", "nineteen ninety-nine", "in 2019 two"),
// the two are one number or a year that digits would split ("20 5",
// "19 99"); and a capitalised number word after the statement's first
// word is a name ("The Magnificent Seven", "the Big Ten").
func numberKept(s string, m []int) bool {
	if m[4] < 0 {
		return false // a bigger number: numberDigits leaves it
	}
	a, b := m[4], m[5]
	prev, next := adjacentWords(s, a, b)
	if partOfNumber(prev, true) || partOfNumber(next, false) {
		return true
	}
	if r, _ := utf8.DecodeRuneInString(s[a:]); unicode.IsUpper(r) {
		return strings.TrimLeft(s[:a], " \"“'‘([") != ""
	}
	return false
}

// adjacentWords returns the words right before s[a:] and right after
// s[:b], with only spaces between; "" when a mark or nothing is there.
func adjacentWords(s string, a, b int) (prev, next string) {
	wordByte := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '\'' || c >= 0x80
	}
	if i := a; i > 0 && s[i-1] == ' ' {
		for i > 0 && s[i-1] == ' ' {
			i--
		}
		j := i
		for j > 0 && wordByte(s[j-1]) {
			j--
		}
		prev = s[j:i]
	}
	if k := b; k < len(s) && s[k] == ' ' {
		for k < len(s) && s[k] == ' ' {
			k++
		}
		j := k
		for j < len(s) && wordByte(s[j]) {
			j++
		}
		next = s[k:j]
	}
	return prev, next
}

// ordinals are the number words that name a place ("twenty first").
var ordinals = map[string]bool{"first": true, "second": true, "third": true, "fourth": true, "fifth": true, "sixth": true,
	"seventh": true, "eighth": true, "ninth": true, "tenth": true, "eleventh": true, "twelfth": true, "thirteenth": true,
	"fourteenth": true, "fifteenth": true, "sixteenth": true, "seventeenth": true, "eighteenth": true, "nineteenth": true,
	"twentieth": true, "thirtieth": true, "fortieth": true, "fiftieth": true, "sixtieth": true, "seventieth": true,
	"eightieth": true, "ninetieth": true, "hundredth": true, "thousandth": true}

// partOfNumber reports whether w, next to a number word, makes one number
// with it: a number in digits or words, after it an ordinal ("twenty
// first"), and before it a scale word ("hundred twenty", "point nine").
// "Million" after it does not ("twenty million" is "20 million"), nor an
// ordinal before it ("the first four years").
func partOfNumber(w string, before bool) bool {
	if w == "" {
		return false
	}
	if w[0] >= '0' && w[0] <= '9' {
		return true
	}
	w = strings.ToLower(w)
	if head, _, ok := strings.Cut(w, "-"); ok {
		w = head
	}
	if units[w] > 0 || tens[w] > 0 || w == "one" || w == "zero" {
		return true
	}
	if ordinals[w] {
		return !before
	}
	switch w {
	case "hundred", "thousand", "million", "billion", "trillion", "point", "dozen":
		return before
	}
	return false
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

// shortFormed is s with every entry of shortForms applied: how the
// essentials check reads a statement.
func shortFormed(s string) string { return applyForms(s, func(string) bool { return true }) }

// formsOf returns the rule that applies the entries of group.
func formsOf(group string) func(string) string {
	return func(s string) string { return applyForms(s, func(g string) bool { return g == group }) }
}

func applyForms(s string, use func(group string) bool) string {
	for _, f := range shortForms {
		if !use(f.group) || !containsAny(s, f.any...) {
			continue
		}
		s = f.replace(s)
	}
	return s
}

// shortenRule is one rewriting of a statement; detail marks those that
// leave a detail out.
type shortenRule struct {
	name   string
	detail bool
	apply  func(string) string
	// may reports whether apply can change s: false only where apply(s)
	// == s whatever the rest of s, so that a rule is not run on a
	// statement without its words (FuzzShortenRuleMay holds it to that).
	may func(string) bool
}

var (
	rePercent = regexp.MustCompile(`(\d) ?(?:percent|per cent)\b`)
	rePadding = regexp.MustCompile(`,? (?:first and foremost|at all)\b`)
	reBoth    = regexp.MustCompile(`\bboth (an? |the )?(\w+) and\b`)
	// "that" goes only after a lower-case word ("confident that we"); after
	// a name it opens a clause put after its noun ("the point was made by
	// Mr. Nixon that the ...").
	reThatPronoun = regexp.MustCompile(`\b([a-z]\w*) that (we|they|he|she|I|you|it|the|this|these|those|his|her|their|our)\b`)
	reOnDate      = regexp.MustCompile(`\bon ((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.)`)
	reOfAll       = regexp.MustCompile(`\b(half|most|many|some|none|one|two|three|\d+%?) of all\b`)
	reAndPair     = regexp.MustCompile(`\b([A-Z][\w.\-]*) and ([A-Z][\w\-]*) ([a-z])`)
	reRelative    = regexp.MustCompile(`, (?:which|who|whom|whose|where) [^,;.]*(,|;|\.?$)`)
	// An appositive is a noun phrase between a name and the words that go
	// on with the name's clause ("NATO, the longest military alliance, to
	// turn"); appositiveOK checks that it is one.
	reAppositive = regexp.MustCompile(`([A-Z][\w.\-]*), ((?:(?:the|a|an) )?[a-z][^,;]*), ([\w']+)`)
	reParen      = regexp.MustCompile(` ?[(\[][^)\]]*[)\]]`)
	// A trailing participle; not "with", which goes on with the verb
	// ("deal, with our allies, with this problem").
	reParticiple = regexp.MustCompile(`, (?:putting|selecting|making|leaving|bringing|adding) [^;]*$`)
	// "also" points at something the statement does not hold. "Soon",
	// "now", "already" and "currently" stay: they are part of what is
	// checked ("the government currently has no plan" is not "the
	// government has no plan").
	reFiller = regexp.MustCompile(`(^|,? )(?:also)\b(,?)`)
	// A tail that points at the article's topic ("on this issue"): the
	// statement alone cannot show what it means.
	reDeictic = regexp.MustCompile(`,? (?:on|in) this (?:issue|regard|respect|matter)\b(,|;|\.?$)`)
	// Articles a headline leaves out; "a"/"an" before a unit of time or
	// count ("an hour later", "a few") and "the" before a superlative or
	// an ordinal ("the first time") stay, since there they carry meaning.
	reArticle = regexp.MustCompile(`(^|[ "“])(?:[Tt]he|[Aa]n?) `)
)

// dropFiller leaves out "also"; a comma before it stays (", also a
// record" -> ", a record"). "Also" right after a name stays ("Obama also
// signed" says someone else did too).
func dropFiller(s string) string {
	// "not only X but also Y" needs its "also".
	if strings.Contains(s, "but also") || strings.Contains(s, "But also") {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range reFiller.FindAllStringSubmatchIndex(s, -1) {
		a, w := m[3], s[m[3]:m[4]]
		prev, _ := adjacentWords(s, a, m[4])
		if w == "also" && m[4] == m[5] && s[m[2]:m[3]] == " " {
			// A pronoun is no name, nor is one with its verb ("We're").
			pron, _, _ := strings.Cut(strings.ReplaceAll(strings.ToLower(prev), "’", "'"), "'")
			if r, _ := utf8.DecodeRuneInString(prev); unicode.IsUpper(r) && !subjectPronouns[pron] {
				continue
			}
		}
		b.WriteString(s[last:m[0]])
		if strings.HasPrefix(s[m[0]:m[1]], ",") {
			b.WriteString(",")
		} else {
			b.WriteString(" ")
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// appositiveOK reports whether app, between commas after a name, is an
// appositive a statement can do without: a noun phrase of at most ten
// words with no verb or clause of its own ("the thing that saved us has
// been"), followed by a word that goes on with the name's clause, not by
// another noun phrase or "and" (a list, or a second appositive).
func appositiveOK(app, next string) bool {
	ws := strings.Fields(app)
	if len(ws) < 2 || len(ws) > 10 || prepositions[ws[0]] || strings.HasSuffix(ws[0], "ing") {
		// One word is an item of a list ("strong, well-equipped,
		// well-trained"); "in terms of ...", "using taxpayer money" are
		// no noun phrases.
		return false
	}
	for _, w := range ws {
		w = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(strings.Trim(w, `"“”'’`)), "'s"), "’s")
		if clauseOpeners[w] || notInSpeaker[w] || subjectPronouns[w] || strings.ContainsAny(w, "'’") || w == "ago" {
			return false
		}
	}
	switch strings.ToLower(next) {
	case "the", "a", "an", "and", "or", "but", "this", "that", "these", "those":
		return false
	}
	if subjectPronouns[strings.ToLower(next)] {
		return false // a clause of its own follows
	}
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(r)
}

// prepositions open a phrase that is no appositive.
var prepositions = map[string]bool{"in": true, "on": true, "at": true, "by": true, "with": true, "for": true, "from": true,
	"of": true, "to": true, "after": true, "before": true, "during": true, "despite": true, "without": true, "under": true,
	"over": true, "about": true, "among": true, "like": true, "as": true, "into": true, "through": true, "against": true}

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
	{"digits", false, formsOf("digits"), formsMay("digits")},
	{"percent", false, func(s string) string { return rePercent.ReplaceAllString(s, "$1%") }, mayHold("per")},
	{"short forms", false, formsOf(""), formsMay("")},
	{"headline words", false, formsOf("headline words"), formsMay("headline words")},
	{"padding", false, func(s string) string { return rePadding.ReplaceAllString(s, "") }, mayHold(" first and foremost", " at all")},
	{"both", false, func(s string) string { return reBoth.ReplaceAllString(s, "$1$2 and") }, mayHold("both ")},
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
	}, mayHold(" that ")},
	{"on a date", false, func(s string) string { return reOnDate.ReplaceAllString(s, "$1") }, mayHold("on ")},
	{"of all", false, func(s string) string { return reOfAll.ReplaceAllString(s, "$1 of") }, mayHold(" of all")},
	{"and-pair", false, func(s string) string {
		return reAndPair.ReplaceAllStringFunc(s, func(m string) string {
			g := reAndPair.FindStringSubmatch(m)
			// "Tipper and I have", "the Second Amendment and I will": "I"
			// is no name of a list but the subject of a clause.
			if g[2] == "I" {
				return m
			}
			return g[1] + ", " + g[2] + " " + g[3]
		})
	}, mayHold(" and ")},
	// Headline grammar reads the clause before the articles go, since an
	// article tells a verb's object from its subject ("understands a free
	// Iraq will be").
	{"perfect", false, headlinePerfect, mayHoldFold("ha")},
	{"passive", false, headlinePassive, mayHoldFold("wa", "we", "is", "ar", "ha")},
	{"future", false, headlineFuture, mayHold("will")},
	{"articles", false, dropArticles, mayHold("he ", "a ", "A ", "n ")},
	{"filler", false, dropFiller, mayHold("also")},
	{"possessives", false, dropPossessives, mayHold("its")},
	{"deictic tail", true, func(s string) string { return reDeictic.ReplaceAllString(s, "$1") }, mayHold(" this ")},
	{"relative clause", true, func(s string) string {
		return reRelative.ReplaceAllStringFunc(s, func(m string) string {
			// ", which ...," goes with both commas; before ";" or the
			// end, the mark stays.
			if strings.HasSuffix(m, ";") || strings.HasSuffix(m, ".") {
				return m[len(m)-1:]
			}
			return ""
		})
	}, mayHold(", wh")},
	{"appositive", true, func(s string) string {
		return reAppositive.ReplaceAllStringFunc(s, func(m string) string {
			g := reAppositive.FindStringSubmatch(m)
			if !appositiveOK(g[2], g[3]) {
				return m
			}
			return g[1] + " " + g[3]
		})
	}, mayHold(", ")},
	{"parenthesis", true, func(s string) string { return reParen.ReplaceAllString(s, "") }, mayHold("(", "[")},
	{"participle", true, func(s string) string { return reParticiple.ReplaceAllString(s, "") }, mayHold(", ")},
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
	// Most long statements do not fit whatever the rules do. Every rule
	// applied without the essentials check is as short as the rules make
	// it (they only leave words out or write them shorter, so skipping one
	// never makes a statement shorter: FuzzShorten holds it to that); when
	// even that does not fit, nothing will, and the check, which is most
	// of the time here, is not read.
	if utf8.RuneCountInString(unchecked(s, use)) > MaxStatementLen {
		return s, nil
	}
	return shortenChecked(s, use)
}

// unchecked is s with every rule use accepts applied, checking nothing.
func unchecked(s string, use func(shortenRule) bool) string {
	for _, r := range shortenRules {
		if use(r) {
			s = tidy(r.applyTo(s))
		}
	}
	return s
}

// applyTo is r.apply(s), or s itself where r.may says the rule cannot
// change it.
func (r shortenRule) applyTo(s string) string {
	if r.may != nil && !r.may(s) {
		return s
	}
	return r.apply(s)
}

// mayHold is a rule's may that holds when s contains one of words.
func mayHold(words ...string) func(string) bool {
	return func(s string) bool { return containsAny(s, words...) }
}

// mayHoldFold is mayHold ignoring the case of ASCII letters (words in
// lower case): a rule that reads its words through lowerWord finds them
// in any case, and no other letter lowers to an ASCII one of them.
func mayHoldFold(words ...string) func(string) bool {
	return func(s string) bool {
		for _, w := range words {
			if containsFoldASCII(s, w) {
				return true
			}
		}
		return false
	}
}

// containsFoldASCII reports whether s holds w (lower-case ASCII letters),
// ignoring the case of ASCII letters.
func containsFoldASCII(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && s[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

// formsMay is the may of the rule formsOf(group): s holds a word of one
// of the group's entries.
func formsMay(group string) func(string) bool {
	return func(s string) bool {
		for _, f := range shortForms {
			if f.group == group && containsAny(s, f.any...) {
				return true
			}
		}
		return false
	}
}

// shortenChecked applies the rules one at a time, skipping one whose
// result loses an essential, and stops once the statement fits.
func shortenChecked(s string, use func(shortenRule) bool) (string, []string) {
	cur := s
	var used []string
	check := essentialsOf(s)
	for _, r := range shortenRules {
		if !use(r) {
			continue
		}
		next := tidy(r.applyTo(cur))
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
	if tidied(s) {
		return s
	}
	return mend(s)
}

// mend is tidy's work on a statement that needs it.
func mend(s string) string {
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

// tidied reports whether tidy(s) is s: single ASCII spaces between
// words and no other space, none of the marks tidy mends, no comma or
// space first, and no lower-case first letter.
func tidied(s string) bool {
	space := true // at the start, a space would be trimmed
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r != ' ' || space {
				return false
			}
			space = true
			continue
		}
		space = false
	}
	if space && s != "" { // a space last
		return false
	}
	for _, p := range []string{" ,", ",,", " ;", " .", ",."} {
		if strings.Contains(s, p) {
			return false
		}
	}
	if s != "" && s[0] == ',' {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return !unicode.IsLower(r)
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

// Headline grammar. A headline leaves out a possessive pronoun that points
// at the subject ("distance itself from its co-chairs"), writes the past
// for the perfect ("has dropped" -> "dropped"), leaves out the auxiliary of
// the main clause's passive ("was elected" -> "elected") and writes the
// future as "to" ("envoys will come" -> "envoys to come"). Each rule works
// on the words the statement scanner gives and changes nothing where its
// reading would be another one.

// sentenceWord is the i-th word of ws in lower case, "" for a mark.
func sentenceWord(s string, ws []sword, i int) string {
	if i < 0 || i >= len(ws) || ws[i].punct || ws[i].quote {
		return ""
	}
	return lowerWord(s, ws[i])
}

// without returns s with the words ws[i] for i in drop removed, with the
// space after each.
func without(s string, ws []sword, drop []int) string {
	if len(drop) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, i := range drop {
		b.WriteString(s[last:ws[i].a])
		last = ws[i].b
		for last < len(s) && s[last] == ' ' {
			last++
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// quantities are the words before "of" after which a possessive stays
// ("one of its members").
var quantities = map[string]bool{"one": true, "some": true, "many": true, "most": true, "all": true, "each": true,
	"any": true, "none": true, "half": true, "part": true, "both": true, "few": true, "several": true, "much": true,
	"two": true, "three": true, "rest": true, "members": true, "member": true}

// dropPossessives leaves out "its" before a name of two capitalised words
// or more ("Russia does not want to distance itself from its OSCE Minsk
// Group co-chairs"), which says whose they are; not after a form of "be"
// nor in "one of its". Before a common noun it stays ("dragging its feet",
// "fired its American workers"): there the possessive is part of what is
// said. "Their", "his" and "her" always stay: they often mean people other
// than the subject ("the voters vote for their United States senator",
// "seniors that their Social Security benefits"), and "her" is also the
// object.
func dropPossessives(s string) string {
	ws := swords(s)
	var drop []int
	for i := 1; i+1 < len(ws); i++ {
		if s[ws[i].a:ws[i].b] != "its" {
			continue
		}
		// A name of two words or more is what is owned ("its OSCE Minsk
		// Group co-chairs"); one capitalised word may be an adjective of
		// a common noun ("fired its American workers"), which is another
		// claim without "its".
		if !capitalisedAt(s, ws, i+1) || !capitalisedAt(s, ws, i+2) || sentenceWord(s, ws, i+1) == "i" {
			continue
		}
		switch prev := sentenceWord(s, ws, i-1); prev {
		case "", "is", "was", "are", "were", "be", "been", "being":
			continue
		case "of":
			if quantities[sentenceWord(s, ws, i-2)] || numberWords[sentenceWord(s, ws, i-2)] {
				continue
			}
		}
		drop = append(drop, i)
	}
	return without(s, ws, drop)
}

// pastSame are past participles that are also the simple past, besides the
// regular "-ed" ones.
var pastSame = map[string]bool{"made": true, "found": true, "held": true, "sent": true, "built": true, "paid": true,
	"sold": true, "won": true, "told": true, "left": true, "kept": true, "lost": true, "met": true, "brought": true,
	"bought": true, "taught": true, "thought": true, "led": true, "spent": true, "heard": true, "caught": true,
	"struck": true, "fought": true, "sought": true}

// pastParticiples are past participles that are not the simple past.
var pastParticiples = map[string]bool{"taken": true, "given": true, "seen": true, "known": true, "shown": true,
	"done": true, "born": true, "stolen": true, "chosen": true, "driven": true, "written": true, "spoken": true,
	"broken": true, "beaten": true, "thrown": true, "grown": true, "drawn": true, "sworn": true, "forgotten": true,
	"hidden": true, "bitten": true, "frozen": true, "shot": true, "hit": true, "hurt": true, "cut": true, "put": true,
	"set": true, "shut": true, "quit": true, "spread": true, "split": true, "upset": true}

// notParticiple are words ending in "-ed" that are not verbs.
var notParticiple = map[string]bool{"red": true, "bed": true, "shed": true, "bred": true, "hundred": true, "sacred": true,
	"naked": true, "wicked": true, "rugged": true, "ragged": true, "beloved": true, "wretched": true, "crooked": true,
	"kindred": true, "sled": true, "wed": true, "need": true, "speed": true, "seed": true, "feed": true, "weed": true,
	"breed": true, "greed": true, "reed": true, "deed": true, "steed": true, "creed": true, "indeed": true}

// adjectival are past forms that are as often adjectives before a noun
// ("has limited resources", "have balanced budgets").
var adjectival = map[string]bool{"limited": true, "balanced": true, "mixed": true, "detailed": true, "advanced": true,
	"experienced": true, "qualified": true, "skilled": true, "armed": true, "organized": true, "organised": true,
	"concerned": true, "interested": true, "involved": true, "related": true, "united": true, "complicated": true,
	"dedicated": true, "talented": true, "educated": true, "developed": true, "established": true, "fixed": true,
	"guaranteed": true, "supposed": true, "used": true, "alleged": true, "named": true, "marked": true,
	"improved": true, "renewed": true, "sophisticated": true, "reduced": true, "increased": true, "expanded": true,
	"unexpected": true, "unprecedented": true, "red": true}

// isPastForm reports whether w is a past tense that is also the past
// participle ("dropped", "made").
func isPastForm(w string) bool {
	if pastSame[w] {
		return true
	}
	return len(w) >= 4 && strings.HasSuffix(w, "ed") && !notParticiple[w]
}

// isParticiple reports whether w is a past participle.
func isParticiple(w string) bool { return isPastForm(w) || pastParticiples[w] }

// ongoing are words that make a perfect mean "up to now" ("has served
// since 2010"): the simple past would say it ended.
var ongoing = map[string]bool{"since": true, "yet": true, "ever": true, "always": true, "far": true,
	"until": true, "till": true, "still": true}

// durationWords make "for" a length of time ("for years", "for the past").
var durationWords = map[string]bool{"years": true, "months": true, "weeks": true, "days": true, "decades": true,
	"centuries": true, "hours": true, "ages": true, "generations": true, "past": true, "last": true, "long": true,
	"some": true, "several": true, "many": true, "a": true, "the": true}

// duration reports whether ws[i] opens a length of time after "for": a
// number ("for 40 years", "for three years") or a word of time.
func duration(s string, ws []sword, i int) bool {
	w := sentenceWord(s, ws, i)
	if w == "" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(w); unicode.IsDigit(r) || numberWords[w] || units[w] > 0 || tens[w] > 0 {
		return true
	}
	if w == "a" || w == "the" || w == "some" || w == "several" || w == "many" {
		// "for a long time", "for the past year", not "for the company".
		next := sentenceWord(s, ws, i+1)
		return durationWords[next] && next != "a" && next != "the" || next == "year" || next == "decade" || next == "month" ||
			next == "week" || next == "while" || next == "time"
	}
	return durationWords[w]
}

// upToNow reports whether ws[i] opens a period that runs up to now after
// "in"/"over": "the last three years", "the past decade", "recent years".
func upToNow(s string, ws []sword, i int) bool {
	w := sentenceWord(s, ws, i)
	if w == "the" {
		w = sentenceWord(s, ws, i+1)
	}
	return w == "last" || w == "past" || w == "recent"
}

// headlinePerfect writes the main clause's "has/have/had" and a past form
// that is also the simple past as that simple past ("has dropped" ->
// "dropped", "had helped" -> "helped"), not when the clause says the action
// goes on up to now, not in a condition ("If Congress had passed the bill,
// insurers would"), and not when the participle can be an adjective of
// the noun after it ("has wounded soldiers", "has disputed borders": what
// it has, not what it did).
func headlinePerfect(s string) string {
	ws := swords(s)
	// "For 40 years, everyone has released": a word anywhere in the
	// statement that makes a perfect mean "up to now" keeps them all, and
	// so does a condition, where "had passed" is no past.
	for k := range ws {
		switch w := sentenceWord(s, ws, k); {
		case ongoing[w], w == "for" && duration(s, ws, k+1), w == "if", w == "unless", w == "whether",
			(w == "in" || w == "over" || w == "within" || w == "during") && upToNow(s, ws, k+1):
			return s
		}
	}
	for i := 0; i+1 < len(ws); i++ {
		switch sentenceWord(s, ws, i) {
		case "has", "have", "had":
		default:
			continue
		}
		part := sentenceWord(s, ws, i+1)
		if s[ws[i].a] < 'a' || s[ws[i].a] > 'z' || !isPastForm(part) || adjectival[part] {
			return s // "have limited resources"
		}
		switch prev := strings.ReplaceAll(sentenceWord(s, ws, i-1), "’", "'"); {
		case modals[prev], strings.HasSuffix(prev, "n't"), strings.HasSuffix(prev, "'d"), strings.HasSuffix(prev, "'ll"):
			return s // "could have left", "shouldn't have vetoed", "We'd have won": no past to write
		}
		// The main clause's verb; a pronoun subject is fine here ("He had
		// resigned" -> "He resigned"), unlike for "to" and the passive.
		if !mainVerbAt(s, ws, i) && !pronounFirst(s, ws, i-1) {
			return s
		}
		if !perfectObjectOK(s, ws, i+2, part) {
			return s
		}
		return without(s, ws, []int{i})
	}
	return s
}

// modals and "to" before "have" leave no past to write ("could have left",
// "ought to have").
var modals = map[string]bool{"to": true, "could": true, "would": true, "should": true, "might": true, "must": true,
	"may": true, "will": true, "can": true, "shall": true, "not": true, "never": true}

// pronounFirst reports whether ws[j] is a personal pronoun that opens the
// statement (after its quotation mark, if any).
func pronounFirst(s string, ws []sword, j int) bool {
	if j < 0 || !personalPronouns[sentenceWord(s, ws, j)] {
		return false
	}
	for k := 0; k < j; k++ {
		if !ws[k].quote {
			return false
		}
	}
	return true
}

// personalPronouns can be the subject of a headline's simple past.
var personalPronouns = map[string]bool{"he": true, "she": true, "it": true, "they": true, "we": true, "i": true, "you": true}

// afterPerfect are the words after a participle that show it is the verb
// of an action, not an adjective of the noun after it: determiners,
// pronouns, prepositions, adverbs and the words that join clauses ("has
// killed the", "has helped him", "has risen to", "has dropped sharply").
var afterPerfect = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true, "his": true, "her": true,
	"its": true, "their": true, "our": true, "my": true, "your": true, "some": true, "any": true, "no": true, "every": true,
	"each": true, "all": true, "both": true, "many": true, "much": true, "more": true, "most": true, "several": true,
	"few": true, "another": true, "him": true, "them": true, "us": true, "me": true, "it": true, "itself": true,
	"himself": true, "herself": true, "themselves": true, "ourselves": true, "what": true, "whether": true, "how": true,
	"to": true, "from": true, "by": true, "in": true, "on": true, "at": true, "into": true, "onto": true, "over": true,
	"under": true, "below": true, "above": true, "with": true, "without": true, "for": true, "of": true, "about": true,
	"against": true, "after": true, "before": true, "during": true, "since": true, "until": true, "through": true,
	"between": true, "among": true, "across": true, "around": true, "behind": true, "beyond": true, "toward": true,
	"towards": true, "near": true, "past": true, "up": true, "down": true, "out": true, "off": true, "away": true,
	"back": true, "again": true, "further": true, "here": true, "there": true, "twice": true, "once": true, "so": true,
	"and": true, "or": true, "but": true, "as": true, "than": true, "because": true, "when": true, "while": true,
	"almost": true, "nearly": true, "just": true, "well": true, "even": true, "too": true, "very": true,
	"really": true, "quite": true, "rather": true, "hard": true,
}

// notAdverbs end in "-ly" but are adjectives or nouns ("has wounded
// elderly soldiers", "has registered early voters").
var notAdverbs = map[string]bool{"elderly": true, "early": true, "friendly": true, "lonely": true, "deadly": true,
	"costly": true, "daily": true, "weekly": true, "monthly": true, "yearly": true, "quarterly": true, "hourly": true,
	"nightly": true, "likely": true, "lovely": true, "ugly": true, "holy": true, "silly": true, "orderly": true,
	"lively": true, "family": true, "rally": true, "ally": true, "supply": true, "reply": true, "assembly": true,
	"timely": true, "manly": true, "worldly": true, "burly": true, "curly": true, "surly": true, "bodily": true,
	"homely": true, "leisurely": true, "scholarly": true, "cowardly": true, "unlikely": true, "unruly": true,
	"wily": true, "oily": true, "hilly": true, "chilly": true, "lowly": true, "comely": true, "ghastly": true}

// adverbAt reports whether ws[j] is a lower-case adverb in "-ly"
// ("sharply").
func adverbAt(s string, ws []sword, j int) bool {
	w := s[ws[j].a:ws[j].b]
	return len(w) > 4 && strings.HasSuffix(w, "ly") && w[0] >= 'a' && w[0] <= 'z' && !notAdverbs[w]
}

// perfectObjectOK reports whether the word ws[j] after the participle part
// keeps "has/had part" an action: the end, a mark, a number, or a word of
// afterPerfect. A bare noun ("soldiers", "borders", "voters", "Afghan
// soldiers") may be what the subject has. After "helped" a bare word is
// the verb it helped to ("helped make").
func perfectObjectOK(s string, ws []sword, j int, part string) bool {
	if j >= len(ws) || ws[j].punct || ws[j].quote {
		return true
	}
	w := sentenceWord(s, ws, j)
	if r, _ := utf8.DecodeRuneInString(w); unicode.IsDigit(r) || numberWords[w] || units[w] > 0 || tens[w] > 0 {
		return true
	}
	switch w {
	case "dozens", "hundreds", "thousands", "millions", "billions", "trillions":
		return true
	}
	if afterPerfect[w] || adverbAt(s, ws, j) {
		return true
	}
	if part == "helped" {
		r, _ := utf8.DecodeRuneInString(s[ws[j].a:])
		return unicode.IsLower(r)
	}
	return false
}

// clauseOpeners are words that make what follows them a clause other than
// the statement's main one, and verbs that would have it as their object
// ("says the broadcasts will continue").
var clauseOpeners = map[string]bool{"that": true, "which": true, "who": true, "whom": true, "whose": true, "where": true,
	"when": true, "while": true, "whether": true, "if": true, "because": true, "although": true, "though": true,
	"as": true, "since": true, "unless": true, "until": true, "before": true, "after": true, "once": true,
	"says": true, "said": true, "say": true, "think": true, "thinks": true, "believe": true, "believes": true,
	"expect": true, "expects": true, "hope": true, "hopes": true, "claim": true, "claims": true, "show": true,
	"shows": true, "suggest": true, "suggests": true, "fear": true, "fears": true, "know": true, "knows": true,
	"warn": true, "warns": true, "report": true, "reports": true, "found": true, "than": true, "so": true, "and": true,
	"or": true, "but": true, "is": true, "are": true, "was": true, "were": true, "has": true, "have": true, "had": true,
	"will": true, "would": true, "can": true, "could": true, "may": true, "might": true, "must": true, "should": true,
	"do": true, "does": true, "did": true}

// subjectPronouns cannot stand before a headline's bare participle or
// "to" ("she forced to work").
var subjectPronouns = map[string]bool{"he": true, "she": true, "it": true, "they": true, "we": true, "i": true,
	"you": true, "this": true, "that": true, "these": true, "those": true, "there": true, "who": true, "which": true,
	"what": true}

// mainVerbAt reports whether ws[i] is the first verb of the statement's
// main clause: only words before it (no comma, colon, quotation), none of
// them opening another clause or being a verb with an object ("police
// confirmed the prices were"), and a subject that is not a pronoun.
func mainVerbAt(s string, ws []sword, i int) bool {
	if i == 0 || subjectPronouns[sentenceWord(s, ws, i-1)] {
		return false
	}
	for k := 0; k < i; k++ {
		w := sentenceWord(s, ws, k)
		if w == "" {
			// A mark ends the subject, but the comma of a list of names
			// ("US, French envoys") and the marks inside a name.
			p := s[ws[k].a:ws[k].b]
			if p == "," && capitalisedAt(s, ws, k-1) && capitalisedAt(s, ws, k+1) {
				continue
			}
			if p != "'" && p != "’" && p != "&" && p != "-" && p != "–" {
				return false
			}
			continue
		}
		if clauseOpeners[w] && !(w == "and" && capitalisedAt(s, ws, k-1) && capitalisedAt(s, ws, k+1)) {
			return false
		}
		if subjectPronouns[w] && w != "this" && w != "that" && w != "these" && w != "those" {
			return false // "I suspect one of us will": the subject of a clause before
		}
		// A verb with an object before it ("police confirmed the prices
		// were", "the enemy understands a free Iraq will"): the clause is
		// its object.
		if (strings.HasSuffix(w, "ed") || len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss")) && k+1 < i-1 {
			switch sentenceWord(s, ws, k+1) {
			case "the", "a", "an", "this", "these", "those", "his", "her", "its", "their", "our":
				return false
			}
		}
	}
	return true
}

// headlinePassive leaves out the auxiliary of the main clause's passive:
// "was elected", "has been arrested", "are required" -> "elected",
// "arrested", "required".
func headlinePassive(s string) string {
	ws := swords(s)
	for i := 1; i+1 < len(ws); i++ {
		aux := []int{i}
		switch sentenceWord(s, ws, i) {
		case "was", "were", "is", "are":
		case "has", "have":
			if sentenceWord(s, ws, i+1) != "been" {
				continue
			}
			aux = append(aux, i+1)
		default:
			continue
		}
		if !mainVerbAt(s, ws, i) {
			return s
		}
		p := aux[len(aux)-1] + 1
		if p >= len(ws) || !isParticiple(sentenceWord(s, ws, p)) {
			return s
		}
		// Another verb of being in the clause makes this one a clause
		// inside the subject ("the reason Indochina was preserved was").
		for k := p + 1; k < len(ws) && sentenceWord(s, ws, k) != ""; k++ {
			w := sentenceWord(s, ws, k)
			if w == "is" || w == "are" || w == "was" || w == "were" {
				return s
			}
			if w == "and" || w == "but" || w == "or" || subjectPronouns[w] {
				break // the next clause's verb is its own
			}
		}
		return without(s, ws, aux)
	}
	return s
}

// notAfterTo are words after "will" that stay with it: a negation or an
// adverb would leave "to" split off from its verb.
var notAfterTo = map[string]bool{"not": true, "never": true, "also": true, "soon": true, "still": true, "likely": true,
	"probably": true, "certainly": true, "only": true, "now": true, "then": true, "surely": true, "definitely": true,
	"ever": true, "always": true, "all": true, "both": true, "each": true, "again": true, "just": true, "even": true}

// willBefore are the words after which "will" is the noun ("the will of
// the voters", "free will", "his own will").
var willBefore = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true, "their": true, "its": true,
	"my": true, "our": true, "your": true, "this": true, "that": true, "free": true, "good": true, "ill": true,
	"own": true, "last": true, "political": true, "popular": true, "general": true, "strong": true}

// willIsNoun reports whether "will" between the words prev and next is the
// noun, not the future: after a determiner, a possessive or an adjective
// that goes with the noun, or before "of", "to", "for", "and" or a verb
// ("the will to fight", "last will and testament", "the will is there").
func willIsNoun(prev, next string) bool {
	p := strings.ToLower(prev)
	if willBefore[p] || strings.HasSuffix(p, "'s") || strings.HasSuffix(p, "’s") || strings.HasSuffix(p, "s'") {
		return true
	}
	switch next {
	case "of", "to", "for", "and", "is", "was", "are", "were", "has", "had", "remains", "seems":
		return true
	}
	return false
}

// headlineFuture writes the main clause's "will" as "to" ("envoys will come
// to Moscow" -> "envoys to come to Moscow"); not the noun ("the will of the
// voters").
func headlineFuture(s string) string {
	ws := swords(s)
	for i := 1; i+1 < len(ws); i++ {
		if s[ws[i].a:ws[i].b] != "will" {
			continue
		}
		next := sentenceWord(s, ws, i+1)
		if next == "" || notAfterTo[next] || strings.HasSuffix(next, "ly") || !mainVerbAt(s, ws, i) {
			return s
		}
		if prev, _ := adjacentWords(s, ws[i].a, ws[i].b); willIsNoun(prev, next) {
			return s
		}
		if r, _ := utf8.DecodeRuneInString(s[ws[i+1].a:]); !unicode.IsLower(r) {
			return s
		}
		return s[:ws[i].a] + "to" + s[ws[i].b:]
	}
	return s
}

// capitalisedAt reports whether ws[i] is a word with a capital first letter.
func capitalisedAt(s string, ws []sword, i int) bool {
	if sentenceWord(s, ws, i) == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[ws[i].a:])
	return unicode.IsUpper(r)
}
