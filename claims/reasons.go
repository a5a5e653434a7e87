package claims

import (
	"sort"
	"strings"
)

// A model explains a score with features such as `word "minister"` or
// `first word "the"`: true, but not what a journalist reads. GroupReasons
// folds them into reasons ("states a number", "names an official") with
// one table, reasonGroups, and hides what says nothing to a reader (single
// function words, pieces of words). A new kind of feature gets a row here;
// TestReasonGroupsCoverTheModel fails until every feature the model emits
// has a group or is hidden on purpose.

// ReasonGroup is one reason a reader understands, with the features that
// make it up and their summed weight.
type ReasonGroup struct {
	Label    string   `json:"label"`
	Weight   float64  `json:"weight"`
	Features []string `json:"features"`
}

// reasonGroup is a row of the table: a label and what falls under it.
type reasonGroup struct {
	label string
	// hand lists hand-written features by their labels (handLabel).
	hand []string
	// families lists whole families of features (see featureFamily).
	families []string
	// words lists words (lower case) whose word, pair or first-word
	// features belong here; a pair belongs where either word does.
	words []string
	// suffixes lists word endings that belong here ("ed" for the past).
	suffixes []string
}

// reasonGroups is the table, most specific first: a feature goes to the
// first row that takes it. The last row takes the rest of the wording.
var reasonGroups = []reasonGroup{
	{label: "states a number", hand: []string{handLabel(handNumber), handLabel(handPercent), handLabel(handMoney), handLabel(handYear), handLabel(handQuantity)},
		families: []string{"number"},
		words:    []string{"<number>", "percent", "per", "cent", "%", "million", "billion", "trillion", "thousand", "hundred", "dozen", "half", "twice", "double", "triple", "dollars", "euros", "roubles", "rubles", "pounds", "km", "kilometres", "kilometers", "tonnes", "tons"}},
	{label: "compares or measures change", hand: []string{handLabel(handComparative)},
		words: []string{"more", "less", "fewer", "than", "most", "least", "increase", "increased", "decrease", "decreased", "rose", "rise", "fell", "fall", "grew", "growth", "higher", "lower", "highest", "lowest", "record", "doubled", "halved", "largest", "biggest", "smallest", "only", "first"}},
	{label: "names an official", hand: []string{handLabel(handName), handLabel(handNames3)},
		words: []string{"minister", "ministry", "president", "presidential", "government", "official", "officials", "spokesman", "spokeswoman", "spokesperson", "secretary", "mayor", "governor", "prime", "chancellor", "parliament", "senator", "congress", "deputy", "ambassador", "foreign", "kremlin", "administration", "agency", "committee", "council", "court", "police", "army", "military"}},
	{label: "states a cause or effect", hand: []string{handLabel(handCausal)},
		words: []string{"because", "caused", "cause", "causes", "led", "leads", "due", "result", "therefore"}},
	{label: "denies or negates", hand: []string{handLabel(handNegation), handLabel(handNegGeneral)},
		words: []string{"denied", "denies", "never", "none", "nothing", "false"}},
	{label: "attributes it to someone", hand: []string{handLabel(handQuote), handLabel(handAttributed)},
		words: []string{"said", "says", "say", "told", "according", "claimed", "claims", "stated", "announced", "noted", "stressed", "added", "reported", "quoted", "emphasized", "emphasised"}},
	{label: "reports a past event", hand: []string{handLabel(handPast)},
		words:    []string{"was", "were", "had", "did", "been", "signed", "held", "took", "made", "killed", "won", "lost", "became", "ago", "yesterday", "last"},
		suffixes: []string{"ed"}},
	{label: "states something as it is now", hand: []string{handLabel(handPresent)}},
	{label: "opinion, question or prediction (harder to check)", hand: []string{handLabel(handOpinion), handLabel(handFuture), handLabel(handQuestion), handLabel(handExclaim),
		handLabel(handObligation), handLabel(handPledge), handLabel(handHedge)},
		words: []string{"i", "we", "think", "believe", "hope", "feel", "will", "would", "should", "could", "may", "might", "must", "going", "want", "wish", "need"}},
	{label: "its subject (health, money, elections…)", hand: []string{handLabel(handHealth)}, families: []string{"topic"}},
	{label: "a headline, dateline or caption rather than a sentence", hand: []string{handLabel(handNoEnd), handLabel(handDateline), handLabel(handCredit)}},
	{label: "sentence length", hand: []string{handLabel(handLen1), handLabel(handLen2), handLabel(handLen3), handLabel(handLen4), handLabel(handLen5)}},
	{label: "other wording", families: []string{"word", "words", "first word"}},
}

