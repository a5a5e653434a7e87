package web

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestClaimStatementForm edits a claim's statement on the claim page: the
// suggestion is shown, a change is saved with a history row, and bad input
// is refused with its message beside the field.
func TestClaimStatementForm(t *testing.T) {
	env, cs := claimEnv(t)
	c := cs[0]
	path := "/claims/" + idStr(c.ID)
	rita := env.login(t, "rita")
	page := html.UnescapeString(mustStatus(t, rita.get(t, path), http.StatusOK))
	if c.Statement == "" || !strings.Contains(page, `id="statement-text" name="statement"`) || !strings.Contains(page, c.Statement+"</textarea>") {
		t.Fatalf("the claim page does not offer the suggested statement %q", c.Statement)
	}
	v := claimVersion(t, page)
	want := "Lavrov: US and French envoys will come to Moscow to discuss the Karabakh deal"
	mustStatus(t, rita.postForm(t, path, url.Values{"version": {v}, "statement": {want}, "orig_statement": {c.Statement}}), http.StatusSeeOther)
	got := env.claim(t, c.ID)
	if got.Statement != want {
		t.Fatalf("statement %q, want %q", got.Statement, want)
	}
	h, err := env.store.History(t.Context(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := h[len(h)-1]; last.Field != "statement" || last.To != want || last.User != "rita" {
		t.Errorf("last history row %+v, want rita's statement change", last)
	}

	for _, tc := range []struct{ name, in, msg string }{
		{"empty", " ", "Write the claim as checked"},
		{"too long", strings.Repeat("x", 301), "at most 300"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := html.UnescapeString(mustStatus(t, rita.postForm(t, path, url.Values{"version": {idStr(got.Version)},
				"statement": {tc.in}, "orig_statement": {got.Statement}}), http.StatusBadRequest))
			if !strings.Contains(body, `id="statement-error"`) || !strings.Contains(body, tc.msg) {
				t.Errorf("the page does not say %q beside the statement", tc.msg)
			}
		})
	}
	if after := env.claim(t, c.ID); after.Statement != want {
		t.Errorf("a refused statement changed it to %q", after.Statement)
	}
}

// TestAPIClaimStatement sets a statement through PATCH /api/v1/claims/{id}.
func TestAPIClaimStatement(t *testing.T) {
	env, cs := claimEnv(t)
	token := env.apiToken(t, "rita")
	path := "/api/v1/claims/" + idStr(cs[0].ID)
	st, got := env.apiCall(t, "GET", path, token, nil)
	if st != http.StatusOK || got["statement"] != cs[0].Statement || cs[0].Statement == "" {
		t.Fatalf("GET: status %d, statement %v, want the suggestion %q", st, got["statement"], cs[0].Statement)
	}
	version := num(got["version"])
	st, body := env.apiCall(t, "PATCH", path, token, mustJSON(t, map[string]any{"statement": strings.Repeat("y", 301), "version": version}))
	if fields, _ := body["fields"].(map[string]any); st != http.StatusUnprocessableEntity || fields["statement"] == nil {
		t.Errorf("too long: status %d %v, want 422 on statement", st, body)
	}
	st, body = env.apiCall(t, "PATCH", path, token, []byte("{\"statement\": \"a\xffb\", \"version\": 1}"))
	if st != http.StatusBadRequest {
		t.Errorf("invalid UTF-8: status %d %v, want 400", st, body)
	}
	st, got = env.apiCall(t, "PATCH", path, token, mustJSON(t, map[string]any{"statement": "Russia invited US and French envoys", "version": version}))
	if st != http.StatusOK || got["statement"] != "Russia invited US and French envoys" {
		t.Fatalf("PATCH: status %d, statement %v", st, got["statement"])
	}
}
