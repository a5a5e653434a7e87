package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"claimdesk/review"
)

func TestDigestAPIAndPage(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	rev := e.createUser(t, "rev", review.RoleReviewer)
	tok := e.apiToken(t, "rev")
	if _, err := e.store.ImportFactChecks(ctx, nil, []review.NewFactCheck{{ClaimText: "Unemployment fell to 4.2 percent in October, the lowest level since 2008.",
		Rating: "False", Publisher: "Checkers", URL: "https://checkers.example/u"}}); err != nil {
		t.Fatal(err)
	}
	_, cs := e.importArticle(t, rev, sampleArticle)
	e.matchAll(t)

	code, got := e.apiCall(t, "GET", "/api/v1/digest", tok, nil)
	claims, _ := got["claims"].([]any)
	if code != http.StatusOK || len(claims) == 0 {
		t.Fatalf("digest: %d %v", code, got)
	}
	first := claims[0].(map[string]any)
	for _, k := range []string{"id", "statement", "text", "score", "claimant", "article_id", "outlet", "matches"} {
		if _, ok := first[k]; !ok {
			t.Errorf("a digest claim lacks %q: %v", k, first)
		}
	}
	raw, _ := json.Marshal(got)
	if !strings.Contains(string(raw), `"rating":"False"`) || !strings.Contains(string(raw), "https://checkers.example/u") {
		t.Errorf("the digest lacks the False fact-check: %s", raw)
	}
	// Since tomorrow: nothing; a bad since: 422 naming the field.
	if code, got := e.apiCall(t, "GET", "/api/v1/digest?since=2026-11-21", tok, nil); code != http.StatusOK || len(got["claims"].([]any)) != 0 {
		t.Errorf("since tomorrow: %d %v, want no claims", code, got)
	}
	for _, bad := range []string{"since=last+week", "since=2026-02-30", "limit=0", "limit=x"} {
		code, got := e.apiCall(t, "GET", "/api/v1/digest?"+bad, tok, nil)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %v, want 422", bad, code, got)
		}
	}
	if code, _ := e.apiCall(t, "GET", "/api/v1/digest", "", nil); code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", code)
	}

	// The page lists the claims; one click takes or dismisses.
	c := e.login(t, "rev")
	code, body := c.getBody(t, "/digest")
	if code != http.StatusOK || !strings.Contains(body, "rated <strong>False</strong>") || !strings.Contains(body, "/claims/"+idStr(cs[0].ID)) {
		t.Errorf("/digest: %d, want the claims and the fact-check: %s", code, trimPage(body))
	}
	if code, body := c.getBody(t, "/digest?since=soon"); code != http.StatusUnprocessableEntity || !strings.Contains(body, "YYYY-MM-DD") {
		t.Errorf("/digest?since=soon: %d, want 422 explaining the date: %s", code, trimPage(body))
	}
	var open []review.Claim
	for _, cl := range cs {
		if !cl.Candidate {
			open = append(open, cl)
		}
	}
	resp := c.postForm(t, "/digest/claims/"+idStr(open[0].ID), url.Values{"action": {"take"}, "since": {"2026-11-19"}})
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/digest?since=2026-11-19" {
		t.Errorf("take: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if cl, _ := e.store.Claim(ctx, open[0].ID); cl.AssigneeID != rev.ID {
		t.Errorf("after take: assignee %d, want %d", cl.AssigneeID, rev.ID)
	}
	resp = c.postForm(t, "/digest/claims/"+idStr(open[1].ID), url.Values{"action": {"dismiss"}})
	readBody(t, resp)
	if cl, _ := e.store.Claim(ctx, open[1].ID); cl.Status != review.StatusDismissed || cl.DismissReason == "" {
		t.Errorf("after dismiss: status %s, reason %q", cl.Status, cl.DismissReason)
	}
	if code, got := e.apiCall(t, "GET", "/api/v1/digest", tok, nil); code != http.StatusOK || strings.Contains(anyString(got), `"id":`+idStr(open[1].ID)+`,`) {
		t.Errorf("the dismissed claim is still in the digest: %v", got)
	}
	resp = c.postForm(t, "/digest/claims/"+idStr(open[0].ID), url.Values{"action": {"explode"}})
	if body := readBody(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "take") {
		t.Errorf("unknown action: %d, want 400 naming the actions", resp.StatusCode)
	}
	resp = c.postForm(t, "/digest/claims/999999", url.Values{"action": {"take"}})
	readBody(t, resp)
	if _, body := c.getBody(t, "/digest"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(body, "Claim #999999 did not change") {
		t.Errorf("missing claim: %d, want back to the digest saying why: %s", resp.StatusCode, trimPage(body))
	}
}

