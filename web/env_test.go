package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/review"
)

// fakeClock is the store's clock in tests: it moves only when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the fake time.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testEnv is a real server on a real SQLite file, reached over HTTP.
type testEnv struct {
	store  *review.Store
	server *Server
	ts     *httptest.Server
	now    *fakeClock
	url    string
	dbPath string
}

// newTestEnv starts the server on a new database in t.TempDir().
func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	return newTestEnvConfig(t, Config{})
}

// newTestEnvConfig is newTestEnv with a Config of the test's own.
func newTestEnvConfig(t testing.TB, cfg Config) *testEnv {
	t.Helper()
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "claimdesk.db")
	db, err := claimdesk.Open(ctx, dbPath)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	model, err := claims.DefaultModel()
	if err != nil {
		t.Fatalf("load model: %v", err)
	}
	store := review.NewStore(db, model)
	clock := &fakeClock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	store.Now = clock.Now
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s, err := New(store, cfg)
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return &testEnv{store: store, server: s, ts: ts, now: clock, url: ts.URL, dbPath: dbPath}
}

// createUser adds a user with the password "password-"+name.
func (e *testEnv) createUser(t testing.TB, name string, role review.Role) *review.User {
	t.Helper()
	u, err := e.store.CreateUser(context.Background(), nil, name, "password-"+name, role)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// client is a browser stand-in: a cookie jar, no redirects followed.
type client struct {
	env  *testEnv
	http *http.Client
	// header is added to every request.
	header http.Header
}

// newClient returns a client with an empty cookie jar.
func (e *testEnv) newClient(t testing.TB) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{env: e, header: http.Header{}, http: &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// login returns a client logged in as name (password "password-"+name).
func (e *testEnv) login(t testing.TB, name string) *client {
	t.Helper()
	c := e.newClient(t)
	resp := c.postForm(t, "/login", url.Values{"username": {name}, "password": {"password-" + name}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d, want 303", name, resp.StatusCode)
	}
	return c
}

// do sends req with the client's cookies and headers.
func (c *client) do(t testing.TB, req *http.Request) *http.Response {
	t.Helper()
	for k, vs := range c.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	return resp
}

// get sends GET path.
func (c *client) get(t testing.TB, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.env.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.do(t, req)
}

// getBody sends GET path and returns the status and the body.
func (c *client) getBody(t testing.TB, path string) (int, string) {
	t.Helper()
	resp := c.get(t, path)
	return resp.StatusCode, readBody(t, resp)
}

// postForm posts form to path as a same-origin browser form would.
func (c *client) postForm(t testing.TB, path string, form url.Values) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.env.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.env.url)
	return c.do(t, req)
}

// readBody reads and closes resp's body.
func readBody(t testing.TB, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

// apiToken makes an API token for the user name.
func (e *testEnv) apiToken(t testing.TB, name string) string {
	t.Helper()
	tok, err := e.store.CreateToken(context.Background(), name)
	if err != nil {
		t.Fatalf("create token for %s: %v", name, err)
	}
	return tok
}

// importArticle imports text as an article by user.
func (e *testEnv) importArticle(t testing.TB, user *review.User, text string) (*review.Article, []review.Claim) {
	t.Helper()
	a, cs, err := e.store.ImportArticle(context.Background(), user, review.NewArticle{Title: "Test article", Text: text})
	if err != nil {
		t.Fatalf("import article: %v", err)
	}
	return a, cs
}

// sampleArticle is a short article with checkable claims.
const sampleArticle = `The minister said unemployment fell to 4.2 percent in October, the lowest level since 2008.
Officials reported that 12,000 new homes were built last year. Critics argue the figures are misleading.
According to the central bank, inflation reached 7 percent in September.`
