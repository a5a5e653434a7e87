package review

import (
	"context"
	"fmt"
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
	q := claimSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.ArticleID != 0 {
		q += " ORDER BY c.start_byte, c.id"
	} else {
		q += " ORDER BY c.score DESC, c.id"
	}
	if f.Limit > 0 || f.Offset > 0 {
		limit := f.Limit
		if limit <= 0 {
			limit = -1
		}
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(f.Offset, 0))
	}
	cs, err := queryClaims(ctx, s.db.Read, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	return cs, nil
}
