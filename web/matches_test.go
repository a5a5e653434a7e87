package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"claimdesk/review"
)

func TestMatchConfirmRejectOverHTTP(t *testing.T) {
	env := newTestEnv(t)
	rita := env.createUser(t, "rita", review.RoleReviewer)
	_, old := env.importArticle(t, rita, "Unemployment in Ohio rose 10 percent in 2020, the governor said.")
	env.now.Advance(3600e9)
	_, cs := env.importArticle(t, rita, "In 2020 unemployment in Ohio increased by 10%, the governor said.")
	env.matchAll(t)
	ctx := context.Background()
	ms, err := env.store.Matches(ctx, cs[0].ID)
	if err != nil || len(ms) != 1 || ms[0].OtherID != old[0].ID {
		t.Fatalf("matches %+v, %v; want one with claim %d", ms, err, old[0].ID)
	}
	m := ms[0]

	// The API lists the match with the other claim's id, text, verdict, score, state.
	tok := env.apiToken(t, "rita")
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/claims/%d", env.url, cs[0].ID), nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp := env.newClient(t).do(t, req)
	body := readBody(t, resp)
	var api struct {
		Matches []map[string]any `json:"matches"`
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if len(api.Matches) != 1 {
		t.Fatalf("API matches %s", body)
	}
	got := api.Matches[0]
	for _, k := range []string{"id", "text", "verdict", "score", "state"} {
		if _, ok := got[k]; !ok {
			t.Errorf("API match lacks %q: %v", k, got)
		}
	}
	if got["id"] != float64(old[0].ID) || got["text"] != old[0].Text || got["state"] != "suggested" {
		t.Errorf("API match %v", got)
	}

	c := env.login(t, "rita")
	if _, body := c.getBody(t, fmt.Sprintf("/claims/%d", cs[0].ID)); !strings.Contains(body, fmt.Sprintf("/claims/%d/matches/%d/confirm", cs[0].ID, m.ID)) {
		t.Errorf("the claim page offers no confirm form")
	}
	resp = c.postForm(t, fmt.Sprintf("/claims/%d/matches/%d/confirm", cs[0].ID, m.ID), url.Values{})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/claims/%d#matches", cs[0].ID) {
		t.Fatalf("confirm: %d to %q, want 303 back to the claim", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := c.getBody(t, fmt.Sprintf("/claims/%d", cs[0].ID))
	if !strings.Contains(page, fmt.Sprintf("Confirmed: claim #%d was checked before.", old[0].ID)) {
		t.Errorf("no confirmation message on the claim page")
	}
	ms, _ = env.store.Matches(ctx, cs[0].ID)
	if ms[0].State != review.MatchConfirmed {
		t.Errorf("state %s, want confirmed", ms[0].State)
	}
	h, _ := env.store.History(ctx, cs[0].ID)
	if last := h[len(h)-1]; last.Field != "match" || last.To != "confirmed" || last.User != "rita" {
		t.Errorf("last history row %+v, want rita's confirmation", last)
	}
	// Reject from the earlier claim's page.
	resp = c.postForm(t, fmt.Sprintf("/claims/%d/matches/%d/reject", old[0].ID, m.ID), url.Values{})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d", resp.StatusCode)
	}
	ms, _ = env.store.Matches(ctx, old[0].ID)
	if ms[0].State != review.MatchRejected {
		t.Errorf("state %s, want rejected", ms[0].State)
	}
	// A match reached through a claim it does not belong to, or a missing one: 404.
	for _, path := range []string{fmt.Sprintf("/claims/%d/matches/%d/confirm", 999, m.ID), fmt.Sprintf("/claims/%d/matches/%d/reject", cs[0].ID, 4242)} {
		resp := c.postForm(t, path, url.Values{})
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", path, resp.StatusCode)
		}
	}
	// Without the page's origin the cross-origin guard refuses.
	req, _ = http.NewRequest(http.MethodPost, env.url+fmt.Sprintf("/claims/%d/matches/%d/confirm", cs[0].ID, m.ID), nil)
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp := c.do(t, req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin confirm: %d, want 403", resp.StatusCode)
	}
}

func TestMatchCopyOverHTTP(t *testing.T) {
	env := newTestEnv(t)
	rita := env.createUser(t, "rita", review.RoleReviewer)
	ctx := context.Background()
	_, old := env.importArticle(t, rita, "Unemployment in Ohio rose 10 percent in 2020, the governor said.")
	verdict, concl := "False", "Official figures show 4 percent."
	if _, err := env.store.UpdateClaim(ctx, rita, old[0].ID, review.ClaimUpdate{Version: old[0].Version, Verdict: &verdict, Conclusion: &concl}); err != nil {
		t.Fatal(err)
	}
	env.now.Advance(3600e9)
	_, cs := env.importArticle(t, rita, "In 2020 unemployment in Ohio increased by 10%, the governor said.")
	env.matchAll(t)
	ms, _ := env.store.Matches(ctx, cs[0].ID)
	if len(ms) != 1 {
		t.Fatalf("matches %+v", ms)
	}
	c := env.login(t, "rita")
	page := fmt.Sprintf("/claims/%d", cs[0].ID)
	if _, body := c.getBody(t, page); strings.Contains(body, "Copy verdict") || !strings.Contains(body, "Test article") {
		t.Errorf("a suggested match: want its article shown and nothing offered to copy yet")
	}
	resp := c.postForm(t, fmt.Sprintf("/claims/%d/matches/%d/confirm", cs[0].ID, ms[0].ID), url.Values{})
	resp.Body.Close()
	_, body := c.getBody(t, page)
	if !strings.Contains(body, "Copy verdict “False”") || !strings.Contains(body, concl) {
		t.Fatalf("a confirmed match offers no verdict and conclusion to copy")
	}
	// Confirming copied nothing.
	if got, _ := env.store.Claim(ctx, cs[0].ID); got.Verdict != "" || got.Conclusion != "" {
		t.Errorf("confirming copied: %+v", got)
	}
	resp = c.postForm(t, fmt.Sprintf("/claims/%d/matches/%d/copy", cs[0].ID, ms[0].ID), url.Values{"what": {"verdict"}, "version": {fmt.Sprint(cs[0].Version)}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("copy: %d", resp.StatusCode)
	}
	if got, _ := env.store.Claim(ctx, cs[0].ID); got.Verdict != "False" || got.Conclusion != "" {
		t.Errorf("after copying the verdict: %q %q", got.Verdict, got.Conclusion)
	}
	// The old version again: the conflict page, nothing lost.
	resp = c.postForm(t, fmt.Sprintf("/claims/%d/matches/%d/copy", cs[0].ID, ms[0].ID), url.Values{"what": {"conclusion"}, "version": {fmt.Sprint(cs[0].Version)}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("copy at a stale version: %d, want 409", resp.StatusCode)
	}
}
