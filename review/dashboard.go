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

// Stats counts claims by status and verdict (candidates left out; every
// status and every step of the scale present, with 0 when unused; only
// signed-off verdicts are counted, by HasVerdict's rule, and proposed ones
// apart in Proposed), and the progress of the 100 newest articles.
func (s *Store) Stats(ctx context.Context) (*Stats, error) {
	st := &Stats{ByStatus: map[Status]int{}, ByVerdict: map[string]int{}}
	for _, x := range Statuses() {
		st.ByStatus[x] = 0
	}
	rows, err := s.db.Read.QueryContext(ctx, "SELECT status, count(*) FROM claims WHERE candidate = 0 GROUP BY status")
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	for rows.Next() {
		var x Status
		var n int
		if err := rows.Scan(&x, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("stats: %w", err)
		}
		st.ByStatus[x] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	rows, err = s.db.Read.QueryContext(ctx, `SELECT v.name, count(c.id) FROM verdicts v
		LEFT JOIN claims c ON c.verdict_id = v.id AND c.candidate = 0 AND `+signedOffVerdictSQL+`
		GROUP BY v.id ORDER BY v.position`)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("stats: %w", err)
		}
		st.ByVerdict[name] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	if err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM claims c WHERE c.candidate = 0 AND c.verdict_id IS NOT NULL
		AND c.status NOT IN ('done', 'dismissed')`).Scan(&st.Proposed); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	st.Articles, err = s.Articles(ctx, ArticleFilter{Limit: dashboardArticles})
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}
