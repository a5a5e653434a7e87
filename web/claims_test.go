package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"claimdesk/claims"
	"claimdesk/review"
)

// claimEnv is a server with a reviewer, a second reviewer and an editor,
// and the sample article imported.
func claimEnv(t *testing.T) (*testEnv, []review.Claim) {
	t.Helper()
	env := newTestEnv(t)
	ed := env.createUser(t, "eddie", review.RoleEditor)
	env.createUser(t, "rita", review.RoleReviewer)
	env.createUser(t, "rob", review.RoleReviewer)
	_, cs := env.importArticle(t, ed, sampleArticle)
	var open []review.Claim
	for _, c := range cs {
		if !c.Candidate {
			open = append(open, c)
		}
	}
	if len(open) < 2 {
		t.Fatalf("the sample article has %d claims, want 2 or more", len(open))
	}
	return env, open
}

func (e *testEnv) claim(t *testing.T, id int64) *review.Claim {
	t.Helper()
	c, err := e.store.Claim(context.Background(), id)
	if err != nil {
		t.Fatalf("claim %d: %v", id, err)
	}
	return c
}

func TestTwoSessionsSaveTheSameClaim(t *testing.T) {
	env, cs := claimEnv(t)
	path := "/claims/" + idStr(cs[0].ID)
	rita, rob := env.login(t, "rita"), env.login(t, "rob")
	vRita := claimVersion(t, mustStatus(t, rita.get(t, path), http.StatusOK))
	vRob := claimVersion(t, mustStatus(t, rob.get(t, path), http.StatusOK))
	if vRita != vRob {
		t.Fatalf("versions differ before any save: %s, %s", vRita, vRob)
	}
	mustStatus(t, rita.postForm(t, path, url.Values{"version": {vRita}, "status": {"researching"},
		"conclusion": {"Rita's finding: the 4.2 figure is right."}}), http.StatusSeeOther)

	robText := "Rob's finding: the ministry revised it to 4.4 percent."
	// Rob's form, as his browser sends it: he changed only the conclusion.
	body := mustStatus(t, rob.postForm(t, path, url.Values{"version": {vRob}, "status": {"new"}, "orig_status": {"new"},
		"verdict": {""}, "orig_verdict": {""}, "conclusion": {robText}, "orig_conclusion": {""},
		"note": {"checked the ministry"}}), http.StatusConflict)
	page := html.UnescapeString(body)
	for _, want := range []string{"Rita's finding: the 4.2 figure is right.", robText, "checked the ministry", "rita"} {
		if !strings.Contains(page, want) {
			t.Errorf("the conflict page lacks %q", want)
		}
	}
	got := env.claim(t, cs[0].ID)
	if got.Conclusion != "Rita's finding: the 4.2 figure is right." || got.Status != review.StatusResearching {
		t.Errorf("after the conflict: status %s, conclusion %q; want Rita's save kept", got.Status, got.Conclusion)
	}
	// The conflict page offers Rob's values against the new version: he
	// re-applies them from there and nothing of his is lost.
	m := regexp.MustCompile(`id="reapply-form"[\s\S]*?name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil || m[1] != idStr(got.Version) {
		t.Fatalf("no re-apply form at the current version %d: %v", got.Version, m)
	}
	if !strings.Contains(page, `<textarea id="reapply-conclusion" name="conclusion" rows="5">`+robText) {
		t.Errorf("the re-apply form does not hold Rob's conclusion")
	}
	// He left the status alone, so the re-apply form does not carry it
	// back over Rita's "researching".
	reapply := body[strings.Index(body, `id="reapply-form"`):]
	if strings.Contains(reapply, `name="status"`) {
		t.Errorf("the re-apply form carries a status Rob did not change")
	}
	mustStatus(t, rob.postForm(t, path, url.Values{"version": {m[1]}, "conclusion": {robText}, "note": {"checked the ministry"}}), http.StatusSeeOther)
	if got := env.claim(t, cs[0].ID); got.Conclusion != robText || got.Status != review.StatusResearching {
		t.Errorf("re-applied: status %s, conclusion %q; want researching (Rita's) and Rob's conclusion", got.Status, got.Conclusion)
	}
}

func TestSignOffThroughTheForms(t *testing.T) {
	env, cs := claimEnv(t)
	id := cs[0].ID
	path := "/claims/" + idStr(id)
	rita, eddie := env.login(t, "rita"), env.login(t, "eddie")
	version := func(c *client) string { return claimVersion(t, mustStatus(t, c.get(t, path), http.StatusOK)) }

	// The reviewer proposes a verdict and asks for review.
	mustStatus(t, rita.postForm(t, path, url.Values{"version": {version(rita)}, "status": {"needs_review"},
		"verdict": {"mostly true"}, "conclusion": {"The bureau's October release says 4.2%."}}), http.StatusSeeOther)
	if c := env.claim(t, id); c.Status != review.StatusNeedsReview || c.Verdict != "Mostly true" {
		t.Fatalf("after the proposal: %s %q", c.Status, c.Verdict)
	}
	// No evidence yet: the editor's sign-off is refused with a message.
	body := mustStatus(t, eddie.postForm(t, path, url.Values{"version": {version(eddie)}, "status": {"done"}}), http.StatusBadRequest)
	if !strings.Contains(body, `id="action-error"`) && !strings.Contains(body, "field-error") {
		t.Errorf("no message for a sign-off without evidence:\n%s", trimPage(body))
	}
	if c := env.claim(t, id); c.Status != review.StatusNeedsReview {
		t.Fatalf("signed off without evidence: %s", c.Status)
	}
	mustStatus(t, rita.postForm(t, path+"/evidence", url.Values{"url": {"https://stats.example.org/oct"}, "title": {"Labour force survey"},
		"publisher": {"Statistics Bureau"}, "accessed": {"2026-11-19"}, "stance": {"supports"}, "quote": {"4.2 percent"}}), http.StatusSeeOther)

	// The reviewer sees no sign-off button, and posting done is forbidden.
	if body := mustStatus(t, rita.get(t, path), http.StatusOK); strings.Contains(body, `id="signoff-form"`) {
		t.Errorf("a reviewer sees the sign-off button")
	}
	mustStatus(t, rita.postForm(t, path, url.Values{"version": {version(rita)}, "status": {"done"}}), http.StatusForbidden)
	if c := env.claim(t, id); c.Status != review.StatusNeedsReview {
		t.Fatalf("a reviewer signed off: %s", c.Status)
	}
	// The editor signs off.
	body = mustStatus(t, eddie.get(t, path), http.StatusOK)
	if !strings.Contains(body, "Sign off as done") {
		t.Fatalf("the editor sees no sign-off button")
	}
	mustStatus(t, eddie.postForm(t, path, url.Values{"version": {version(eddie)}, "status": {"done"}}), http.StatusSeeOther)
	c := env.claim(t, id)
	if c.Status != review.StatusDone || c.SignedOffBy != "eddie" {
		t.Fatalf("after the sign-off: status %s, signed off by %q", c.Status, c.SignedOffBy)
	}
	// Reopening needs a reason and an editor.
	mustStatus(t, rita.postForm(t, path, url.Values{"version": {idStr(c.Version)}, "status": {"researching"}, "note": {"new data"}}), http.StatusForbidden)
	mustStatus(t, eddie.postForm(t, path, url.Values{"version": {idStr(c.Version)}, "status": {"researching"}}), http.StatusBadRequest)
	mustStatus(t, eddie.postForm(t, path, url.Values{"version": {idStr(c.Version)}, "status": {"researching"}, "note": {"the bureau revised it"}}), http.StatusSeeOther)
	if c := env.claim(t, id); c.Status != review.StatusResearching {
		t.Errorf("after the reopen: %s", c.Status)
	}
}

func TestClaimPageShowsWorkAndRefusesBadEvidence(t *testing.T) {
	env, cs := claimEnv(t)
	id := cs[0].ID
	path := "/claims/" + idStr(id)
	rita := env.login(t, "rita")
	bad := []struct {
		name string
		form url.Values
		msg  string
	}{
		{"javascript URL", url.Values{"url": {"javascript:alert(1)"}, "stance": {"supports"}}, "http://"},
		{"no URL", url.Values{"url": {""}, "stance": {"refutes"}}, "http://"},
		{"data URL", url.Values{"url": {"data:text/html,hi"}, "stance": {"refutes"}}, "http://"},
		{"bad stance", url.Values{"url": {"https://example.org/x"}, "stance": {"agrees"}}, ""},
		{"no stance", url.Values{"url": {"https://example.org/x"}, "stance": {""}}, "Choose the stance"},
	}
	// No stance is chosen for the reviewer: the empty choice is selected.
	page := mustStatus(t, rita.get(t, path), http.StatusOK)
	if !strings.Contains(page, `<option value="" selected>choose…</option><option value="supports">`) || strings.Contains(page, `<option value="supports" selected>`) {
		t.Errorf("the evidence form chooses a stance by default")
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			body := mustStatus(t, rita.postForm(t, path+"/evidence", b.form), http.StatusBadRequest)
			if !strings.Contains(body, `id="evidence-form"`) || !strings.Contains(body, "field-error") {
				t.Errorf("the evidence form did not come back with a message")
			}
			if b.msg != "" && !strings.Contains(body, b.msg) {
				t.Errorf("no message %q", b.msg)
			}
			ev, _ := env.store.Evidence(context.Background(), id)
			if len(ev) != 0 {
				t.Errorf("evidence stored: %d", len(ev))
			}
		})
	}
	mustStatus(t, rita.postForm(t, path+"/evidence", url.Values{"url": {"https://stats.example.org/oct?a=1&b=2"}, "title": {"<b>Survey</b>"},
		"stance": {"refutes"}, "quote": {"4.4 percent"}}), http.StatusSeeOther)
	mustStatus(t, rita.postForm(t, path+"/comments", url.Values{"body": {"Asked the bureau <script>x</script>"}}), http.StatusSeeOther)
	mustStatus(t, rita.postForm(t, path+"/comments", url.Values{"body": {"  "}}), http.StatusBadRequest)
	body := mustStatus(t, rita.get(t, path), http.StatusOK)
	for _, want := range []string{
		`href="https://stats.example.org/oct?a=1&amp;b=2" rel="noopener noreferrer nofollow"`,
		"&lt;b&gt;Survey&lt;/b&gt;", "refutes", "4.4 percent",
		"Asked the bureau &lt;script&gt;x&lt;/script&gt;",
		`id="history"`, `id="claim-context"`, `id="claim-form"`, `id="keys-dialog"`,
		`<option value="https://stats.example.org/oct?a=1&amp;b=2">`, // the source library, offered as one types
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the claim page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>x") {
		t.Errorf("a comment's markup came through")
	}
	// The context shows the claim's own text, marked.
	if !strings.Contains(html.UnescapeString(body), cs[0].Text) {
		t.Errorf("the claim text is not on its page")
	}
}

func TestDismissNeedsAReason(t *testing.T) {
	env, cs := claimEnv(t)
	id := cs[1].ID
	path := "/claims/" + idStr(id)
	rita := env.login(t, "rita")
	v := claimVersion(t, mustStatus(t, rita.get(t, path), http.StatusOK))
	body := mustStatus(t, rita.postForm(t, path, url.Values{"version": {v}, "status": {"dismissed"}, "note": {""}}), http.StatusBadRequest)
	if !strings.Contains(body, `id="action-error"`) {
		t.Errorf("no message for a dismissal without a reason")
	}
	if c := env.claim(t, id); c.Status == review.StatusDismissed {
		t.Fatalf("dismissed without a reason")
	}
	// From the article page's side list, with the way back.
	resp := rita.postForm(t, path, url.Values{"version": {v}, "status": {"dismissed"}, "note": {"an opinion"}, "back": {"/articles/1"}})
	mustStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/articles/1" {
		t.Errorf("Location: got %q, want /articles/1", loc)
	}
	if c := env.claim(t, id); c.Status != review.StatusDismissed || c.DismissReason != "an opinion" || c.DismissCode != "other" {
		t.Errorf("after dismissing with a note alone: %s %q %q, want dismissed as other with the note", c.Status, c.DismissCode, c.DismissReason)
	}
	// Another site is never a way back.
	c := env.claim(t, id)
	resp = rita.postForm(t, path, url.Values{"version": {idStr(c.Version)}, "status": {"new"}, "note": {"it is a claim"}, "back": {"//evil.example"}})
	mustStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != path {
		t.Errorf("Location: got %q, want %q", loc, path)
	}
}

// TestDismissWithACode: the dismiss form takes a code and free text; other
// needs the text, the other codes do not; an unknown code is refused; the
// claim page and its history say the code in words.
func TestDismissWithACode(t *testing.T) {
	env, cs := claimEnv(t)
	id := cs[2].ID
	path := "/claims/" + idStr(id)
	rita := env.login(t, "rita")
	page := mustStatus(t, rita.get(t, path), http.StatusOK)
	for _, want := range []string{`name="dismiss_code"`, `<option value="opinion">Opinion</option>`, `<option value="not_checkable">Not checkable</option>`, `name="dismiss_reason"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the dismiss form lacks %q", want)
		}
	}
	v := claimVersion(t, page)
	for _, tc := range []struct{ code, reason, field string }{
		{"other", "", "required with other"},
		{"pants", "x", "not a reason to dismiss"},
		{"", "", "choose why the claim is dismissed"},
	} {
		body := mustStatus(t, rita.postForm(t, path, url.Values{"version": {v}, "status": {"dismissed"}, "dismiss_code": {tc.code}, "dismiss_reason": {tc.reason}}), http.StatusBadRequest)
		if !strings.Contains(strings.ToLower(html.UnescapeString(body)), tc.field) {
			t.Errorf("code %q reason %q: the page does not say %q", tc.code, tc.reason, tc.field)
		}
		if c := env.claim(t, id); c.Status == review.StatusDismissed {
			t.Fatalf("code %q reason %q: dismissed", tc.code, tc.reason)
		}
	}
	mustStatus(t, rita.postForm(t, path, url.Values{"version": {v}, "status": {"dismissed"}, "dismiss_code": {"opinion"}, "dismiss_reason": {""}}), http.StatusSeeOther)
	c := env.claim(t, id)
	if c.Status != review.StatusDismissed || c.DismissCode != "opinion" || c.DismissReason != "" {
		t.Fatalf("after dismissing as opinion: %s %q %q", c.Status, c.DismissCode, c.DismissReason)
	}
	page = html.UnescapeString(mustStatus(t, rita.get(t, path), http.StatusOK))
	for _, want := range []string{"<strong>Opinion</strong>", `dismissed it as <span class="to">Opinion</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the dismissed claim's page lacks %q", want)
		}
	}
}

func TestAssignRulesThroughTheForm(t *testing.T) {
	env, cs := claimEnv(t)
	id := cs[0].ID
	path := "/claims/" + idStr(id)
	rita, rob, eddie := env.login(t, "rita"), env.login(t, "rob"), env.login(t, "eddie")
	v := claimVersion(t, mustStatus(t, rita.get(t, path), http.StatusOK))
	mustStatus(t, rita.postForm(t, path, url.Values{"version": {v}, "assignee": {"me"}}), http.StatusSeeOther)
	if c := env.claim(t, id); c.Assignee != "rita" {
		t.Fatalf("assignee: got %q, want rita", c.Assignee)
	}
	// Rob may not take Rita's claim; the editor may give it to him.
	c := env.claim(t, id)
	mustStatus(t, rob.postForm(t, path, url.Values{"version": {idStr(c.Version)}, "assignee": {"me"}}), http.StatusForbidden)
	mustStatus(t, eddie.postForm(t, path, url.Values{"version": {idStr(c.Version)}, "assignee": {"rob"}}), http.StatusSeeOther)
	if c := env.claim(t, id); c.Assignee != "rob" {
		t.Fatalf("assignee: got %q, want rob", c.Assignee)
	}
	// Rob's queue starts with it, and the claim page moves in queue order.
	body := mustStatus(t, rob.get(t, "/queue"), http.StatusOK)
	if !strings.Contains(body, `href="/claims/`+idStr(id)+`?from=queue" rel="next"`) {
		t.Errorf("the queue does not start with rob's claim:\n%s", trimPage(body))
	}
	body = mustStatus(t, rob.get(t, path+"?from=queue"), http.StatusOK)
	if !strings.Contains(body, `rel="next"`) {
		t.Errorf("no next link in queue order")
	}
}

func TestClaimListFilters(t *testing.T) {
	env, cs := claimEnv(t)
	eddie := env.login(t, "eddie")
	body := mustStatus(t, eddie.get(t, "/claims"), http.StatusOK)
	for _, c := range cs {
		if !strings.Contains(body, `href="/claims/`+idStr(c.ID)+`"`) {
			t.Errorf("claim %d not listed", c.ID)
		}
	}
	if !strings.Contains(body, `<form method="post" action="/claims/bulk" id="bulk-form">`) || !strings.Contains(body, `name="ids" value="`+idStr(cs[0].ID)+`"`) {
		t.Errorf("no bulk form with checkboxes")
	}
	body = mustStatus(t, eddie.get(t, "/claims?status=done&verdict=False"), http.StatusOK)
	if strings.Contains(body, `href="/claims/`+idStr(cs[0].ID)+`"`) {
		t.Errorf("a new claim listed under status=done")
	}
	if !strings.Contains(body, "/export?format=csv&amp;status=done&amp;verdict=False") {
		t.Errorf("export link without the filters")
	}
	for _, q := range []string{"status=finished", "verdict=Bogus", "assignee=nobody-here", "article=x", "article=999"} {
		mustStatus(t, eddie.get(t, "/claims?"+q), http.StatusBadRequest)
	}
}

func TestEvidenceRemoveCommentsAndSaveAndNext(t *testing.T) {
	env, cs := claimEnv(t)
	rita := env.login(t, "rita")
	path := "/claims/" + idStr(cs[0].ID)
	other := "/claims/" + idStr(cs[1].ID)
	mustStatus(t, rita.postForm(t, path+"/evidence", url.Values{"url": {"https://example.org/a"}, "stance": {"supports"}}), http.StatusSeeOther)
	ev, err := env.store.Evidence(context.Background(), cs[0].ID)
	if err != nil || len(ev) != 1 {
		t.Fatalf("evidence: %v %v", ev, err)
	}
	// Evidence is removed only through its own claim.
	mustStatus(t, rita.postForm(t, other+"/evidence/"+idStr(ev[0].ID)+"/remove", nil), http.StatusNotFound)
	mustStatus(t, rita.postForm(t, path+"/evidence/"+idStr(ev[0].ID)+"/remove", nil), http.StatusSeeOther)
	if ev, _ := env.store.Evidence(context.Background(), cs[0].ID); len(ev) != 0 {
		t.Errorf("evidence after removing: %d", len(ev))
	}
	// Save and next moves on in article order.
	v := claimVersion(t, mustStatus(t, rita.get(t, path), http.StatusOK))
	resp := rita.postForm(t, path, url.Values{"version": {v}, "status": {"researching"}, "then": {"next"}})
	mustStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/claims/") || loc == path {
		t.Errorf("save and next led to %q, want another claim", loc)
	}
	// Unknown claims are 404 pages.
	mustStatus(t, rita.get(t, "/claims/999999"), http.StatusNotFound)
	mustStatus(t, rita.get(t, "/articles/999999"), http.StatusNotFound)
}

func TestClaimPageShowsCheckedBefore(t *testing.T) {
	env := newTestEnv(t)
	u := env.createUser(t, "rita", review.RoleReviewer)
	env.importArticle(t, u, sampleArticle)
	ctx := context.Background()
	b, _, err := env.store.ImportArticle(ctx, u, review.NewArticle{Title: "Second",
		Text: "The minister said unemployment fell to 4.2 percent in October, the lowest level since 2008.\n\nThe weather was fine."})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := env.store.Claims(ctx, review.ClaimFilter{ArticleID: b.ID})
	if err != nil || len(cs) == 0 {
		t.Fatalf("claims of the second article: %v %v", cs, err)
	}
	env.matchAll(t)
	ms, err := env.store.Matches(ctx, cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatalf("the same sentence in two articles gave no match")
	}
	c := env.login(t, "rita")
	body := mustStatus(t, c.get(t, "/claims/"+idStr(cs[0].ID)), http.StatusOK)
	for _, want := range []string{`id="match-list"`, `href="/claims/` + idStr(ms[0].OtherID) + `"`,
		`action="/claims/` + idStr(cs[0].ID) + `/matches/` + idStr(ms[0].ID) + `/confirm"`,
		`action="/claims/` + idStr(cs[0].ID) + `/matches/` + idStr(ms[0].ID) + `/reject"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the claim page lacks %s", want)
		}
	}
}

