package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"claimdesk/review"
)

// sessionCookie returns the value of the login cookie the client holds.
func (c *client) sessionCookie(t testing.TB) string {
	t.Helper()
	u, _ := url.Parse(c.env.url)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == sessionName {
			return ck.Value
		}
	}
	return ""
}

// withCookie returns a fresh client that presents only the given session cookie.
func (e *testEnv) withCookie(t *testing.T, value string) *client {
	t.Helper()
	c := e.newClient(t)
	u, _ := url.Parse(e.url)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: sessionName, Value: value, Path: "/"}})
	return c
}

// loggedIn reports whether the client's session opens /account.
func (c *client) loggedIn(t *testing.T) bool {
	t.Helper()
	resp := c.get(t, "/account")
	resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		return true
	case http.StatusSeeOther:
		return false
	}
	t.Fatalf("GET /account: status %d, want 200 or 303", resp.StatusCode)
	return false
}

func TestFirstRunSetup(t *testing.T) {
	env := newTestEnv(t)
	c := env.newClient(t)

	for _, path := range []string{"/", "/login", "/account", "/admin/users"} {
		resp := c.get(t, path)
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
			t.Fatalf("GET %s with no user: status %d, want %d", path, got, want)
		}
		if got, want := resp.Header.Get("Location"), "/setup"; got != want {
			t.Errorf("GET %s with no user: Location %q, want %q", path, got, want)
		}
	}
	status, body := c.getBody(t, "/setup")
	if status != http.StatusOK || !strings.Contains(body, `id="setup-form"`) {
		t.Fatalf("GET /setup: status %d, want 200 with the setup form", status)
	}

	bad := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"passwords differ", url.Values{"username": {"ada"}, "password": {"long-enough-1"}, "confirm": {"long-enough-2"}}, "differ"},
		{"short password", url.Values{"username": {"ada"}, "password": {"short"}, "confirm": {"short"}}, "at least 8"},
		{"bad name", url.Values{"username": {"a b"}, "password": {"long-enough"}, "confirm": {"long-enough"}}, "letters, digits"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			resp := c.postForm(t, "/setup", tc.form)
			body := readBody(t, resp)
			if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("status %d, want %d", got, want)
			}
			if !strings.Contains(body, tc.field) {
				t.Errorf("the form does not say %q", tc.field)
			}
			if n, _ := env.store.CountUsers(context.Background()); n != 0 {
				t.Errorf("users after a refused setup: %d, want 0", n)
			}
		})
	}

	resp := c.postForm(t, "/setup", url.Values{"username": {"ada"}, "password": {"password-ada"}, "confirm": {"password-ada"}})
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
		t.Fatalf("POST /setup: status %d, want %d", got, want)
	}
	u, err := env.store.UserByName(context.Background(), "ada")
	if err != nil {
		t.Fatalf("the first admin was not created: %v", err)
	}
	if u.Role != review.RoleAdmin {
		t.Errorf("first user's role %q, want admin", u.Role)
	}
	if !c.loggedIn(t) {
		t.Errorf("setup did not log the new admin in")
	}
	for _, method := range []string{"GET", "POST"} {
		var resp *http.Response
		if method == "GET" {
			resp = c.get(t, "/setup")
		} else {
			resp = c.postForm(t, "/setup", url.Values{"username": {"eve"}, "password": {"password-eve"}, "confirm": {"password-eve"}})
		}
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusNotFound; got != want {
			t.Errorf("%s /setup after setup: status %d, want %d", method, got, want)
		}
	}
	if _, err := env.store.UserByName(context.Background(), "eve"); err == nil {
		t.Errorf("a second setup created a user")
	}
}

