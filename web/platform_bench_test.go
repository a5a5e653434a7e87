package web

import (
	"net/http"
	"net/http/httptest"
	"runtime"
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
	serveEach(b, h, req)
}

// serveEach serves req b.N times, one at a time, each answered 200.
func serveEach(b *testing.B, h http.Handler, req *http.Request) {
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

// claimPageBench is a claim page of the sample article, as an editor sees
// it (the fullest page: users, sign-off, publishing link), and a request
// for it with the editor's session.
func claimPageBench(b *testing.B) (http.Handler, *http.Request) {
	env := newTestEnv(b)
	ed := env.createUser(b, "eddie", review.RoleEditor)
	_, cs := env.importArticle(b, ed, sampleArticle)
	c := env.login(b, "eddie")
	req := httptest.NewRequest("GET", "/claims/"+idStr(cs[len(cs)/2].ID), nil)
	req.AddCookie(&http.Cookie{Name: sessionName, Value: c.sessionCookie(b)})
	return env.server.Handler(), req
}

// BenchmarkClaimPage is one claim page at a time: its CPU time per page
// is the figure to watch (go test -bench ClaimPage -cpuprofile).
func BenchmarkClaimPage(b *testing.B) {
	h, req := claimPageBench(b)
	serveEach(b, h, req)
}

// BenchmarkParallel64 serves claim pages and /healthz to 64 clients at
// once, in one run, so their throughputs compare on the same machine.
func BenchmarkParallel64(b *testing.B) {
	h, claimReq := claimPageBench(b)
	for _, tc := range []struct {
		name string
		req  *http.Request
	}{{"healthz", httptest.NewRequest("GET", "/healthz", nil)}, {"claim", claimReq}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, tc.req.Clone(tc.req.Context()))
					if rec.Code != http.StatusOK {
						b.Errorf("status %d", rec.Code)
						return
					}
				}
			})
		})
	}
}
