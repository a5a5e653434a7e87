package review

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Claim returns a claim by id.
func (s *Store) Claim(ctx context.Context, id int64) (*Claim, error) {
	c, err := getClaim(ctx, s.db.Read, id)
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	return c, nil
}

// Claims lists claims: by article in text order when ArticleID is set,
// otherwise by score, highest first. Candidates are left out unless
// IncludeCandidates; Since and Until bound when the claim last changed.
// Limit 0 means no limit.
func (s *Store) Claims(ctx context.Context, f ClaimFilter) ([]Claim, error) {
	q, args := claimsQuery(f)
	cs, err := queryClaims(ctx, s.db.Read, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	if f.Before != nil {
		slices.Reverse(cs)
	}
	return cs, nil
}

// claimsQuery is the query Claims runs for f.
func claimsQuery(f ClaimFilter) (string, []any) {
	var where []string
	var args []any
	if f.ArticleID != 0 {
		where = append(where, "c.article_id = ?")
		args = append(args, f.ArticleID)
	}
	if f.Status != "" {
		where = append(where, "c.status = ?")
		args = append(args, f.Status)
	}
	if f.Verdict != "" {
		where = append(where, "v.name = ?")
		args = append(args, f.Verdict)
	}
	if f.AssigneeID != 0 {
		where = append(where, "c.assignee_id = ?")
		args = append(args, f.AssigneeID)
	}
	if f.ClaimantID != 0 {
		where = append(where, "c.claimant_id = ?")
		args = append(args, f.ClaimantID)
	}
	if f.Unassigned {
		where = append(where, "c.assignee_id IS NULL")
	}
	if !f.IncludeCandidates {
		where = append(where, "c.candidate = 0")
	}
	if !f.Since.IsZero() {
		where = append(where, "c.updated_at >= ?")
		args = append(args, fmtTime(f.Since))
	}
	if !f.Until.IsZero() {
		where = append(where, "c.updated_at < ?")
		args = append(args, fmtTime(f.Until))
	}
	// The score-ordered indexes (schema.sql) end in (score DESC, id), so a
	// cursor is a range of the index: the page costs its own rows.
	if f.After != nil {
		where = append(where, "c.score <= ? AND (c.score < ? OR c.id > ?)")
		args = append(args, f.After.Score, f.After.Score, f.After.ID)
	}
	if f.Before != nil {
		where = append(where, "c.score >= ? AND (c.score > ? OR c.id < ?)")
		args = append(args, f.Before.Score, f.Before.Score, f.Before.ID)
	}
	q := claimSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	switch {
	case f.ArticleID != 0 && !f.ByScore && f.After == nil && f.Before == nil:
		q += " ORDER BY c.start_byte, c.id"
	case f.Before != nil:
		// Walk back from the cursor, then turn the page round.
		q += " ORDER BY c.score, c.id DESC"
	default:
		q += " ORDER BY c.score DESC, c.id"
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return q, args
}

// ClaimCursor names a place in a list of claims by score: the score and
// id of a claim, which the list's order (score, highest first, then id)
// places exactly.
type ClaimCursor struct {
	Score float64
	ID    int64
}

// CursorOf is the place of c in a list by score.
func CursorOf(c Claim) ClaimCursor { return ClaimCursor{Score: c.Score, ID: c.ID} }

// String is the cursor as pages and the API write it: "SCORE_ID", the
// score exact.
func (c ClaimCursor) String() string {
	return strconv.FormatFloat(c.Score, 'g', -1, 64) + "_" + strconv.FormatInt(c.ID, 10)
}

// ParseClaimCursor reads a cursor String wrote; a *ValidationError on field
// when s is not one.
func ParseClaimCursor(field, s string) (*ClaimCursor, error) {
	score, id, ok := strings.Cut(s, "_")
	var c ClaimCursor
	var err1, err2 error
	c.Score, err1 = strconv.ParseFloat(score, 64)
	c.ID, err2 = strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || c.ID < 1 || math.IsNaN(c.Score) || math.IsInf(c.Score, 0) {
		return nil, Invalid(field, fmt.Sprintf("%q is not a place in the list (a link of the list's pages gives one)", s))
	}
	return &c, nil
}
