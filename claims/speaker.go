package claims

import (
	"slices"
	"strings"
)

// Speaker resolution. People are remembered as the text names them
// ("Russian Foreign Minister Sergey Lavrov": name Sergey Lavrov, title
// Russian Foreign Minister); an attribution in a sentence ("Lavrov said",
// "according to him", "the top diplomat stated", "...," said the minister)
// then resolves to one of them:
//   - a surname gives the full name of the earliest full mention;
//   - a pronoun (he, she, him, her, his) gives the last person named before it;
//   - a role noun ("the minister", "the Russian leader", "Russia's top
//     diplomat") gives the last person named before it whose title fits the
//     role, preferring the one whose title shares the role's other words
//     (Russian); when no title fits, the last person named, unless the
//     role has a name in it ("the White House spokesman") or is indefinite
//     ("a spokesperson"): then it is kept as written;
//   - "the ministry" gives the last organisation named with that word, and
//     a generic "the agency" the last one named at all;
//   - anything else (officials, the report) is kept as written.

// person is someone the text names.
type person struct {
	name       string // full name from the earliest full mention
	title      string // the title words before the name or in an apposition
	titleLower string // title in lower case, for matching role nouns
}

// mention is a place where a person is named.
type mention struct {
	pos    int
	person int
}

// resolver remembers the people and organisations a text has named so far.
type resolver struct {
	text      string
	people    []person
	bySurname map[string]int // last word of a name -> index in people
	mentions  []mention
	orgs      []string
}

// Role nouns and "the ministry" look back this far: they refer to someone
// named recently, and the bound keeps long texts linear.
const (
	roleLookbackPeople   = 16
	roleLookbackMentions = 256
	orgLookback          = 16
)

func surname(name string) string {
	if i := strings.LastIndexByte(name, ' '); i >= 0 {
		return name[i+1:]
	}
	return name
}

// addPerson records a mention of name (with its title, possibly empty) at
// pos and returns the person's index. A one-word name joins a known person
// with that surname; a full name upgrades a person known by surname only.
func (r *resolver) addPerson(name, title string, pos int) int {
	if r.bySurname == nil {
		r.bySurname = map[string]int{}
	}
	last := surname(name)
	i, ok := r.bySurname[last]
	if !ok {
		r.people = append(r.people, person{name: name, title: title, titleLower: strings.ToLower(title)})
		i = len(r.people) - 1
		r.bySurname[last] = i
	} else {
		p := &r.people[i]
		if !strings.Contains(p.name, " ") && strings.Contains(name, " ") {
			p.name = name
		}
		if p.title == "" && title != "" {
			p.title, p.titleLower = title, strings.ToLower(title)
		}
	}
	r.mentions = append(r.mentions, mention{pos: pos, person: i})
	return i
}

// lastPerson returns the last person named before pos, or -1.
func (r *resolver) lastPerson(pos int) int {
	for k := len(r.mentions) - 1; k >= 0; k-- {
		if r.mentions[k].pos < pos {
			return r.mentions[k].person
		}
	}
	return -1
}

// scanMentions records the people named with a title in toks: a run of
// capitalised words whose last title word (President, Minister, Dr.) is
// followed by one to three capitalised name words.
func (r *resolver) scanMentions(toks []token) {
	text := r.text
	for i := 0; i < len(toks); {
		if toks[i].kind != tokWord || !toks[i].upper {
			i++
			continue
		}
		j := i
		lastTitle := -1
		org := false
		for j < len(toks) {
			t := toks[j]
			if t.kind == tokWord && t.upper {
				if t.class&wTitle != 0 {
					lastTitle = j
				}
				if t.class&wOrg != 0 {
					org = true
				}
				j++
				continue
			}
			// "Secretary of State Antony Blinken", "Ministry of Finance": of
			// inside a title or a name of an organisation.
			if t.kind == tokWord && (lastTitle >= 0 || org) && text[t.start:t.end] == "of" && j+1 < len(toks) && toks[j+1].upper {
				j++
				continue
			}
			break
		}
		// An organisation named anywhere is what "the ministry" may refer to.
		if org && lastTitle < 0 {
			a := i
			if toks[a].class&wDet != 0 {
				a++
			}
			if a < j {
				r.orgs = append(r.orgs, text[toks[a].start:toks[j-1].end])
			}
		}
		// "press secretary Karine Jean-Pierre": a lower-case title before
		// a run of two or three capitalised words.
		if lastTitle < 0 && i > 0 && j-i >= 2 && j-i <= 3 && !toks[i-1].upper && toks[i-1].class&wTitle != 0 &&
			!anyClass(toks[i:j], wOrg|wTitle|wMonth|wWeekday|wDet) {
			b := i - 1
			for b > 0 && i-b < 4 && toks[b-1].kind == tokWord && toks[b-1].class&(wDet|wPrep|wConj|wFinite) == 0 {
				b--
			}
			r.addPerson(text[toks[i].start:toks[j-1].end], text[toks[b].start:toks[i-1].end], toks[i].start)
		}
		if lastTitle >= 0 {
			n := lastTitle + 1
			if n < j && text[toks[n].start:toks[n].end] == "of" {
				n += 2 // Secretary of State: State belongs to the title
			}
			if n < j && j-n <= 3 && !anyClass(toks[n:j], wOrg|wTitle|wMonth|wWeekday) {
				name := text[toks[n].start:toks[j-1].end]
				title := text[toks[i].start:toks[n-1].end]
				r.addPerson(name, title, toks[n].start)
			}
		}
		if j == i {
			j++
		}
		i = j
	}
}

