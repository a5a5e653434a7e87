package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// bulkFixture imports one article with three claims.
func bulkFixture(t *testing.T) (*Store, team, []Claim) {
	t.Helper()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	_, cs, err := s.ImportArticle(context.Background(), tm.reviewer, NewArticle{Title: "t",
		Text: "Exports rose 7 percent in 2019.\n\nImports fell 3 percent in 2019.\n\nThe deficit reached $40 billion in 2019."})
	if err != nil {
		t.Fatal(err)
	}
	var out []Claim
	for _, c := range cs {
		if !c.Candidate {
			out = append(out, c)
		}
	}
	if len(out) < 3 {
		t.Fatalf("want 3 claims, got %d", len(out))
	}
	return s, tm, out[:3]
}

func claimIDs(cs []Claim) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func TestBulkAssignWritesHistoryPerClaim(t *testing.T) {
	s, tm, cs := bulkFixture(t)
	ctx := context.Background()
	before := countRows(t, s, "history")
	res, err := s.BulkUpdate(ctx, tm.editor, claimIDs(cs), BulkChange{Action: BulkAssign, Assignee: "RITA"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changed) != 3 || len(res.Unchanged) != 0 {
		t.Errorf("got %+v, want 3 changed", res)
	}
	for _, c := range cs {
		got, err := s.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Assignee != "rita" || got.Version != c.Version+1 {
			t.Errorf("claim %d: assignee %q version %d, want rita at %d", c.ID, got.Assignee, got.Version, c.Version+1)
		}
		h, _ := s.History(ctx, c.ID)
		last := h[len(h)-1]
		if last.Field != "assignee" || last.From != "" || last.To != "rita" || last.User != "eddie" || last.Version != got.Version {
			t.Errorf("claim %d: last history %+v, want eddie's assignee → rita at the new version", c.ID, last)
		}
	}
	if got := countRows(t, s, "history"); got != before+3 {
		t.Errorf("history rows: got %d more, want 3", got-before)
	}
	// The same again changes nothing and writes nothing.
	res, err = s.BulkUpdate(ctx, tm.editor, claimIDs(cs), BulkChange{Action: BulkAssign, Assignee: "rita"})
	if err != nil || len(res.Changed) != 0 || len(res.Unchanged) != 3 {
		t.Errorf("repeat: got %+v, %v; want 3 unchanged", res, err)
	}
	if got := countRows(t, s, "history"); got != before+3 {
		t.Errorf("repeat wrote %d history rows, want none", got-before-3)
	}
}

func TestBulkRoleRule(t *testing.T) {
	s, tm, cs := bulkFixture(t)
	ctx := context.Background()
	before := countRows(t, s, "history")
	_, err := s.BulkUpdate(ctx, tm.reviewer, claimIDs(cs), BulkChange{Action: BulkAssign, Assignee: "ravi"})
	var be *BulkError
	if !errors.As(err, &be) || !errors.Is(err, ErrForbidden) {
		t.Fatalf("a reviewer assigns others: got %v, want a *BulkError that is ErrForbidden", err)
	}
	if len(be.Refused) != 3 || !strings.Contains(be.Refused[0].Reason, "only editors assign") {
		t.Errorf("refusals %+v, want 3 naming the rule", be.Refused)
	}
	if got := countRows(t, s, "history"); got != before {
		t.Errorf("a refused bulk change wrote %d history rows", got-before)
	}
	// Taking unassigned claims is a reviewer's own right.
	res, err := s.BulkUpdate(ctx, tm.reviewer, claimIDs(cs), BulkChange{Action: BulkAssign, Assignee: "rita"})
	if err != nil || len(res.Changed) != 3 {
		t.Fatalf("a reviewer takes claims: %+v, %v", res, err)
	}
}

func TestBulkIsAllOrNothing(t *testing.T) {
	s, tm, cs := bulkFixture(t)
	ctx := context.Background()
	// One claim is done: a reviewer may not move it.
	if _, err := s.db.Write.Exec("UPDATE claims SET status = 'done' WHERE id = ?", cs[1].ID); err != nil {
		t.Fatal(err)
	}
	before := countRows(t, s, "history")
	_, err := s.BulkUpdate(ctx, tm.reviewer, append(claimIDs(cs), 999999), BulkChange{Action: BulkStatus, Status: StatusResearching})
	var be *BulkError
	if !errors.As(err, &be) {
		t.Fatalf("got %v, want a *BulkError", err)
	}
	refused := map[int64]string{}
	for _, r := range be.Refused {
		refused[r.ID] = r.Reason
	}
	if len(refused) != 2 || refused[cs[1].ID] == "" || refused[999999] != "there is no such claim" {
		t.Errorf("refused %v, want the done claim and the missing one", refused)
	}
	if !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("message %q does not say nothing changed", err)
	}
	for _, c := range []Claim{cs[0], cs[2]} {
		got, _ := s.Claim(ctx, c.ID)
		if got.Status != StatusNew || got.Version != c.Version {
			t.Errorf("claim %d changed to %s v%d though the action was refused", c.ID, got.Status, got.Version)
		}
	}
	if got := countRows(t, s, "history"); got != before {
		t.Errorf("a refused bulk change wrote %d history rows", got-before)
	}
}

