package claims

import (
	"strings"

	"claimdesk/claims/words"
)

// FeatureConfig says which features a model reads off a sentence. It is
// stored in the model file, so a model always scores with the features it
// was trained on.
type FeatureConfig struct {
	// HashBits is log2 of the number of weights (the hashing trick folds
	// every feature into 1<<HashBits slots).
	HashBits uint8
	// Bigrams adds word pairs (numbers folded to one token) and the first
	// word of the sentence.
	Bigrams bool
	// CharMin and CharMax, when CharMax > 0, add the character n-grams of
	// each word (with word-boundary marks) of those lengths.
	CharMin, CharMax uint8
	// Hand adds the hand-written features: numbers, percentages, money,
	// years, comparatives, names, tense, opinion markers, length.
	Hand bool
	// Normalize scales the feature vector to unit length, so long sentences
	// do not win on word count alone.
	Normalize bool
	// News adds the hand-written features that carry over to news prose:
	// obligations, attribution frames, hedges, cause and effect, health,
	// negation, quantities in words, present tense and headline form.
	News bool
	// Clusters adds, for each word, the group of words used alike that it
	// belongs to (the embedded word clusters, cut from GloVe vectors).
	Clusters bool
	// Conjunctions adds each pair of the hand-written features a sentence
	// has (a number with the past tense, attribution with health).
	Conjunctions bool
	// Hidden, when above 0, adds the neural part: that many hidden units
	// over the mean word vector of the sentence and the hand-written
	// features (it needs Hand).
	Hidden uint8
	// Filters, when above 0, adds that many convolutional filters to the
	// neural part: each reads three words in a row (their word vectors), so
	// word order counts (it needs Hidden).
	Filters uint8
	// clusters is the table Clusters reads; set when a model is trained or
	// loaded.
	clusters *Clusters
	// vectors is the table the neural part reads; set with clusters.
	vectors *WordVectors
	// sameWords says the two tables hold the same words (linkTables).
	sameWords bool
}

// The kinds of feature; a kind says how to name the feature for a reader.
const (
	kindWord     uint8 = iota + 1 // a lower-cased word
	kindNumber                    // any number, folded to one token
	kindBigram                    // two adjacent words
	kindFirst                     // the sentence's first word
	kindChar                      // a character n-gram inside a word
	kindHand                      // a hand-written feature; hand says which
	kindBigramN1                  // bigram whose first word is a number
	kindBigramN2                  // bigram whose second word is a number
	kindCluster                   // the word's cluster; hand holds its id
	kindHandPair                  // two hand-written features together: hand and a0
)

// The hand-written features.
const (
	handNumber uint8 = iota
	handPercent
	handMoney
	handYear
	handComparative
	handName
	handNames3
	handPast
	handOpinion
	handFuture
	handQuestion
	handExclaim
	handQuote
	handLen1 // under 5 words
	handLen2 // 5-9
	handLen3 // 10-19
	handLen4 // 20-39
	handLen5 // 40 and more
	// the news features (FeatureConfig.News)
	handObligation
	handPledge
	handAttributed
	handHedge
	handCausal
	handHealth
	handNegation
	handNegGeneral
	handQuantity
	handPresent
	handNoEnd
	handDateline
	handCredit
	handCount
)