func anyClass(toks []token, c wordClass) bool {
	for _, t := range toks {
		if t.class&c != 0 {
			return true
		}
	}
	return false
}

// attribution finds the speaker phrase of a sentence: the tokens [a,b) of
// toks naming who says it, or a == b when it names nobody. quoted[i] tells
// whether toks[i] lies inside a quotation, where attributions are not
// looked for (a speaker quoting someone else is the speaker).
func attribution(text string, toks []token, quoted []bool) (a, b int, appo [2]int) {
	// "according to" names the source even when a verb of saying comes
	// first (Romania reported ..., according to the report).
	for i := 0; i+1 < len(toks); i++ {
		if quoted[i] || toks[i].kind != tokWord || !equalFold(text[toks[i].start:toks[i].end], "according") ||
			!equalFold(text[toks[i+1].start:toks[i+1].end], "to") {
			continue
		}
		// The source runs to a comma, a preposition or a participle
		// ("according to a Reuters/Ipsos poll released on Monday").
		e := i + 2
		for e < len(toks) && e-i-2 < 8 {
			t := toks[e]
			if t.kind == tokPunct && text[t.start] == '/' && e+1 < len(toks) && toks[e+1].kind == tokWord {
				e++
				continue
			}
			if t.kind != tokWord || t.class&(wConj|wPrep) != 0 || e > i+2 && participle(text, t) {
				break
			}
			e++
		}
		if e > i+2 {
			return i + 2, e, appo
		}
	}
	// "In his words, ...", "in her opinion", "in the words of X".
	for i := 0; i+2 < len(toks); i++ {
		if quoted[i] || toks[i].kind != tokWord || !equalFold(text[toks[i].start:toks[i].end], "in") {
			continue
		}
		w1, w2 := text[toks[i+1].start:toks[i+1].end], text[toks[i+2].start:toks[i+2].end]
		if (equalFold(w1, "his") || equalFold(w1, "her")) && (equalFold(w2, "words") || equalFold(w2, "opinion") || equalFold(w2, "view")) {
			return i + 1, i + 2, appo
		}
		if equalFold(w1, "the") && equalFold(w2, "words") && i+4 < len(toks) && equalFold(text[toks[i+3].start:toks[i+3].end], "of") {
			e := i + 4
			for e < len(toks) && e-i-4 < 6 && npWord(text, toks[e]) {
				e++
			}
			if e > i+4 {
				return i + 4, e, appo
			}
		}
	}
	for i := range toks {
		if quoted[i] || toks[i].kind != tokWord {
			continue
		}
		t := toks[i]
		w := text[t.start:t.end]
		// A capitalised "States" or "Reports" is a name (the United
		// States), not a verb.
		if t.upper {
			continue
		}
		if t.class&wSpeech == 0 {
			// A stance is reported speech too: "Lavrov did not agree with
			// the opinion that ...".
			if !(equalFold(w, "agree") && i >= 2 && equalFold(text[toks[i-1].start:toks[i-1].end], "not")) {
				continue
			}
		}
		// pointed out, points out: "pointed" alone is not speech.
		if (equalFold(w, "pointed") || equalFold(w, "points")) && !(i+1 < len(toks) && equalFold(text[toks[i+1].start:toks[i+1].end], "out")) {
			continue
		}
		// The phrase before the verb: "Lavrov said", "the top diplomat stated",
		// "He also noted".
		j := i - 1
		for skip := 0; j >= 0 && skip < 3 && toks[j].kind == tokWord && (toks[j].class&wAdverb != 0 || negation(text[toks[j].start:toks[j].end])); skip++ {
			j--
		}
		k := j
		for k >= 0 && j-k < 6 && npWord(text, toks[k]) {
			k--
		}
		if k < j && validSpeakerPhrase(text, toks[k+1:j+1]) {
			return k + 1, j + 1, appo
		}
		// The phrase after the verb: `"...," said Lavrov`, `, said the
		// minister`, and a passive `stated by Sergey Lavrov`.
		after := i == 0 || toks[i-1].kind == tokQuote || isComma(text, toks[i-1])
		by := i+1 < len(toks) && equalFold(text[toks[i+1].start:toks[i+1].end], "by")
		if after || by {
			s := i + 1
			if by {
				s++
			}
			e := s
			for e < len(toks) && e-s < 6 && npWord(text, toks[e]) {
				e++
			}
			// The phrase must end there ("said Lavrov.", "said the minister
			// in a statement"), not run on as a subject ("said the city
			// would plant ...").
			ends := e == len(toks) || toks[e].kind != tokWord || toks[e].class&wPrep != 0
			if e > s && ends && validSpeakerPhrase(text, toks[s:e]) {
				return s, e, appo
			}
		}
		// An apposition or an inserted phrase between the speaker and the
		// verb: "Anna Berg, the ministry's chief economist, said", "Smith,
		// who has led the agency since 2019, said", "The minister, speaking
		// in Oslo, said", "Lavrov, during a meeting with Tillerson, said".
		if k == j && j >= 0 && isComma(text, toks[j]) {
			c := j - 1
			for c >= 0 && j-c < 14 && !isComma(text, toks[c]) {
				c--
			}
			// "the spokesperson of the Russian Foreign Ministry, Maria
			// Zakharova, announced": the inserted phrase is the name, the
			// role before it its title.
			if c > 0 && c < j-1 && j-c-1 <= 3 && allNameWords(toks[c+1:j]) {
				r0 := c - 1
				for r0 > 0 && c-r0 < 10 && toks[r0-1].kind == tokWord {
					r0--
				}
				if anyClass(toks[r0:c], wRoleHead|wTitle) {
					return c + 1, j, [2]int{r0, c}
				}
			}
			if c > 0 && c < j-1 && toks[c+1].kind == tokWord {
				fw := text[toks[c+1].start:toks[c+1].end]
				role := (toks[c+1].class&wDet != 0 || strings.HasSuffix(fw, "'s")) && anyClass(toks[c+1:j], wRoleHead|wTitle)
				clause := equalFold(fw, "who") || len(fw) > 4 && strings.HasSuffix(fw, "ing") && !toks[c+1].upper
				n := c - 1
				for n >= 0 && c-1-n < 6 && npWord(text, toks[n]) {
					n--
				}
				// Any other inserted phrase needs its speaker to open the
				// sentence or a clause ("..., in May, the highest since 2008,
				// said" is no speaker "May").
				opens := n < 0 || toks[n].kind != tokWord || toks[n].class&wConj != 0
				if n < c-1 && (role || clause || opens) && validSpeakerPhrase(text, toks[n+1:c]) {
					if role {
						return n + 1, c, [2]int{c + 1, j}
					}
					return n + 1, c, appo
				}
			}
		}
	}
	return 0, 0, appo
}

