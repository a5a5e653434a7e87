package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"claimdesk/review"
)

func TestFeedsPage(t *testing.T) {
	e := newTestEnv(t)
	e.createUser(t, "ada", review.RoleAdmin)
	e.createUser(t, "ed", review.RoleEditor)
	admin := e.login(t, "ada")

	resp := admin.postForm(t, "/feeds", url.Values{"url": {"https://outlet.example/feed.xml"}, "every": {"30m"}})
	if body := readBody(t, resp); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: status %d: %s", resp.StatusCode, trimPage(body))
	}
	feeds, err := e.store.Feeds(context.Background())
	if err != nil || len(feeds) != 1 || feeds[0].Every != review.Duration(30*time.Minute) || feeds[0].AllowPrivate {
		t.Fatalf("feeds = %+v, %v; want one, every 30m, private not allowed", feeds, err)
	}
	// The last error shows on the list and on the feed's page.
	if err := e.store.RecordFeedPoll(context.Background(), review.FeedPoll{FeedID: feeds[0].ID, Err: "the feed answered 410 Gone"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/feeds", "/feeds/" + idStr(feeds[0].ID)} {
		code, body := admin.getBody(t, p)
		if code != http.StatusOK || !strings.Contains(body, "the feed answered 410 Gone") || !strings.Contains(body, "https://outlet.example/feed.xml") {
			t.Errorf("%s: status %d, want the feed and its error: %s", p, code, trimPage(body))
		}
	}

	bad := []struct {
		form url.Values
		want string
	}{
		{url.Values{"url": {"ftp://outlet.example/x"}}, "only http and https"},
		{url.Values{"url": {"https://outlet.example/feed.xml"}}, "added before"},
		{url.Values{"url": {"https://b.example/f"}, "every": {"often"}}, "write the interval like"},
		{url.Values{"url": {"https://b.example/f"}, "every": {"10s"}}, "at most once a minute"},
	}
	for _, b := range bad {
		resp := admin.postForm(t, "/feeds", b.form)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(body), b.want) {
			t.Errorf("%v: status %d, want 422 saying %q: %s", b.form, resp.StatusCode, b.want, trimPage(body))
		}
	}

	// An editor sees the list but may neither add nor remove.
	ed := e.login(t, "ed")
	if code, body := ed.getBody(t, "/feeds"); code != http.StatusOK || strings.Contains(body, "feed-add-form") {
		t.Errorf("editor's /feeds: status %d, add form shown: %v", code, strings.Contains(body, "feed-add-form"))
	}
	for _, p := range []string{"/feeds", "/feeds/" + idStr(feeds[0].ID) + "/delete"} {
		resp := ed.postForm(t, p, url.Values{"url": {"https://c.example/f"}})
		readBody(t, resp)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor POST %s: status %d, want 403", p, resp.StatusCode)
		}
	}
	resp = admin.postForm(t, "/feeds/"+idStr(feeds[0].ID)+"/delete", nil)
	readBody(t, resp)
	if n, _ := e.store.Feeds(context.Background()); resp.StatusCode != http.StatusSeeOther || len(n) != 0 {
		t.Errorf("delete: status %d, %d feeds left", resp.StatusCode, len(n))
	}
}

func TestFeedsAPI(t *testing.T) {
	e := newTestEnv(t)
	e.createUser(t, "ada", review.RoleAdmin)
	e.createUser(t, "rev", review.RoleReviewer)
	admin, rev := e.apiToken(t, "ada"), e.apiToken(t, "rev")

	code, got := e.apiCall(t, "POST", "/api/v1/feeds", admin, []byte(`{"url": "https://outlet.example/atom", "every": "1h", "allow_private": true}`))
	if code != http.StatusCreated || got["url"] != "https://outlet.example/atom" || got["every"] != "1h0m0s" || got["allow_private"] != true {
		t.Fatalf("create: %d %v", code, got)
	}
	id := int64(got["id"].(float64))
	code, got = e.apiCall(t, "GET", "/api/v1/feeds", rev, nil)
	if fs, _ := got["feeds"].([]any); code != http.StatusOK || len(fs) != 1 {
		t.Errorf("list: %d %v", code, got)
	}
	bad := []struct {
		token, body string
		code        int
		want        string
	}{
		{admin, `{"url": "not a link"}`, http.StatusUnprocessableEntity, "only http and https"},
		{admin, `{"url": "https://b.example/f", "every": "soon"}`, http.StatusUnprocessableEntity, "write the interval like"},
		{admin, `{"url": "https://b.example/f", "every": "-5m"}`, http.StatusUnprocessableEntity, "longer than zero"},
		{admin, `{"url": "https://b.example/f", "period": "5m"}`, http.StatusBadRequest, "period"},
		{admin, `{"url": "https://outlet.example/atom"}`, http.StatusUnprocessableEntity, "added before"},
		{rev, `{"url": "https://b.example/f"}`, http.StatusForbidden, "only admins"},
		{"", `{"url": "https://b.example/f"}`, http.StatusUnauthorized, ""},
	}
	for _, b := range bad {
		code, got := e.apiCall(t, "POST", "/api/v1/feeds", b.token, []byte(b.body))
		if code != b.code || !strings.Contains(strings.ToLower(anyString(got)), strings.ToLower(b.want)) {
			t.Errorf("POST %s: %d %v, want %d saying %q", b.body, code, got, b.code, b.want)
		}
	}
	if code := e.apiDelete(t, "/api/v1/feeds/"+idStr(id), rev); code != http.StatusForbidden {
		t.Errorf("reviewer DELETE: %d, want 403", code)
	}
	if code := e.apiDelete(t, "/api/v1/feeds/"+idStr(id), admin); code != http.StatusNoContent {
		t.Errorf("DELETE: %d, want 204", code)
	}
	if code, _ := e.apiCall(t, "DELETE", "/api/v1/feeds/"+idStr(id), admin, nil); code != http.StatusNotFound {
		t.Errorf("DELETE again: %d, want 404", code)
	}
	if fs, _ := e.store.Feeds(context.Background()); len(fs) != 0 {
		t.Errorf("%d feeds left, want 0", len(fs))
	}
}

// apiDelete sends DELETE path with token and returns the status.
func (e *testEnv) apiDelete(t *testing.T, path, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodDelete, e.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("DELETE %s: %v", path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// anyString is v as JSON, for looking for words in an answer.
func anyString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
