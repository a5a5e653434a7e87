package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"claimdesk/review"
)

// demoText is the project's sample article: real news text with claims.
func demoText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../cmd/claimdesk/demo/article.txt")
	if err != nil {
		t.Fatalf("read the sample article: %v", err)
	}
	return string(b)
}

// apiCall sends a request to the API with an optional token and body and
// returns the status and the decoded JSON object.
func (e *testEnv) apiCall(t *testing.T, method, path, token string, body []byte) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, e.url+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s %s: Content-Type %q, want JSON", method, path, ct)
	}
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: answer is not a JSON object: %v", method, path, err)
	}
	return resp.StatusCode, out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

func TestAPIAuth(t *testing.T) {
	env := newTestEnv(t)
	admin := env.createUser(t, "root", review.RoleAdmin)
	ada := env.createUser(t, "ada", review.RoleReviewer)
	tok := env.apiToken(t, "ada")

	for _, tc := range []struct {
		name, header string
	}{
		{"no token", ""},
		{"bad token", "Bearer cd_not-a-token"},
		{"wrong scheme", "Basic " + tok},
		{"empty bearer", "Bearer "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", env.url+"/api/v1/articles", nil)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var body map[string]any
			json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if got, want := resp.StatusCode, http.StatusUnauthorized; got != want {
				t.Fatalf("status %d, want %d", got, want)
			}
			if msg, _ := body["error"].(string); msg == "" {
				t.Errorf("no error message in %v", body)
			}
		})
	}

	if st, _ := env.apiCall(t, "GET", "/api/v1/articles", tok, nil); st != http.StatusOK {
		t.Fatalf("a good token: status %d, want 200", st)
	}

	t.Run("browser session for reads only", func(t *testing.T) {
		c := env.login(t, "ada")
		if st, _ := c.getBody(t, "/api/v1/articles"); st != http.StatusOK {
			t.Errorf("GET with a session: status %d, want 200", st)
		}
		req, _ := http.NewRequest("POST", env.url+"/api/v1/articles", strings.NewReader(`{"text":"The sky is green, the minister said."}`))
		req.Header.Set("Origin", env.url)
		resp := c.do(t, req)
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusUnauthorized; got != want {
			t.Errorf("POST with only a session: status %d, want %d", got, want)
		}
	})

	t.Run("disabled user's token", func(t *testing.T) {
		if err := env.store.SetUserDisabled(context.Background(), admin, ada.ID, true); err != nil {
			t.Fatal(err)
		}
		if st, _ := env.apiCall(t, "GET", "/api/v1/articles", tok, nil); st != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", st)
		}
	})
}

