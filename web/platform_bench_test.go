package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"claimdesk/review"
)

// BenchmarkHealthz is the cost of the middleware alone: headers, logging,
// cross-origin check, body cap, no session.
func BenchmarkHealthz(b *testing.B) {
	env := newTestEnv(b)
	h := env.server.Handler()
	req := httptest.NewRequest("GET", "/healthz", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkSessionPage is a logged-in page: the cookie verified and
// decrypted, the session and its user read from SQLite, the page rendered.
func BenchmarkSessionPage(b *testing.B) {
	env := newTestEnv(b)
	env.createUser(b, "ada", review.RoleReviewer)
	c := env.login(b, "ada")
	h := env.server.Handler()
	req := httptest.NewRequest("GET", "/account", nil)
	req.AddCookie(&http.Cookie{Name: sessionName, Value: c.sessionCookie(b)})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req.Clone(req.Context()))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