// TestClaimPageFramesTheScore: the score comes with the threshold, and the
// reasons are grouped in a reader's words, without function words alone.
func TestClaimPageFramesTheScore(t *testing.T) {
	env, cs := claimEnv(t)
	rita := env.login(t, "rita")
	page := html.UnescapeString(mustStatus(t, rita.get(t, "/claims/"+idStr(cs[0].ID)), http.StatusOK))
	threshold := strconv.FormatFloat(env.store.Threshold(), 'f', 2, 64)
	if !strings.Contains(page, "a claim from "+threshold+"; under it, a candidate") {
		t.Errorf("the claim page does not show the threshold %s", threshold)
	}
	if !strings.Contains(page, "<th scope=\"col\">Reason</th>") {
		t.Fatalf("no table of reasons")
	}
	groups := claims.GroupReasons(cs[0].Reasons)
	if len(groups) == 0 {
		t.Fatalf("claim %d has no reasons to show", cs[0].ID)
	}
	for _, g := range groups {
		if !strings.Contains(page, "<td>"+g.Label+"<div") {
			t.Errorf("the reason %q is not shown", g.Label)
		}
	}
	for _, hidden := range []string{`first word "the"`, `word "the"`, `letters "`} {
		if strings.Contains(page, hidden) {
			t.Errorf("the page shows %s", hidden)
		}
	}
}