func TestDigestAtomFeed(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	rev := e.createUser(t, "rev", review.RoleReviewer)
	e.importArticle(t, rev, sampleArticle)
	c := e.login(t, "rev")

	resp := c.postForm(t, "/digest/key", nil)
	body := readBody(t, resp)
	i := strings.Index(body, `<code id="digest-feed-url">`)
	if resp.StatusCode != http.StatusOK || i < 0 {
		t.Fatalf("make key: %d, no address shown: %s", resp.StatusCode, trimPage(body))
	}
	feedURL := body[i+len(`<code id="digest-feed-url">`):]
	feedURL = strings.ReplaceAll(feedURL[:strings.Index(feedURL, "</code>")], "&amp;", "&")
	u, err := url.Parse(feedURL)
	if err != nil || u.Path != "/digest.atom" {
		t.Fatalf("feed address %q: %v", feedURL, err)
	}
	reader := e.newClient(t) // a feed reader: no session
	code, atom := reader.getBody(t, u.RequestURI())
	if code != http.StatusOK || !strings.Contains(atom, `<feed xmlns="http://www.w3.org/2005/Atom">`) || !strings.Contains(atom, "<entry>") ||
		!strings.Contains(atom, "unemployment") {
		t.Fatalf("the feed: %d %s", code, atom)
	}
	var parsed struct {
		Entries []struct {
			ID string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(atom), &parsed); err != nil || len(parsed.Entries) == 0 {
		t.Errorf("the feed does not parse as Atom with entries: %v", err)
	}
	if _, ok, _ := e.store.HasDigestKey(ctx, rev.ID); !ok {
		t.Error("HasDigestKey is false after making one")
	}

	// A wrong, missing or revoked key answers 404; a new key ends the old one.
	for _, q := range []string{"", "?key=", "?key=cdd_guess", "?key=" + url.QueryEscape(u.Query().Get("key")+"x")} {
		if code, _ := reader.getBody(t, "/digest.atom"+q); code != http.StatusNotFound {
			t.Errorf("/digest.atom%s: %d, want 404", q, code)
		}
	}
	resp = c.postForm(t, "/digest/key", nil)
	readBody(t, resp)
	if code, _ := reader.getBody(t, u.RequestURI()); code != http.StatusNotFound {
		t.Errorf("the old address after a new one: %d, want 404", code)
	}
	resp = c.postForm(t, "/digest/key/revoke", nil)
	readBody(t, resp)
	if _, ok, _ := e.store.HasDigestKey(ctx, rev.ID); resp.StatusCode != http.StatusSeeOther || ok {
		t.Errorf("revoke: %d, key still there: %v", resp.StatusCode, ok)
	}
	// A disabled user's feed stops too.
	key, err := e.store.NewDigestKey(ctx, rev)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.SetUserDisabled(ctx, nil, rev.ID, true); err != nil {
		t.Fatal(err)
	}
	if code, _ := reader.getBody(t, "/digest.atom?key="+url.QueryEscape(key)); code != http.StatusNotFound {
		t.Errorf("a disabled user's feed: %d, want 404", code)
	}
}
