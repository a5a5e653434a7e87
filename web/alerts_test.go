package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"claimdesk/review"
)

// raiseAlerts adds a rule "any claim scored above 0 from any feed", a
// feed, and an article of that feed with a few claims, matched; it
// returns how many alerts that raised.
func raiseAlerts(t *testing.T, e *testEnv) int {
	t.Helper()
	ctx := context.Background()
	zero := 0.0
	if _, err := e.store.AddAlertRule(ctx, nil, review.NewAlertRule{Kind: "score", Threshold: &zero}); err != nil {
		t.Fatal(err)
	}
	f, err := e.store.AddFeed(ctx, nil, review.NewFeed{URL: "https://outlet.example/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := e.store.ImportArticle(ctx, nil, review.NewArticle{Title: "Economy", Text: "Inflation reached 7 percent in September, according to the central bank.\nExports to China grew by 12 percent in 2025, the ministry said.\nUnemployment fell to 4.2 percent in October, the lowest level since 2008."})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.RecordFeedPoll(ctx, review.FeedPoll{FeedID: f.ID, Items: []review.FeedItem{{Key: "economy", State: review.FeedItemImported, ArticleID: a.ID}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	as, err := e.store.Alerts(ctx, 0, 0, 0)
	if err != nil || len(as) < 2 {
		t.Fatalf("alerts %+v, %v; want at least two", as, err)
	}
	return len(as)
}

var bellCount = regexp.MustCompile(`id="bell-count">(\d+)<`)

// bell returns the unread count the navigation shows on page path (0
// when it shows none).
func bell(t *testing.T, c *client, path string) int {
	t.Helper()
	code, body := c.getBody(t, path)
	if code != http.StatusOK || !strings.Contains(body, `href="/alerts"`) {
		t.Fatalf("%s: status %d, no bell: %s", path, code, trimPage(body))
	}
	m := bellCount.FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	var n int
	fmt.Sscan(m[1], &n)
	return n
}

// TestAlertsBell: the bell counts each person's unread alerts on every
// page; the list links each alert to its claim; one alert and then all
// are marked read with plain forms.
func TestAlertsBell(t *testing.T) {
	e := newTestEnv(t)
	e.createUser(t, "ed", review.RoleEditor)
	e.createUser(t, "rev", review.RoleReviewer)
	ed, rev := e.login(t, "ed"), e.login(t, "rev")
	if n := bell(t, ed, "/"); n != 0 {
		t.Fatalf("the bell shows %d before any alert", n)
	}
	total := raiseAlerts(t, e)
	for _, p := range []string{"/", "/claims", "/feeds"} {
		if n := bell(t, ed, p); n != total {
			t.Errorf("%s: the bell shows %d, want %d", p, n, total)
		}
	}
	as, _ := e.store.Alerts(context.Background(), 0, 0, 0)
	code, body := ed.getBody(t, "/alerts")
	if code != http.StatusOK || strings.Count(body, `class="unread"`) != total || !strings.Contains(body, fmt.Sprintf(`href="/claims/%d"`, as[0].ClaimID)) ||
		strings.Index(body, fmt.Sprintf(`id="alert-%d"`, as[0].ID)) > strings.Index(body, fmt.Sprintf(`id="alert-%d"`, as[1].ID)) {
		t.Fatalf("/alerts: status %d, want %d unread alerts, newest first, linked to their claims: %s", code, total, trimPage(body))
	}
	resp := ed.postForm(t, fmt.Sprintf("/alerts/%d/read", as[0].ID), nil)
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/alerts" {
		t.Fatalf("mark read: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if n := bell(t, ed, "/alerts"); n != total-1 {
		t.Errorf("after one read the bell shows %d, want %d", n, total-1)
	}
	if _, body := ed.getBody(t, "/alerts"); strings.Contains(body, fmt.Sprintf(`id="alert-read-%d"`, as[0].ID)) || strings.Count(body, `class="unread"`) != total-1 {
		t.Errorf("the alert read still offers 'Mark read', or the unread count is off: %s", trimPage(body))
	}
	if n := bell(t, rev, "/"); n != total {
		t.Errorf("another person's bell shows %d, want %d: reads are each person's", n, total)
	}
	resp = ed.postForm(t, "/alerts/999999/read", nil)
	if readBody(t, resp); resp.StatusCode != http.StatusNotFound {
		t.Errorf("reading a missing alert: status %d, want 404", resp.StatusCode)
	}
	resp = ed.postForm(t, "/alerts/read", nil)
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark all read: status %d", resp.StatusCode)
	}
	code, body = ed.getBody(t, "/alerts")
	if code != http.StatusOK || bellCount.MatchString(body) || !strings.Contains(body, fmt.Sprintf("%d alerts marked read", total-1)) || strings.Contains(body, `class="unread"`) {
		t.Errorf("after all read: status %d, the bell or an unread row remains, or no flash: %s", code, trimPage(body))
	}
	// A form from another site cannot mark alerts read.
	req, _ := http.NewRequest(http.MethodPost, e.url+"/alerts/read", strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp = rev.do(t, req)
	if readBody(t, resp); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site POST: status %d, want 403", resp.StatusCode)
	}
	if n := bell(t, rev, "/"); n != total {
		t.Errorf("after a cross-site POST the bell shows %d, want %d", n, total)
	}
}

func TestAlertRulesPage(t *testing.T) {
	e := newTestEnv(t)
	e.createUser(t, "ed", review.RoleEditor)
	e.createUser(t, "rev", review.RoleReviewer)
	ed, rev := e.login(t, "ed"), e.login(t, "rev")
	if code, _ := rev.getBody(t, "/alert-rules"); code != http.StatusForbidden {
		t.Errorf("a reviewer's /alert-rules: status %d, want 403", code)
	}
	bad := []struct {
		form url.Values
		want string
	}{
		{url.Values{"kind": {"score"}, "threshold": {"1.5"}}, "from 0 to 1"},
		{url.Values{"kind": {"score"}, "threshold": {"high"}}, "like 0.8"},
		{url.Values{"kind": {"score"}, "threshold": {"0.5"}, "feed": {"77"}}, "no feed 77"},
		{url.Values{"kind": {"claimant"}, "claimant": {"Nobody Atall"}}, "no claimant named"},
		{url.Values{}, "choose what the rule watches"},
	}
	for _, b := range bad {
		resp := ed.postForm(t, "/alert-rules", b.form)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(body), strings.ToLower(b.want)) {
			t.Errorf("%v: status %d, want 422 saying %q: %s", b.form, resp.StatusCode, b.want, trimPage(body))
		}
	}
	if rules, _ := e.store.AlertRules(context.Background()); len(rules) != 0 {
		t.Fatalf("refused forms stored rules: %+v", rules)
	}
	// The form sends every field; a false-match rule ignores the others.
	resp := ed.postForm(t, "/alert-rules", url.Values{"kind": {"false_match"}, "claimant": {"x"}, "threshold": {"9"}})
	readBody(t, resp)
	rules, _ := e.store.AlertRules(context.Background())
	if resp.StatusCode != http.StatusSeeOther || len(rules) != 1 || rules[0].Kind != review.AlertFalseMatch {
		t.Fatalf("add: status %d, rules %+v", resp.StatusCode, rules)
	}
	if code, body := ed.getBody(t, "/alert-rules"); code != http.StatusOK || !strings.Contains(body, "rated false or misleading") || !strings.Contains(body, "Rule 1 was added") {
		t.Errorf("the rules page: status %d: %s", code, trimPage(body))
	}
	resp = ed.postForm(t, "/alert-rules/1/delete", nil)
	readBody(t, resp)
	if rules, _ := e.store.AlertRules(context.Background()); resp.StatusCode != http.StatusSeeOther || len(rules) != 0 {
		t.Errorf("delete: status %d, %d rules left", resp.StatusCode, len(rules))
	}
}