func TestBulkDismissAndStatus(t *testing.T) {
	s, tm, cs := bulkFixture(t)
	ctx := context.Background()
	ids := claimIDs(cs)
	tests := []struct {
		name  string
		ch    BulkChange
		field string
	}{
		{"dismiss without a reason", BulkChange{Action: BulkDismiss}, "dismiss_code"},
		{"dismiss as other without text", BulkChange{Action: BulkDismiss, DismissCode: "other"}, "dismiss_reason"},
		{"dismiss with an unknown code", BulkChange{Action: BulkDismiss, DismissCode: "dull"}, "dismiss_code"},
		{"sign off in bulk", BulkChange{Action: BulkStatus, Status: StatusDone}, "status"},
		{"unknown status", BulkChange{Action: BulkStatus, Status: "closed"}, "status"},
		{"unknown action", BulkChange{Action: "delete"}, "action"},
		{"unknown user", BulkChange{Action: BulkAssign, Assignee: "nobody"}, "assignee"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.BulkUpdate(ctx, tm.editor, ids, tt.ch)
			if msg := fieldErr(t, err, tt.field); msg == "" {
				t.Error("empty message")
			}
		})
	}
	if _, err := s.BulkUpdate(ctx, tm.editor, nil, BulkChange{Action: BulkDismiss, Note: "x"}); fieldErr(t, err, "ids") == "" {
		t.Error("no message for an empty selection")
	}
	res, err := s.BulkUpdate(ctx, tm.reviewer, ids, BulkChange{Action: BulkDismiss, Note: "opinion, not a claim"})
	if err != nil || len(res.Changed) != 3 {
		t.Fatalf("dismiss: %+v, %v", res, err)
	}
	for _, id := range ids {
		c, _ := s.Claim(ctx, id)
		if c.Status != StatusDismissed || c.DismissReason != "opinion, not a claim" {
			t.Errorf("claim %d: %s %q, want dismissed with the reason", id, c.Status, c.DismissReason)
		}
		h, _ := s.History(ctx, id)
		fields := map[string]HistoryEntry{}
		for _, e := range h {
			fields[e.Field] = e
		}
		if st := fields["status"]; st.To != "dismissed" || st.Note != "opinion, not a claim" {
			t.Errorf("claim %d: status history %+v", id, st)
		}
	}
	// Restoring needs a reason and goes to new only.
	if _, err := s.BulkUpdate(ctx, tm.reviewer, ids, BulkChange{Action: BulkStatus, Status: StatusResearching, Note: "x"}); err == nil {
		t.Error("dismissed → researching in bulk was allowed")
	}
	res, err = s.BulkUpdate(ctx, tm.reviewer, ids, BulkChange{Action: BulkStatus, Status: StatusNew, Note: "a claim after all"})
	if err != nil || len(res.Changed) != 3 {
		t.Fatalf("restore: %+v, %v", res, err)
	}
	c, _ := s.Claim(ctx, ids[0])
	if c.Status != StatusNew || c.DismissReason != "" {
		t.Errorf("restored claim: %s %q", c.Status, c.DismissReason)
	}
}
