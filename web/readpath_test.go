package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"testing"
	"time"

	"claimdesk/review"
)

// holdWriter takes the database's write lock on a connection of its own,
// as a long import in another process would, until release is called.
func holdWriter(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err == nil {
		_, err = tx.Exec("UPDATE settings SET value = value WHERE 0")
	}
	if err != nil {
		db.Close()
		t.Fatalf("take the write lock: %v", err)
	}
	done := false
	release = func() {
		if !done {
			done = true
			tx.Rollback()
			db.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// TestReadsAnswerWhileTheWriterIsHeld: with the write lock held elsewhere
// (a bulk import, a backup), every page and API read answers at once, for
// a session due a last_seen_at refresh and for an API token: no read path
// writes. A write there would wait out the busy timeout and fail.
func TestReadsAnswerWhileTheWriterIsHeld(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "root", review.RoleAdmin)
	tok := env.apiToken(t, "root")
	a, cs := env.importArticle(t, nil, sampleArticle)
	c := env.login(t, "root")
	env.now.Advance(2 * time.Minute) // the session is due a refresh of last_seen_at

	release := holdWriter(t, env.dbPath)
	defer release()
	get := func(t *testing.T, path string, header http.Header) int {
		t.Helper()
		// The deadline only keeps a regression from hanging the run.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, env.url+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header[k] = v
		}
		resp := c.do(t, req)
		readBody(t, resp)
		return resp.StatusCode
	}
	pages := []string{"/", "/articles", "/articles/new", fmt.Sprintf("/articles/%d", a.ID), "/claims",
		fmt.Sprintf("/claims/%d", cs[0].ID), "/queue", "/search?q=minister", "/export?format=csv", "/export/check", "/account",
		"/admin/users", "/admin/settings", "/admin/verdicts", "/verdicts.css"}
	for _, p := range pages {
		if got := get(t, p, nil); got != http.StatusOK {
			t.Errorf("GET %s with a session: status %d, want 200", p, got)
		}
	}
	api := []string{"/api/v1/articles", fmt.Sprintf("/api/v1/articles/%d", a.ID),
		fmt.Sprintf("/api/v1/articles/%d/claims", a.ID), fmt.Sprintf("/api/v1/claims/%d", cs[0].ID), "/api/v1/search?q=minister"}
	for _, p := range api {
		if got := get(t, p, http.Header{"Authorization": {"Bearer " + tok}}); got != http.StatusOK {
			t.Errorf("GET %s with a token: status %d, want 200", p, got)
		}
		if got := get(t, p, nil); got != http.StatusOK {
			t.Errorf("GET %s with a session: status %d, want 200", p, got)
		}
	}
}
