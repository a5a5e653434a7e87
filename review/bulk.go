package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// MaxBulkClaims is the most claims one bulk action changes.
const MaxBulkClaims = 1000

// BulkAction is what a bulk change does to every selected claim.
type BulkAction string

// The bulk actions.
const (
	BulkAssign  BulkAction = "assign"  // set the assignee (a name, or "" for nobody)
	BulkStatus  BulkAction = "status"  // move to an open status, or restore to new
	BulkDismiss BulkAction = "dismiss" // dismiss with a reason
)

// BulkChange is one action for many claims.
type BulkChange struct {
	Action   BulkAction
	Assignee string // BulkAssign: user name; "" unassigns
	Status   Status // BulkStatus
	// Note is why: required to dismiss and to restore, like one claim's.
	Note string
}

// BulkRefusal is a claim a bulk change could not change, and why.
type BulkRefusal struct {
	ID     int64
	Text   string
	Reason string
	Err    error
}

// BulkError lists every claim a bulk change could not change. A bulk
// change is all or nothing: when any claim is refused none is changed, so
// a person fixes the selection and sends it again, instead of working out
// which half went through.
type BulkError struct {
	Refused []BulkRefusal
}

// Error says nothing changed and lists each refused claim with its reason.
func (e *BulkError) Error() string {
	parts := make([]string, len(e.Refused))
	for i, r := range e.Refused {
		parts[i] = fmt.Sprintf("claim #%d: %s", r.ID, r.Reason)
	}
	return fmt.Sprintf("nothing was changed: %d of the selected claims cannot change (%s)", len(e.Refused), strings.Join(parts, "; "))
}

// Unwrap gives the reasons, so errors.Is(err, ErrForbidden) tells a role
// rule from a workflow rule.
func (e *BulkError) Unwrap() []error {
	out := make([]error, 0, len(e.Refused))
	for _, r := range e.Refused {
		if r.Err != nil {
			out = append(out, r.Err)
		}
	}
	return out
}

// BulkResult says what a bulk change did.
type BulkResult struct {
	// Changed are the claims changed, each with its history rows.
	Changed []int64
	// Unchanged were already as asked (nothing written for them).
	Unchanged []int64
}

