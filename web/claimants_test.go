package web

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"claimdesk/review"
)

// lavrovClaim returns an open claim of the sample article by Sergey Lavrov.
func lavrovClaim(t *testing.T, env *testEnv) review.Claim {
	t.Helper()
	ed := env.createUser(t, "eddie", review.RoleEditor)
	env.createUser(t, "rita", review.RoleReviewer)
	env.createUser(t, "ada", review.RoleAdmin)
	_, cs := env.importArticle(t, ed, demoText(t))
	for _, c := range cs {
		if c.Speaker == "Sergey Lavrov" && !c.Candidate {
			return c
		}
	}
	t.Fatal("the sample article has no open claim by Sergey Lavrov")
	return review.Claim{}
}

// TestAPIClaimants lists the registry, shows one claimant with its claims,
// and sets a claim's claimant through PATCH.
func TestAPIClaimants(t *testing.T) {
	env := newTestEnv(t)
	c := lavrovClaim(t, env)
	token := env.apiToken(t, "rita")
	st, list := env.apiCall(t, "GET", "/api/v1/claimants", token, nil)
	ks, _ := list["claimants"].([]any)
	if st != http.StatusOK || len(ks) != 2 {
		t.Fatalf("GET /api/v1/claimants: %d %v, want Lavrov and Putin", st, list)
	}
	st, names := env.apiCall(t, "GET", "/api/v1/claimant-names?prefix=serg", token, nil)
	if got, _ := names["names"].([]any); st != http.StatusOK || len(got) != 1 || got[0] != "Sergey Lavrov" {
		t.Errorf("GET /api/v1/claimant-names?prefix=serg: %d %v, want Sergey Lavrov alone", st, names)
	}
	st, k := env.apiCall(t, "GET", "/api/v1/claimants/"+idStr(c.ClaimantID), token, nil)
	claims, _ := k["claim_list"].([]any)
	if st != http.StatusOK || k["name"] != "Sergey Lavrov" || k["role"] != "Russian Foreign Minister" || k["kind"] != "person" || len(claims) == 0 {
		t.Errorf("GET the claimant: %d %v", st, k)
	}
	if st, _ := env.apiCall(t, "GET", "/api/v1/claimants/999", token, nil); st != http.StatusNotFound {
		t.Errorf("an unknown claimant: %d, want 404", st)
	}
	path := "/api/v1/claims/" + idStr(c.ID)
	st, got := env.apiCall(t, "PATCH", path, token, mustJSON(t, map[string]any{"claimant_name": "Maria Zakharova", "version": c.Version}))
	if st != http.StatusOK || got["claimant"] != "Maria Zakharova" || got["speaker"] != "Sergey Lavrov" {
		t.Fatalf("PATCH claimant_name: %d claimant %v speaker %v", st, got["claimant"], got["speaker"])
	}
	st, got = env.apiCall(t, "PATCH", path, token, mustJSON(t, map[string]any{"claimant_id": c.ClaimantID, "version": num(got["version"])}))
	if st != http.StatusOK || got["claimant"] != "Sergey Lavrov" {
		t.Errorf("PATCH claimant_id back: %d %v", st, got["claimant"])
	}
	st, body := env.apiCall(t, "PATCH", path, token, mustJSON(t, map[string]any{"claimant_id": 999, "version": num(got["version"])}))
	if fields, _ := body["fields"].(map[string]any); st != http.StatusUnprocessableEntity || fields["claimant_id"] == nil {
		t.Errorf("an unknown claimant_id: %d %v, want 422", st, body)
	}
}

// TestClaimantPages: the claimant page lists what they said, the claims
// list filters by claimant, an editor's same_as must be http(s), and an
// admin merges a duplicate.
func TestClaimantPages(t *testing.T) {
	env := newTestEnv(t)
	c := lavrovClaim(t, env)
	kpath := "/claimants/" + idStr(c.ClaimantID)
	rita := env.login(t, "rita")
	page := html.UnescapeString(mustStatus(t, rita.get(t, kpath), http.StatusOK))
	if !strings.Contains(page, "Sergey Lavrov") || !strings.Contains(page, "Russian Foreign Minister") || !strings.Contains(page, c.Statement) {
		t.Errorf("the claimant page lacks the name, the role or the statement %q", c.Statement)
	}
	if strings.Contains(page, `id="claimant-form"`) {
		t.Error("a reviewer is offered the claimant's edit form")
	}
	list := mustStatus(t, rita.get(t, "/claims?claimant="+idStr(c.ClaimantID)), http.StatusOK)
	if !strings.Contains(list, "/claims/"+idStr(c.ID)+`"`) || strings.Contains(list, "Baku and Yerevan") {
		t.Errorf("the claims list filtered by claimant is wrong")
	}
	mustStatus(t, rita.get(t, "/claims?claimant=999"), http.StatusBadRequest)

	ed := env.login(t, "eddie")
	form := url.Values{"name": {"Sergey Lavrov"}, "kind": {"person"}, "role": {"Russian Foreign Minister"}, "same_as": {"javascript:alert(1)"}}
	body := mustStatus(t, ed.postForm(t, kpath, form), http.StatusBadRequest)
	if !strings.Contains(body, `id="k-same-as-error"`) {
		t.Error("a javascript: same_as is not refused beside its field")
	}
	form.Set("same_as", "https://www.wikidata.org/wiki/Q187591")
	mustStatus(t, ed.postForm(t, kpath, form), http.StatusSeeOther)
	if k, _ := env.store.Claimant(t.Context(), c.ClaimantID); k.SameAs != "https://www.wikidata.org/wiki/Q187591" {
		t.Errorf("same_as %q after saving", k.SameAs)
	}

	// A duplicate made by hand on a claim, merged by an admin.
	cpath := "/claims/" + idStr(c.ID)
	v := claimVersion(t, mustStatus(t, rita.get(t, cpath), http.StatusOK))
	mustStatus(t, rita.postForm(t, cpath, url.Values{"version": {v}, "claimant_name": {"S. Lavrov"}}), http.StatusSeeOther)
	dup := env.claim(t, c.ID)
	if dup.Claimant != "S. Lavrov" || dup.ClaimantID == c.ClaimantID {
		t.Fatalf("claimant %q after the claim form, want S. Lavrov made", dup.Claimant)
	}
	mustStatus(t, ed.postForm(t, "/claimants/"+idStr(dup.ClaimantID)+"/merge", url.Values{"into": {idStr(c.ClaimantID)}}), http.StatusForbidden)
	ada := env.login(t, "ada")
	mustStatus(t, ada.postForm(t, "/claimants/"+idStr(dup.ClaimantID)+"/merge", url.Values{"into": {idStr(c.ClaimantID)}}), http.StatusSeeOther)
	if got := env.claim(t, c.ID); got.ClaimantID != c.ClaimantID {
		t.Errorf("after the merge the claim's claimant is %q", got.Claimant)
	}
}