func TestLoginLogout(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "ada", review.RoleReviewer)

	t.Run("wrong password and unknown user get the same answer", func(t *testing.T) {
		c := env.newClient(t)
		var bodies []string
		for _, form := range []url.Values{
			{"username": {"ada"}, "password": {"wrong-password"}},
			{"username": {"nobody"}, "password": {"wrong-password"}},
		} {
			resp := c.postForm(t, "/login", form)
			body := readBody(t, resp)
			if got, want := resp.StatusCode, http.StatusUnauthorized; got != want {
				t.Fatalf("status %d, want %d", got, want)
			}
			i := strings.Index(body, `id="login-message"`)
			if i < 0 {
				t.Fatalf("no message on the failed login page")
			}
			bodies = append(bodies, body[i:i+120])
			if c.sessionCookie(t) != "" {
				t.Errorf("a failed login set a session cookie")
			}
		}
		if bodies[0] != bodies[1] {
			t.Errorf("messages differ:\n%s\n%s", bodies[0], bodies[1])
		}
	})

	t.Run("next is followed only on this site", func(t *testing.T) {
		for _, tc := range []struct{ next, want string }{
			{"/account", "/account"},
			{"https://evil.example/", "/"},
			{"//evil.example/", "/"},
			{"/\\evil.example", "/"},
		} {
			c := env.newClient(t)
			resp := c.postForm(t, "/login", url.Values{"username": {"ada"}, "password": {"password-ada"}, "next": {tc.next}})
			resp.Body.Close()
			if got := resp.Header.Get("Location"); got != tc.want {
				t.Errorf("next %q: Location %q, want %q", tc.next, got, tc.want)
			}
		}
	})

	t.Run("a page asks for login and comes back", func(t *testing.T) {
		c := env.newClient(t)
		resp := c.get(t, "/account")
		resp.Body.Close()
		if got, want := resp.Header.Get("Location"), "/login?next=%2Faccount"; got != want {
			t.Errorf("Location %q, want %q", got, want)
		}
	})

	t.Run("logout ends the session on the server", func(t *testing.T) {
		c := env.login(t, "ada")
		old := c.sessionCookie(t)
		if old == "" || !c.loggedIn(t) {
			t.Fatalf("not logged in after login")
		}
		resp := c.postForm(t, "/logout", nil)
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
			t.Fatalf("POST /logout: status %d, want %d", got, want)
		}
		if c.loggedIn(t) {
			t.Errorf("still logged in after logout")
		}
		if env.withCookie(t, old).loggedIn(t) {
			t.Errorf("the old cookie still works after logout")
		}
	})

	t.Run("GET /logout changes nothing", func(t *testing.T) {
		c := env.login(t, "ada")
		resp := c.get(t, "/logout")
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusMethodNotAllowed; got != want {
			t.Errorf("GET /logout: status %d, want %d", got, want)
		}
		if !c.loggedIn(t) {
			t.Errorf("GET /logout logged the user out")
		}
	})

	t.Run("login gives a new id and kills the old one", func(t *testing.T) {
		c := env.login(t, "ada")
		first := c.sessionCookie(t)
		resp := c.postForm(t, "/login", url.Values{"username": {"ada"}, "password": {"password-ada"}})
		resp.Body.Close()
		second := c.sessionCookie(t)
		if second == "" || second == first {
			t.Fatalf("session cookie did not change at login")
		}
		if env.withCookie(t, first).loggedIn(t) {
			t.Errorf("the session from before the login still works")
		}
		if !env.withCookie(t, second).loggedIn(t) {
			t.Errorf("the new session does not work")
		}
	})

	t.Run("a forged cookie is no login and is cleared", func(t *testing.T) {
		c := env.withCookie(t, "not-a-real-cookie")
		if c.loggedIn(t) {
			t.Errorf("a forged cookie opened /account")
		}
		if got := c.sessionCookie(t); got != "" {
			t.Errorf("the dead cookie %q was not cleared", got)
		}
	})
}

