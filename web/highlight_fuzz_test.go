package web

import (
	"strings"
	"testing"
	"unicode/utf8"

	"claimdesk/review"
)

// FuzzFindSpan: whatever a person types in the add-a-claim form, a span
// that comes back lies inside the text, on character boundaries, with no
// white space at either end; otherwise there is a message.
func FuzzFindSpan(f *testing.F) {
	body := "Inflation hit 7%. Inflation hit 7%. Jobs grew by 4,000 in Zürich.\nEnd."
	f.Add(body, "18", "35", "")
	f.Add(body, "", "", "Jobs grew")
	f.Add(body, "-1", "3", "x")
	f.Add("é", "0", "1", "")
	f.Fuzz(func(t *testing.T, body, start, end, quote string) {
		s, e, errs := findSpan(body, start, end, quote)
		if len(errs) > 0 {
			for k, m := range errs {
				if m == "" {
					t.Fatalf("empty message on %s", k)
				}
			}
			return
		}
		if s < 0 || e > len(body) || s >= e {
			t.Fatalf("span %d-%d outside a body of %d bytes", s, e, len(body))
		}
		if !boundary(body, s) || !boundary(body, e) {
			t.Fatalf("span %d-%d cuts a character", s, e)
		}
		if strings.TrimSpace(body[s:e]) == "" {
			t.Fatalf("span %d-%d holds only white space", s, e)
		}
	})
}

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
		var b strings.Builder
		marked := 0
		for _, sg := range segs {
			if sg.Start != b.Len() {
				t.Fatalf("segment starts at %d, want %d", sg.Start, b.Len())
			}
			b.WriteString(sg.Text)
			if sg.Claim != nil {
				marked++
				if sg.Text != body[sg.Claim.Start:sg.Claim.End] {
					t.Fatalf("claim %d marked as %q", sg.Claim.ID, sg.Text)
				}
			}
		}
		if b.String() != body {
			t.Fatalf("segments join to %q, want %q", b.String(), body)
		}
		if marked+len(hid) != len(cs) {
			t.Fatalf("%d marked + %d hidden, want %d", marked, len(hid), len(cs))
		}
	})
}
