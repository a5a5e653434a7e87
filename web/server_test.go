package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/mux"

	"claimdesk/review"
)

func TestHealthz(t *testing.T) {
	env := newTestEnv(t)
	// Before any user exists too: monitoring must not land on /setup.
	status, body := env.newClient(t).getBody(t, "/healthz")
	if status != http.StatusOK || body != "ok" {
		t.Errorf("GET /healthz: %d %q, want 200 \"ok\"", status, body)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "ada", review.RoleReviewer)
	anon := env.newClient(t)
	ada := env.login(t, "ada")
	cases := []struct {
		name string
		c    *client
		path string
	}{
		{"login page", anon, "/login"},
		{"redirect to login", anon, "/account"},
		{"healthz", anon, "/healthz"},
		{"static file", anon, "/static/style.css"},
		{"not found", anon, "/no/such/page"},
		{"forbidden", ada, "/admin/users"},
		{"API 401", anon, "/api/v1/articles"},
		{"account", ada, "/account"},
	}
	scriptSrc := regexp.MustCompile(`script-src ([^;]*)`)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := tc.c.get(t, tc.path)
			resp.Body.Close()
			h := resp.Header
			csp := h.Get("Content-Security-Policy")
			m := scriptSrc.FindStringSubmatch(csp)
			if m == nil || strings.Contains(m[1], "unsafe-inline") || strings.Contains(m[1], "unsafe-eval") {
				t.Errorf("CSP %q: want a script-src without unsafe-inline", csp)
			}
			if !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("CSP %q: no frame-ancestors 'none'", csp)
			}
			if strings.Contains(csp, "style-src 'self' 'unsafe-inline'") {
				t.Errorf("CSP allows inline styles: %q", csp)
			}
			for k, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "same-origin",
				"X-Frame-Options":        "DENY",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s: %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestCrossOriginProtection(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "root", review.RoleAdmin)
	tok := env.apiToken(t, "root")
	c := env.login(t, "root")

	post := func(path string, body io.Reader, set func(h http.Header)) int {
		t.Helper()
		req, _ := http.NewRequest("POST", env.url+path, body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		set(req.Header)
		resp := c.do(t, req)
		resp.Body.Close()
		return resp.StatusCode
	}
	form := func() io.Reader {
		return strings.NewReader(url.Values{"username": {"mallory"}, "password": {"password-mallory"}, "role": {"admin"}}.Encode())
	}
	for _, tc := range []struct {
		name string
		set  func(h http.Header)
	}{
		{"Sec-Fetch-Site cross-site", func(h http.Header) { h.Set("Sec-Fetch-Site", "cross-site") }},
		{"foreign Origin", func(h http.Header) { h.Set("Origin", "https://evil.example") }},
		{"same-site but another origin", func(h http.Header) { h.Set("Sec-Fetch-Site", "same-site") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := post("/admin/users", form(), tc.set); got != http.StatusForbidden {
				t.Errorf("page POST: status %d, want 403", got)
			}
			if got := post("/logout", nil, tc.set); got != http.StatusForbidden {
				t.Errorf("logout POST: status %d, want 403", got)
			}
			body := strings.NewReader(`{"text": "The minister said prices rose 10 percent."}`)
			if got := post("/api/v1/articles", body, func(h http.Header) {
				tc.set(h)
				h.Set("Authorization", "Bearer "+tok)
			}); got != http.StatusForbidden {
				t.Errorf("API POST: status %d, want 403", got)
			}
		})
	}
	if _, err := env.store.UserByName(context.Background(), "mallory"); err == nil {
		t.Errorf("a cross-site POST created a user")
	}
	if !c.loggedIn(t) {
		t.Errorf("a cross-site logout logged the user out")
	}
	// The same POST from the site itself works.
	if got := post("/admin/users", form(), func(h http.Header) { h.Set("Sec-Fetch-Site", "same-origin") }); got != http.StatusSeeOther {
		t.Errorf("same-origin POST: status %d, want 303", got)
	}
	// A GET from another site is a link followed from mail or chat: it
	// arrives logged in (the cookie is SameSite=Lax) and is answered, as
	// docs/API.md says; reading never changes anything.
	req, _ := http.NewRequest("GET", env.url+"/claims", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp := c.do(t, req)
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "root") {
		t.Errorf("cross-site GET: status %d (logged in: %v), want 200 logged in", resp.StatusCode, strings.Contains(body, "root"))
	}
}