func TestSessionCookieAttributes(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "ada", review.RoleReviewer)
	c := env.newClient(t)
	resp := c.postForm(t, "/login", url.Values{"username": {"ada"}, "password": {"password-ada"}})
	resp.Body.Close()
	var ck *http.Cookie
	for _, x := range resp.Cookies() {
		if x.Name == sessionName {
			ck = x
		}
	}
	if ck == nil {
		t.Fatal("no session cookie set at login")
	}
	if !ck.HttpOnly {
		t.Errorf("cookie not HttpOnly")
	}
	if ck.SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie SameSite %v, want Lax", ck.SameSite)
	}
	if ck.Path != "/" {
		t.Errorf("cookie Path %q, want /", ck.Path)
	}
	if ck.Secure {
		t.Errorf("cookie Secure over plain HTTP with SecureCookies off")
	}

	secure := newTestEnvConfig(t, Config{SecureCookies: true})
	secure.createUser(t, "ada", review.RoleReviewer)
	resp = secure.newClient(t).postForm(t, "/login", url.Values{"username": {"ada"}, "password": {"password-ada"}})
	resp.Body.Close()
	found := false
	for _, x := range resp.Cookies() {
		if x.Name == sessionName {
			found = true
			if !x.Secure {
				t.Errorf("cookie not Secure with SecureCookies on")
			}
		}
	}
	if !found {
		t.Errorf("no session cookie with SecureCookies on")
	}
}