// BulkUpdate applies one change to many claims in one transaction, each
// claim passing the same rules as UpdateClaim (roles, the workflow, the
// done lock) and getting its own history rows and version. Any refusal
// is a *BulkError naming every refused claim, and nothing is written.
// Signing off is not a bulk action: each sign-off is an editor's look at
// one claim's verdict, conclusion and evidence.
func (s *Store) BulkUpdate(ctx context.Context, actor *User, ids []int64, ch BulkChange) (*BulkResult, error) {
	if err := authorize(actor, ActionComment); err != nil { // an enabled user at least
		return nil, fmt.Errorf("bulk %s: %w", ch.Action, err)
	}
	v := &ValidationError{}
	ids = uniqueIDs(ids)
	switch {
	case len(ids) == 0:
		v.Add("ids", "select at least one claim")
	case len(ids) > MaxBulkClaims:
		v.Add("ids", fmt.Sprintf("select at most %d claims at once", MaxBulkClaims))
	}
	note := checkProse(v, "note", ch.Note, maxNoteRunes)
	switch ch.Action {
	case BulkAssign:
		checkText(v, "assignee", ch.Assignee)
	case BulkStatus:
		switch {
		case ch.Status == StatusDone:
			v.Add("status", "claims are signed off one at a time, after an editor has read each")
		case ch.Status == StatusDismissed:
			v.Add("status", "use dismiss, with a reason")
		case !ValidStatus(ch.Status):
			v.Add("status", "choose a status: new, researching or needs_review")
		}
	case BulkDismiss:
		if note == "" {
			v.Add("note", "say why the claims are dismissed")
		}
	default:
		v.Add("action", "choose assign, status or dismiss")
	}
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("bulk %s: %w", ch.Action, err)
	}
	res := &BulkResult{Changed: []int64{}, Unchanged: []int64{}}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var assigneeID int64
		var assigneeName string
		if ch.Action == BulkAssign && strings.TrimSpace(ch.Assignee) != "" {
			var err error
			if assigneeID, assigneeName, err = assigneeByName(ctx, tx, ch.Assignee); err != nil {
				return err
			}
		}
		be := &BulkError{}
		type change struct {
			c    *Claim
			next Claim
			rows []historyRow
		}
		var changes []change
		for _, id := range ids {
			c, err := getClaim(ctx, tx, id)
			if errors.Is(err, ErrNotFound) {
				be.Refused = append(be.Refused, BulkRefusal{ID: id, Reason: "there is no such claim", Err: err})
				continue
			}
			if err != nil {
				return err
			}
			next := *c
			var rows []historyRow
			var why error
			switch ch.Action {
			case BulkAssign:
				next.AssigneeID, next.Assignee = assigneeID, assigneeName
				if next.AssigneeID == c.AssigneeID {
					break
				}
				if c.Status == StatusDone {
					why = fmt.Errorf("it is done: an editor reopens it before it is reassigned: %w", ErrForbidden)
				} else {
					why = checkAssign(actor, c.AssigneeID, next.AssigneeID)
				}
				rows = append(rows, historyRow{field: "assignee", from: c.Assignee, to: next.Assignee, note: note})
			case BulkStatus, BulkDismiss:
				next.Status = ch.Status
				if ch.Action == BulkDismiss {
					next.Status = StatusDismissed
				}
				if next.Status == c.Status {
					break
				}
				why = checkTransition(actor, c.Status, next.Status, note)
				rows = append(rows, historyRow{field: "status", from: string(c.Status), to: string(next.Status), note: note})
				switch {
				case next.Status == StatusDismissed:
					next.DismissReason = note
					rows = append(rows, historyRow{field: "dismiss_reason", from: c.DismissReason, to: note, note: note})
				case c.Status == StatusDismissed:
					next.DismissReason = ""
				}
			}
			if why != nil {
				be.Refused = append(be.Refused, BulkRefusal{ID: id, Text: c.Text, Reason: reasonOf(why), Err: why})
				continue
			}
			if len(rows) == 0 {
				res.Unchanged = append(res.Unchanged, id)
				continue
			}
			changes = append(changes, change{c, next, rows})
		}
		if len(be.Refused) > 0 {
			return be
		}
		now := fmtTime(s.now())
		for _, x := range changes {
			version := x.c.Version + 1
			signedOff := x.c.Status == StatusDone && x.next.Status != StatusDone // a dismissed done claim is no longer signed off
			q := `UPDATE claims SET status = ?, assignee_id = ?, dismiss_reason = ?, version = ?, updated_at = ? WHERE id = ?`
			if signedOff {
				q = `UPDATE claims SET status = ?, assignee_id = ?, dismiss_reason = ?, version = ?, updated_at = ?,
					signed_off_by = NULL, signed_off_at = NULL WHERE id = ?`
			}
			if _, err := tx.ExecContext(ctx, q, x.next.Status, nullInt(x.next.AssigneeID), x.next.DismissReason, version, now, x.c.ID); err != nil {
				return err
			}
			if err := s.writeHistory(ctx, tx, actor, x.c.ID, version, x.rows); err != nil {
				return err
			}
			res.Changed = append(res.Changed, x.c.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bulk %s: %w", ch.Action, err)
	}
	return res, nil
}

// reasonOf is the sentence of a rule's error a person reads, without the
// sentinel's word at its end.
func reasonOf(err error) string {
	if v, ok := AsValidation(err); ok {
		msgs := make([]string, 0, len(v.Fields))
		for _, m := range v.Fields {
			msgs = append(msgs, m)
		}
		sort.Strings(msgs)
		return strings.Join(msgs, "; ")
	}
	msg := err.Error()
	for _, s := range []error{ErrForbidden, ErrNotFound, ErrConflict} {
		msg = strings.TrimSuffix(msg, ": "+s.Error())
	}
	return msg
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