func TestPageBodyLimit(t *testing.T) {
	env := newTestEnvConfig(t, Config{MaxBodyBytes: 2048})
	env.createUser(t, "root", review.RoleAdmin)
	c := env.login(t, "root")
	big := url.Values{"username": {"x"}, "password": {strings.Repeat("p", 4096)}, "role": {"editor"}}
	resp := c.postForm(t, "/admin/users", big)
	body := readBody(t, resp)
	if got, want := resp.StatusCode, http.StatusRequestEntityTooLarge; got != want {
		t.Fatalf("status %d, want %d", got, want)
	}
	if !strings.Contains(body, "2.0 KiB") {
		t.Errorf("the 413 page does not state the limit")
	}
	// Streamed without a length, the cap still holds.
	req, _ := http.NewRequest("POST", env.url+"/admin/users", io.MultiReader(strings.NewReader(big.Encode())))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", env.url)
	resp = c.do(t, req)
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusRequestEntityTooLarge; got != want {
		t.Errorf("streamed: status %d, want %d", got, want)
	}
	if _, err := env.store.UserByName(context.Background(), "x"); err == nil {
		t.Errorf("an oversized form created a user")
	}
}

func TestPanicGivesPlain500(t *testing.T) {
	env := newTestEnv(t)
	var logBuf bytes.Buffer
	env.server.log = slog.New(slog.NewTextHandler(&logBuf, nil))
	h := env.server.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret detail")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "secret detail") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("the 500 page shows the panic")
	}
	if !strings.Contains(rec.Body.String(), "Something went wrong") {
		t.Errorf("the 500 page does not say something went wrong")
	}
	if !strings.Contains(logBuf.String(), "secret detail") {
		t.Errorf("the panic was not logged")
	}
}

