package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"claimdesk/review"
)

func bulkForm(action string, ids []int64, extra ...string) url.Values {
	f := url.Values{"action": {action}, "back": {"status=new"}}
	for _, id := range ids {
		f.Add("ids", fmt.Sprint(id))
	}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return f
}

func TestBulkActionsOverHTTP(t *testing.T) {
	env := newTestEnv(t)
	rita := env.createUser(t, "rita", review.RoleReviewer)
	env.createUser(t, "ravi", review.RoleReviewer)
	env.createUser(t, "eddie", review.RoleEditor)
	_, cs := env.importArticle(t, rita, sampleArticle)
	var ids []int64
	for _, c := range cs {
		if !c.Candidate {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) < 2 {
		t.Fatalf("want at least 2 claims, got %d", len(ids))
	}
	ctx := context.Background()
	historyCount := func() int {
		n := 0
		for _, id := range ids {
			h, err := env.store.History(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			n += len(h)
		}
		return n
	}

	// The claims list carries the controls inside the bulk form.
	rc := env.login(t, "rita")
	assignees := func(body string) string {
		_, rest, _ := strings.Cut(body, `id="bulk-assignee"`)
		sel, _, _ := strings.Cut(rest, "</select>")
		return sel
	}
	if _, body := rc.getBody(t, "/claims"); !strings.Contains(body, `id="bulk-assign"`) || !strings.Contains(body, `id="bulk-dismiss"`) ||
		!strings.Contains(assignees(body), `<option value="me">`) || strings.Contains(assignees(body), `<option value="ravi">`) {
		t.Errorf("a reviewer's bulk controls: want assign (to me or nobody only) and dismiss")
	}
	if _, body := env.login(t, "eddie").getBody(t, "/claims"); !strings.Contains(assignees(body), `<option value="ravi">`) {
		t.Errorf("an editor's bulk controls offer no one to assign to")
	}

	// A reviewer may not assign others: nothing changes, the message says why.
	before := historyCount()
	resp := rc.postForm(t, "/claims/bulk", bulkForm("assign", ids, "assignee", "ravi"))
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/claims?status=new" {
		t.Fatalf("refused bulk: %d to %q, want 303 back to the list", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body := rc.getBody(t, "/claims")
	if !strings.Contains(body, "Nothing was changed") || !strings.Contains(body, "only editors assign") {
		t.Errorf("no refusal message on the list")
	}
	if got := historyCount(); got != before {
		t.Errorf("a refused bulk action wrote %d history rows", got-before)
	}

	// The editor assigns them all: one history row per claim.
	ec := env.login(t, "eddie")
	resp = ec.postForm(t, "/claims/bulk", bulkForm("assign", ids, "assignee", "ravi"))
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk assign: %d", resp.StatusCode)
	}
	if _, body := ec.getBody(t, "/claims"); !strings.Contains(body, fmt.Sprintf("Assigned %d claims to ravi.", len(ids))) {
		t.Errorf("no success message")
	}
	for _, id := range ids {
		h, _ := env.store.History(ctx, id)
		last := h[len(h)-1]
		if last.Field != "assignee" || last.To != "ravi" || last.User != "eddie" {
			t.Errorf("claim %d: last history %+v", id, last)
		}
	}
	if got := historyCount(); got != before+len(ids) {
		t.Errorf("history rows: %d more, want %d", got-before, len(ids))
	}

	// Status, then dismiss with a reason (and without one: a message, nothing done).
	resp = ec.postForm(t, "/claims/bulk", bulkForm("status", ids, "status", "researching"))
	resp.Body.Close()
	resp = ec.postForm(t, "/claims/bulk", bulkForm("dismiss", ids))
	resp.Body.Close()
	if _, body := ec.getBody(t, "/claims"); !strings.Contains(body, "Choose why the claim is dismissed") {
		t.Errorf("dismiss without a reason: no message")
	}
	resp = ec.postForm(t, "/claims/bulk", bulkForm("dismiss", ids, "note", "duplicates of last week's"))
	resp.Body.Close()
	for _, id := range ids {
		c, _ := env.store.Claim(ctx, id)
		if c.Status != review.StatusDismissed || c.DismissReason != "duplicates of last week's" {
			t.Errorf("claim %d: %s %q", id, c.Status, c.DismissReason)
		}
	}
	// Nothing ticked, a bad id, a missing claim.
	for _, tt := range []struct {
		form url.Values
		want string
	}{
		{bulkForm("status", nil, "status", "new", "note", "x"), "Select at least one claim"},
		{url.Values{"action": {"status"}, "status": {"new"}, "ids": {"x1"}}, "is not a claim number"},
		{bulkForm("status", []int64{ids[0], 99999}, "status", "new", "note", "restore"), "#99999: there is no such claim"},
	} {
		resp := ec.postForm(t, "/claims/bulk", tt.form)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%v: %d, want 303", tt.form, resp.StatusCode)
		}
		if _, body := ec.getBody(t, "/claims"); !strings.Contains(body, tt.want) {
			t.Errorf("%v: no message %q", tt.form, tt.want)
		}
	}
	// The back field only ever leads to the claims list.
	resp = ec.postForm(t, "/claims/bulk", url.Values{"action": {"assign"}, "ids": {fmt.Sprint(ids[0])}, "back": {"//evil.example/x"}})
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/claims") {
		t.Errorf("redirected to %q, want the claims list", loc)
	}
}
