package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"claimdesk/review"
)

// FuzzLocalTarget: whatever a request names as the way on (the login's
// next, a claim form's back), the redirect stays on this site, also as a
// browser reads it.
func FuzzLocalTarget(f *testing.F) {
	for _, s := range []string{"/", "/claims/1", "//evil.example", "/\\evil", "https://evil.example", "/%2F%2Fevil", "javascript:alert(1)", "/a?b=//c", " /x", "/\t/evil.example", "/\n/evil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := localTarget(next, "/")
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("localTarget(%q) = %q: not a path on this site", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" {
			t.Fatalf("localTarget(%q) = %q: has a host or scheme", next, got)
		}
		bu, err := url.Parse(browserTarget(got))
		if err != nil {
			t.Fatalf("localTarget(%q) = %q: a browser reads %q, not a URL", next, got, browserTarget(got))
		}
		// What a browser does with the Location must stay here too.
		base, _ := url.Parse("http://claimdesk.test/login")
		if res := base.ResolveReference(bu); res.Host != "claimdesk.test" {
			t.Fatalf("localTarget(%q) = %q resolves to host %q", next, got, res.Host)
		}
	})
}

// FuzzAPIArticleBody: any body POSTed to /api/v1/articles gets a
// considered answer, never a 500, and bad UTF-8 is always 400.
func FuzzAPIArticleBody(f *testing.F) {
	for _, s := range []string{
		`{"text": "The minister said prices rose 10 percent in May."}`,
		`{"html": "<html><body><p>The minister said prices rose.</p></body></html>"}`,
		`{"text": "x", "format": "markdown", "url": "http://a.example"}`,
		"{\"text\": \"caf\xe9\"}",
		`{"text": 5}`, `[]`, `null`, `{"text": "a"}{}`, ``, `{"title": "\u0000"}`,
	} {
		f.Add([]byte(s))
	}
	env := newTestEnv(f)
	env.createUser(f, "ada", review.RoleReviewer)
	tok := env.apiToken(f, "ada")
	h := env.server.Handler()
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/api/v1/articles", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusCreated, http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
		default:
			t.Fatalf("body %q: status %d: %s", body, rec.Code, rec.Body.String())
		}
		if !utf8.Valid(body) && rec.Code != http.StatusBadRequest {
			t.Fatalf("body with bad UTF-8 %q: status %d, want 400", body, rec.Code)
		}
	})
}