func TestAPIArticles(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "ada", review.RoleReviewer)
	tok := env.apiToken(t, "ada")
	text := demoText(t)

	st, art := env.apiCall(t, "POST", "/api/v1/articles", tok, mustJSON(t, map[string]string{
		"title": "Karabakh talks", "url": "https://tass.com/politics/1223153", "outlet": "TASS",
		"author": "", "published": "2020-11-12", "text": text,
	}))
	if st != http.StatusCreated {
		t.Fatalf("POST /api/v1/articles: status %d (%v), want 201", st, art)
	}
	id := num(art["id"])
	if id == 0 || art["title"] != "Karabakh talks" || art["outlet"] != "TASS" || art["published"] != "2020-11-12" {
		t.Errorf("created article: %v", art)
	}
	claimsList, _ := art["claims"].([]any)
	if len(claimsList) == 0 {
		t.Fatalf("the sample article has no claims in the answer")
	}
	for _, c := range claimsList {
		m := c.(map[string]any)
		for _, k := range []string{"id", "version", "status", "verdict", "start", "end", "text", "score", "speaker"} {
			if _, ok := m[k]; !ok {
				t.Errorf("claim %v has no %q", m["id"], k)
			}
		}
		start, end := num(m["start"]), num(m["end"])
		if start < 0 || end > int64(len(text)) || start >= end {
			t.Errorf("claim span %d..%d out of the text", start, end)
		}
	}

	t.Run("duplicate", func(t *testing.T) {
		st, body := env.apiCall(t, "POST", "/api/v1/articles", tok, mustJSON(t, map[string]string{"text": text}))
		if st != http.StatusConflict {
			t.Fatalf("status %d, want 409", st)
		}
		if got := num(body["id"]); got != id {
			t.Errorf("duplicate points to %d, want %d", got, id)
		}
	})

	t.Run("list", func(t *testing.T) {
		st, body := env.apiCall(t, "GET", "/api/v1/articles", tok, nil)
		list, _ := body["articles"].([]any)
		if st != http.StatusOK || len(list) != 1 {
			t.Fatalf("status %d, %d articles, want 200 and 1", st, len(list))
		}
		first := list[0].(map[string]any)
		if num(first["id"]) != id {
			t.Errorf("listed id %v, want %d", first["id"], id)
		}
		if _, ok := first["text"]; ok {
			t.Errorf("the listing carries the article text")
		}
	})

	t.Run("one", func(t *testing.T) {
		st, body := env.apiCall(t, "GET", "/api/v1/articles/"+strconv.FormatInt(id, 10), tok, nil)
		if st != http.StatusOK || body["text"] == "" || num(body["id"]) != id {
			t.Fatalf("status %d, body id %v", st, body["id"])
		}
		if cs, _ := body["claims"].([]any); len(cs) != len(claimsList) {
			t.Errorf("%d claims, want %d", len(cs), len(claimsList))
		}
		st, body = env.apiCall(t, "GET", "/api/v1/articles/"+strconv.FormatInt(id, 10)+"/claims", tok, nil)
		if cs, _ := body["claims"].([]any); st != http.StatusOK || len(cs) != len(claimsList) {
			t.Errorf("claims: status %d, %d claims, want 200 and %d", st, len(cs), len(claimsList))
		}
	})

	for _, path := range []string{"/api/v1/articles/999", "/api/v1/articles/abc", "/api/v1/articles/999/claims", "/api/v1/claims/999", "/api/v1/nothing"} {
		if st, body := env.apiCall(t, "GET", path, tok, nil); st != http.StatusNotFound || body["error"] == nil {
			t.Errorf("GET %s: status %d %v, want 404 with an error", path, st, body)
		}
	}

	bad := []struct {
		name   string
		body   []byte
		status int
		field  string
		says   string // in the error message, when set
	}{
		{"invalid UTF-8 in a string", []byte("{\"text\": \"caf\xe9 prices rose 10 percent, the minister said\"}"), 400, "", ""},
		{"invalid UTF-8 in a key", []byte("{\"te\xffxt\": \"x\"}"), 400, "", ""},
		{"not JSON", []byte("title=x"), 400, "", ""},
		{"unknown field", []byte(`{"text": "The minister said prices rose.", "body": "x"}`), 400, "", `unknown field "body"`},
		{"markdown is the JSON Lines' field", []byte(`{"text": "The minister said prices rose.", "markdown": true}`), 400, "", ""},
		{"a number for the title", []byte(`{"text": "The minister said prices rose.", "title": 3}`), 400, "", `"title" should be string`},
		{"two values", []byte(`{"text": "a"} {"text": "b"}`), 400, "", ""},
		{"empty body", []byte(``), 400, "", ""},
		{"no text", []byte(`{"title": "Nothing"}`), 422, "text", ""},
		{"blank text", []byte(`{"text": "   "}`), 422, "text", ""},
		{"bad URL", []byte(`{"text": "The minister said prices rose 10 percent.", "url": "ftp://x"}`), 422, "url", ""},
		{"bad date", []byte(`{"text": "The minister said prices rose 10 percent.", "published": "yesterday"}`), 422, "published", ""},
		{"bad format", []byte(`{"text": "The minister said prices rose 10 percent.", "format": "pdf"}`), 422, "format", ""},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			st, body := env.apiCall(t, "POST", "/api/v1/articles", tok, tc.body)
			if st != tc.status {
				t.Fatalf("status %d (%v), want %d", st, body, tc.status)
			}
			if msg, _ := body["error"].(string); msg == "" {
				t.Errorf("no error message: %v", body)
			} else if !strings.Contains(msg, tc.says) {
				t.Errorf("error %q does not say %q", msg, tc.says)
			}
			if tc.field != "" {
				fields, _ := body["fields"].(map[string]any)
				if fields[tc.field] == nil {
					t.Errorf("no message for field %q: %v", tc.field, body)
				}
			}
		})
	}
	as, err := env.store.Articles(context.Background(), review.ArticleFilter{})
	if err != nil || len(as) != 1 {
		t.Errorf("%d articles after refused posts (err %v), want 1", len(as), err)
	}
}

