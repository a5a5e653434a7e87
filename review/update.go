package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits of what people write, in characters.
const (
	maxConclusionRunes = 20000
	maxNoteRunes       = 2000
	maxCommentRunes    = 10000
	maxQuoteRunes      = 10000
)

// checkProse validates a piece of writing: valid UTF-8, no NUL, at most max
// characters; it returns it with line endings as LF and trimmed.
func checkProse(v *ValidationError, field, s string, max int) string {
	if !checkText(v, field, s) {
		return ""
	}
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
	if utf8.RuneCountInString(s) > max {
		v.Add(field, fmt.Sprintf("too long (at most %d characters)", max))
	}
	return s
}

// conflict builds the *ConflictError for a caller who read the claim at
// version: the claim as it is now and every change made since.
func conflict(ctx context.Context, q querier, c *Claim, version int64) error {
	changes, err := queryHistory(ctx, q, historySelect+" WHERE h.claim_id = ? AND h.version > ? ORDER BY h.id", c.ID, version)
	if err != nil {
		return err
	}
	return &ConflictError{Current: c, Changes: changes}
}

// checkVersion returns a *ConflictError when c is no longer at version.
func checkVersion(ctx context.Context, q querier, c *Claim, version int64) error {
	if version <= 0 {
		return Invalid("version", "say which version of the claim you read (its version number)")
	}
	if c.Version != version {
		return conflict(ctx, q, c, version)
	}
	return nil
}

// verdictByName finds a step of the scale by name, ignoring case and
// surrounding space; unknown names get a message listing the scale.
func verdictByName(ctx context.Context, q querier, name string) (int64, string, error) {
	var id int64
	var canonical string
	err := q.QueryRowContext(ctx, "SELECT id, name FROM verdicts WHERE name = ? COLLATE NOCASE", strings.TrimSpace(name)).Scan(&id, &canonical)
	if errors.Is(err, sql.ErrNoRows) {
		// COLLATE NOCASE folds ASCII only; compare Unicode case too.
		vs, err := listVerdicts(ctx, q)
		if err != nil {
			return 0, "", err
		}
		names := make([]string, len(vs))
		for i, v := range vs {
			if strings.EqualFold(v.Name, strings.TrimSpace(name)) {
				return v.ID, v.Name, nil
			}
			names[i] = v.Name
		}
		return 0, "", Invalid("verdict", fmt.Sprintf("%q is not on the verdict scale (%s)", name, strings.Join(names, ", ")))
	}
	if err != nil {
		return 0, "", err
	}
	return id, canonical, nil
}

// assigneeByName finds the enabled user a claim is assigned to.
func assigneeByName(ctx context.Context, q querier, name string) (int64, string, error) {
	var id int64
	var canonical string
	var disabled bool
	id, err := userIDByName(ctx, q, strings.TrimSpace(name))
	if err == nil {
		err = q.QueryRowContext(ctx, "SELECT name, disabled FROM users WHERE id = ?", id).Scan(&canonical, &disabled)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", Invalid("assignee", fmt.Sprintf("there is no user named %q", name))
	}
	if err != nil {
		return 0, "", err
	}
	if disabled {
		return 0, "", Invalid("assignee", fmt.Sprintf("%s is disabled and cannot be assigned claims", canonical))
	}
	return id, canonical, nil
}

