package review

import (
	"context"
	"fmt"
)

// queueUnassigned caps the unassigned part of a queue: it is a list to
// pick the next claim from, not an inventory.
const queueUnassigned = 100

// Queue returns what user should work on next, each part by score, highest
// first: the open claims (new, researching, needs_review) assigned to
// user; for editors and admins then the claims waiting for their sign-off
// (needs_review, assigned to someone else or nobody); then up to 100
// unassigned open claims. Candidates are left out, and no claim appears
// twice.
func (s *Store) Queue(ctx context.Context, user *User) ([]Claim, error) {
	if user == nil {
		return nil, fmt.Errorf("queue: %w", ErrUnauthorized)
	}
	const open = "c.candidate = 0 AND c.status IN ('new', 'researching', 'needs_review')"
	mine, err := queryClaims(ctx, s.db.Read, claimSelect+" WHERE "+open+" AND c.assignee_id = ? ORDER BY c.score DESC, c.id", user.ID)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	out := mine
	if Can(user, ActionSignOff) {
		review, err := queryClaims(ctx, s.db.Read, claimSelect+" WHERE c.candidate = 0 AND c.status = 'needs_review' AND (c.assignee_id IS NULL OR c.assignee_id <> ?) ORDER BY c.score DESC, c.id", user.ID)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		out = append(out, review...)
	}
	free, err := queryClaims(ctx, s.db.Read, claimSelect+" WHERE "+open+" AND c.assignee_id IS NULL ORDER BY c.score DESC, c.id LIMIT ?", queueUnassigned)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	seen := map[int64]bool{}
	for _, c := range out {
		seen[c.ID] = true
	}
	for _, c := range free {
		if !seen[c.ID] {
			out = append(out, c)
		}
	}
	return out, nil
}

// dashboardArticles is how many of the newest articles the dashboard shows.
const dashboardArticles = 100
