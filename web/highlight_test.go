package web

import (
	"strings"
	"testing"

	"claimdesk/review"
)

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
	cs := []review.Claim{
		{ID: 2, Start: s2, End: e2, Status: review.StatusResearching, VerdictID: 4},
		{ID: 1, Start: s1, End: e1, Status: review.StatusNew},
		{ID: 3, Start: s3, End: e3, Status: review.StatusNew},
		{ID: 4, Start: s4, End: e4, Status: review.StatusDone, Candidate: true},
		{ID: 5, Start: 5, End: len(body) + 3, Status: review.StatusNew}, // past the end
		{ID: 6, Start: s4 + 1, End: e4, Status: review.StatusNew},       // inside a character
	}
	segs, hid := segmentText(body, cs)

	var b strings.Builder
	pos := 0
	marked := map[int64]string{}
	for _, sg := range segs {
		if sg.Start != pos {
			t.Errorf("segment %q starts at %d, want %d", sg.Text, sg.Start, pos)
		}
		b.WriteString(sg.Text)
		pos += len(sg.Text)
		if sg.Claim != nil {
			marked[sg.Claim.ID] = sg.Text
		}
	}
	if b.String() != body {
		t.Errorf("segments joined: got %q, want the body %q", b.String(), body)
	}
	want := map[int64]string{1: body[s1:e1], 2: body[s2:e2], 4: body[s4:e4]}
	for id, text := range want {
		if marked[id] != text {
			t.Errorf("claim %d marked as %q, want %q", id, marked[id], text)
		}
	}
	gotHidden := map[int64]string{}
	for _, h := range hid {
		gotHidden[h.Claim.ID] = h.Reason
	}
	for _, id := range []int64{3, 5, 6} {
		if gotHidden[id] == "" {
			t.Errorf("claim %d: not listed as hidden (hidden: %v)", id, gotHidden)
		}
	}
	if !strings.Contains(gotHidden[3], "#2") {
		t.Errorf("overlap reason %q does not name claim #2", gotHidden[3])
	}
	for _, sg := range segs {
		if sg.Claim != nil && sg.Claim.ID == 2 && sg.Class != "hl status-researching verdict-4 proposed" { // a proposed verdict: outlined
			t.Errorf("claim 2 class: got %q", sg.Class)
		}
		if sg.Claim != nil && sg.Claim.ID == 4 && !strings.Contains(sg.Class, "candidate") {
			t.Errorf("candidate class missing: %q", sg.Class)
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