func TestSessionEndsEverywhere(t *testing.T) {
	env := newTestEnv(t)
	admin := env.createUser(t, "root", review.RoleAdmin)
	ada := env.createUser(t, "ada", review.RoleReviewer)
	ctx := context.Background()

	t.Run("disabled user", func(t *testing.T) {
		c1, c2 := env.login(t, "ada"), env.login(t, "ada")
		a := env.login(t, "root")
		resp := a.postForm(t, "/admin/users/"+strconv.FormatInt(ada.ID, 10)+"/disable", nil)
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
			t.Fatalf("disable: status %d, want %d", got, want)
		}
		if c1.loggedIn(t) || c2.loggedIn(t) {
			t.Errorf("a disabled user's sessions still work")
		}
		resp = env.newClient(t).postForm(t, "/login", url.Values{"username": {"ada"}, "password": {"password-ada"}})
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusUnauthorized; got != want {
			t.Errorf("login of a disabled user: status %d, want %d", got, want)
		}
		if err := env.store.SetUserDisabled(ctx, admin, ada.ID, false); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("password change", func(t *testing.T) {
		other := env.login(t, "ada")
		c := env.login(t, "ada")
		before := c.sessionCookie(t)
		resp := c.postForm(t, "/account/password", url.Values{"old_password": {"password-ada"}, "new_password": {"a-new-password"}, "confirm": {"a-new-password"}})
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
			t.Fatalf("change password: status %d, want %d", got, want)
		}
		if other.loggedIn(t) {
			t.Errorf("another session survived the password change")
		}
		if env.withCookie(t, before).loggedIn(t) {
			t.Errorf("the session id from before the change still works")
		}
		if !c.loggedIn(t) {
			t.Errorf("the person who changed the password was logged out")
		}
		if _, err := env.store.Authenticate(ctx, "ada", "a-new-password"); err != nil {
			t.Errorf("the new password does not work: %v", err)
		}
		if err := env.store.ChangePassword(ctx, admin, ada.ID, "", "password-ada"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("password change needs the old password and a match", func(t *testing.T) {
		c := env.login(t, "ada")
		for _, tc := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"old_password": {"wrong-one"}, "new_password": {"a-new-password"}, "confirm": {"a-new-password"}}, "current password is wrong"},
			{url.Values{"old_password": {"password-ada"}, "new_password": {"a-new-password"}, "confirm": {"other-password"}}, "differ"},
			{url.Values{"old_password": {"password-ada"}, "new_password": {"short"}, "confirm": {"short"}}, "at least 8"},
		} {
			resp := c.postForm(t, "/account/password", tc.form)
			body := readBody(t, resp)
			if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
				t.Errorf("status %d, want %d", got, want)
			}
			if !strings.Contains(body, tc.want) {
				t.Errorf("page does not say %q", tc.want)
			}
		}
		if _, err := env.store.Authenticate(ctx, "ada", "password-ada"); err != nil {
			t.Errorf("a refused change changed the password: %v", err)
		}
	})

	t.Run("role change applies at the next request", func(t *testing.T) {
		c := env.login(t, "ada")
		if st, _ := c.getBody(t, "/admin/users"); st != http.StatusForbidden {
			t.Fatalf("reviewer on /admin/users: status %d, want 403", st)
		}
		if err := env.store.SetUserRole(ctx, admin, ada.ID, review.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if st, _ := c.getBody(t, "/admin/users"); st != http.StatusOK {
			t.Errorf("after re-role to admin: status %d, want 200", st)
		}
		if err := env.store.SetUserRole(ctx, admin, ada.ID, review.RoleReviewer); err != nil {
			t.Fatal(err)
		}
		if st, _ := c.getBody(t, "/admin/users"); st != http.StatusForbidden {
			t.Errorf("after re-role back to reviewer: status %d, want 403", st)
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	env := newTestEnvConfig(t, Config{IdleTimeout: 12 * time.Hour, AbsoluteTimeout: 7 * 24 * time.Hour})
	env.createUser(t, "ada", review.RoleReviewer)

	t.Run("idle", func(t *testing.T) {
		c := env.login(t, "ada")
		env.now.Advance(11 * time.Hour)
		if !c.loggedIn(t) {
			t.Fatalf("logged out after 11 idle hours (limit 12)")
		}
		env.now.Advance(11 * time.Hour) // 11 h since the last request
		if !c.loggedIn(t) {
			t.Fatalf("logged out after a second 11 idle hours: use must refresh the session")
		}
		env.now.Advance(12*time.Hour + time.Minute)
		if c.loggedIn(t) {
			t.Errorf("still logged in after 12 idle hours")
		}
	})

	t.Run("absolute", func(t *testing.T) {
		c := env.login(t, "ada")
		for i := 0; i < 7*24/10; i++ { // used every 10 hours: never idle
			env.now.Advance(10 * time.Hour)
			if !c.loggedIn(t) {
				t.Fatalf("logged out after %d hours of use (limit 7 days)", (i+1)*10)
			}
		}
		env.now.Advance(10 * time.Hour)
		if c.loggedIn(t) {
			t.Errorf("still logged in more than 7 days after login")
		}
	})
}

// loginFrom posts a login through the handler with the given peer address.
func loginFrom(t *testing.T, h http.Handler, origin, addr, name, password string) *httptest.ResponseRecorder {
	t.Helper()
	return loginVia(t, h, origin, addr, "", name, password)
}

// loginVia is loginFrom with an X-Forwarded-For header ("" for none).
func loginVia(t *testing.T, h http.Handler, origin, addr, xff, name, password string) *httptest.ResponseRecorder {
	t.Helper()
	form := url.Values{"username": {name}, "password": {password}}
	req := httptest.NewRequest(http.MethodPost, origin+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	req.RemoteAddr = addr + ":40000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// retryAfterSeconds reads a 429's Retry-After, failing when it is not
// a number of seconds in 1..max.
func retryAfterSeconds(t *testing.T, rec *httptest.ResponseRecorder, max int) int {
	t.Helper()
	ra, err := strconv.Atoi(rec.Header().Get("Retry-After"))
	if err != nil || ra < 1 || ra > max {
		t.Fatalf("Retry-After %q, want seconds in 1..%d", rec.Header().Get("Retry-After"), max)
	}
	return ra
}

// TestLoginThrottling holds the numbers the README promises, written out
// (not the constants), so a change of policy must change this test too.
func TestLoginThrottling(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "root", review.RoleAdmin)
	env.createUser(t, "ada", review.RoleReviewer)
	env.createUser(t, "bob", review.RoleReviewer)
	h := env.server.Handler()
	const origin = "http://example.test"
	ctx := context.Background()

	t.Run("10 failures for one account from one address block that pair for 15 minutes", func(t *testing.T) {
		for i := 0; i < 10; i++ {
			if rec := loginFrom(t, h, origin, "203.0.113.5", "ada", "wrong-password"); rec.Code != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, rec.Code)
			}
		}
		rec := loginFrom(t, h, origin, "203.0.113.5", "ada", "password-ada")
		if rec.Code != http.StatusTooManyRequests {
			t.Fatalf("after 10 failures, even the right password: status %d, want 429", rec.Code)
		}
		retryAfterSeconds(t, rec, 15*60)
		if !strings.Contains(rec.Body.String(), "Try again in 15 minutes") {
			t.Errorf("the 429 page does not say how long: %s", trimPage(rec.Body.String()))
		}
		// The admin at the same office address is not locked out.
		if rec := loginFrom(t, h, origin, "203.0.113.5", "root", "password-root"); rec.Code != http.StatusSeeOther {
			t.Errorf("the admin from the same address: status %d, want 303", rec.Code)
		}
		// After 15 minutes ada logs in from there again.
		env.now.Advance(15 * time.Minute)
		if rec := loginFrom(t, h, origin, "203.0.113.5", "ada", "password-ada"); rec.Code != http.StatusSeeOther {
			t.Errorf("ada after 15 minutes: status %d, want 303", rec.Code)
		}
	})

	t.Run("ada from another address is not blocked by her failures at one", func(t *testing.T) {
		for i := 0; i < 10; i++ {
			loginFrom(t, h, origin, "203.0.113.6", "ada", "wrong-password")
		}
		if rec := loginFrom(t, h, origin, "198.51.100.6", "ada", "password-ada"); rec.Code != http.StatusSeeOther {
			t.Errorf("ada from another address: status %d, want 303", rec.Code)
		}
	})

	t.Run("50 failures for one account from anywhere slow it", func(t *testing.T) {
		for i := 0; i < 50; i++ { // 5 from each of 10 addresses: no pair reaches 10
			if err := env.store.RecordLoginFailure(ctx, "bob", "192.0.2."+strconv.Itoa(i%10+1)); err != nil {
				t.Fatal(err)
			}
		}
		rec := loginFrom(t, h, origin, "198.51.100.50", "bob", "password-bob")
		if rec.Code != http.StatusTooManyRequests {
			t.Fatalf("after 50 failures: status %d, want 429", rec.Code)
		}
		ra := retryAfterSeconds(t, rec, 60)
		if !strings.Contains(rec.Body.String(), "each attempt waits") {
			t.Errorf("the 429 page does not say the account is slowed: %s", trimPage(rec.Body.String()))
		}
		// A back-off, not a lock-out.
		env.now.Advance(time.Duration(ra) * time.Second)
		if rec := loginFrom(t, h, origin, "198.51.100.50", "bob", "password-bob"); rec.Code != http.StatusSeeOther {
			t.Errorf("bob after the back-off: status %d, want 303", rec.Code)
		}
	})

	t.Run("100 failures from one address block it for 15 minutes", func(t *testing.T) {
		for i := 0; i < 100; i++ { // 5 for each of 20 names: no pair or account limit
			if err := env.store.RecordLoginFailure(ctx, "guess"+strconv.Itoa(i%20), "203.0.113.100"); err != nil {
				t.Fatal(err)
			}
		}
		rec := loginFrom(t, h, origin, "203.0.113.100", "root", "password-root")
		if rec.Code != http.StatusTooManyRequests {
			t.Fatalf("after 100 failures from the address: status %d, want 429", rec.Code)
		}
		retryAfterSeconds(t, rec, 15*60)
		if !strings.Contains(rec.Body.String(), "from your address") {
			t.Errorf("the 429 page does not say the address is blocked: %s", trimPage(rec.Body.String()))
		}
		if rec := loginFrom(t, h, origin, "203.0.113.101", "root", "password-root"); rec.Code != http.StatusSeeOther {
			t.Errorf("from another address: status %d, want 303", rec.Code)
		}
		env.now.Advance(15 * time.Minute)
		if rec := loginFrom(t, h, origin, "203.0.113.100", "root", "password-root"); rec.Code != http.StatusSeeOther {
			t.Errorf("after 15 minutes: status %d, want 303", rec.Code)
		}
	})
}

// TestLoginThrottlingBehindAProxy: X-Forwarded-For counts only from a
// configured proxy, and then its rightmost address outside the trusted
// ranges is the client, whatever a client wrote to the left of it.
func TestLoginThrottlingBehindAProxy(t *testing.T) {
	env := newTestEnvConfig(t, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	env.createUser(t, "ada", review.RoleReviewer)
	h := env.server.Handler()
	const origin = "http://example.test"
	for i := 0; i < 10; i++ {
		// The client forges a different first hop each time.
		loginVia(t, h, origin, "10.0.0.1", "192.0.2."+strconv.Itoa(i+1)+", 203.0.113.7, 10.1.1.1", "ada", "wrong-password")
	}
	if rec := loginVia(t, h, origin, "10.0.0.2", "198.51.100.99, 203.0.113.7", "ada", "password-ada"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("the same client through the proxy: status %d, want 429", rec.Code)
	}
	if rec := loginVia(t, h, origin, "10.0.0.1", "203.0.113.8", "ada", "password-ada"); rec.Code != http.StatusSeeOther {
		t.Errorf("another client through the same proxy: status %d, want 303", rec.Code)
	}

	// From a peer that is not a proxy the header is ignored: changing it
	// does not escape the block.
	for i := 0; i < 10; i++ {
		loginVia(t, h, origin, "198.51.100.20", "192.0.2."+strconv.Itoa(i+1), "ada", "wrong-password")
	}
	if rec := loginVia(t, h, origin, "198.51.100.20", "192.0.2.200", "ada", "password-ada"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a forged header from an untrusted peer: status %d, want 429", rec.Code)
	}
}

func TestClientAddr(t *testing.T) {
	s := &Server{cfg: Config{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}}}
	tests := []struct {
		peer, xff, want string
	}{
		{"203.0.113.1:5000", "", "203.0.113.1"},
		{"203.0.113.1:5000", "198.51.100.1", "203.0.113.1"},                  // not a proxy: header ignored
		{"10.0.0.1:5000", "", "10.0.0.1"},                                    // a proxy that sent no header
		{"10.0.0.1:5000", "198.51.100.1", "198.51.100.1"},                    //
		{"10.0.0.1:5000", "1.1.1.1, 198.51.100.1, 10.2.2.2", "198.51.100.1"}, // rightmost untrusted
		{"10.0.0.1:5000", "10.3.3.3, 10.2.2.2", "10.3.3.3"},                  // all trusted: the leftmost
		{"10.0.0.1:5000", "garbage, 10.2.2.2", "10.2.2.2"},                   // stop at what no proxy wrote
		{"[fd00::1]:5000", "2001:db8::5", "2001:db8::5"},
		{"[::ffff:10.0.0.1]:5000", "198.51.100.1", "198.51.100.1"},
	}
	for _, tc := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := s.clientAddr(r).String(); got != tc.want {
			t.Errorf("peer %s, X-Forwarded-For %q: got %s, want %s", tc.peer, tc.xff, got, tc.want)
		}
	}
	if got := throttleKey(netip.MustParseAddr("2001:db8:1:2:3:4:5:6")); got != "2001:db8:1:2::/64" {
		t.Errorf("an IPv6 address counts as %s, want its /64", got)
	}
}

func TestSessionCookieSecureOverTLS(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "ada", review.RoleReviewer)
	ts := httptest.NewTLSServer(env.server.Handler())
	defer ts.Close()
	hc := ts.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	form := url.Values{"username": {"ada"}, "password": {"password-ada"}}
	req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login over TLS: status %d, want 303", resp.StatusCode)
	}
	found := false
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionName {
			found = true
			if !ck.Secure {
				t.Errorf("session cookie over TLS is not Secure")
			}
		}
	}
	if !found {
		t.Errorf("no session cookie over TLS")
	}
}
