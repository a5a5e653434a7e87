package web

import (
	"net/http"
	"strings"
	"testing"

	"claimdesk/review"
)

// postRaw posts body as a form, exactly as given (no encoding).
func (c *client) postRaw(t *testing.T, path, contentType, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.env.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", c.env.url)
	return c.do(t, req)
}

// TestUnreadableFormIsA400: a form the server cannot read — a malformed
// escape, more fields than a form may have, a broken multipart body — is
// the person's request, not the server's failure: 400 with a sentence
// that says what to do, on every form (each goes through parseForm), and
// nothing changes.
func TestUnreadableFormIsA400(t *testing.T) {
	t.Parallel()
	env, cs := claimEnv(t)
	env.createUser(t, "root", review.RoleAdmin)
	id := idStr(cs[0].ID)
	many := strings.Repeat("note=x&", 10000) + "note=x"
	const form = "application/x-www-form-urlencoded"
	bodies := []struct{ name, contentType, body string }{
		{"malformed escape", form, "version=1&note=%zz"},
		{"more than 10,000 fields", form, many},
		{"broken multipart", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT"},
	}
	paths := []struct {
		path, user string
	}{
		{"/login", ""},
		{"/setup", ""},
		{"/claims/" + id, "rita"},
		{"/claims/" + id + "/evidence", "rita"},
		{"/claims/" + id + "/comments", "rita"},
		{"/claims/" + id + "/split", "rita"},
		{"/claims/bulk", "rita"},
		{"/articles", "rita"},
		{"/articles/" + idStr(cs[0].ArticleID), "rita"},
		{"/articles/" + idStr(cs[0].ArticleID) + "/claims", "rita"},
		{"/articles/" + idStr(cs[0].ArticleID) + "/merge", "rita"},
		{"/account/password", "rita"},
		{"/admin/users", "root"},
		{"/admin/settings", "root"},
		{"/admin/verdicts", "root"},
		{"/export/claims/" + id + "/review-url", "eddie"},
	}
	clients := map[string]*client{"": env.newClient(t)}
	for _, u := range []string{"rita", "root", "eddie"} {
		clients[u] = env.login(t, u)
	}
	before := fingerprint(t, env.store)
	for _, p := range paths {
		for _, b := range bodies {
			t.Run(p.path+" "+b.name, func(t *testing.T) {
				resp := clients[p.user].postRaw(t, p.path, b.contentType, b.body)
				body := readBody(t, resp)
				// /setup is gone once a user exists, whatever was posted.
				if p.path == "/setup" {
					if resp.StatusCode != http.StatusNotFound {
						t.Errorf("status %d, want 404", resp.StatusCode)
					}
					return
				}
				if resp.StatusCode != http.StatusBadRequest {
					t.Fatalf("status %d, want 400:\n%s", resp.StatusCode, trimPage(body))
				}
				if !strings.Contains(body, "could not be read") {
					t.Errorf("the page does not say the form could not be read:\n%s", trimPage(body))
				}
			})
		}
	}
	if after := fingerprint(t, env.store); after != before {
		t.Errorf("an unreadable form changed the database:\n%s\n%s", before, after)
	}
}

// TestRefusalsSayTheWholeRule: the sentence of a refused change reaches
// the page whole (it is carried by the error's type, not cut out of its
// text): "2 claims have the verdict ...: change them first", not only
// "Change them first".
func TestRefusalsSayTheWholeRule(t *testing.T) {
	t.Parallel()
	env, cs := claimEnv(t)
	env.createUser(t, "root", review.RoleAdmin)
	ed, err := env.store.UserByName(t.Context(), "eddie")
	if err != nil {
		t.Fatal(err)
	}
	verdict := "False"
	if _, err := env.store.UpdateClaim(t.Context(), ed, cs[0].ID, review.ClaimUpdate{Version: cs[0].Version, Verdict: &verdict}); err != nil {
		t.Fatal(err)
	}
	vs, err := env.store.Verdicts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var falseID int64
	for _, v := range vs {
		if v.Name == "False" {
			falseID = v.ID
		}
	}
	c := env.login(t, "root")
	flash := c.flashOf(t, c.postForm(t, "/admin/verdicts/"+idStr(falseID)+"/delete", nil))
	if !strings.Contains(flash, "1 claims have the verdict") && !strings.Contains(flash, "1 claim has the verdict") {
		t.Errorf("deleting a verdict in use: flash %q, want it to say how many claims have it", flash)
	}
	// A role rule keeps its sentence on the 403 page too.
	ready := review.StatusNeedsReview
	c1, err := env.store.UpdateClaim(t.Context(), ed, cs[1].ID, review.ClaimUpdate{Version: cs[1].Version, Status: &ready})
	if err != nil {
		t.Fatal(err)
	}
	r := env.login(t, "rita")
	resp := r.postForm(t, "/claims/"+idStr(c1.ID), map[string][]string{"version": {idStr(c1.Version)}, "status": {"done"}})
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Only editors and admins may sign a verdict off.") {
		t.Errorf("a reviewer signs off: status %d, want 403 saying who may:\n%s", resp.StatusCode, trimPage(body))
	}
}