// TestClaimListPagesByCursor walks the claims list by its rel=next links
// (cursors, not page numbers) and back by rel=prev, as a browser without
// JavaScript would, and checks every claim comes once in the store's order.
func TestClaimListPagesByCursor(t *testing.T) {
	env, _ := claimEnv(t)
	old := claimsPerPage
	claimsPerPage = 1
	t.Cleanup(func() { claimsPerPage = old })
	all, err := env.store.Claims(context.Background(), review.ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 3 {
		t.Fatalf("%d claims; the test needs 3 to make three pages", len(all))
	}
	rita := env.login(t, "rita")
	link := regexp.MustCompile(`<a href="([^"]+)" rel="(next|prev)">`)
	idRE := regexp.MustCompile(`<input type="checkbox" name="ids" value="(\d+)"`)
	links := func(page string) map[string]string {
		out := map[string]string{}
		for _, m := range link.FindAllStringSubmatch(page, -1) {
			out[m[2]] = html.UnescapeString(m[1])
		}
		return out
	}
	var walked []string
	var pages []string
	path := "/claims"
	for path != "" {
		page := mustStatus(t, rita.get(t, path), http.StatusOK)
		pages = append(pages, path)
		ids := idRE.FindAllStringSubmatch(page, -1)
		if len(ids) != 1 {
			t.Fatalf("%s lists %d claims, want 1", path, len(ids))
		}
		for _, m := range ids {
			walked = append(walked, m[1])
		}
		if strings.Contains(path, "page=") || (len(pages) > 1 && !strings.Contains(path, "after=")) {
			t.Errorf("the next link %q is not a cursor", path)
		}
		path = links(page)["next"]
	}
	var want []string
	for _, c := range all {
		want = append(want, idStr(c.ID))
	}
	if strings.Join(walked, " ") != strings.Join(want, " ") {
		t.Errorf("walking rel=next gives %v, want %v", walked, want)
	}
	// From the last page, rel=prev leads back to the first.
	path = pages[len(pages)-1]
	var back []string
	for {
		page := mustStatus(t, rita.get(t, path), http.StatusOK)
		var ids []string
		for _, m := range idRE.FindAllStringSubmatch(page, -1) {
			ids = append(ids, m[1])
		}
		back = append(ids, back...)
		prev, ok := links(page)["prev"]
		if !ok {
			break
		}
		path = prev
	}
	if strings.Join(back, " ") != strings.Join(want, " ") {
		t.Errorf("walking rel=prev gives %v, want %v", back, want)
	}
	if code, body := rita.getBody(t, "/claims?after=nonsense"); code != http.StatusBadRequest || !strings.Contains(body, "is not a place in the list") {
		t.Errorf("a bad cursor: got %d, want 400 with a sentence", code)
	}
}