// allNameWords reports whether toks are all capitalised words that can be
// part of a person's name.
func allNameWords(toks []token) bool {
	for _, t := range toks {
		if t.kind != tokWord || !t.upper || t.class&(wDet|wOrg|wTitle|wMonth|wWeekday|wPronoun) != 0 {
			return false
		}
	}
	return len(toks) > 0
}

// participle reports whether t is a lower-case word ending in -ed or -ing,
// which starts a modifier after a noun (a poll released on Monday).
func participle(text string, t token) bool {
	w := text[t.start:t.end]
	return !t.upper && len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing"))
}

// negation reports whether w is a negation or the auxiliary that carries
// it (did not agree, does not believe).
func negation(w string) bool {
	switch strings.ToLower(w) {
	case "not", "did", "does", "do", "didn't", "doesn't", "don't", "never":
		return true
	}
	return false
}

func isComma(text string, t token) bool {
	return t.kind == tokPunct && text[t.start] == ','
}

// npWord reports whether t can be part of a speaker phrase.
func npWord(text string, t token) bool {
	if t.kind != tokWord {
		return false
	}
	if t.class&(wPrep|wConj|wSpeech) != 0 {
		return false
	}
	if t.class&wFinite != 0 && t.class&wDet == 0 {
		return false
	}
	return true
}

