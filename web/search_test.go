package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"claimdesk/review"
)

func TestSearchPage(t *testing.T) {
	env := newTestEnv(t)
	rita := env.createUser(t, "rita", review.RoleReviewer)
	_, cs := env.importArticle(t, rita, "Fuel prices rose 12 percent in 2021 & <script>alert(1)</script> drivers paid more.")
	c := env.login(t, "rita")

	code, body := c.getBody(t, "/search?q=fuel")
	if code != http.StatusOK {
		t.Fatalf("status %d, want 200", code)
	}
	if !strings.Contains(body, `id="search-results"`) || !strings.Contains(body, `<mark>Fuel</mark>`) {
		t.Errorf("results with the hit marked missing:\n%s", body)
	}
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the article's markup was not escaped in the snippet")
	}
	if !strings.Contains(body, fmt.Sprintf(`href="/claims/%d"`, cs[0].ID)) {
		t.Errorf("no link to the claim #%d", cs[0].ID)
	}
	// Filters narrow; a status nobody has finds nothing.
	if _, body := c.getBody(t, "/search?q=fuel&status=done"); !strings.Contains(body, `id="search-empty"`) {
		t.Errorf("status=done should find nothing:\n%s", body)
	}
	// FTS5 syntax is read as words, never a 500.
	for _, q := range []string{`"fuel`, `fuel -`, `AND`, `*`, `NEAR(`, `fuel OR`, `text:fuel`, `"`, `-`, `(`, "\ue000"} {
		code, body := c.getBody(t, "/search?q="+url.QueryEscape(q))
		if code != http.StatusOK && code != http.StatusBadRequest {
			t.Errorf("q=%q: status %d, want 200 or 400 with a message", q, code)
		}
		if code == http.StatusBadRequest && !strings.Contains(body, `id="s-q-error"`) {
			t.Errorf("q=%q: 400 without a message next to the field", q)
		}
	}
	code, body = c.getBody(t, "/search?q=-")
	if code != http.StatusBadRequest || !strings.Contains(body, "type a word to search for") {
		t.Errorf("q=-: status %d, want 400 with a message", code)
	}
	code, body = c.getBody(t, "/search?q=fuel&since=yesterday")
	if code != http.StatusBadRequest || !strings.Contains(body, "YYYY-MM-DD") || !strings.Contains(body, `value="fuel"`) {
		t.Errorf("a bad date: status %d, want 400 keeping the words", code)
	}
	// The empty form.
	if code, body := c.getBody(t, "/search"); code != http.StatusOK || !strings.Contains(body, `id="search-form"`) || strings.Contains(body, "search-results") {
		t.Errorf("GET /search: %d", code)
	}
	// Logged out: to the login page.
	anon := env.newClient(t)
	if resp := anon.get(t, "/search?q=fuel"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("logged out: status %d, want 303 to login", resp.StatusCode)
	}
}

func TestAPISearch(t *testing.T) {
	env := newTestEnv(t)
	rita := env.createUser(t, "rita", review.RoleReviewer)
	_, cs := env.importArticle(t, rita, "Fuel prices rose 12 percent in 2021, drivers said.")
	tok := env.apiToken(t, "rita")
	get := func(q string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, env.url+"/api/v1/search?"+q, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp := env.newClient(t).do(t, req)
		return resp.StatusCode, readBody(t, resp)
	}
	code, body := get("q=" + url.QueryEscape(`"fuel prices`))
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	var got struct {
		Results []struct {
			Kind        string `json:"kind"`
			ID          int64  `json:"id"`
			Snippet     string `json:"snippet"`
			SnippetHTML string `json:"snippet_html"`
			Status      string `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	found := false
	for _, r := range got.Results {
		if r.Kind == "claim" && r.ID == cs[0].ID {
			found = true
			if r.Status != "new" || !strings.Contains(r.SnippetHTML, "<mark>Fuel</mark>") || r.Snippet != cs[0].Text {
				t.Errorf("result %+v", r)
			}
		}
	}
	if !found {
		t.Errorf("claim %d not in %s", cs[0].ID, body)
	}
	if code, body := get("q=zzzz"); code != http.StatusOK || strings.Join(strings.Fields(body), "") != `{"results":[],"any_words":false}` {
		t.Errorf("no hits: %d %s, want an empty list", code, body)
	}
	if code, body := get("q=" + url.QueryEscape("- *")); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"q"`) {
		t.Errorf("no words: %d %s, want 422 with a message on q", code, body)
	}
	if code, _ := get("q=fuel&status=closed"); code != http.StatusUnprocessableEntity {
		t.Errorf("bad status: %d, want 422", code)
	}
	req, _ := http.NewRequest(http.MethodGet, env.url+"/api/v1/search?q=fuel", nil)
	if resp := env.newClient(t).do(t, req); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", resp.StatusCode)
	}
}
