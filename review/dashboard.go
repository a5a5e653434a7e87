package review

import (
	"context"
	"fmt"
)

// queuePart caps each part of a queue: it is a list to pick the next claim
// from, not an inventory (the claims list pages through all of them).
const queuePart = 100

// queueOpen is the open claims' condition, written as the partial index
// claims_open says it (schema.sql), so the queue's parts read that index
// in score order.
const queueOpen = "c.candidate = 0 AND c.status IN ('new', 'researching', 'needs_review')"

// The queue's three parts: mine, waiting for sign-off, unassigned.
const (
	queueMineQuery    = claimSelect + " WHERE " + queueOpen + " AND c.assignee_id = ? ORDER BY c.score DESC, c.id LIMIT ?"
	queueSignOffQuery = claimSelect + " WHERE c.status = 'needs_review' AND c.candidate = 0 AND (c.assignee_id IS NULL OR c.assignee_id <> ?) ORDER BY c.score DESC, c.id LIMIT ?"
	queueFreeQuery    = claimSelect + " WHERE " + queueOpen + " AND c.assignee_id IS NULL ORDER BY c.score DESC, c.id LIMIT ?"
)

// Queue returns what user should work on next, each part by score, highest
// first, and each at most 100 claims: the open claims (new, researching,
// needs_review) assigned to user; for editors and admins then the claims
// waiting for their sign-off (needs_review, assigned to someone else or
// nobody); then the unassigned open claims. Candidates are left out, and
// no claim appears twice.
func (s *Store) Queue(ctx context.Context, user *User) ([]Claim, error) {
	if user == nil {
		return nil, fmt.Errorf("queue: %w", ErrUnauthorized)
	}
	out, err := queryClaims(ctx, s.db.Read, queueMineQuery, user.ID, queuePart)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	if Can(user, ActionSignOff) {
		review, err := queryClaims(ctx, s.db.Read, queueSignOffQuery, user.ID, queuePart)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		out = append(out, review...)
	}
	free, err := queryClaims(ctx, s.db.Read, queueFreeQuery, queuePart)
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
