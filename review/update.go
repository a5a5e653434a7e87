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
// ErrForbidden or a *ValidationError. What the change means (who may make
// it, the workflow, the done lock, the sign-off, promotion of a candidate)
// is decideChange's; an update that changes nothing writes nothing and
// keeps the version.
func (s *Store) UpdateClaim(ctx context.Context, actor *User, id int64, u ClaimUpdate) (*Claim, error) {
	if err := authorize(actor, ActionComment); err != nil { // the least any change needs: an enabled user
		return nil, fmt.Errorf("update claim %d: %w", id, err)
	}
	e, err := checkEdit(u)
	if err != nil {
		return nil, fmt.Errorf("update claim %d: %w", id, err)
	}
	var out *Claim
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := getClaim(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkVersion(ctx, tx, c, u.Version); err != nil {
			return err
		}
		re, err := resolveEdit(ctx, tx, e)
		if err != nil {
			return err
		}
		ch, err := s.decideChange(ctx, tx, actor, c, re)
		if err != nil {
			return err
		}
		if len(ch.rows) == 0 {
			out = c
			return nil
		}
		if err := s.saveChange(ctx, tx, actor, ch); err != nil {
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
