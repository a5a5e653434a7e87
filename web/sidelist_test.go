package web

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"claimdesk/review"
)

// TestArticleSideListShowsStatements: the article page's list of claims
// names each claim by its statement (the claim as checked), with the words
// as they stand in the text beneath; a claim whose statement is its text
// shows it once.
func TestArticleSideListShowsStatements(t *testing.T) {
	env, cs := claimEnv(t)
	ctx := context.Background()
	ed, err := env.store.UserByName(ctx, "eddie")
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	statement := "Unemployment fell to 4.2 percent in October 2026"
	if _, err := env.store.UpdateClaim(ctx, ed, c.ID, review.ClaimUpdate{Version: env.claim(t, c.ID).Version, Statement: &statement}); err != nil {
		t.Fatal(err)
	}
	same := cs[1]
	sameText := env.claim(t, same.ID).Text
	if _, err := env.store.UpdateClaim(ctx, ed, same.ID, review.ClaimUpdate{Version: env.claim(t, same.ID).Version, Statement: &sameText}); err != nil {
		t.Fatal(err)
	}
	page := mustStatus(t, env.login(t, "rita").get(t, "/articles/"+idStr(c.ArticleID)), http.StatusOK)
	item := func(id int64) string {
		m := regexp.MustCompile(`(?s)<li class="claim-item" id="side-` + idStr(id) + `">(.*?)</li>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the side list has no item for claim #%d", id)
		}
		return html.UnescapeString(m[1])
	}
	got := item(c.ID)
	link := regexp.MustCompile(`(?s)class="claim-link">(.*?)</a>`).FindStringSubmatch(got)
	if link == nil || link[1] != statement {
		t.Errorf("claim #%d's link reads %q, want its statement %q", c.ID, link, statement)
	}
	if !strings.Contains(got, "In the text: “"+c.Text+"”") {
		t.Errorf("claim #%d's item does not show its words in the text beneath:\n%s", c.ID, got)
	}
	if got := item(same.ID); strings.Count(got, sameText) != 1 {
		t.Errorf("claim #%d (statement = its text) shows it %d times, want once:\n%s", same.ID, strings.Count(got, sameText), got)
	}
}
