package web

import (
	"context"
	"database/sql"
	"fmt"
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

// BenchmarkClaimPageSeeded is the claim page of BenchmarkClaimPage in a
// desk that has worked a while: 5,000 claimants (all on the sample's
// claims), 3,000 sources cited by 20,000 pieces of evidence, and five
// matches of the claim shown. What a page reads that grows with the
// archive shows here and not on the bare sample.
func BenchmarkClaimPageSeeded(b *testing.B) {
	env := newTestEnv(b)
	ed := env.createUser(b, "eddie", review.RoleEditor)
	_, cs := env.importArticle(b, ed, sampleArticle)
	shown := cs[len(cs)/2].ID
	db, err := sql.Open("sqlite3", "file:"+env.dbPath+"?_busy_timeout=5000")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
			INSERT INTO claimants (name, created_at, updated_at) SELECT 'Claimant ' || i, '', '' FROM n`,
		`UPDATE claims SET claimant_id = 1 + id % 5000`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
			INSERT INTO sources (url, title, created_at) SELECT 'https://example.org/' || i, 'Source ' || i, '' FROM n`,
		fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
			INSERT INTO evidence (claim_id, source_id, stance, quote, created_at)
			SELECT (SELECT min(id) FROM claims WHERE id <> %d), 1 + i %% 3000, 'context', 'quote ' || i, '' FROM n`, shown),
		fmt.Sprintf(`INSERT INTO matches (claim_id, other_id, score, created_at)
			SELECT %d, id, 0.5, '' FROM claims WHERE id <> %d LIMIT 5`, shown, shown),
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			b.Fatalf("seed: %v\n%s", err, q)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	c := env.login(b, "eddie")
	req := httptest.NewRequest("GET", "/claims/"+idStr(shown), nil)
	req.AddCookie(&http.Cookie{Name: sessionName, Value: c.sessionCookie(b)})
	serveEach(b, env.server.Handler(), req)
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
