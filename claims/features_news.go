package claims

// newsClass is what the news features need to know of one word.
type newsClass uint8

const (
	newsPlain      newsClass = iota
	newsObligation           // must, required, agreed, should
	newsHave                 // have, has, had: an obligation when "to" follows
	newsTo                   // to
	newsSaid                 // said, according, claims, reportedly
	newsHedge                // may, might, believe, suggest
	newsCause                // because, caused, leads, due
	newsHealth               // health, disease, killed, vaccine
	newsNot                  // no, not, never, don't
	newsQuantity             // thousands, several, half, ten
	newsIs                   // is, are, does
	newsDate                 // the names of weekdays and months
	newsMedia                // image, video, audio, photo: a credit line when ":" follows
	newsYou                  // you, your: with an obligation, an exhortation
	newsClassCount
)

// newsFlags records which news classes a sentence has shown.
type newsFlags uint32

func (f newsFlags) has(c newsClass) bool { return f&(1<<c) != 0 }

// see records the word class c, which follows a word of class prev.
func (f *newsFlags) see(c, prev newsClass) {
	switch {
	case c == newsTo && prev == newsHave:
		*f |= 1 << newsObligation
	case c == newsDate || c == newsMedia:
		// only as a whole line (a dateline, a credit): see extract
	case c == newsHave:
		// "has", "have" alone are the present perfect: present tense
		*f |= 1 << newsIs
	case c != newsPlain && c != newsTo:
		*f |= 1 << c
	}
}

// noEnd reports whether the sentence stops without closing punctuation,
// as headlines, captions and section titles do.
func noEnd(s string) bool {
	for i := len(s) - 1; i >= 0; i-- {
		switch c := s[i]; {
		case c == ' ' || c == '"' || c == '\'' || c == ')' || c >= 0x80:
			continue
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			return true
		default:
			return false
		}
	}
	return false
}
