package bench

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Miss is one sentence end where a segmenter and the gold sentences
// differ: an end the gold has and the segmenter missed (Missed), or one
// the segmenter found that the gold does not have.
type Miss struct {
	End    int
	Missed bool
}

// Misses lists the ends where found and gold differ, in text order.
func Misses(found, gold []Span) []Miss {
	ends := func(spans []Span) map[int]bool {
		m := make(map[int]bool, len(spans))
		for _, sp := range spans {
			m[sp.End] = true
		}
		return m
	}
	g, f := ends(gold), ends(found)
	var out []Miss
	for e := range g {
		if !f[e] {
			out = append(out, Miss{End: e, Missed: true})
		}
	}
	for e := range f {
		if !g[e] {
			out = append(out, Miss{End: e})
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].End < out[b].End })
	return out
}

// MissClass names the kind of a differing end by what stands before it
// and what follows: the mark that ends the text before it (closing quotes
// and brackets looked through), and for an end without a mark, whether a
// line break follows. "-" starts the class of a missed gold end, "+" that
// of an end found where the gold has none.
func MissClass(text string, m Miss) string {
	sign := "+ "
	if m.Missed {
		sign = "- "
	}
	e := m.End
	k := e
	for k > 0 {
		r, sz := utf8.DecodeLastRuneInString(text[:k])
		if !strings.ContainsRune(`"')]’”»`, r) {
			break
		}
		k -= sz
	}
	r, _ := utf8.DecodeLastRuneInString(text[:k])
	next := e
	for next < len(text) && (text[next] == ' ' || text[next] == '\t') {
		next++
	}
	lineBreak := next < len(text) && (text[next] == '\n' || text[next] == '\r')
	nr, _ := utf8.DecodeRuneInString(text[next:])
	var what string
	switch r {
	case '.', '!', '?', '…':
		what = "mark"
		if r == '.' && k >= 2 && text[k-2] == '.' {
			what = "ellipsis"
		} else if r == '.' {
			what = "full stop"
		}
		switch {
		case lineBreak:
			what += ", line break"
		case unicode.IsLower(nr):
			what += ", lower-case next"
		case nr == '[' || nr == '(':
			what += ", bracket next"
		}
	case ';':
		what = "semicolon"
	case ':':
		what = "colon"
	case ',':
		what = "comma"
	case '-', '–', '—':
		what = "dash"
	default:
		what = "no mark"
		if lineBreak {
			what += ", line break"
		} else if k != e {
			what += ", quote or bracket"
		}
	}
	return sign + what
}
