package web

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"claimdesk/review"
)

// exportHrefRe finds the export links of a list page.
var exportHrefRe = regexp.MustCompile(`href="(/export\?[^"]*format=csv[^"]*)"`)

// TestExportFollowsTheListsAssigneeFilter: the claims list's assignee=none
// (nobody assigned) and assignee=me reach the export as filters it takes,
// and the CSV holds exactly the claims the list shows.
func TestExportFollowsTheListsAssigneeFilter(t *testing.T) {
	e, _, cs, _ := exportEnv(t)
	ctx := context.Background()
	ed, err := e.store.UserByName(ctx, "ed")
	if err != nil {
		t.Fatal(err)
	}
	// One open claim assigned to ed; the others nobody's.
	var assigned int64
	for _, c := range cs {
		if !c.Candidate && c.Status == review.StatusNew {
			cur := e.claim(t, c.ID)
			name := "ed"
			if _, err := e.store.UpdateClaim(ctx, ed, c.ID, review.ClaimUpdate{Version: cur.Version, Assignee: &name}); err != nil {
				t.Fatal(err)
			}
			assigned = c.ID
			break
		}
	}
	if assigned == 0 {
		t.Fatal("no open claim to assign")
	}
	all, err := e.store.Claims(ctx, review.ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var unassigned []string
	for _, c := range all {
		if c.Assignee == "" {
			unassigned = append(unassigned, idStr(c.ID))
		}
	}
	sort.Strings(unassigned)
	client := e.login(t, "ed")
	for _, tt := range []struct {
		filter string
		want   []string
	}{
		{"none", unassigned},
		{"me", []string{idStr(assigned)}},
	} {
		t.Run(tt.filter, func(t *testing.T) {
			page := mustStatus(t, client.get(t, "/claims?assignee="+tt.filter), http.StatusOK)
			m := exportHrefRe.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("the claims list has no CSV export link")
			}
			href := html.UnescapeString(m[1])
			resp := client.get(t, href)
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200: %s", href, resp.StatusCode, trimPage(body))
			}
			rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows[1:] {
				got = append(got, r[0])
			}
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%s exported claims %v, want %v", href, got, tt.want)
			}
		})
	}
}
