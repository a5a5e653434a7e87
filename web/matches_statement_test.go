package web

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"

	"claimdesk/review"
)

// TestMatchShowsStatement: a stored match on the claim page names the other
// claim by its statement, with its span beside it as context.
func TestMatchShowsStatement(t *testing.T) {
	env := newTestEnv(t)
	rita := env.createUser(t, "rita", review.RoleReviewer)
	_, old := env.importArticle(t, rita, "Unemployment in Ohio rose 10 percent in 2020, the governor said.")
	env.now.Advance(3600e9)
	_, cs := env.importArticle(t, rita, "In 2020 unemployment in Ohio increased by 10%, the governor said.")
	env.matchAll(t)
	ctx := context.Background()
	if ms, err := env.store.Matches(ctx, cs[0].ID); err != nil || len(ms) != 1 || ms[0].OtherID != old[0].ID {
		t.Fatalf("matches %+v, %v; want one with claim %d", ms, err, old[0].ID)
	}
	statement := "Ohio's unemployment <rose> 10% in 2020"
	cur := env.claim(t, old[0].ID)
	if _, err := env.store.UpdateClaim(ctx, rita, cur.ID, review.ClaimUpdate{Version: cur.Version, Statement: &statement}); err != nil {
		t.Fatal(err)
	}
	_, body := env.login(t, "rita").getBody(t, fmt.Sprintf("/claims/%d", cs[0].ID))
	i := strings.Index(body, `id="match-list"`)
	if i < 0 {
		t.Fatalf("no match list:\n%s", trimPage(body))
	}
	list := body[i:]
	list = list[:strings.Index(list, "</ul>")]
	if !strings.Contains(list, fmt.Sprintf(`<a href="/claims/%d">%s</a>`, old[0].ID, html.EscapeString(statement))) {
		t.Errorf("the match is not named by the other claim's statement:\n%s", list)
	}
	if !strings.Contains(html.UnescapeString(list), "As it appeared: “"+old[0].Text+"”") {
		t.Errorf("the match does not show the other claim's span as context:\n%s", list)
	}
}
