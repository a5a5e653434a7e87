package report

import (
	"fmt"
	"strings"
	"testing"
)

// TestCSVNeutralisesVerdictAndAssignee exports claims whose verdict and
// assignee begin with each character a spreadsheet reads as the start of a
// formula. Admins name the verdicts and people choose their own names, so
// both columns are user text like any other and must come out neutralised.
func TestCSVNeutralisesVerdictAndAssignee(t *testing.T) {
	tests := []struct{ name, verdict, assignee string }{
		{"equals", "=1+2", "=cmd|' /C calc'!A0"},
		{"plus", "+True", "+44 20 7946 0000"},
		{"minus", "-False", "-rita"},
		{"at", "@SUM(A1:A2)", "@ed"},
		{"tab", "\tMisleading", "\tjo"},
		{"carriage return", "\rUnproven", "\rkim"},
	}
	s := newStore(t)
	editor := exec(t, s, "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('ed', 'editor', 'x', ?, ?)", ts("001:00"), ts("001:00"))
	body := "Officials said exports rose 12 percent in a year."
	article := addArticle(t, s, fixtureArticle{title: "Exports", url: "https://news.example.com/exports",
		outlet: "Example News", published: "2026-11-20", body: body}, editor)
	want := map[string][2]string{} // claim id -> verdict, assignee cells
	for i, tt := range tests {
		exec(t, s, "INSERT INTO verdicts (name, rating, color, position) VALUES (?, 1, '#000000', ?)", tt.verdict, 100+i)
		user := exec(t, s, "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES (?, 'reviewer', 'x', ?, ?)",
			tt.assignee, ts("001:00"), ts("001:00"))
		id := addClaim(t, s, article, body, fixtureClaim{text: body, kind: "statistic", status: "researching",
			verdict: tt.verdict, assignee: user, score: 0.6})
		// The CSV writer (CRLF line ends) drops a lone carriage return, so
		// what must remain of "\rkim" is the quote in front of it.
		want[fmt.Sprint(id)] = [2]string{"'" + strings.ReplaceAll(tt.verdict, "\r", ""), "'" + strings.ReplaceAll(tt.assignee, "\r", "")}
	}

	recs, _ := readCSV(t, s, Filter{}, false)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	seen := 0
	for _, r := range recs[1:] {
		w, ok := want[r[col["claim_id"]]]
		if !ok {
			continue
		}
		seen++
		if got := r[col["verdict"]]; got != w[0] {
			t.Errorf("claim %s: verdict cell %q, want %q", r[col["claim_id"]], got, w[0])
		}
		if got := r[col["assignee"]]; got != w[1] {
			t.Errorf("claim %s: assignee cell %q, want %q", r[col["claim_id"]], got, w[1])
		}
	}
	if seen != len(tests) {
		t.Fatalf("the export has %d of the %d claims", seen, len(tests))
	}
}
