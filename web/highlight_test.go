package web

import (
	"strings"
	"testing"

	"claimdesk/review"
)

// markedText joins, for each claim, the pieces it marks; and checks the
// pieces cover the body in order.
func markedText(t testing.TB, body string, segs []segment) map[int64]string {
	t.Helper()
	var b strings.Builder
	marked := map[int64]string{}
	for _, sg := range segs {
		if sg.Start != b.Len() {
			t.Fatalf("segment %q starts at %d, want %d", sg.Text, sg.Start, b.Len())
		}
		b.WriteString(sg.Text)
		for _, m := range sg.Marks {
			marked[m.Claim.ID] += sg.Text
		}
	}
	if b.String() != body {
		t.Fatalf("segments joined: got %q, want the body %q", b.String(), body)
	}
	return marked
}

func TestSegmentTextCoversTheBodyAndMarksEachClaim(t *testing.T) {
	body := "Prices rose 5% in Zürich. Rents fell 2%. Nothing else — “quoted” 3 times."
	at := func(s string) (int, int) {
		i := strings.Index(body, s)
		return i, i + len(s)
	}
	s1, e1 := at("Prices rose 5% in Zürich.")
	s2, e2 := at("Rents fell 2%.")
	s3, e3 := at("fell 2%. Nothing") // overlaps claim 2
	s4, e4 := at("“quoted”")
	s7, e7 := at("5% in Zürich") // nested in claim 1
	cs := []review.Claim{
		{ID: 2, Start: s2, End: e2, Status: review.StatusResearching, VerdictID: 4},
		{ID: 1, Start: s1, End: e1, Status: review.StatusNew},
		{ID: 3, Start: s3, End: e3, Status: review.StatusNew},
		{ID: 4, Start: s4, End: e4, Status: review.StatusDone, Candidate: true},
		{ID: 5, Start: 5, End: len(body) + 3, Status: review.StatusNew}, // past the end
		{ID: 6, Start: s4 + 1, End: e4, Status: review.StatusNew},       // inside a character
		{ID: 7, Start: s7, End: e7, Status: review.StatusDone, VerdictID: 1},
	}
	segs, hid := segmentText(body, cs)
	marked := markedText(t, body, segs)
	// Every claim that fits is drawn whole: nested (7 in 1) and
	// overlapping (3 over 2) alike.
	want := map[int64]string{1: body[s1:e1], 2: body[s2:e2], 3: body[s3:e3], 4: body[s4:e4], 7: body[s7:e7]}
	for id, text := range want {
		if marked[id] != text {
			t.Errorf("claim %d marked as %q, want %q", id, marked[id], text)
		}
	}
	gotHidden := map[int64]string{}
	for _, h := range hid {
		gotHidden[h.Claim.ID] = h.Reason
	}
	if len(gotHidden) != 2 || gotHidden[5] == "" || gotHidden[6] == "" {
		t.Errorf("hidden: got %v, want only claims 5 and 6 (their spans do not fit)", gotHidden)
	}
	firsts := map[int64]int{}
	for _, sg := range segs {
		for depth, m := range sg.Marks {
			if m.First {
				firsts[m.Claim.ID]++
			}
			if m.Claim.ID == 2 && !strings.HasPrefix(m.Class, "hl status-researching verdict-4 proposed") { // a proposed verdict: outlined
				t.Errorf("claim 2 class: got %q", m.Class)
			}
			if m.Claim.ID == 4 && !strings.Contains(m.Class, "candidate") {
				t.Errorf("candidate class missing: %q", m.Class)
			}
			if m.Claim.ID == 7 && (depth != 1 || sg.Marks[0].Claim.ID != 1 || !strings.Contains(m.Class, "nested")) {
				t.Errorf("claim 7 is drawn at depth %d in %+v, want nested inside claim 1", depth, sg.Marks)
			}
		}
	}
	for id := range want {
		if firsts[id] != 1 {
			t.Errorf("claim %d has %d first pieces (its link), want 1", id, firsts[id])
		}
	}
}

func TestSplitPoints(t *testing.T) {
	text := "Unemployment fell to 3.9%, and vacancies rose to 72,000."
	c := &review.Claim{Start: 100, End: 100 + len(text), Text: text}
	pts := splitPoints(c)
	if len(pts) == 0 {
		t.Fatal("no split points")
	}
	for i, p := range pts {
		local := p.At - c.Start
		if local <= 0 || local >= len(text) {
			t.Errorf("point %d at %d is not inside the claim", i, p.At)
		}
		if i > 0 && p.At <= pts[i-1].At {
			t.Errorf("points not in text order: %d after %d", p.At, pts[i-1].At)
		}
	}
	comma := strings.Index(text, ",") + 1
	found := false
	for _, p := range pts {
		found = found || p.At == c.Start+comma
	}
	if !found {
		t.Errorf("no split after the comma (want at %d): %+v", c.Start+comma, pts)
	}
}
