package review

import (
	"errors"
	"fmt"
	"testing"
)

func TestAuthorizeRoleTable(t *testing.T) {
	admin := &User{ID: 1, Role: RoleAdmin}
	editor := &User{ID: 2, Role: RoleEditor}
	reviewer := &User{ID: 3, Role: RoleReviewer}
	disabled := &User{ID: 4, Role: RoleAdmin, Disabled: true}
	// want: allowed for admin, editor, reviewer (disabled: never; nil shell: always).
	table := []struct {
		action                  Action
		admin, editor, reviewer bool
	}{
		{ActionManageUsers, true, false, false},
		{ActionManageSettings, true, false, false},
		{ActionManageVerdicts, true, false, false},
		{ActionAssignAnyone, true, true, false},
		{ActionSignOff, true, true, false},
		{ActionReopen, true, true, false},
		{ActionExport, true, true, false},
		{ActionSetReviewURL, true, true, false},
		{ActionSetStatement, true, true, false},
		{ActionEditClaimants, true, true, false},
		{ActionManageAlerts, true, true, false},
		{ActionMergeClaimants, true, false, false},
		{ActionManageFeeds, true, false, false},
		{ActionManageWebhooks, true, false, false},
		{ActionManageModel, true, false, false},
		{ActionImport, true, true, true},
		{ActionEditArticle, true, true, true},
		{ActionEditClaims, true, true, true},
		{ActionResearch, true, true, true},
		{ActionComment, true, true, true},
		{ActionAssignSelf, true, true, true},
	}
	if len(table) != len(Actions()) {
		t.Fatalf("the table covers %d actions, Actions() lists %d", len(table), len(Actions()))
	}
	for _, tc := range table {
		for _, c := range []struct {
			u    *User
			want bool
		}{{admin, tc.admin}, {editor, tc.editor}, {reviewer, tc.reviewer}, {disabled, false}, {nil, true}} {
			name := "shell"
			if c.u != nil {
				name = string(c.u.Role)
				if c.u.Disabled {
					name = "disabled " + name
				}
			}
			t.Run(fmt.Sprintf("%s/%s", tc.action, name), func(t *testing.T) {
				err := authorize(c.u, tc.action)
				if got := err == nil; got != c.want {
					t.Errorf("got allowed=%v (%v), want %v", got, err, c.want)
				}
				if err != nil && !errors.Is(err, ErrForbidden) {
					t.Errorf("got %v, want ErrForbidden", err)
				}
				if Can(c.u, tc.action) != c.want {
					t.Errorf("Can disagrees with authorize")
				}
			})
		}
	}
	if err := authorize(admin, Action("launch rockets")); !errors.Is(err, ErrForbidden) {
		t.Errorf("unknown action: got %v, want ErrForbidden", err)
	}
}

func TestCheckTransition(t *testing.T) {
	editor := &User{ID: 2, Role: RoleEditor}
	reviewer := &User{ID: 3, Role: RoleReviewer}
	const (
		ok        = "ok"
		forbidden = "forbidden"
		invalid   = "invalid"
	)
	all := []Status{StatusNew, StatusResearching, StatusNeedsReview, StatusDone, StatusDismissed}
	// want[from][to] for a reviewer and an editor, with a note given.
	type pair struct{ reviewer, editor string }
	want := map[Status]map[Status]pair{
		StatusNew:         {StatusResearching: {ok, ok}, StatusNeedsReview: {ok, ok}, StatusDone: {invalid, invalid}, StatusDismissed: {ok, ok}},
		StatusResearching: {StatusNew: {ok, ok}, StatusNeedsReview: {ok, ok}, StatusDone: {invalid, invalid}, StatusDismissed: {ok, ok}},
		StatusNeedsReview: {StatusNew: {ok, ok}, StatusResearching: {ok, ok}, StatusDone: {forbidden, ok}, StatusDismissed: {ok, ok}},
		StatusDone:        {StatusNew: {invalid, invalid}, StatusResearching: {forbidden, ok}, StatusNeedsReview: {invalid, invalid}, StatusDismissed: {forbidden, ok}},
		StatusDismissed:   {StatusNew: {ok, ok}, StatusResearching: {invalid, invalid}, StatusNeedsReview: {invalid, invalid}, StatusDone: {invalid, invalid}},
	}
	classify := func(err error) string {
		switch {
		case err == nil:
			return ok
		case errors.Is(err, ErrForbidden):
			return forbidden
		}
		if _, isV := AsValidation(err); isV {
			return invalid
		}
		return err.Error()
	}
	for _, from := range all {
		for _, to := range all {
			if from == to {
				continue
			}
			w := want[from][to]
			t.Run(fmt.Sprintf("%s->%s", from, to), func(t *testing.T) {
				if got := classify(checkTransition(reviewer, from, to, "because")); got != w.reviewer {
					t.Errorf("reviewer: got %s, want %s", got, w.reviewer)
				}
				if got := classify(checkTransition(editor, from, to, "because")); got != w.editor {
					t.Errorf("editor: got %s, want %s", got, w.editor)
				}
			})
		}
	}
	// Reasons are required to restore and reopen (a dismissal's code and
	// reason are checkDismissal's: TestDismissalCodes).
	for _, c := range []struct{ from, to Status }{{StatusDismissed, StatusNew}, {StatusDone, StatusResearching}} {
		err := checkTransition(editor, c.from, c.to, "  ")
		if v, isV := AsValidation(err); !isV || v.Fields["note"] == "" {
			t.Errorf("%s->%s without a reason: got %v, want a message on note", c.from, c.to, err)
		}
	}
	if v, _ := AsValidation(checkTransition(editor, StatusResearching, StatusDone, "")); v == nil || v.Fields["status"] != "a claim goes to done only from needs_review" {
		t.Errorf("researching->done: got %v", v)
	}
	if _, isV := AsValidation(checkTransition(editor, StatusNew, Status("bogus"), "")); !isV {
		t.Error("an unknown status is not a validation error")
	}
}

func TestCheckAssign(t *testing.T) {
	editor := &User{ID: 2, Role: RoleEditor}
	reviewer := &User{ID: 3, Role: RoleReviewer}
	other := int64(9)
	tests := []struct {
		name     string
		actor    *User
		from, to int64
		allowed  bool
	}{
		{"editor assigns anyone", editor, 0, other, true},
		{"editor takes from another", editor, other, reviewer.ID, true},
		{"reviewer takes unassigned", reviewer, 0, reviewer.ID, true},
		{"reviewer gives back own", reviewer, reviewer.ID, 0, true},
		{"reviewer assigns another", reviewer, 0, other, false},
		{"reviewer takes another's", reviewer, other, reviewer.ID, false},
		{"reviewer unassigns another", reviewer, other, 0, false},
		{"reviewer hands own to another", reviewer, reviewer.ID, other, false},
		{"disabled reviewer takes", &User{ID: 3, Role: RoleReviewer, Disabled: true}, 0, 3, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkAssign(tc.actor, tc.from, tc.to)
			if got := err == nil; got != tc.allowed {
				t.Errorf("got allowed=%v (%v), want %v", got, err, tc.allowed)
			}
			if err != nil && !errors.Is(err, ErrForbidden) {
				t.Errorf("got %v, want ErrForbidden", err)
			}
		})
	}
}
