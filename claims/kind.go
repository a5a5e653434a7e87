package claims

import (
	"strings"

	"claimdesk/claims/words"
)

// Kinds are decided by the first rule that holds, in this order:
//
//  1. quote: the claim holds a direct quotation (or continues one) and the
//     text attributes it to a speaker — the first check is whether the
//     speaker said it;
//  2. prediction: will, is expected to, forecast, by 2030, next year — a
//     claim about the future cannot be checked as a fact yet, whatever
//     numbers it holds;
//  3. statistic: a number that is not a date, year, time or ordinal; a
//     percent sign or word, a currency, a magnitude (billion) or unit; a
//     number word counting a noun (three proposals, not the two leaders);
//  4. comparison: than, compared with, a superlative (the largest), a
//     comparative (higher), more/less/better/worse with than;
//  5. event: an action in the past tense (signed, fell, held; verbs of
//     saying do not count, nor a participle describing a noun: the armed
//     forces, provisions stipulated by the group), or a date (November 9,
//     on Thursday, last year);
//  6. other.

// classify returns the kind of the claim made of toks.
func classify(text string, toks []token, quote bool) Kind {
	var predict, stat, compar, event bool
	for i, t := range toks {
		switch t.kind {
		case tokNumber:
			switch numberRole(text, toks, i) {
			case numDate:
				event = true
			case numYear:
				if i > 0 && equalFold(text[toks[i-1].start:toks[i-1].end], "by") {
					predict = true
				} else {
					event = true
				}
			case numQuantity:
				stat = true
			}
			continue
		case tokPunct:
			switch text[t.start] {
			case '%', '$':
				stat = true
			}
			continue
		case tokQuote:
			continue
		}
		w := text[t.start:t.end]
		if w[0] >= 0x80 && (strings.HasPrefix(w, "€") || strings.HasPrefix(w, "£") || strings.HasPrefix(w, "¥") || strings.HasPrefix(w, "₽")) {
			stat = true
		}
		c := t.class
		if c&wPredict != 0 && !willNoun(text, toks, i) && !forecastNoun(text, toks, i) {
			predict = true
		}
		// A currency or unit is a statistic next to a number (5 billion
		// euros), not alone (against the euro).
		if c&wMagnitude != 0 || c&wMoney != 0 && nearNumber(toks, i) {
			stat = true
		}
		// "three proposals", "with two doses"; not "the two leaders", where
		// the number names who rather than counts, nor "four years ago", a
		// time.
		if c&wNumWord != 0 && !(i > 0 && toks[i-1].class&wDet != 0) && i+1 < len(toks) && toks[i+1].kind == tokWord &&
			!toks[i+1].upper && toks[i+1].class&(wPrep|wConj|wFinite) == 0 && !timeUnit(text[toks[i+1].start:toks[i+1].end]) {
			stat = true
		}
		if c&wCompar != 0 {
			compar = true
		}
		if c&wCompNeedsThan != 0 {
			for k := i + 1; k < len(toks) && k <= i+5; k++ {
				if equalFold(text[toks[k].start:toks[k].end], "than") {
					compar = true
				}
			}
		}
		if c&wPastEvent != 0 || c&wRelTime != 0 {
			event = true
		}
		if c&wSpeech == 0 && edVerb(text, toks, i) {
			event = true
		}
		if c&wWeekday != 0 && i > 0 && (equalFold(text[toks[i-1].start:toks[i-1].end], "on") || equalFold(text[toks[i-1].start:toks[i-1].end], "last")) {
			event = true
		}
		if c&wCue == 0 {
			continue
		}
		if i+1 < len(toks) && toks[i+1].kind == tokWord {
			next := text[toks[i+1].start:toks[i+1].end]
			switch {
			case (equalFold(w, "expected") || equalFold(w, "likely") || equalFold(w, "going") || equalFold(w, "set") || equalFold(w, "due") || equalFold(w, "poised")) && equalFold(next, "to") && (equalFold(w, "expected") || equalFold(w, "likely") || i > 0 && toks[i-1].class&wFinite != 0):
				predict = true
			case equalFold(w, "next") || equalFold(w, "coming"):
				if timeUnit(next) || (equalFold(next, "few") && i+2 < len(toks) && timeUnit(text[toks[i+2].start:toks[i+2].end])) {
					predict = true
				}
			case equalFold(w, "last") && timeUnit(next):
				event = true
			}
		}
		if equalFold(w, "ago") {
			event = true
		}
	}
	switch {
	case quote:
		return KindQuote
	case predict:
		return KindPrediction
	case stat:
		return KindStatistic
	case compar:
		return KindComparison
	case event:
		return KindEvent
	}
	return KindOther
}

// willNoun reports whether toks[i] is "will" used as a noun: after a
// determiner (the will of the people) or before a verb or punctuation (the
// political will is there).
func willNoun(text string, toks []token, i int) bool {
	if !equalFold(text[toks[i].start:toks[i].end], "will") {
		return false
	}
	if i > 0 && toks[i-1].class&wDet != 0 {
		return true
	}
	if i+1 >= len(toks) || toks[i+1].kind != tokWord {
		return true
	}
	// "will is", "will of the people"; not "will cut", whose verb is also a
	// past tense.
	switch strings.ToLower(text[toks[i+1].start:toks[i+1].end]) {
	case "is", "was", "are", "were", "has", "had", "of", "to", "remains", "seems", "and":
		return true
	}
	return false
}

