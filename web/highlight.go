package web

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"claimdesk/review"
)

// segment is one run of an article's text on the article page: plain text,
// or a claim's highlighted span. The page is built from these pieces, each
// escaped by html/template, rather than by splicing HTML into the text.
type segment struct {
	Text string
	// Start is the byte offset of Text in the article body; the page carries
	// it (data-start) so a selection maps back to exact bytes.
	Start int
	// Claim is the highlighted claim, nil for plain text.
	Claim *review.Claim
	// Class is the highlight's classes: status, verdict, candidate.
	Class string
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

// segmentText cuts body into plain and highlighted segments for claims.
// Overlapping claims cannot both be marked in place, so the first by start
// (the longer one when two start together) wins and the others are returned
// in hidden with the claim they overlap; they stay in the side list. A claim
// whose span does not fit the body or cuts a character in two is hidden too
// rather than breaking the page.
func segmentText(body string, cs []review.Claim) ([]segment, []hidden) {
	order := make([]review.Claim, len(cs))
	copy(order, cs)
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].Start != order[j].Start {
			return order[i].Start < order[j].Start
		}
		return order[i].End > order[j].End
	})
	var segs []segment
	var hid []hidden
	pos := 0
	var last *review.Claim
	for i := range order {
		c := &order[i]
		switch {
		case c.Start < 0 || c.End > len(body) || c.Start >= c.End ||
			!boundary(body, c.Start) || !boundary(body, c.End):
			hid = append(hid, hidden{*c, "its span no longer fits the text"})
			continue
		case c.Start < pos:
			hid = append(hid, hidden{*c, fmt.Sprintf("it overlaps claim #%d, which is marked in the text", last.ID)})
			continue
		}
		if c.Start > pos {
			segs = append(segs, segment{Text: body[pos:c.Start], Start: pos})
		}
		segs = append(segs, segment{Text: body[c.Start:c.End], Start: c.Start, Claim: c, Class: highlightClass(c)})
		pos = c.End
		last = c
	}
	if pos < len(body) {
		segs = append(segs, segment{Text: body[pos:], Start: pos})
	}
	return segs, hid
}

// boundary reports whether byte offset i of s starts a character (or is the end).
func boundary(s string, i int) bool {
	return i == len(s) || i == 0 || (i > 0 && i < len(s) && utf8.RuneStart(s[i]))
}