// handLabel says what a hand-written feature is, in words a reviewer reads.
func handLabel(h uint8) string {
	switch h {
	case handNumber:
		return "has a number"
	case handPercent:
		return "has a percentage"
	case handMoney:
		return "has an amount of money"
	case handYear:
		return "has a year"
	case handComparative:
		return "compares or measures change (more, less, than, increase)"
	case handName:
		return "names someone or something (capitalised word mid-sentence)"
	case handNames3:
		return "names several people or things"
	case handPast:
		return "past tense"
	case handOpinion:
		return `first-person opinion ("I think", "we will")`
	case handFuture:
		return "future or conditional (will, would, going to)"
	case handQuestion:
		return "is a question"
	case handExclaim:
		return "exclamation"
	case handQuote:
		return "has a quotation"
	case handLen1:
		return "very short (under 5 words)"
	case handLen2:
		return "short (5-9 words)"
	case handLen3:
		return "medium length (10-19 words)"
	case handLen4:
		return "long (20-39 words)"
	case handLen5:
		return "very long (40 words or more)"
	case handObligation:
		return "an obligation or agreement (must, have to, agreed to)"
	case handPledge:
		return `a pledge or exhortation ("we must", "you have to")`
	case handAttributed:
		return "attributed to someone (said, according to, claims)"
	case handHedge:
		return "hedged (may, might, believe, suggest)"
	case handCausal:
		return "cause and effect (because, caused, leads to)"
	case handHealth:
		return "health, death or injury"
	case handNegation:
		return "negation (no, not, never)"
	case handNegGeneral:
		return "a negated general statement (is not, will not, no evidence)"
	case handQuantity:
		return "a quantity in words (thousands, several, half)"
	case handPresent:
		return "present tense (is, are, has)"
	case handNoEnd:
		return "no closing punctuation (a headline or caption)"
	case handDateline:
		return "a date alone (a dateline)"
	case handCredit:
		return "a picture or sound credit (Image: ...)"
	}
	return "unknown feature"
}

// feature is one feature occurrence: its weight slot, and enough to name it
// (the byte spans of its words in the sentence).
type feature struct {
	idx    uint32
	kind   uint8
	hand   uint8
	a0, a1 int32 // first word
	b0, b1 int32 // second word (bigrams)
}

// FNV-1a, inline so that hashing allocates nothing.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// mix is the murmur3 finaliser: it spreads a combined hash over all bits.
func mix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// kindSeed separates the hash spaces of the kinds of feature.
func kindSeed(kind uint8) uint32 { return fnvOffset ^ (uint32(kind) * 0x9e3779b1) }

// hashWord hashes the word s[a:b] as words.Fold folds it, starting from
// seed h.
func hashWord(h uint32, s string, a, b int) uint32 {
	for i := a; i < b; {
		var c byte
		c, i = words.Fold(s, i, b)
		h ^= uint32(c)
		h *= fnvPrime
	}
	return h
}

// handClass is what the hand-written features need to know of one word.
type handClass uint8

const (
	wcPlain handClass = iota
	wcPercent
	wcMoney
	wcComparative
	wcPast
	wcFuture
	wcI       // I
	wcWe      // we
	wcOpinion // think, believe, feel, want, hope, guess
	wcGoing   // going, gonna
)

