package web

import (
	"testing"
	"unicode/utf8"

	"claimdesk/review"
)

// FuzzSegmentText: for any claims, the segments join to the body, start at
// the right offsets, and every claim is either marked with exactly its
// text or listed as hidden.
func FuzzSegmentText(f *testing.F) {
	f.Add("Prices rose 5% in Zürich. Rents fell.", 0, 10, 5, 20, 26, 38)
	f.Fuzz(func(t *testing.T, body string, s1, e1, s2, e2, s3, e3 int) {
		if !utf8.ValidString(body) {
			return
		}
		cs := []review.Claim{{ID: 1, Start: s1, End: e1}, {ID: 2, Start: s2, End: e2}, {ID: 3, Start: s3, End: e3}}
		segs, hid := segmentText(body, cs)
		marked := markedText(t, body, segs)
		for _, c := range cs {
			if text, ok := marked[c.ID]; ok && text != body[c.Start:c.End] {
				t.Fatalf("claim %d marked as %q", c.ID, text)
			}
		}
		if len(marked)+len(hid) != len(cs) {
			t.Fatalf("%d marked + %d hidden, want %d", len(marked), len(hid), len(cs))
		}
	})
}
