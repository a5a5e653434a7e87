package web

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"claimdesk/review"
)

// segment is one run of an article's text on the article page: plain
// text, or a piece covered by one or more claims. Nested and overlapping
// claims split the text at every claim's start and end, so each piece is
// covered by the same claims from end to end and every claim is visible:
// a piece inside two claims is drawn as two nested marks. The page is
// built from these pieces, each escaped by html/template, rather than by
// splicing HTML into the text.
type segment struct {
	Text string
	// Start is the byte offset of Text in the article body; the page carries
	// it (data-start) so a selection maps back to exact bytes.
	Start int
	// Marks are the claims covering the piece, outermost first (the one
	// that starts first, the longer when two start together); none for
	// plain text.
	Marks []mark
}

// mark is one claim's highlight over one piece of text.
type mark struct {
	Claim *review.Claim
	// Class is the highlight's classes: status, verdict, candidate, and
	// nested when another claim's mark is around it.
	Class string
	// First and Last say whether the piece is the claim's first or last:
	// the first carries the claim's link (a badge, so words inside a
	// mark stay selectable), the last its status label.
	First, Last bool
}

// hidden is a claim the text cannot show in place, with why.
type hidden struct {
	Claim  review.Claim
	Reason string
}

// highlightClass is the classes of a claim's highlight: the background by
// status, the underline by verdict (from /verdicts.css), a dashed outline
// for candidates under the threshold.
func highlightClass(c *review.Claim) string {
	cl := "hl status-" + string(c.Status)
	if c.VerdictID != 0 {
		cl += fmt.Sprintf(" verdict-%d", c.VerdictID)
		if !c.HasVerdict() {
			cl += " proposed"
		}
	}
	if c.Candidate {
		cl += " candidate"
	}
	return cl
}

// segmentText cuts body into plain and highlighted pieces for claims:
// at every start and end of a claim, so nested and overlapping claims are
// all drawn. A claim whose span does not fit the body or cuts a character
// in two is returned in hidden rather than breaking the page.
func segmentText(body string, cs []review.Claim) ([]segment, []hidden) {
	var hid []hidden
	order := make([]review.Claim, 0, len(cs))
	for _, c := range cs {
		if c.Start < 0 || c.End > len(body) || c.Start >= c.End || !boundary(body, c.Start) || !boundary(body, c.End) {
			hid = append(hid, hidden{c, "its span no longer fits the text"})
			continue
		}
		order = append(order, c)
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].Start != order[j].Start {
			return order[i].Start < order[j].Start
		}
		return order[i].End > order[j].End
	})
	cuts := make([]int, 0, 2*len(order)+2)
	cuts = append(cuts, 0, len(body))
	for _, c := range order {
		cuts = append(cuts, c.Start, c.End)
	}
	sort.Ints(cuts)
	var segs []segment
	var active []*review.Claim // covering the piece, outermost first
	next := 0                  // the next claim of order to start
	for k := 0; k+1 < len(cuts); k++ {
		p, q := cuts[k], cuts[k+1]
		if p == q {
			continue
		}
		// Claims ending at p leave; claims starting at p join, after those
		// already open (they started earlier: outer).
		kept := active[:0]
		for _, c := range active {
			if c.End > p {
				kept = append(kept, c)
			}
		}
		active = kept
		for next < len(order) && order[next].Start == p {
			active = append(active, &order[next])
			next++
		}
		sg := segment{Text: body[p:q], Start: p}
		for depth, c := range active {
			cl := highlightClass(c)
			if depth > 0 {
				cl += " nested"
			}
			sg.Marks = append(sg.Marks, mark{Claim: c, Class: cl, First: c.Start == p, Last: c.End == q})
		}
		segs = append(segs, sg)
	}
	return segs, hid
}

// boundary reports whether byte offset i of s starts a character (or is the end).
func boundary(s string, i int) bool {
	return i == len(s) || i == 0 || (i > 0 && i < len(s) && utf8.RuneStart(s[i]))
}
