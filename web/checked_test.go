package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"claimdesk/review"
)

var webChecks = []review.NewFactCheck{
	{ClaimText: "Wind turbines kill more birds than any other human activity.", Title: "Turbines and birds", Rating: "Pants on Fire",
		Publisher: "Sample Meter", URL: "https://meter.example/birds", Published: "2021-08-30"},
	{ClaimText: "The 5G network spreads the coronavirus.", Title: "5G and the virus", Rating: "False",
		Publisher: "Sample Desk", URL: "https://desk.example/5g"},
}

func (e *testEnv) importChecks(t *testing.T) []review.FactCheckResult {
	t.Helper()
	res, err := e.store.ImportFactChecks(context.Background(), nil, webChecks)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestAPIMatch(t *testing.T) {
	env := newTestEnv(t)
	rita := env.createUser(t, "rita", review.RoleReviewer)
	tok := env.apiToken(t, "rita")
	res := env.importChecks(t)
	_, cs := env.importArticle(t, rita, "Wind turbines kill thousands of birds every year, the minister said.")
	env.matchAll(t)

	status, got := env.apiCall(t, "GET", "/api/v1/match?text="+url.QueryEscape(webChecks[0].ClaimText), tok, nil)
	if status != http.StatusOK || got["text"] != webChecks[0].ClaimText {
		t.Fatalf("GET /api/v1/match: %d %v", status, got)
	}
	ms, _ := got["matches"].([]any)
	if len(ms) < 2 {
		t.Fatalf("matches %v, want the fact-check and the claim", got)
	}
	first := ms[0].(map[string]any)
	if first["kind"] != "fact_check" || num(first["id"]) != res[0].ID || first["url"] != webChecks[0].URL ||
		first["rating"] != "Pants on Fire" || first["verdict"] != nil || first["status"] != nil {
		t.Errorf("first match %v, want the exact fact-check with its rating", first)
	}
	var claim map[string]any
	for _, m := range ms {
		obj := m.(map[string]any)
		for _, k := range []string{"kind", "id", "text", "score", "confident", "url", "rating", "verdict", "status"} {
			if _, ok := obj[k]; !ok {
				t.Errorf("match %v lacks %q", obj, k)
			}
		}
		if obj["kind"] == "claim" {
			claim = obj
		}
	}
	if claim == nil || num(claim["id"]) != cs[0].ID || claim["url"] != fmt.Sprintf("/claims/%d", cs[0].ID) || claim["status"] != "new" || claim["verdict"] != nil || claim["rating"] != nil {
		t.Errorf("claim match %v, want claim %d, its page, status new, null verdict and rating", claim, cs[0].ID)
	}
	if status, got := env.apiCall(t, "GET", "/api/v1/match?limit=1&text=birds", tok, nil); status != http.StatusOK || len(got["matches"].([]any)) != 1 {
		t.Errorf("limit 1: %d %v", status, got)
	}
	for _, q := range []string{"", "text=", "text=birds&limit=x", "text=birds&limit=1000"} {
		if status, got := env.apiCall(t, "GET", "/api/v1/match?"+q, tok, nil); status != http.StatusUnprocessableEntity {
			t.Errorf("GET /api/v1/match?%s: %d %v, want 422", q, status, got)
		}
	}
	if status, _ := env.apiCall(t, "GET", "/api/v1/match?text=birds", "", nil); status != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", status)
	}

	status, fc := env.apiCall(t, "GET", fmt.Sprintf("/api/v1/fact-checks/%d", res[1].ID), tok, nil)
	if status != http.StatusOK || fc["claim_text"] != webChecks[1].ClaimText || fc["rating"] != "False" || fc["publisher"] != "Sample Desk" || fc["url"] != webChecks[1].URL {
		t.Errorf("GET fact-check: %d %v", status, fc)
	}
	if status, _ := env.apiCall(t, "GET", "/api/v1/fact-checks/424242", tok, nil); status != http.StatusNotFound {
		t.Errorf("missing fact-check: %d, want 404", status)
	}
}