// extract appends the features of sentence s to fs and returns it. The
// caller passes a slice of a stack array, so a sentence of ordinary length
// costs no allocation.
func (c *FeatureConfig) extract(fs []feature, s string) []feature {
	mask := uint32(1)<<c.HashBits - 1
	var (
		prevA, prevB = -1, -1
		prevH        uint32
		prevNum      bool
		nwords       int
		// hand-feature state
		hasNum, hasPercent, hasMoney, hasYear, hasComp, hasPast, hasOpinion, hasFuture bool
		names                                                                          int
		prevClass                                                                      handClass
		// news-feature state
		nw                newsFlags
		prevNews          newsClass
		dateWords, credit int
		person            int // words I and we
	)
	for i := 0; i < len(s); {
		a, b := words.Next(s, i)
		if a >= len(s) {
			break
		}
		i = b
		if a == b {
			break
		}
		num := words.IsDigit(s[a])
		h := hashWord(kindSeed(kindWord), s, a, b)
		// b0 of a word is its place in the word tables (-1: not there)
		fs = append(fs, feature{idx: mix(h) & mask, kind: kindWord, a0: int32(a), a1: int32(b), b0: -1})
		if c.clusters != nil {
			if k := c.clusters.table.find(h); k >= 0 {
				fs[len(fs)-1].b0 = int32(k)
				id := c.clusters.ids[k]
				fs = append(fs, feature{idx: mix(kindSeed(kindCluster)^uint32(id)*0x27d4eb2d) & mask, kind: kindCluster, hand: id})
			}
		}
		normH := h
		if num {
			normH = kindSeed(kindNumber)
			fs = append(fs, feature{idx: mix(normH) & mask, kind: kindNumber, a0: int32(a), a1: int32(b)})
		}
		if c.Bigrams {
			if prevA >= 0 {
				k := kindBigram
				if prevNum {
					k = kindBigramN1
				} else if num {
					k = kindBigramN2
				}
				bh := mix(prevH*0x9e3779b1^normH) ^ kindSeed(kindBigram)
				fs = append(fs, feature{idx: mix(bh) & mask, kind: k, a0: int32(prevA), a1: int32(prevB), b0: int32(a), b1: int32(b)})
			} else {
				fs = append(fs, feature{idx: mix(normH^kindSeed(kindFirst)) & mask, kind: kindFirst, a0: int32(a), a1: int32(b)})
			}
		}
		if c.CharMax > 0 {
			fs = c.charGrams(fs, s, a, b, mask)
		}
		if c.Hand {
			if num {
				hasNum = true
				if b-a == 4 && (s[a] == '1' && s[a+1] >= '8' || s[a] == '2' && s[a+1] == '0') {
					hasYear = true
				}
				if b < len(s) && s[b] == '%' {
					hasPercent = true
				}
				if a > 0 && (s[a-1] == '$' || s[a-1] == 0xa3 || s[a-1] == 0xac) {
					hasMoney = true
				}
			} else if nwords > 0 && s[a] >= 'A' && s[a] <= 'Z' && !(b-a == 1 && s[a] == 'I') && !(b-a > 1 && s[a] == 'I' && s[a+1] == '\'') {
				names++
			}
			cl := classifyHash(h)
			if cl == wcPlain && b-a > 4 && words.Lower(s[b-2]) == 'e' && words.Lower(s[b-1]) == 'd' {
				cl = wcPast
			}
			if cl == wcI || cl == wcWe {
				person++
			}
			switch cl {
			case wcPercent:
				hasPercent = true
			case wcMoney:
				hasMoney = true
			case wcComparative:
				hasComp = true
			case wcPast:
				hasPast = true
			case wcFuture:
				hasFuture = true
			case wcOpinion:
				if prevClass == wcI || prevClass == wcWe {
					hasOpinion = true
				}
			case wcGoing:
				hasFuture = true
				if prevClass == wcI || prevClass == wcWe {
					hasOpinion = true
				}
			}
			if prevClass == wcWe && cl == wcFuture {
				hasOpinion = true
			}
			prevClass = cl
		}
		if c.News {
			nc := classifyNews(h)
			nw.see(nc, prevNews)
			if nc == newsDate || num {
				dateWords++
			}
			if nc == newsMedia && b < len(s) && s[b] == ':' {
				credit++
			}
			prevNews = nc
		}
		prevA, prevB, prevH, prevNum = a, b, normH, num
		nwords++
	}
	if c.Hand {
		var on [handCount]uint8
		non := 0
		add := func(fs []feature, yes bool, h uint8) []feature {
			if !yes {
				return fs
			}
			on[non] = h
			non++
			return append(fs, feature{idx: mix(kindSeed(kindHand)^uint32(h)*0x27d4eb2d) & mask, kind: kindHand, hand: h})
		}
		q, ex, quote := false, false, false
		for i := len(s) - 1; i >= 0; i-- {
			ch := s[i]
			if ch == ' ' || ch == '"' || ch == '\'' || ch == ')' || ch >= 0x80 {
				if ch == '"' {
					quote = true
				}
				continue
			}
			q, ex = ch == '?', ch == '!'
			break
		}
		if !quote {
			quote = strings.Count(s, "\"") >= 2 || strings.Contains(s, "\u201c")
		}
		fs = add(fs, hasNum, handNumber)
		fs = add(fs, hasPercent, handPercent)
		fs = add(fs, hasMoney, handMoney)
		fs = add(fs, hasYear, handYear)
		fs = add(fs, hasComp, handComparative)
		fs = add(fs, names >= 1, handName)
		fs = add(fs, names >= 3, handNames3)
		fs = add(fs, hasPast, handPast)
		fs = add(fs, hasOpinion, handOpinion)
		fs = add(fs, hasFuture, handFuture)
		fs = add(fs, q, handQuestion)
		fs = add(fs, ex, handExclaim)
		fs = add(fs, quote, handQuote)
		if c.News {
			// "we must", "you have to" are pledges and exhortations; "Baku and
			// Yerevan must" is an obligation someone can be held to
			firstPerson := person > 0 || nw.has(newsYou)
			fs = add(fs, nw.has(newsObligation) && !firstPerson, handObligation)
			fs = add(fs, nw.has(newsObligation) && firstPerson, handPledge)
			fs = add(fs, nw.has(newsSaid), handAttributed)
			fs = add(fs, nw.has(newsHedge), handHedge)
			fs = add(fs, nw.has(newsCause), handCausal)
			fs = add(fs, nw.has(newsHealth), handHealth)
			neg := nw.has(newsNot)
			fs = add(fs, neg, handNegation)
			fs = add(fs, neg && (nw.has(newsIs) || hasFuture) && !hasOpinion && !q, handNegGeneral)
			fs = add(fs, nw.has(newsQuantity), handQuantity)
			fs = add(fs, nw.has(newsIs), handPresent)
			fs = add(fs, noEnd(s), handNoEnd)
			fs = add(fs, nwords >= 2 && dateWords == nwords, handDateline)
			fs = add(fs, credit > 0, handCredit)
		}
		switch {
		case nwords < 5:
			fs = add(fs, true, handLen1)
		case nwords < 10:
			fs = add(fs, true, handLen2)
		case nwords < 20:
			fs = add(fs, true, handLen3)
		case nwords < 40:
			fs = add(fs, true, handLen4)
		default:
			fs = add(fs, true, handLen5)
		}
		if c.Conjunctions {
			for i := 0; i < non; i++ {
				for j := i + 1; j < non; j++ {
					a, b := on[i], on[j]
					fs = append(fs, feature{idx: mix(kindSeed(kindHandPair)^(uint32(a)<<8|uint32(b))*0x27d4eb2d) & mask, kind: kindHandPair, hand: a, a0: int32(b)})
				}
			}
		}
	}
	return fs
}