func TestWebhooksPage(t *testing.T) {
	e := newTestEnv(t)
	e.createUser(t, "ada", review.RoleAdmin)
	e.createUser(t, "ed", review.RoleEditor)
	admin, ed := e.login(t, "ada"), e.login(t, "ed")
	if code, _ := ed.getBody(t, "/webhooks"); code != http.StatusForbidden {
		t.Errorf("an editor's /webhooks: status %d, want 403", code)
	}
	for _, b := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"url": {"ftp://chat.example/hook"}}, "only http and https"},
		{url.Values{"url": {"https://chat.example/hook"}, "format": {"xml"}}, "not &#34;xml&#34;"},
	} {
		resp := admin.postForm(t, "/webhooks", b.form)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, b.want) {
			t.Errorf("%v: status %d, want 422 saying %q: %s", b.form, resp.StatusCode, b.want, trimPage(body))
		}
	}
	resp := admin.postForm(t, "/webhooks", url.Values{"url": {"https://chat.example/hook"}, "format": {"raw"}})
	body := readBody(t, resp)
	hooks, _ := e.store.Webhooks(context.Background())
	if resp.StatusCode != http.StatusOK || len(hooks) != 1 || hooks[0].Format != review.WebhookRaw || !strings.Contains(body, hooks[0].Secret) {
		t.Fatalf("add: status %d, webhooks %+v, secret shown: %v", resp.StatusCode, hooks, len(hooks) == 1 && strings.Contains(body, hooks[0].Secret))
	}
	if code, body := admin.getBody(t, "/webhooks"); code != http.StatusOK || strings.Contains(body, hooks[0].Secret) || !strings.Contains(body, "https://chat.example/hook") {
		t.Errorf("the webhooks page again: status %d, the secret shown again: %v", code, strings.Contains(body, hooks[0].Secret))
	}
}

