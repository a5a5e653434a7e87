package review

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// twinClaims imports an article whose two sentences become two claims and
// puts both in the same state with setup (SQL on claim ?), so one change
// applied to each through two paths can be compared.
func twinClaims(t *testing.T, s *Store, n int, setup ...string) (a, b *Claim) {
	t.Helper()
	ctx := context.Background()
	_, cs, err := s.ImportArticle(ctx, nil, NewArticle{Title: "twins",
		Text: fmt.Sprintf("Exports rose %d percent in 2019.\n\nImports fell %d percent in 2019.", n, n)})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 2 {
		t.Fatalf("want two claims, got %d", len(cs))
	}
	for _, c := range cs[:2] {
		for _, q := range setup {
			if _, err := s.db.Write.Exec(q, c.ID); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	if a, err = s.Claim(ctx, cs[0].ID); err != nil {
		t.Fatal(err)
	}
	if b, err = s.Claim(ctx, cs[1].ID); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// changeOutcome is what a change did to a claim, without what differs
// between two claims anyway (id, text, span, times).
type changeOutcome struct {
	Candidate                                bool
	Status                                   Status
	Verdict, Conclusion, Assignee, SignedOff string
	DismissReason                            string
	VersionStep                              int64
	History                                  []string
	Forbidden                                bool
	Invalid                                  map[string]string
	SignedOffAtSet                           bool
}

func outcome(t *testing.T, s *Store, before *Claim, err error) changeOutcome {
	t.Helper()
	ctx := context.Background()
	var o changeOutcome
	if err != nil {
		var be *BulkError
		if errors.As(err, &be) {
			if len(be.Refused) != 1 {
				t.Fatalf("got %d refusals, want one", len(be.Refused))
			}
			err = be.Refused[0].Err
		}
		o.Forbidden = errors.Is(err, ErrForbidden)
		if v, ok := AsValidation(err); ok {
			o.Invalid = v.Fields
		}
		if !o.Forbidden && o.Invalid == nil {
			t.Fatalf("unexpected error %v", err)
		}
	}
	c, err := s.Claim(ctx, before.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.Candidate, o.Status, o.Verdict, o.Conclusion, o.Assignee = c.Candidate, c.Status, c.Verdict, c.Conclusion, c.Assignee
	o.SignedOff, o.DismissReason, o.VersionStep, o.SignedOffAtSet = c.SignedOffBy, c.DismissReason, c.Version-before.Version, c.SignedOffAt != nil
	h, err := s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range h {
		if e.Version > before.Version {
			o.History = append(o.History, fmt.Sprintf("%s %s: %q → %q (%q) v+%d", e.User, e.Field, e.From, e.To, e.Note, e.Version-before.Version))
		}
	}
	return o
}

// TestBulkChangeMeansWhatOneChangeMeans pins the rule that a change to a
// claim means the same whichever path makes it: one claim changed by
// UpdateClaim and its twin changed by BulkUpdate end in the same state with
// the same history rows, or are refused for the same kind of reason.
func TestBulkChangeMeansWhatOneChangeMeans(t *testing.T) {
	t.Parallel()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	ctx := context.Background()
	const (
		candidate = "UPDATE claims SET candidate = 1 WHERE id = ?"
		toRavi    = "UPDATE claims SET assignee_id = (SELECT id FROM users WHERE name = 'ravi') WHERE id = ?"
		dismissed = "UPDATE claims SET status = 'dismissed', dismiss_reason = 'a duplicate' WHERE id = ?"
		done      = `UPDATE claims SET status = 'done', verdict_id = (SELECT id FROM verdicts WHERE name = 'False'),
			conclusion = 'No.', signed_off_by = (SELECT id FROM users WHERE name = 'eddie'), signed_off_at = '2026-11-20T10:00:00.000000Z' WHERE id = ?`
	)
	tests := []struct {
		name  string
		setup []string
		actor *User
		bulk  BulkChange
	}{
		{"assign a candidate", []string{candidate}, tm.editor, BulkChange{Action: BulkAssign, Assignee: "rita"}},
		{"take a candidate", []string{candidate}, tm.reviewer, BulkChange{Action: BulkAssign, Assignee: "rita", Note: "mine"}},
		{"start researching a candidate", []string{candidate}, tm.reviewer, BulkChange{Action: BulkStatus, Status: StatusResearching}},
		{"dismiss a candidate", []string{candidate}, tm.reviewer, BulkChange{Action: BulkDismiss, Note: "not a claim"}},
		{"assign", nil, tm.editor, BulkChange{Action: BulkAssign, Assignee: "rita", Note: "for the morning"}},
		{"unassign", []string{toRavi}, tm.editor, BulkChange{Action: BulkAssign, Assignee: ""}},
		{"a reviewer takes another's claim", []string{toRavi}, tm.reviewer, BulkChange{Action: BulkAssign, Assignee: "rita"}},
		{"needs review", nil, tm.reviewer, BulkChange{Action: BulkStatus, Status: StatusNeedsReview, Note: "ready"}},
		{"dismiss", nil, tm.reviewer, BulkChange{Action: BulkDismiss, Note: "opinion"}},
		{"restore", []string{dismissed}, tm.reviewer, BulkChange{Action: BulkStatus, Status: StatusNew, Note: "a claim after all"}},
		{"restore to researching", []string{dismissed}, tm.reviewer, BulkChange{Action: BulkStatus, Status: StatusResearching, Note: "x"}},
		{"dismiss a done claim", []string{done}, tm.editor, BulkChange{Action: BulkDismiss, Note: "withdrawn"}},
		{"a reviewer dismisses a done claim", []string{done}, tm.reviewer, BulkChange{Action: BulkDismiss, Note: "withdrawn"}},
		{"assign a done claim", []string{done}, tm.editor, BulkChange{Action: BulkAssign, Assignee: "rita"}},
		{"research a done claim", []string{done}, tm.reviewer, BulkChange{Action: BulkStatus, Status: StatusResearching}},
		{"already so", []string{toRavi}, tm.editor, BulkChange{Action: BulkAssign, Assignee: "ravi"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			one, twin := twinClaims(t, s, 10+i, tt.setup...)
			u := ClaimUpdate{Version: one.Version, Note: tt.bulk.Note}
			switch tt.bulk.Action {
			case BulkAssign:
				u.Assignee = new(tt.bulk.Assignee)
			case BulkStatus:
				u.Status = new(tt.bulk.Status)
			case BulkDismiss:
				u.Status = new(StatusDismissed)
			}
			_, err := s.UpdateClaim(ctx, tt.actor, one.ID, u)
			single := outcome(t, s, one, err)
			_, err = s.BulkUpdate(ctx, tt.actor, []int64{twin.ID}, tt.bulk)
			bulk := outcome(t, s, twin, err)
			if !reflect.DeepEqual(single, bulk) {
				t.Errorf("one claim:\n%+v\nin bulk:\n%+v", single, bulk)
			}
		})
	}
}

// TestDismissalCodes: a dismissal takes a code and free text; the text is
// required with other; a note alone is other; restoring clears both; a
// merge dismisses the merged claim as a duplicate.
func TestDismissalCodes(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	c := importClaim(t, s, "Unemployment fell to 5.2 percent in October.")
	for _, tc := range []struct {
		code   *string
		reason *string
		note   string
		field  string
	}{
		{nil, nil, "", "dismiss_code"},
		{new("other"), new("  "), "", "dismiss_reason"},
		{new("boring"), nil, "", "dismiss_code"},
	} {
		_, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, Status: new(StatusDismissed), DismissCode: tc.code, DismissReason: tc.reason, Note: tc.note})
		if fieldErr(t, err, tc.field) == "" {
			t.Errorf("code %v reason %v: no message on %s", tc.code, tc.reason, tc.field)
		}
	}
	d := update(t, s, tm.reviewer, c, ClaimUpdate{Status: new(StatusDismissed), DismissCode: new("not_checkable")})
	if d.DismissCode != "not_checkable" || d.DismissReason != "" {
		t.Errorf("dismissed as not_checkable: got %q %q", d.DismissCode, d.DismissReason)
	}
	hs, err := s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hs {
		found = found || h.Field == "dismiss_code" && h.To == "not_checkable"
	}
	if !found {
		t.Errorf("history has no dismiss_code row: %+v", hs)
	}
	r := update(t, s, tm.reviewer, d, ClaimUpdate{Status: new(StatusNew), Note: "it is checkable after all"})
	if r.DismissCode != "" || r.DismissReason != "" {
		t.Errorf("restored: code %q reason %q, want both cleared", r.DismissCode, r.DismissReason)
	}
	o := update(t, s, tm.reviewer, r, ClaimUpdate{Status: new(StatusDismissed), Note: "a press release"})
	if o.DismissCode != "other" || o.DismissReason != "a press release" {
		t.Errorf("dismissed with a note alone: got %q %q, want other with the note", o.DismissCode, o.DismissReason)
	}
}

// TestSecondSignOff: with review.second_signoff on, an editor may not sign
// off a claim assigned to them or whose verdict they proposed; another
// editor may. Off, the same editor may. The sign-off's note is kept on its
// history row.
func TestSecondSignOff(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	other, err := s.CreateUser(ctx, tm.admin, "olga", "password-olga", RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	ready := func(text string, proposer *User, assignee string) *Claim {
		t.Helper()
		c := importClaim(t, s, text)
		if assignee != "" {
			c = update(t, s, tm.editor, c, ClaimUpdate{Assignee: new(assignee)})
		}
		c = update(t, s, proposer, c, ClaimUpdate{Verdict: new("False"), Conclusion: new("It was 5.4 percent.")})
		c = addEvidence(t, s, proposer, c)
		return update(t, s, proposer, c, ClaimUpdate{Status: new(StatusNeedsReview)})
	}
	if err := s.SetSetting(ctx, tm.admin, SettingSecondSignOff, "maybe"); fieldErr(t, err, "value") == "" {
		t.Errorf("a switch set to maybe: no message")
	}
	mine := ready("Unemployment fell to 5.2 percent in October.", tm.editor, "")
	assigned := ready("Inflation rose to 9.1 percent in June.", tm.reviewer, "eddie")
	// Off: the editor who proposed may sign off.
	off := ready("Exports grew by 12 percent in 2023.", tm.editor, "")
	if _, err := s.UpdateClaim(ctx, tm.editor, off.ID, ClaimUpdate{Version: off.Version, Status: new(StatusDone)}); err != nil {
		t.Fatalf("switch off: the proposer's sign-off refused: %v", err)
	}
	if err := s.SetSetting(ctx, tm.admin, SettingSecondSignOff, "on"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*Claim{mine, assigned} {
		_, err := s.UpdateClaim(ctx, tm.editor, c.ID, ClaimUpdate{Version: c.Version, Status: new(StatusDone)})
		if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "second person") {
			t.Errorf("claim %d: eddie's sign-off: got %v, want refused for a second person", c.ID, err)
		}
	}
	done, err := s.UpdateClaim(ctx, other, mine.ID, ClaimUpdate{Version: mine.Version, Status: new(StatusDone), Note: "checked the figures again"})
	if err != nil || done.SignedOffBy != "olga" {
		t.Fatalf("olga's sign-off: %v", err)
	}
	hs, _ := s.History(ctx, mine.ID)
	last := hs[len(hs)-1]
	if last.Field != "status" || last.To != "done" || last.Note != "checked the figures again" {
		t.Errorf("the sign-off's history row: %+v, want status to done with the note", last)
	}
}