// charGrams appends the character n-grams of the word s[a:b], with a
// boundary mark at each end (ASCII lower-cased).
func (c *FeatureConfig) charGrams(fs []feature, s string, a, b int, mask uint32) []feature {
	n := b - a + 2 // with the two boundary marks
	at := func(p int) byte {
		if p == 0 || p == n-1 {
			return ' '
		}
		return words.Lower(s[a+p-1])
	}
	for g := int(c.CharMin); g <= int(c.CharMax); g++ {
		for p := 0; p+g <= n; p++ {
			h := kindSeed(kindChar)
			for q := p; q < p+g; q++ {
				h ^= uint32(at(q))
				h *= fnvPrime
			}
			// spans are in padded coordinates shifted back to the sentence;
			// the name is rebuilt from them.
			fs = append(fs, feature{idx: mix(h) & mask, kind: kindChar, a0: int32(a + p - 1), a1: int32(a + p + g - 1), b0: int32(a), b1: int32(b)})
		}
	}
	return fs
}

// appendName writes a feature's name for a reader: word "percent",
// words "per cent", has a number.
func (f *feature) appendName(b *strings.Builder, s string, cl *Clusters) {
	switch f.kind {
	case kindWord:
		b.WriteString(`word "`)
		writeFolded(b, s, int(f.a0), int(f.a1))
		b.WriteByte('"')
	case kindNumber:
		b.WriteString("a number (")
		b.WriteString(s[f.a0:f.a1])
		b.WriteByte(')')
	case kindBigram, kindBigramN1, kindBigramN2:
		b.WriteString(`words "`)
		if f.kind == kindBigramN1 {
			b.WriteString("<number>")
		} else {
			writeFolded(b, s, int(f.a0), int(f.a1))
		}
		b.WriteByte(' ')
		if f.kind == kindBigramN2 || f.kind == kindBigramN1 && words.IsDigit(s[f.b0]) {
			b.WriteString("<number>")
		} else {
			writeFolded(b, s, int(f.b0), int(f.b1))
		}
		b.WriteByte('"')
	case kindFirst:
		b.WriteString(`first word "`)
		if words.IsDigit(s[f.a0]) {
			b.WriteString("<number>")
		} else {
			writeFolded(b, s, int(f.a0), int(f.a1))
		}
		b.WriteByte('"')
	case kindChar:
		b.WriteString(`letters "`)
		for p := f.a0; p < f.a1; p++ {
			if p < f.b0 || p >= f.b1 {
				b.WriteByte('_')
			} else {
				b.WriteByte(words.Lower(s[p]))
			}
		}
		b.WriteByte('"')
	case kindHand:
		b.WriteString(handLabel(f.hand))
	case kindHandPair:
		b.WriteString(handLabel(f.hand))
		b.WriteString(" with ")
		b.WriteString(handLabel(uint8(f.a0)))
	case kindCluster:
		b.WriteString(`words like "`)
		b.WriteString(cl.names[f.hand])
		b.WriteByte('"')
	}
}