// hiddenFamilies are feature families never shown: pieces of words
// ("letters") mean nothing to a reader, though they weigh in the score.
var hiddenFamilies = []string{"letters"}

// functionWords are hidden when they are a feature alone (a word or a
// first word): "the" or "of" explain nothing. In a pair they stay, under
// the other word's group.
var functionWords = toSet(strings.Fields(`a an the and or but nor so yet of to in on at by for with from into onto
	about as than that this these those it its it's he she they them his her their our your my me us you
	is are be am do does not no there here what which who whom whose when where why how if then also
	up down out over under again just very too can all any each some such own same other`))

func toSet(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// featureFamily splits a feature's name (appendName) into its family and
// its words: `word "x"` is ("word", [x]), `words "x y"` ("words", [x y]),
// `first word "x"` ("first word", [x]), `letters "_ab"` ("letters"),
// `a number (12)` ("number"), `words like "a, b, c"` ("topic"), and a
// hand-written feature ("hand", [label]).
func featureFamily(name string) (family string, ws []string) {
	quoted := func(prefix string) []string {
		return strings.Fields(strings.Trim(strings.TrimPrefix(name, prefix), `"`))
	}
	switch {
	case strings.HasPrefix(name, `word "`):
		return "word", quoted("word ")
	case strings.HasPrefix(name, `words like "`):
		// A cluster of related words (a topic): shown as the topic.
		return "topic", nil
	case strings.HasPrefix(name, `words "`):
		return "words", quoted("words ")
	case strings.HasPrefix(name, `first word "`):
		return "first word", quoted("first word ")
	case strings.HasPrefix(name, `letters "`):
		return "letters", nil
	case strings.HasPrefix(name, "a number ("):
		return "number", nil
	}
	return "hand", []string{name}
}

// groupOf returns the index of the row of reasonGroups that takes the
// feature named name, or -1 when it is hidden (a piece of a word, or a
// function word alone), or -2 when no row knows it.
func groupOf(name string) int {
	family, ws := featureFamily(name)
	for _, h := range hiddenFamilies {
		if family == h {
			return -1
		}
	}
	if (family == "word" || family == "first word") && len(ws) == 1 && functionWords[ws[0]] {
		return -1
	}
	for i, g := range reasonGroups {
		if family == "hand" {
			for _, h := range g.hand {
				if h == name {
					return i
				}
			}
			continue
		}
		for _, f := range g.families {
			if f == family {
				return i
			}
		}
		for _, w := range ws {
			for _, gw := range g.words {
				if w == gw {
					return i
				}
			}
			for _, suf := range g.suffixes {
				if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
					return i
				}
			}
		}
	}
	return -2
}

// GroupReasons folds a score's reasons into reasons a reader understands,
// strongest (by absolute summed weight) first; hidden features are left
// out, and so is a feature no row of the table knows.
func GroupReasons(rs []Reason) []ReasonGroup {
	at := map[int]int{}
	var out []ReasonGroup
	for _, r := range rs {
		i := groupOf(r.Feature)
		if i < 0 {
			continue
		}
		j, ok := at[i]
		if !ok {
			j = len(out)
			at[i] = j
			out = append(out, ReasonGroup{Label: reasonGroups[i].label})
		}
		out[j].Weight += r.Weight
		out[j].Features = append(out[j].Features, r.Feature)
	}
	sort.SliceStable(out, func(a, b int) bool { return abs(out[a].Weight) > abs(out[b].Weight) })
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