// validSpeakerPhrase reports whether toks can name a speaker: a pronoun, a
// capitalised name, a role or organisation noun, people (officials), or a
// determiner phrase (the report).
func validSpeakerPhrase(text string, toks []token) bool {
	last := toks[len(toks)-1]
	if len(toks) == 1 && last.class&wPronoun != 0 {
		return true
	}
	if last.class&(wRoleHead|wOrg|wPeople) != 0 {
		return true
	}
	for _, t := range toks {
		if t.upper && t.class&(wDet|wPronoun) == 0 && !isQuestionWord(text[t.start:t.end]) {
			return true
		}
	}
	return len(toks) >= 2 && toks[0].class&wDet != 0 && toks[0].class&wConj == 0
}

func isQuestionWord(w string) bool {
	switch w {
	case "What", "Who", "Why", "How", "When", "Where", "Which", "It", "They", "We", "I", "You", "There":
		return true
	}
	return false
}

// resolve turns the speaker phrase toks (at text offset pos) into a name.
// appo, when not empty, is an apposition giving the person's title.
func (r *resolver) resolve(toks []token, appo []token) string {
	text := r.text
	pos := toks[0].start
	last := toks[len(toks)-1]
	if len(toks) == 1 && last.class&wPronoun != 0 {
		if p := r.lastPerson(pos); p >= 0 {
			return r.people[p].name
		}
		return ""
	}
	// A person named in the phrase itself (Foreign Minister Sergey Lavrov).
	for k := len(r.mentions) - 1; k >= 0 && r.mentions[k].pos >= pos; k-- {
		if r.mentions[k].pos < last.end {
			return r.people[r.mentions[k].person].name
		}
	}
	// "a spokesperson", "an official": someone not named, never someone
	// named before.
	if fw := text[toks[0].start:toks[0].end]; equalFold(fw, "a") || equalFold(fw, "an") {
		return text[toks[0].start:last.end]
	}
	if last.class&wRoleHead != 0 {
		return r.resolveRole(toks, pos)
	}
	if last.class&wPeople != 0 {
		return text[toks[0].start:last.end]
	}
	// Skip leading determiners and lower-case words: the capitalised words
	// are the name.
	i := 0
	for i < len(toks) && (!toks[i].upper || toks[i].class&wDet != 0) {
		i++
	}
	if i == len(toks) {
		if last.class&wOrg != 0 {
			head := text[last.start:last.end]
			for k := len(r.orgs) - 1; k >= 0 && len(r.orgs)-k <= orgLookback; k-- {
				if containsFold(r.orgs[k], head) {
					return r.orgs[k]
				}
			}
			// "the agency" after "Statistics Norway said": the last
			// organisation named, when the noun is generic enough to name
			// any public body ("the company" is not the ministry).
			if len(r.orgs) > 0 && genericOrgNoun(head) {
				return r.orgs[len(r.orgs)-1]
			}
		}
		return text[toks[0].start:last.end]
	}
	// The name is the trailing run of capitalised words, at most three
	// (press secretary Karine Jean-Pierre); the words before are the title.
	n := len(toks)
	for n > i && toks[n-1].upper && toks[n-1].class&(wDet|wTitle|wOrg) == 0 && len(toks)-n < 3 {
		n--
	}
	titled := n < len(toks) && n > 0 && toks[n-1].class&wTitle != 0
	if !titled && anyClass(toks[i:], wOrg) {
		org := text[toks[i].start:last.end]
		r.orgs = append(r.orgs, org)
		return org
	}
	if n == len(toks) {
		return text[toks[0].start:last.end] // ends in a lower-case word: keep as written
	}
	name := text[toks[n].start:last.end]
	title := ""
	if len(appo) > 0 {
		title = text[appo[0].start:appo[len(appo)-1].end]
	} else if n > 0 {
		title = text[toks[0].start:toks[n-1].end] // regional president Stefano Bonaccini
	}
	// A lone word nobody was named by, with no title ("Moscow said",
	// "Baku said"), is more often a capital speaking for its government
	// than a person: it is the speaker, but no one a later "he" can mean.
	if len(toks)-n == 1 && title == "" {
		if _, known := r.bySurname[name]; !known {
			return name
		}
	}
	return r.people[r.addPerson(name, title, pos)].name
}