// UpdateClaim applies u if the claim is still at u.Version and every rule
// allows it, writing one history row per changed field in the same
// transaction. Stale: *ConflictError and nothing written. Rule broken:
// ErrForbidden or a *ValidationError.
//
// The rules (see rules.go for who may do what):
//   - a done claim is locked: only an editor's reopen (to researching, with
//     a Note) or dismissal moves it, and an editor may set its ReviewURL;
//     other changes are refused unless the same update reopens it;
//   - a sign-off (status done, from needs_review, editors only) needs a
//     verdict, a conclusion and at least one piece of evidence after the
//     update; it records who signed off and when, and a reopen clears that;
//   - dismissing stores Note as the dismiss reason; restoring clears it;
//   - the Note goes on the status row when the status changes, otherwise
//     on every row;
//   - an update that changes a candidate promotes it too (a "candidate"
//     history row), so a claim being worked on never hides among the
//     candidates;
//   - an update that changes nothing writes nothing and keeps the version.
func (s *Store) UpdateClaim(ctx context.Context, actor *User, id int64, u ClaimUpdate) (*Claim, error) {
	if err := authorize(actor, ActionComment); err != nil { // the least any change needs: an enabled user
		return nil, fmt.Errorf("update claim %d: %w", id, err)
	}
	v := &ValidationError{}
	var conclusion, reviewURL, statement string
	if u.Statement != nil {
		statement = checkStatement(v, *u.Statement)
	}
	if u.Conclusion != nil {
		conclusion = checkProse(v, "conclusion", *u.Conclusion, maxConclusionRunes)
	}
	if u.ReviewURL != nil {
		reviewURL = checkURL(v, "review_url", *u.ReviewURL, true)
	}
	note := checkProse(v, "note", u.Note, maxNoteRunes)
	if u.Verdict != nil {
		checkText(v, "verdict", *u.Verdict)
	}
	if u.Assignee != nil {
		checkText(v, "assignee", *u.Assignee)
	}
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("update claim %d: %w", id, err)
	}
	var out *Claim
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := getClaim(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkVersion(ctx, tx, c, u.Version); err != nil {
			return err
		}
		next := *c
		var rows []historyRow
		if u.Verdict != nil {
			if strings.TrimSpace(*u.Verdict) == "" {
				next.VerdictID, next.Verdict = 0, ""
			} else if next.VerdictID, next.Verdict, err = verdictByName(ctx, tx, *u.Verdict); err != nil {
				return err
			}
			if next.VerdictID != c.VerdictID {
				rows = append(rows, historyRow{field: "verdict", from: c.Verdict, to: next.Verdict})
			}
		}
		if u.Conclusion != nil && conclusion != c.Conclusion {
			next.Conclusion = conclusion
			rows = append(rows, historyRow{field: "conclusion", from: c.Conclusion, to: conclusion})
		}
		if u.Assignee != nil {
			if strings.TrimSpace(*u.Assignee) == "" {
				next.AssigneeID, next.Assignee = 0, ""
			} else if next.AssigneeID, next.Assignee, err = assigneeByName(ctx, tx, *u.Assignee); err != nil {
				return err
			}
			if next.AssigneeID != c.AssigneeID {
				if err := checkAssign(actor, c.AssigneeID, next.AssigneeID); err != nil {
					return err
				}
				rows = append(rows, historyRow{field: "assignee", from: c.Assignee, to: next.Assignee})
			}
		}
		if u.ReviewURL != nil && reviewURL != c.ReviewURL {
			if err := authorize(actor, ActionSetReviewURL); err != nil {
				return err
			}
			next.ReviewURL = reviewURL
			rows = append(rows, historyRow{field: "review_url", from: c.ReviewURL, to: reviewURL})
		}
		// A statement is what the review publishes: on a done claim an
		// editor may still set it, like the fact-check link.
		if u.Statement != nil && statement != c.Statement {
			action := ActionResearch
			if c.Status == StatusDone {
				action = ActionSetStatement
			}
			if err := authorize(actor, action); err != nil {
				return err
			}
			next.Statement = statement
			rows = append(rows, historyRow{field: "statement", from: c.Statement, to: statement})
		}
		contentChanged := false
		for _, r := range rows {
			if r.field != "review_url" && r.field != "statement" {
				contentChanged = true
			}
		}
		if u.Status != nil && *u.Status != c.Status {
			if err := checkTransition(actor, c.Status, *u.Status, note); err != nil {
				return err
			}
			next.Status = *u.Status
			rows = append(rows, historyRow{field: "status", from: string(c.Status), to: string(next.Status), note: note})
		}
		// The done lock: research fields of a done claim change only
		// together with its reopening.
		if c.Status == StatusDone && next.Status == StatusDone && contentChanged {
			return fmt.Errorf("a done claim changes only when an editor reopens it: %w", ErrForbidden)
		}
		// Proposing a verdict or a conclusion is research.
		for _, r := range rows {
			if r.field == "verdict" || r.field == "conclusion" {
				if err := authorize(actor, ActionResearch); err != nil {
					return err
				}
				break
			}
		}
		if len(rows) == 0 {
			out = c
			return nil
		}
		// Working on a candidate makes it a claim: otherwise it would
		// vanish from every list that leaves candidates out.
		if c.Candidate {
			next.Candidate = false
			rows = append(rows, historyRow{field: "candidate", from: "yes", to: "no"})
		}
		signedBy, signedAt := any(nil), any(nil)
		if c.SignedOffAt != nil {
			signedAt = fmtTime(*c.SignedOffAt)
		}
		var signer sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT signed_off_by FROM claims WHERE id = ?", id).Scan(&signer); err != nil {
			return err
		}
		if signer.Valid {
			signedBy = signer.Int64
		}
		switch {
		case next.Status == StatusDone && c.Status != StatusDone:
			if err := s.checkSignOff(ctx, tx, &next); err != nil {
				return err
			}
			signedBy, signedAt = actorID(actor), fmtTime(s.now())
		case next.Status != StatusDone && c.Status == StatusDone:
			signedBy, signedAt = nil, nil
		}
		switch {
		case next.Status == StatusDismissed && c.Status != StatusDismissed:
			next.DismissReason = note
			rows = append(rows, historyRow{field: "dismiss_reason", from: c.DismissReason, to: note})
		case c.Status == StatusDismissed && next.Status != StatusDismissed:
			next.DismissReason = ""
		}
		if u.Status == nil || *u.Status == c.Status {
			for i := range rows {
				rows[i].note = note
			}
		}
		version := c.Version + 1
		_, err = tx.ExecContext(ctx, `UPDATE claims SET candidate = ?, status = ?, verdict_id = ?, conclusion = ?, assignee_id = ?, review_url = ?,
			dismiss_reason = ?, signed_off_by = ?, signed_off_at = ?, version = ?, updated_at = ?, statement = ? WHERE id = ?`,
			next.Candidate, next.Status, nullInt(next.VerdictID), next.Conclusion, nullInt(next.AssigneeID), next.ReviewURL,
			next.DismissReason, signedBy, signedAt, version, fmtTime(s.now()), next.Statement, id)
		if err != nil {
			return err
		}
		if err := s.writeHistory(ctx, tx, actor, id, version, rows); err != nil {
			return err
		}
		out, err = getClaim(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update claim %d: %w", id, err)
	}
	return out, nil
}

// checkSignOff refuses a sign-off of a claim without a verdict, a
// conclusion or evidence, naming every missing piece.
func (s *Store) checkSignOff(ctx context.Context, tx *sql.Tx, c *Claim) error {
	v := &ValidationError{}
	if c.VerdictID == 0 {
		v.Add("verdict", "choose a verdict before signing off")
	}
	if strings.TrimSpace(c.Conclusion) == "" {
		v.Add("conclusion", "write a conclusion before signing off")
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM evidence WHERE claim_id = ?", c.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		v.Add("evidence", "add at least one piece of evidence before signing off")
	}
	return v.Err()
}

// bumpClaim raises a claim's version for a change made elsewhere (evidence,
// comments, spans) and returns the new version.
func (s *Store) bumpClaim(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	var version int64
	err := tx.QueryRowContext(ctx, "UPDATE claims SET version = version + 1, updated_at = ? WHERE id = ? RETURNING version",
		fmtTime(s.now()), id).Scan(&version)
	if err != nil {
		return 0, notFound(err, "claim %d", id)
	}
	return version, nil
}