// The claim page shows a stored fact-check match as published outside
// the desk, with its rating and link, and offers the box to ask about
// any text; the box's page answers.
func TestClaimPageShowsFactChecks(t *testing.T) {
	env := newTestEnv(t)
	rita := env.createUser(t, "rita", review.RoleReviewer)
	env.importChecks(t)
	_, cs := env.importArticle(t, rita, "Wind turbines kill thousands of birds every year, the minister said.")
	env.matchAll(t)
	c := env.login(t, "rita")
	body := mustStatus(t, c.get(t, "/claims/"+idStr(cs[0].ID)), http.StatusOK)
	for _, want := range []string{`id="match-list"`, "Published fact-check", `href="https://meter.example/birds"`, "Pants on Fire",
		"Outside the desk", `id="match-ask"`, `action="/match"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the claim page lacks %s", want)
		}
	}
	body = mustStatus(t, c.get(t, "/match?text="+url.QueryEscape("Does 5G spread the coronavirus?")), http.StatusOK)
	if !strings.Contains(body, `id="match-results"`) || !strings.Contains(body, `href="https://desk.example/5g"`) || !strings.Contains(body, "outside the desk") {
		t.Errorf("the match page lacks the 5G fact-check:\n%s", trimPage(body))
	}
	// q= as the search page has it asks the same.
	body = mustStatus(t, c.get(t, "/match?q="+url.QueryEscape("Does 5G spread the coronavirus?")), http.StatusOK)
	if !strings.Contains(body, `href="https://desk.example/5g"`) || !strings.Contains(body, "Does 5G spread the coronavirus?</textarea>") {
		t.Errorf("the match page asked with q= lacks the 5G fact-check or the text in its box:\n%s", trimPage(body))
	}
	body = mustStatus(t, c.get(t, "/match?text="+url.QueryEscape("zebras")), http.StatusOK)
	if !strings.Contains(body, `id="match-empty"`) {
		t.Errorf("a text nothing shares words with: no empty message")
	}
	mustStatus(t, c.get(t, "/match?text=birds&limit=x"), http.StatusBadRequest)
}

// The search page says when it ranked results by any of the words, keeps
// that mode on its next page, and lists fact-checks as such; the API says
// it in any_words.
func TestSearchAnyWordsOverHTTP(t *testing.T) {
	env := newTestEnv(t)
	rita := env.createUser(t, "rita", review.RoleReviewer)
	tok := env.apiToken(t, "rita")
	env.importChecks(t)
	env.importArticle(t, rita, sampleArticle)
	c := env.login(t, "rita")
	body := mustStatus(t, c.get(t, "/search?q="+url.QueryEscape("wind turbines are killing all of our tomatoes")), http.StatusOK)
	for _, want := range []string{`id="search-any-words"`, "Published fact-check", `href="https://meter.example/birds"`, "Pants on Fire"} {
		if !strings.Contains(body, want) {
			t.Errorf("the search page lacks %s", want)
		}
	}
	body = mustStatus(t, c.get(t, "/search?q=turbines"), http.StatusOK)
	if strings.Contains(body, `id="search-any-words"`) {
		t.Error("a one-word search says it used any of the words")
	}
	status, got := env.apiCall(t, "GET", "/api/v1/search?q="+url.QueryEscape("inflation tomatoes"), tok, nil)
	if status != http.StatusOK || got["any_words"] != true || len(got["results"].([]any)) == 0 {
		t.Errorf("API search by any word: %d %v", status, got)
	}
	status, got = env.apiCall(t, "GET", "/api/v1/search?q=inflation", tok, nil)
	if status != http.StatusOK || got["any_words"] != false {
		t.Errorf("API search by one word: %d %v", status, got)
	}
}

// A published fact-check has a page of its own: the links of the
// "checked before?" page lead to it, it shows the claim, the rating and
// the publisher's link, escapes what the feed said, and an unknown one is
// a 404.
func TestFactCheckPage(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "rita", review.RoleReviewer)
	birds := env.importChecks(t)[0].ID // importChecks keeps the feed's order
	hostile := []review.NewFactCheck{{ClaimText: `A <script>alert(1)</script> cure works.`, Title: `<img src=x onerror=alert(1)>`,
		Rating: "False", Publisher: "Sample Desk", URL: "https://desk.example/cure"}}
	res, err := env.store.ImportFactChecks(context.Background(), nil, hostile)
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("import the hostile fact-check: %v %v", res, err)
	}
	c := env.login(t, "rita")
	body := mustStatus(t, c.get(t, "/match?text="+url.QueryEscape("Does 5G spread the coronavirus?")), http.StatusOK)
	if strings.Contains(body, `href="/api/v1/fact-checks/`) || !strings.Contains(body, `href="/fact-checks/`) {
		t.Errorf("the match page should link fact-checks to their page, not to the API:\n%s", trimPage(body))
	}
	body = mustStatus(t, c.get(t, "/fact-checks/"+idStr(birds)), http.StatusOK)
	for _, want := range []string{webChecks[0].ClaimText, "Pants on Fire", `href="https://meter.example/birds"`, "Sample Meter", "outside the desk"} {
		if !strings.Contains(body, want) {
			t.Errorf("the fact-check page lacks %q", want)
		}
	}
	body = mustStatus(t, c.get(t, "/fact-checks/"+idStr(res[0].ID)), http.StatusOK)
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("the fact-check page must show the feed's markup as text:\n%s", trimPage(body))
	}
	mustStatus(t, c.get(t, "/fact-checks/999999"), http.StatusNotFound)
}
