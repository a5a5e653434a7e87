package claims

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Claimants. A speaker becomes a claimant (a person or an organisation the
// desk keeps a record of) only when it is a name: "Sergey Lavrov", "Ministry
// of Finance", "the Office for National Statistics" — not a pronoun, a role
// kept as written ("the minister", "a spokesperson") or people in general
// ("officials", "researchers").

// The kinds of claimant.
const (
	ClaimantPerson       = "person"
	ClaimantOrganization = "organization"
)

// nameJoiners are lower-case words a name may hold between its capitalised
// words (Ministry of Finance, Food Standards Australia and New Zealand).
var nameJoiners = map[string]bool{"of": true, "for": true, "and": true, "the": true, "on": true,
	"de": true, "del": true, "der": true, "van": true, "von": true, "al": true, "bin": true, "la": true, "le": true, "&": true}

// orgWords make a name an organisation's.
var orgWords = map[string]bool{
	"agency": true, "association": true, "authority": true, "bank": true, "bureau": true,
	"cabinet": true, "church": true, "commission": true, "committee": true, "company": true, "congress": true,
	"corporation": true, "council": true, "court": true, "department": true, "foundation": true, "government": true,
	"house": true, "institute": true, "kremlin": true, "ministry": true, "office": true, "news": true,
	"organisation": true, "organization": true, "parliament": true, "party": true, "police": true,
	"secretariat": true, "senate": true, "service": true, "statistics": true, "union": true,
	"university": true, "inc": true, "ltd": true, "un": true, "who": true, "nato": true, "times": true,
	"herald": true, "post": true, "press": true, "agency's": true, "kcna": true, "yonhap": true, "reuters": true,
	"military": true, "army": true, "navy": true, "firm": true, "group": true, "network": true, "radio": true,
	"television": true, "tv": true, "weekly": true, "gazette": true, "microsoft": true, "google": true,
	"facebook": true, "korea": true, "russia": true, "china": true, "moscow": true, "washington": true,
	"beijing": true, "kyiv": true, "baku": true, "yerevan": true, "states": true, "kingdom": true,
}

// roleEnds are last words that make a name with an organisation in it a
// person speaking for it ("a National Security Council spokesperson").
var roleEnds = map[string]bool{"spokesperson": true, "spokesman": true, "spokeswoman": true,
	"official": true, "minister": true, "president": true, "director": true, "head": true, "chief": true}

// ClaimantKind says whether speaker, as Extract gives it, names a claimant
// and which kind: an organisation when a word of it names one (Ministry,
// Agency, Kremlin, a country or capital speaking for its government), a
// person otherwise. ok is false for anything that is not a name.
func ClaimantKind(speaker string) (kind string, ok bool) {
	s := strings.TrimSpace(speaker)
	if s == "" || !utf8.ValidString(s) || len(s) > 200 {
		return "", false
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	capitals := 0
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		lw := strings.ToLower(strings.TrimRight(w, ".'’"))
		switch {
		case i == 0 && (lw == "the" || w == "The"):
			continue // the Office for National Statistics
		case unicode.IsUpper(r) || unicode.IsDigit(r):
			if i == 0 && (lw == "a" || lw == "an") {
				return "", false
			}
			if isPronoun(lw) || lw == "it" || lw == "they" || lw == "we" || lw == "i" {
				return "", false
			}
			capitals++
		case nameJoiners[lw] && i > 0 && i < len(words)-1:
		default:
			return "", false // a lower-case word: a role or people, kept as written
		}
	}
	if capitals == 0 {
		return "", false
	}
	last := strings.ToLower(words[len(words)-1])
	if roleEnds[last] {
		return ClaimantPerson, true
	}
	for _, w := range words {
		lw := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(strings.Trim(w, ".,"), "'s"), "’s"))
		if orgWords[lw] || len(words) == 1 && strings.ToUpper(w) == w && len(w) >= 2 {
			return ClaimantOrganization, true
		}
	}
	return ClaimantPerson, true
}

// role returns the title of the person called name, as the text first gave
// it ("Russian Foreign Minister"), or "".
func (r *resolver) role(name string) string {
	if name == "" {
		return ""
	}
	for _, p := range r.people {
		if p.name == name {
			return p.title
		}
	}
	return ""
}