// syncBuffer is a log sink the server's goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestOneLogLinePerRequest(t *testing.T) {
	var buf syncBuffer
	env := newTestEnvConfig(t, Config{Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	env.createUser(t, "ada", review.RoleReviewer)
	c := env.login(t, "ada")
	c.get(t, "/account").Body.Close()
	c.get(t, "/no/such/page").Body.Close()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var reqs []string
	for _, l := range lines {
		if strings.Contains(l, "msg=request") {
			reqs = append(reqs, l)
		}
	}
	if len(reqs) != 3 {
		t.Fatalf("%d request lines for 3 requests:\n%s", len(reqs), buf.String())
	}
	for i, want := range []string{"path=/login status=303", "path=/account status=200", "path=/no/such/page status=404"} {
		if !strings.Contains(reqs[i], want) {
			t.Errorf("line %d %q does not hold %q", i, reqs[i], want)
		}
	}
	if !strings.Contains(reqs[1], "user=ada") {
		t.Errorf("the line of a logged-in request does not name the user: %q", reqs[1])
	}
}

func TestMethodNotAllowed(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "ada", review.RoleReviewer)
	c := env.login(t, "ada")
	resp := c.get(t, "/account/password")
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(resp.Header.Get("Allow"), "POST") {
		t.Errorf("GET of a POST-only page: %d Allow %q, want 405 Allow POST", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// fingerprint sums up everything a person's work changes, so a test can
// see whether a request changed state.
func fingerprint(t *testing.T, s *review.Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT count(*), coalesce(sum(version), 0), coalesce(group_concat(status), '') FROM claims",
		"SELECT count(*), coalesce(group_concat(title), '') FROM articles",
		"SELECT count(*) FROM history",
		"SELECT count(*) FROM evidence",
		"SELECT count(*) FROM sources",
		"SELECT count(*) FROM comments",
		"SELECT count(*), coalesce(group_concat(role || disabled), '') FROM users",
		"SELECT count(*) FROM settings",
		"SELECT count(*), coalesce(group_concat(name || color), '') FROM verdicts",
		"SELECT count(*) FROM api_tokens",
	} {
		var parts []any
		rows, err := s.DB().Read.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			parts = append(parts, vals...)
		}
		rows.Close()
		fmt.Fprintln(&b, parts...)
	}
	return b.String()
}

func TestNoGetChangesState(t *testing.T) {
	env := newTestEnv(t)
	root := env.createUser(t, "root", review.RoleAdmin)
	a, cs := env.importArticle(t, root, demoText(t))
	c := env.login(t, "root")
	ids := map[string]string{"id": strconv.FormatInt(a.ID, 10)}
	claimID := strconv.FormatInt(cs[0].ID, 10)

	before := fingerprint(t, env.store)
	var paths []string
	env.server.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		methods, _ := route.GetMethods()
		tpl, err := route.GetPathTemplate()
		if err != nil || !contains(methods, "GET") {
			return nil
		}
		p := tpl
		for _, v := range []string{"{id}", "{id:[0-9]+}"} {
			if strings.HasPrefix(tpl, "/claims/") || strings.HasPrefix(tpl, "/api/v1/claims/") {
				p = strings.ReplaceAll(p, v, claimID)
			} else {
				p = strings.ReplaceAll(p, v, ids["id"])
			}
		}
		p = regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(p, "1")
		paths = append(paths, p)
		return nil
	})
	if len(paths) < 10 {
		t.Fatalf("found only %d GET routes: %v", len(paths), paths)
	}
	for _, p := range append(paths, "/logout", "/admin/users/1/disable", "/api/v1/claims/"+claimID+"/evidence") {
		resp := c.get(t, p)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("GET %s: status %d", p, resp.StatusCode)
		}
	}
	if after := fingerprint(t, env.store); after != before {
		t.Errorf("GET requests changed state:\nbefore %s\nafter  %s", before, after)
	}
	if !c.loggedIn(t) {
		t.Errorf("a GET logged the user out")
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestBeforeFirstUser(t *testing.T) {
	env := newTestEnv(t)
	c := env.newClient(t)
	if st, _ := c.getBody(t, "/static/style.css"); st != http.StatusOK {
		t.Errorf("GET /static/style.css before setup: status %d, want 200 (the setup page needs it)", st)
	}
	st, body := env.apiCall(t, "GET", "/api/v1/articles", "", nil)
	if st != http.StatusServiceUnavailable || !strings.Contains(body["error"].(string), "/setup") {
		t.Errorf("API before setup: status %d %v, want 503 pointing to /setup", st, body)
	}
}

func TestFlashShownOnce(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "root", review.RoleAdmin)
	c := env.login(t, "root")
	resp := c.postForm(t, "/admin/users", url.Values{"username": {"ada"}, "password": {"password-ada"}, "role": {"reviewer"}})
	if got := c.flashOf(t, resp); !strings.Contains(got, "ada was added") {
		t.Fatalf("first page after the POST: flash %q", got)
	}
	if _, body := c.getBody(t, "/admin/users"); strings.Contains(body, `class="flash"`) {
		t.Errorf("the flash is shown a second time")
	}
	// A flash cookie made up by someone else is not shown.
	forged := env.newClient(t)
	u, _ := url.Parse(env.url)
	forged.http.Jar.SetCookies(u, []*http.Cookie{{Name: flashCookie, Value: "Your account is closed, call 555", Path: "/"}})
	if _, body := forged.getBody(t, "/login"); strings.Contains(body, "call 555") {
		t.Errorf("a forged flash cookie was shown")
	}
}

func TestHTTPServerTimeoutsAndDefaults(t *testing.T) {
	env := newTestEnv(t)
	hs := env.server.HTTPServer("127.0.0.1:0")
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"ReadHeaderTimeout", hs.ReadHeaderTimeout.String(), "5s"},
		{"ReadTimeout", hs.ReadTimeout.String(), "30s"},
		{"WriteTimeout", hs.WriteTimeout.String(), "1m0s"},
		{"IdleTimeout", hs.IdleTimeout.String(), "2m0s"},
		// The README's number: 5 MiB for the article plus 64 KiB for the form.
		{"MaxBodyBytes", env.server.cfg.MaxBodyBytes, int64(5*1024*1024 + 64*1024)},
		{"session IdleTimeout", env.server.cfg.IdleTimeout.String(), "12h0m0s"},
		{"session AbsoluteTimeout", env.server.cfg.AbsoluteTimeout.String(), "168h0m0s"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if hs.Handler == nil {
		t.Errorf("the http.Server has no handler")
	}
}