// nameLen is the length appendName will write, so that the names of all
// reasons fit one allocation.
func (f *feature) nameLen(s string, cl *Clusters) int {
	var n int
	switch f.kind {
	case kindWord:
		n = 7 + foldedLen(s, int(f.a0), int(f.a1))
	case kindNumber:
		n = 11 + int(f.a1-f.a0)
	case kindBigram, kindBigramN1, kindBigramN2:
		n = 9
		if f.kind == kindBigramN1 {
			n += 8
		} else {
			n += foldedLen(s, int(f.a0), int(f.a1))
		}
		if f.kind == kindBigramN2 || f.kind == kindBigramN1 && words.IsDigit(s[f.b0]) {
			n += 8
		} else {
			n += foldedLen(s, int(f.b0), int(f.b1))
		}
	case kindFirst:
		n = 13
		if words.IsDigit(s[f.a0]) {
			n += 8
		} else {
			n += foldedLen(s, int(f.a0), int(f.a1))
		}
	case kindChar:
		n = 10 + int(f.a1-f.a0)
	case kindHand:
		n = len(handLabel(f.hand))
	case kindHandPair:
		n = len(handLabel(f.hand)) + 6 + len(handLabel(uint8(f.a0)))
	case kindCluster:
		n = 13 + len(cl.names[f.hand])
	}
	return n
}

// writeFolded writes the word s[a:e] as it was hashed (words.Fold).
func writeFolded(b *strings.Builder, s string, a, e int) {
	plain := true
	for i := a; i < e; i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c == 0xe2 {
			plain = false
			break
		}
	}
	if plain {
		b.WriteString(s[a:e])
		return
	}
	for i := a; i < e; {
		var c byte
		c, i = words.Fold(s, i, e)
		b.WriteByte(c)
	}
}

// foldedLen is the length of s[a:e] as writeFolded writes it.
func foldedLen(s string, a, e int) int {
	n := 0
	for i := a; i < e; n++ {
		_, i = words.Fold(s, i, e)
	}
	return n
}