// forecastNoun reports whether toks[i] is "forecast" used as a noun, after
// a determiner or a name (its Brent forecast): raising a forecast is a fact
// of today, not a prediction.
func forecastNoun(text string, toks []token, i int) bool {
	w := text[toks[i].start:toks[i].end]
	if !equalFold(w, "forecast") && !equalFold(w, "forecasts") {
		return false
	}
	return i > 0 && (toks[i-1].class&wDet != 0 || toks[i-1].upper && i > 1)
}

// nearNumber reports whether a number stands within two tokens before
// toks[i] or right after it.
func nearNumber(toks []token, i int) bool {
	for k := i - 2; k <= i+1; k++ {
		if k >= 0 && k < len(toks) && k != i && toks[k].kind == tokNumber {
			return true
		}
	}
	return false
}

func timeUnit(w string) bool {
	for _, u := range [...]string{"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades", "quarter", "season", "summer", "winter", "spring", "autumn", "hours", "minutes"} {
		if equalFold(w, u) {
			return true
		}
	}
	return false
}

// What a number is doing in a sentence.
type numRole uint8

const (
	numQuantity numRole = iota // a count, amount or measure: a statistic
	numDate                    // a day of a month: November 9, 9 November
	numYear                    // a year: 2020
	numOther                   // a time, ordinal, fraction or code: 10:30, 9th, 24/7
)

// numberRole tells what the number toks[i] is.
func numberRole(text string, toks []token, i int) numRole {
	t := toks[i]
	w := text[t.start:t.end]
	if i > 0 && toks[i-1].class&wMonth != 0 && toks[i-1].upper || i+1 < len(toks) && toks[i+1].class&wMonth != 0 && toks[i+1].upper {
		return numDate
	}
	digits := true
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c == ':' || c == '/' {
			return numOther
		}
		if !words.IsDigit(c) {
			digits = false
		}
	}
	if digits && len(w) == 4 && w >= "1800" && w <= "2100" {
		return numYear
	}
	if n := len(w); n >= 3 && !digits {
		suf := strings.ToLower(w[n-2:])
		if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && words.IsDigit(w[n-3]) {
			return numOther
		}
	}
	return numQuantity
}

// notVerbsEd are words ending in -ed that are not past-tense verbs.
var notVerbsEd = map[string]bool{
	"hundred": true, "indeed": true, "speed": true, "need": true, "seed": true, "feed": true,
	"breed": true, "proceed": true, "exceed": true, "succeed": true, "so-called": true,
	"alleged": true, "armed": true, "united": true, "based": true, "limited": true,
	"concerned": true, "interested": true, "detailed": true, "advanced": true, "related": true,
	"unprecedented": true, "sacred": true, "naked": true, "aged": true, "beloved": true,
	"supposed": true, "skilled": true, "experienced": true, "qualified": true,
	"sophisticated": true, "complicated": true, "educated": true, "red": true, "shed": true,
}

// edVerb reports whether toks[i] looks like a past-tense verb ending in -ed
// (signed, rejected), not after a determiner (the armed forces).
func edVerb(text string, toks []token, i int) bool {
	t := toks[i]
	w := text[t.start:t.end]
	n := len(w)
	if n < 5 || w[n-1] != 'd' || w[n-2] != 'e' || t.upper {
		return false
	}
	if notVerbsEd[w] {
		return false
	}
	// After a determiner or preposition it is an adjective (the armed
	// forces, to missed appointments); after a present "is" it is a state
	// (analysts are divided).
	prev := ""
	if i > 0 {
		prev = text[toks[i-1].start:toks[i-1].end]
		if toks[i-1].class&(wDet|wPrep) != 0 || equalFold(prev, "of") || equalFold(prev, "is") || equalFold(prev, "are") || equalFold(prev, "am") {
			return false
		}
	}
	// Before "by" and an agent, without a form of "be", it describes a
	// noun (the provisions stipulated by the group); "was signed by" is an
	// event, and so is "dropped by a third".
	if i+2 < len(toks) && equalFold(text[toks[i+1].start:toks[i+1].end], "by") && !byAmount(text, toks[i+2]) {
		switch strings.ToLower(prev) {
		case "was", "were", "been", "be", "being", "had", "has", "have", "got":
		default:
			return false
		}
	}
	return true
}

// byAmount reports whether t, after "by", starts an amount (by 5%, by a
// third, by half) rather than an agent (by the group).
func byAmount(text string, t token) bool {
	if t.kind == tokNumber {
		return true
	}
	switch strings.ToLower(text[t.start:t.end]) {
	case "a", "an", "half", "about", "around", "nearly", "almost", "more", "less", "up", "over", "roughly", "some", "one":
		return true
	}
	return t.class&(wNumWord|wMoney) != 0
}

// finiteAt reports whether toks[i] is a finite verb (or looks like one).
func finiteAt(text string, toks []token, i int) bool {
	t := toks[i]
	if t.kind != tokWord {
		return false
	}
	if t.class&wFinite != 0 {
		return t.class&wPredict == 0 || !willNoun(text, toks, i)
	}
	return edVerb(text, toks, i)
}