// genericOrgNoun reports whether head ("agency") can refer to any public
// body named before, whatever its name.
func genericOrgNoun(head string) bool {
	switch strings.ToLower(head) {
	case "agency", "organisation", "organization", "office", "body", "institute", "service", "authority", "bureau":
		return true
	}
	return false
}

// resolveRole resolves a role phrase (the Russian foreign minister) to the
// last person named before pos whose title fits the role, preferring the
// title sharing most of the phrase's other words; with no fitting title,
// the last person named; with nobody named, the phrase as written.
func (r *resolver) resolveRole(toks []token, pos int) string {
	text := r.text
	head := strings.ToLower(text[toks[len(toks)-1].start:toks[len(toks)-1].end])
	best, bestScore := -1, -1
	var seen [roleLookbackPeople]int
	n := 0
	for k := len(r.mentions) - 1; k >= 0 && n < len(seen) && len(r.mentions)-k <= roleLookbackMentions; k-- {
		m := r.mentions[k]
		if m.pos >= pos || slices.Contains(seen[:n], m.person) {
			continue
		}
		seen[n] = m.person
		n++
		title := r.people[m.person].titleLower
		if !roleFits(head, title) {
			continue
		}
		score := 0
		for _, t := range toks[:len(toks)-1] {
			if t.class&wDet != 0 {
				continue
			}
			w := strings.TrimSuffix(strings.TrimSuffix(text[t.start:t.end], "'s"), "’s")
			if len(w) >= 4 && sharesWordPrefix(title, w) {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = m.person, score
		}
	}
	if best >= 0 {
		return r.people[best].name
	}
	// With no fitting title, a plain role (the minister, the top diplomat)
	// is the last person named; one with a name in it (the National
	// Security Council spokesperson) is someone else, kept as written.
	// Nor is a spokesperson, who speaks for someone else, or anyone's
	// role ("the prime minister's spokesperson").
	plain := !strings.HasPrefix(head, "spokes")
	for _, t := range toks[:len(toks)-1] {
		w := text[t.start:t.end]
		if t.upper && t.class&wDet == 0 || strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") {
			plain = false
		}
	}
	if p := r.lastPerson(pos); p >= 0 && plain {
		return r.people[p].name
	}
	return text[toks[0].start:toks[len(toks)-1].end]
}

// roleFits reports whether a person titled title (lower case) can be called
// by the role noun head.
func roleFits(head, title string) bool {
	if title == "" {
		return false
	}
	switch head {
	case "official":
		return true
	case "diplomat":
		return containsAny(title, "foreign", "ambassador", "envoy", "diplomat", "state")
	case "leader":
		return containsAny(title, "president", "prime", "premier", "chancellor", "king", "queen", "leader", "head")
	case "spokesman", "spokeswoman", "spokesperson":
		return strings.Contains(title, "spokes")
	case "president":
		return strings.Contains(title, "president") && !strings.Contains(title, "vice")
	}
	return strings.Contains(title, head)
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// sharesWordPrefix reports whether a word of title (lower case) starts
// with w, or w with a word of title, ignoring case (Russia and Russian).
func sharesWordPrefix(title, w string) bool {
	for len(title) > 0 {
		tw := title
		if i := strings.IndexByte(title, ' '); i >= 0 {
			tw, title = title[:i], title[i+1:]
		} else {
			title = ""
		}
		if len(tw) >= len(w) && equalFold(w, tw[:len(w)]) || len(tw) >= 4 && len(w) >= len(tw) && equalFold(w[:len(tw)], tw) {
			return true
		}
	}
	return false
}

// containsFold reports whether sub occurs in s, ignoring ASCII case.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	f := sub[0] | 0x20
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == f && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
