package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/review"
)

// BenchmarkSegmentText cuts a long article (about 1 MiB, 8,000 claims) into
// highlight segments, the work the article page does per view.
func BenchmarkSegmentText(b *testing.B) {
	sentence := "The ministry said unemployment fell to 4.2 percent in October, the lowest since 2008. "
	body := strings.Repeat(sentence, 1<<20/len(sentence))
	var cs []review.Claim
	for i := 0; i+len(sentence) <= len(body) && len(cs) < 8000; i += len(sentence) {
		cs = append(cs, review.Claim{ID: int64(len(cs) + 1), Start: i, End: i + len(sentence) - 1, Status: review.StatusNew})
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		segs, _ := segmentText(body, cs)
		if len(segs) < len(cs) {
			b.Fatal("claims lost")
		}
	}
}

// BenchmarkArticlePage serves the sample article's page (text, highlights,
// side list) over HTTP to a logged-in reviewer.
func BenchmarkArticlePage(b *testing.B) {
	text, err := os.ReadFile("../cmd/claimdesk/demo/article.txt")
	if err != nil {
		b.Skip("the sample article is missing")
	}
	ctx := context.Background()
	db, err := claimdesk.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	model, err := claims.DefaultModel()
	if err != nil {
		b.Fatal(err)
	}
	store := review.NewStore(db, model)
	s, err := New(store, Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	u, err := store.CreateUser(ctx, nil, "rita", "password-rita", review.RoleReviewer)
	if err != nil {
		b.Fatal(err)
	}
	a, _, err := store.ImportArticle(ctx, u, review.NewArticle{Title: "Sample", Text: string(text)})
	if err != nil {
		b.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(url.Values{"username": {"rita"}, "password": {"password-rita"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	page := ts.URL + "/articles/" + idStr(a.ID)
	b.ReportAllocs()
	for b.Loop() {
		resp, err := hc.Get(page)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Request.URL.String() != page {
			b.Fatalf("status %d at %s", resp.StatusCode, resp.Request.URL)
		}
		b.SetBytes(n)
	}
}
