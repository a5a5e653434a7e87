package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	// Note is why: required to restore, like one claim's; to dismiss,
	// DismissCode says why (checkDismissal: the note is the free text,
	// required with "other", and a note alone is "other").
	Note        string
	DismissCode string
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

// BulkUpdate applies one change to many claims in one transaction: each
// claim's change means what it means for one claim (decideChange: roles,
// the workflow, the done lock, promotion of a candidate) and gets its own
// history rows and version. Any refusal is a *BulkError naming every
// refused claim, and nothing is written. Signing off is not a bulk action:
// each sign-off is an editor's look at one claim's verdict, conclusion and
// evidence.
func (s *Store) BulkUpdate(ctx context.Context, actor *User, ids []int64, ch BulkChange) (*BulkResult, error) {
	if err := authorize(actor, ActionComment); err != nil { // an enabled user at least
		return nil, fmt.Errorf("bulk %s: %w", ch.Action, err)
	}
	ids = uniqueIDs(ids)
	e, err := checkBulk(ids, ch)
	if err != nil {
		return nil, fmt.Errorf("bulk %s: %w", ch.Action, err)
	}
	res := &BulkResult{Changed: []int64{}, Unchanged: []int64{}}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		re, err := resolveEdit(ctx, tx, e)
		if err != nil {
			return err
		}
		changes, err := s.decideBulk(ctx, tx, actor, ids, re)
		if err != nil {
			return err
		}
		for _, c := range changes {
			if len(c.rows) == 0 {
				res.Unchanged = append(res.Unchanged, c.before.ID)
				continue
			}
			if err := s.saveChange(ctx, tx, actor, c); err != nil {
				return err
			}
			res.Changed = append(res.Changed, c.before.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bulk %s: %w", ch.Action, err)
	}
	return res, nil
}

// checkBulk validates a bulk change as a whole (the selection, the action)
// and turns it into the edit each claim gets.
func checkBulk(ids []int64, ch BulkChange) (claimEdit, error) {
	v := &ValidationError{}
	switch {
	case len(ids) == 0:
		v.Add("ids", "select at least one claim")
	case len(ids) > MaxBulkClaims:
		v.Add("ids", fmt.Sprintf("select at most %d claims at once", MaxBulkClaims))
	}
	u := ClaimUpdate{Note: ch.Note}
	switch ch.Action {
	case BulkAssign:
		u.Assignee = &ch.Assignee
	case BulkStatus:
		switch {
		case ch.Status == StatusDone:
			v.Add("status", "claims are signed off one at a time, after an editor has read each")
		case ch.Status == StatusDismissed:
			v.Add("status", "use dismiss, with a reason")
		case !ValidStatus(ch.Status):
			v.Add("status", "choose a status: new, researching or needs_review")
		}
		u.Status = &ch.Status
	case BulkDismiss:
		if _, _, err := checkDismissal(&ch.DismissCode, ch.Note); err != nil {
			if ve, ok := AsValidation(err); ok {
				for f, m := range ve.Fields {
					v.Add(f, m)
				}
			}
		}
		dismissed := StatusDismissed
		u.Status = &dismissed
		u.DismissCode = &ch.DismissCode
	default:
		v.Add("action", "choose assign, status or dismiss")
	}
	e, err := checkEdit(u)
	if ve, ok := AsValidation(err); ok {
		for f, m := range ve.Fields {
			if _, set := v.Fields[f]; !set {
				v.Add(f, m)
			}
		}
	}
	return e, v.Err()
}

// decideBulk decides e for every claim of ids; any claim refused (missing,
// or a rule) makes the whole a *BulkError.
func (s *Store) decideBulk(ctx context.Context, tx *sql.Tx, actor *User, ids []int64, e resolvedEdit) ([]*claimChange, error) {
	be := &BulkError{}
	changes := make([]*claimChange, 0, len(ids))
	for _, id := range ids {
		c, err := getClaim(ctx, tx, id)
		if errors.Is(err, ErrNotFound) {
			be.Refused = append(be.Refused, BulkRefusal{ID: id, Reason: "there is no such claim", Err: err})
			continue
		}
		if err != nil {
			return nil, err
		}
		ch, err := s.decideChange(ctx, tx, actor, c, e)
		if err != nil {
			if _, ok := AsValidation(err); !ok && !errors.Is(err, ErrForbidden) {
				return nil, err
			}
			be.Refused = append(be.Refused, BulkRefusal{ID: id, Text: c.Text, Reason: Reason(err), Err: err})
			continue
		}
		changes = append(changes, ch)
	}
	if len(be.Refused) > 0 {
		return nil, be
	}
	return changes, nil
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