func TestAPIBodyLimit(t *testing.T) {
	env := newTestEnvConfig(t, Config{MaxBodyBytes: 4096})
	env.createUser(t, "ada", review.RoleReviewer)
	tok := env.apiToken(t, "ada")
	big := mustJSON(t, map[string]string{"text": strings.Repeat("The minister said prices rose. ", 400)})

	st, body := env.apiCall(t, "POST", "/api/v1/articles", tok, big)
	if st != http.StatusRequestEntityTooLarge {
		t.Fatalf("declared length over the limit: status %d, want 413", st)
	}
	if msg, _ := body["error"].(string); !strings.Contains(msg, "4.0 KiB") {
		t.Errorf("the error %q does not state the limit", msg)
	}

	// Without a declared length the cap bites while reading.
	req, _ := http.NewRequest("POST", env.url+"/api/v1/articles", io.MultiReader(bytes.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusRequestEntityTooLarge; got != want {
		t.Errorf("streamed body over the limit: status %d, want %d", got, want)
	}
	if as, _ := env.store.Articles(context.Background(), review.ArticleFilter{}); len(as) != 0 {
		t.Errorf("an oversized body stored %d articles", len(as))
	}
}

func TestAPIClaims(t *testing.T) {
	env := newTestEnv(t)
	ada := env.createUser(t, "ada", review.RoleReviewer)
	env.createUser(t, "eddie", review.RoleEditor)
	reviewer, editor := env.apiToken(t, "ada"), env.apiToken(t, "eddie")
	_, cs := env.importArticle(t, ada, demoText(t))
	var claim *review.Claim
	for i := range cs {
		if !cs[i].Candidate {
			claim = &cs[i]
			break
		}
	}
	if claim == nil {
		t.Fatal("the sample article has no claim over the threshold")
	}
	path := "/api/v1/claims/" + strconv.FormatInt(claim.ID, 10)

	st, got := env.apiCall(t, "GET", path, reviewer, nil)
	if st != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, st)
	}
	for _, k := range []string{"id", "version", "status", "text", "evidence", "history", "comments", "matches"} {
		if _, ok := got[k]; !ok {
			t.Errorf("the claim has no %q", k)
		}
	}
	version := num(got["version"])

	patch := func(token string, body map[string]any) (int, map[string]any) {
		t.Helper()
		return env.apiCall(t, "PATCH", path, token, mustJSON(t, body))
	}

	st, got = patch(reviewer, map[string]any{"status": "researching", "version": version})
	if st != http.StatusOK || got["status"] != "researching" || num(got["version"]) <= version {
		t.Fatalf("reviewer to researching: status %d, claim %v %v", st, got["status"], got["version"])
	}
	stale := version
	version = num(got["version"])

	t.Run("stale version", func(t *testing.T) {
		st, body := patch(reviewer, map[string]any{"conclusion": "lost?", "version": stale})
		if st != http.StatusConflict {
			t.Fatalf("status %d, want 409", st)
		}
		cur, _ := body["current"].(map[string]any)
		if num(cur["version"]) != version || cur["status"] != "researching" {
			t.Errorf("the 409 does not carry the current claim: %v", body["current"])
		}
		c, _ := env.store.Claim(context.Background(), claim.ID)
		if c.Conclusion != "" {
			t.Errorf("a stale patch wrote the conclusion %q", c.Conclusion)
		}
	})

	for _, tc := range []struct {
		name   string
		body   string
		status int
	}{
		{"no version", `{"status": "needs_review"}`, 422},
		{"unknown status", `{"status": "finished", "version": ` + strconv.FormatInt(version, 10) + `}`, 422},
		{"unknown verdict", `{"verdict": "Pants on fire", "version": ` + strconv.FormatInt(version, 10) + `}`, 422},
		{"unknown dismiss_code", `{"status": "dismissed", "dismiss_code": "boring", "version": ` + strconv.FormatInt(version, 10) + `}`, 422},
		{"other without dismiss_reason", `{"status": "dismissed", "dismiss_code": "other", "version": ` + strconv.FormatInt(version, 10) + `}`, 422},
		{"unknown field", `{"state": "done", "version": 1}`, 400},
		{"invalid UTF-8", "{\"conclusion\": \"\xff\", \"version\": 1}", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, body := env.apiCall(t, "PATCH", path, reviewer, []byte(tc.body))
			if st != tc.status {
				t.Errorf("status %d (%v), want %d", st, body, tc.status)
			}
		})
	}

	st, ev := env.apiCall(t, "POST", path+"/evidence", reviewer, mustJSON(t, map[string]string{
		"url": "https://www.mid.ru/en/press_service/minister_speeches", "title": "Lavrov's remarks", "publisher": "Russian MFA",
		"accessed": "2020-11-13", "stance": "supports", "quote": "we invited them to Moscow",
	}))
	if st != http.StatusCreated || num(ev["id"]) == 0 {
		t.Fatalf("POST evidence: status %d %v, want 201 with an id", st, ev)
	}
	for _, tc := range []struct {
		name, field string
		body        map[string]string
	}{
		{"not http", "url", map[string]string{"url": "javascript:alert(1)", "stance": "supports"}},
		{"bad stance", "stance", map[string]string{"url": "https://example.org/a", "stance": "maybe"}},
	} {
		t.Run("evidence "+tc.name, func(t *testing.T) {
			st, body := env.apiCall(t, "POST", path+"/evidence", reviewer, mustJSON(t, tc.body))
			fields, _ := body["fields"].(map[string]any)
			if st != http.StatusUnprocessableEntity || fields[tc.field] == nil {
				t.Errorf("status %d %v, want 422 with a message on %q", st, body, tc.field)
			}
		})
	}

	_, got = env.apiCall(t, "GET", path, reviewer, nil)
	version = num(got["version"])
	st, got = patch(reviewer, map[string]any{"status": "needs_review", "verdict": "mostly TRUE", "conclusion": "The visit was announced.", "version": version})
	if st != http.StatusOK || got["verdict"] != "Mostly true" {
		t.Fatalf("reviewer proposes a verdict: status %d, verdict %v", st, got["verdict"])
	}
	version = num(got["version"])

	st, body := patch(reviewer, map[string]any{"status": "done", "version": version})
	if st != http.StatusForbidden {
		t.Errorf("reviewer asks for done: status %d (%v), want 403", st, body)
	}
	st, got = patch(editor, map[string]any{"status": "done", "verdict": "Mostly true", "conclusion": "The visit was announced by the minister.", "version": version})
	if st != http.StatusOK || got["status"] != "done" {
		t.Fatalf("editor signs off: status %d %v", st, got)
	}
	hist, _ := got["history"].([]any)
	if len(hist) < 3 {
		t.Errorf("history has %d rows after three changes", len(hist))
	}
	evs, _ := got["evidence"].([]any)
	if len(evs) != 1 {
		t.Errorf("claim has %d pieces of evidence, want 1", len(evs))
	}
}
