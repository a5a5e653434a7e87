package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"claimdesk/review"
)

// TestReviewPageRoute: the claim page offers a done claim's review page to
// those allowed to export; the route serves it (or downloads it), sends a
// claim the ClaimReview check refuses to the check page, and refuses a
// claim that is not done and a reviewer.
func TestReviewPageRoute(t *testing.T) {
	e, _, cs, done := exportEnv(t)
	ed, rita := e.login(t, "ed"), e.login(t, "rita")
	path := "/claims/" + idStr(done.ID) + "/review"

	// No settings yet: the check refuses, and says so on the check page.
	resp := ed.get(t, path)
	readBody(t, resp)
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/export/check?claim="+idStr(done.ID) {
		t.Fatalf("failing claim: status %d to %q, want 303 to its check", resp.StatusCode, loc)
	}
	status, page := ed.getBody(t, "/export/check?claim="+idStr(done.ID))
	if status != http.StatusOK || !strings.Contains(page, "review page cannot be published yet") || !strings.Contains(page, "org.name is not set") {
		t.Errorf("check page of the claim: status %d:\n%s", status, trimPage(page))
	}

	ctx := context.Background()
	for k, v := range map[string]string{"org.name": "Example Fact Check", "org.url": "https://factcheck.example.org",
		"publish.base_url": "https://factcheck.example.org/checks/"} {
		if err := e.store.SetSetting(ctx, nil, k, v); err != nil {
			t.Fatal(err)
		}
	}
	_, claimPage := ed.getBody(t, "/claims/"+idStr(done.ID))
	if !strings.Contains(claimPage, `href="`+path+`" class="button" id="review-page"`) {
		t.Errorf("the done claim's page has no review page button:\n%s", trimPage(claimPage))
	}
	resp = ed.get(t, path)
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || resp.Header.Get("Content-Disposition") != "" {
		t.Fatalf("review page: status %d, type %q, disposition %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q, want one that loads and runs nothing", csp)
	}
	cur, _ := e.store.Claim(ctx, done.ID)
	for _, want := range []string{cur.Statement, "<strong>False</strong>", "The official figures say otherwise.", "Official figures"} {
		if !strings.Contains(body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	const open = `<script type="application/ld+json">`
	i, j := strings.Index(body, open), strings.Index(body, "</script>")
	var doc map[string]any
	if i < 0 || j < i || json.Unmarshal([]byte(body[i+len(open):j]), &doc) != nil || doc["claimReviewed"] != cur.Statement {
		t.Errorf("the page's JSON-LD does not parse or names another claim")
	}
	resp = ed.get(t, path+"?download=1")
	readBody(t, resp)
	if got := resp.Header.Get("Content-Disposition"); got != `attachment; filename=review-claim-`+idStr(done.ID)+`.html` {
		t.Errorf("download: disposition %q", got)
	}
	resp = ed.get(t, "/export?format=review&claim="+idStr(done.ID))
	readBody(t, resp)
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != path+"?download=1" {
		t.Errorf("/export?format=review: status %d to %q", resp.StatusCode, loc)
	}

	// A reviewer may not export; a claim that is not done has no page.
	if status, _ := rita.getBody(t, path); status != http.StatusForbidden {
		t.Errorf("reviewer: status %d, want 403", status)
	}
	if _, p := rita.getBody(t, "/claims/"+idStr(done.ID)); strings.Contains(p, `id="review-page"`) {
		t.Error("the review page button is offered to a reviewer")
	}
	var open2 *review.Claim
	for i := range cs {
		if !cs[i].Candidate && cs[i].ID != done.ID {
			open2 = &cs[i]
			break
		}
	}
	if open2 == nil {
		t.Fatal("no open claim")
	}
	status, page = ed.getBody(t, "/claims/"+idStr(open2.ID)+"/review")
	if status != http.StatusConflict || !strings.Contains(page, "not done") {
		t.Errorf("open claim: status %d, want 409 saying it is not done:\n%s", status, trimPage(page))
	}
	if _, p := ed.getBody(t, "/claims/"+idStr(open2.ID)); strings.Contains(p, `id="review-page"`) {
		t.Error("an open claim offers a review page")
	}
	if status, _ := ed.getBody(t, "/export?format=review"); status != http.StatusBadRequest {
		t.Errorf("/export?format=review with no claim: status %d, want 400", status)
	}
}

// TestClaimListExportsKeepClaimant: the claims list filtered by claimant
// links exports of that claimant's claims only.
func TestClaimListExportsKeepClaimant(t *testing.T) {
	e, _, _, done := exportEnv(t)
	ed := e.login(t, "ed")
	ctx := context.Background()
	cur, _ := e.store.Claim(ctx, done.ID)
	name := "Ann Example"
	edUser, err := e.store.UserByName(ctx, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if cur, err = e.store.UpdateClaim(ctx, edUser, done.ID, review.ClaimUpdate{Version: cur.Version, ClaimantName: &name}); err != nil {
		t.Fatal(err)
	}
	status, page := ed.getBody(t, "/claims?claimant="+idStr(cur.ClaimantID))
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	href := "/export?claimant=" + idStr(cur.ClaimantID) + "&amp;format=json"
	if !strings.Contains(page, href) {
		t.Fatalf("the export links drop the claimant filter (want %q):\n%s", href, trimPage(page))
	}
	status, body := ed.getBody(t, "/export?claimant="+idStr(cur.ClaimantID)+"&format=csv")
	if status != http.StatusOK {
		t.Fatalf("export: status %d", status)
	}
	if n := strings.Count(strings.TrimSpace(body), "\n"); n != 1 {
		t.Errorf("the claimant's export has %d rows, want 1 (the claimant's one claim):\n%s", n, body)
	}
	status, body = ed.getBody(t, "/export?claimant=99999&format=csv")
	if status != http.StatusBadRequest || !strings.Contains(body, "no claimant 99999") {
		t.Errorf("unknown claimant: status %d", status)
	}
}
