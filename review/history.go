package review

import (
	"context"
	"fmt"
)

const historySelect = `SELECT h.id, h.claim_id, COALESCE(u.name, ''), h.at, h.field, h.from_value, h.to_value, h.note, h.version,
	c.text, c.article_id, a.title
FROM history h
LEFT JOIN users u ON u.id = h.user_id
JOIN claims c ON c.id = h.claim_id
JOIN articles a ON a.id = c.article_id`

// recentActivityQuery reads the newest rows by their id (the table's own
// order, walked back from the last), so the dashboard's feed costs its
// limit, not the history's size.
const recentActivityQuery = historySelect + " WHERE h.id <= (SELECT max(id) FROM history) ORDER BY h.id DESC LIMIT ?"

const claimHistoryQuery = historySelect + " WHERE h.claim_id = ? ORDER BY h.id"

func queryHistory(ctx context.Context, q querier, query string, args ...any) ([]HistoryEntry, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []HistoryEntry{}
	for rows.Next() {
		var h HistoryEntry
		var at string
		if err := rows.Scan(&h.ID, &h.ClaimID, &h.User, &at, &h.Field, &h.From, &h.To, &h.Note, &h.Version, &h.ClaimText, &h.ArticleID, &h.ArticleTitle); err != nil {
			return nil, err
		}
		h.At = parseTime(at)
		out = append(out, h)
	}
	return out, rows.Err()
}

// History lists a claim's history, oldest first.
func (s *Store) History(ctx context.Context, claimID int64) ([]HistoryEntry, error) {
	h, err := queryHistory(ctx, s.db.Read, claimHistoryQuery, claimID)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return h, nil
}

// RecentActivity lists the newest history rows of all claims, newest
// first, with the claim's text and article. Limit 0 means 50.
func (s *Store) RecentActivity(ctx context.Context, limit int) ([]HistoryEntry, error) {
	if limit <= 0 {
		limit = 50
	}
	h, err := queryHistory(ctx, s.db.Read, recentActivityQuery, limit)
	if err != nil {
		return nil, fmt.Errorf("recent activity: %w", err)
	}
	return h, nil
}
