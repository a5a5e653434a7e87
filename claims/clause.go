package claims

// Clause splitting. A sentence is cut into clauses where it joins
// independent statements, each of which can be checked alone:
//   - at a semicolon;
//   - at ", and", ", but", ", while" or ", whereas";
//   - at "but" without a comma.
//
// The cut is made only when the part before it has a finite verb of its
// own and the part after it starts with a subject followed, within six
// words and before any comma, by a finite verb: "Prices rose 5% in May, and
// unemployment fell to 3.9%." gives two clauses, while "Putin, Aliyev and
// Pashinyan signed a statement" (no verb before "and") and "the co-existence
// of groups, and the recovery of objects" (no verb after it) stay whole.
// "and" without a comma is never a cut: it joins adjectives and nouns
// ("Azerbaijani and Armenian sides") far more often than clauses.
//
// The conjunction and the punctuation between two clauses belong to
// neither; each clause is trimmed to its first and last token.

// minClauseWords is the fewest tokens a clause may have.
const minClauseWords = 3

// clauses appends to out the clause spans, as token index ranges [a,b), of
// the sentence made of toks.
func clauses(text string, toks []token, out [][2]int) [][2]int {
	start := 0
	finite := false // toks[start:k] holds a finite verb; kept as k moves, so the scan stays linear
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		right := -1
		switch {
		case t.kind == tokPunct && text[t.start] == ';':
			right = k + 1
		case t.kind == tokPunct && text[t.start] == ',' && k+1 < len(toks) && toks[k+1].kind == tokWord &&
			contrastOrAnd(text[toks[k+1].start:toks[k+1].end]):
			right = k + 2
		case t.kind == tokWord && text[t.start:t.end] == "but" && k > 0 && toks[k-1].kind == tokWord:
			right = k + 1
		}
		if right >= 0 && right < len(toks) && finite && k-start >= minClauseWords &&
			len(toks)-right >= minClauseWords && startsClause(text, toks, right) {
			out = append(out, [2]int{start, k})
			start, finite = right, false
			k = right - 1
			continue
		}
		if !finite && finiteAt(text, toks, k) {
			finite = true
		}
	}
	return append(out, [2]int{start, len(toks)})
}

// contrastOrAnd reports whether w joins two clauses after a comma.
func contrastOrAnd(w string) bool {
	switch w {
	case "and", "but", "while", "whereas":
		return true
	}
	return false
}

// startsClause reports whether toks[i:] starts with a subject and a finite
// verb: a first word that can open a noun phrase, then a finite verb within
// six words and before any punctuation.
func startsClause(text string, toks []token, i int) bool {
	first := toks[i]
	if first.kind != tokWord && first.kind != tokNumber {
		return false
	}
	if first.class&(wNoSubject|wConj|wPrep) != 0 || finiteAt(text, toks, i) {
		return false
	}
	for k := i + 1; k < len(toks) && k <= i+6; k++ {
		t := toks[k]
		if t.kind == tokPunct || t.kind == tokQuote {
			// A percent sign or currency inside the subject is fine.
			if c := text[t.start]; c == '%' || c == '$' {
				continue
			}
			return false
		}
		if finiteAt(text, toks, k) {
			return true
		}
		if t.class&wConj != 0 {
			return false
		}
	}
	return false
}