func TestAlertsAPI(t *testing.T) {
	e := newTestEnv(t)
	e.createUser(t, "ada", review.RoleAdmin)
	e.createUser(t, "ed", review.RoleEditor)
	e.createUser(t, "rev", review.RoleReviewer)
	admin, ed, rev := e.apiToken(t, "ada"), e.apiToken(t, "ed"), e.apiToken(t, "rev")
	for _, b := range []struct {
		token, body string
		code        int
		want        string
	}{
		{ed, `{"kind": "score", "threshold": 2}`, http.StatusUnprocessableEntity, "from 0 to 1"},
		{ed, `{"kind": "score", "threshold": 0.5, "feed_id": 9}`, http.StatusUnprocessableEntity, "no feed 9"},
		{ed, `{"kind": "claimant", "claimant": "Nobody Atall"}`, http.StatusUnprocessableEntity, "no claimant named"},
		{ed, `{"kind": "score", "treshold": 0.5}`, http.StatusBadRequest, "treshold"},
		{rev, `{"kind": "false_match"}`, http.StatusForbidden, "only editors"},
	} {
		code, got := e.apiCall(t, "POST", "/api/v1/alert-rules", b.token, []byte(b.body))
		if code != b.code || !strings.Contains(strings.ToLower(anyString(got)), strings.ToLower(b.want)) {
			t.Errorf("POST %s: %d %v, want %d saying %q", b.body, code, got, b.code, b.want)
		}
	}
	code, got := e.apiCall(t, "POST", "/api/v1/alert-rules", ed, []byte(`{"kind": "score", "threshold": 0.6}`))
	if code != http.StatusCreated || got["kind"] != "score" || got["threshold"] != 0.6 || !strings.Contains(fmt.Sprint(got["description"]), "any feed") {
		t.Fatalf("create rule: %d %v", code, got)
	}
	if code, got := e.apiCall(t, "GET", "/api/v1/alert-rules", ed, nil); code != http.StatusOK || len(got["rules"].([]any)) != 1 {
		t.Errorf("list rules: %d %v", code, got)
	}
	if code := e.apiDelete(t, fmt.Sprintf("/api/v1/alert-rules/%v", got["id"]), ed); code != http.StatusNoContent {
		t.Errorf("delete rule: %d", code)
	}

	code, got = e.apiCall(t, "POST", "/api/v1/webhooks", admin, []byte(`{"url": "https://chat.example/hook", "format": "slack"}`))
	secret, _ := got["secret"].(string)
	if code != http.StatusCreated || !strings.HasPrefix(secret, review.WebhookSecretPrefix) || got["format"] != "slack" {
		t.Fatalf("create webhook: %d %v", code, got)
	}
	for _, b := range []struct {
		token, body string
		code        int
		want        string
	}{
		{admin, `{"url": "gopher://chat.example/hook"}`, http.StatusUnprocessableEntity, "only http and https"},
		{admin, `{"url": "https://chat.example/hook"}`, http.StatusUnprocessableEntity, "added before"},
		{ed, `{"url": "https://chat.example/x"}`, http.StatusForbidden, "only admins"},
	} {
		code, got := e.apiCall(t, "POST", "/api/v1/webhooks", b.token, []byte(b.body))
		if code != b.code || !strings.Contains(strings.ToLower(anyString(got)), strings.ToLower(b.want)) {
			t.Errorf("POST webhook %s: %d %v, want %d saying %q", b.body, code, got, b.code, b.want)
		}
	}
	code, got = e.apiCall(t, "GET", "/api/v1/webhooks", admin, nil)
	if code != http.StatusOK || strings.Contains(anyString(got), secret) || len(got["webhooks"].([]any)) != 1 {
		t.Errorf("list webhooks: %d %v (a secret must not be listed)", code, got)
	}
	if code, _ := e.apiCall(t, "GET", "/api/v1/webhooks", ed, nil); code != http.StatusForbidden {
		t.Errorf("an editor lists webhooks: %d, want 403", code)
	}

	total := raiseAlerts(t, e)
	code, got = e.apiCall(t, "GET", "/api/v1/alerts?limit=1", rev, nil)
	if list, _ := got["alerts"].([]any); code != http.StatusOK || len(list) != 1 || got["unread"] != float64(total) {
		t.Fatalf("alerts: %d %v, want one of %d unread", code, got, total)
	}
	if code, got := e.apiCall(t, "GET", "/api/v1/alerts?limit=0", rev, nil); code != http.StatusUnprocessableEntity {
		t.Errorf("limit 0: %d %v, want 422", code, got)
	}
	first := got["alerts"].([]any)[0].(map[string]any)
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/alerts/%v/read", e.url, first["id"]), nil)
	req.Header.Set("Authorization", "Bearer "+rev)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if code, got := e.apiCall(t, "GET", "/api/v1/alerts", rev, nil); resp.StatusCode != http.StatusNoContent || got["unread"] != float64(total-1) {
		t.Errorf("after one read: status %d, %d %v", resp.StatusCode, code, got["unread"])
	}
	if code, got := e.apiCall(t, "POST", "/api/v1/alerts/read", rev, nil); code != http.StatusOK || got["marked"] != float64(total-1) {
		t.Errorf("all read: %d %v", code, got)
	}
}
