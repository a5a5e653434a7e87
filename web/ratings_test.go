package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"claimdesk/review"
)

func TestAdminRatings(t *testing.T) {
	e := newTestEnv(t)
	e.createUser(t, "ada", review.RoleAdmin)
	e.createUser(t, "ed", review.RoleEditor)
	admin := e.login(t, "ada")
	if code, body := admin.getBody(t, "/admin/ratings"); code != http.StatusOK || !strings.Contains(body, "pants on fire") {
		t.Fatalf("/admin/ratings: %d, want the default table: %s", code, trimPage(body))
	}
	resp := admin.postForm(t, "/admin/ratings", url.Values{"label": {"Spin!"}, "verdict": {"Misleading"}})
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", resp.StatusCode)
	}
	ls, _ := e.store.RatingLabels(context.Background())
	var spin *review.RatingLabel
	for i := range ls {
		if ls[i].Label == "spin" {
			spin = &ls[i]
		}
	}
	if spin == nil || spin.Verdict != "Misleading" {
		t.Fatalf("spin = %+v, want Misleading", spin)
	}
	for _, b := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"label": {"  "}, "verdict": {"False"}}, "write the rating"},
		{url.Values{"label": {"Nope"}, "verdict": {"Sorta"}}, "not a verdict of the scale"},
	} {
		resp := admin.postForm(t, "/admin/ratings", b.form)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(body), b.want) {
			t.Errorf("%v: %d, want 422 saying %q", b.form, resp.StatusCode, b.want)
		}
	}
	ed := e.login(t, "ed")
	for _, p := range []string{"/admin/ratings", "/admin/ratings/" + idStr(spin.ID) + "/delete"} {
		var resp *http.Response
		if strings.HasSuffix(p, "delete") {
			resp = ed.postForm(t, p, nil)
		} else {
			resp = ed.get(t, p)
		}
		readBody(t, resp)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor %s: %d, want 403", p, resp.StatusCode)
		}
	}
	resp = admin.postForm(t, "/admin/ratings/"+idStr(spin.ID)+"/delete", nil)
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("delete: %d", resp.StatusCode)
	}
	resp = admin.postForm(t, "/admin/ratings/"+idStr(spin.ID)+"/delete", nil)
	readBody(t, resp)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("delete again: %d, want 404", resp.StatusCode)
	}
}
