package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DefaultDigestLimit and MaxDigestLimit bound how many claims a digest lists.
const (
	DefaultDigestLimit = 100
	MaxDigestLimit     = 500
)

// DigestClaim is one claim of the digest: the claim, where it came from,
// and what "checked before?" found for it.
type DigestClaim struct {
	ID           int64     `json:"id"`
	Statement    string    `json:"statement"`
	Text         string    `json:"text"`
	Score        float64   `json:"score"`
	Claimant     string    `json:"claimant"`
	ArticleID    int64     `json:"article_id"`
	ArticleTitle string    `json:"article_title"`
	Outlet       string    `json:"outlet"`
	Status       Status    `json:"status"`
	Assignee     string    `json:"assignee"`
	CreatedAt    time.Time `json:"created_at"`
	// Matches are the claim's stored "checked before?" matches (earlier
	// desk claims and published fact-checks), best first; rejected ones
	// are left out.
	Matches []DigestMatch `json:"matches"`
	// RepeatsFalse: a confident match is a fact-check whose rating means a
	// verdict that RatesFalse, or a done desk claim with such a verdict.
	RepeatsFalse bool `json:"repeats_false"`
}

// DigestMatch is a match as the digest shows it: with the verdict of the
// desk's scale a fact-check's rating means (the rating table), "" when
// the rating is not in the table (unrated).
type DigestMatch struct {
	Match
	RatingVerdict string `json:"rating_verdict"`
}

// Digest lists the claims created at or after since, best first by
// check-worthiness (the engine's score), with their matches: the "new
// claims" page, its Atom feed and GET /api/v1/digest. Candidates (under
// the engine's threshold) and dismissed claims are left out. limit 0 is
// DefaultDigestLimit; more than MaxDigestLimit is MaxDigestLimit.
func (s *Store) Digest(ctx context.Context, since time.Time, limit int) ([]DigestClaim, error) {
	if limit <= 0 {
		limit = DefaultDigestLimit
	}
	limit = min(limit, MaxDigestLimit)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT c.id, c.statement, c.text, c.score, coalesce(k.name, ''), c.article_id, a.title, a.outlet,
 c.status, coalesce(u.name, ''), c.created_at
FROM claims c JOIN articles a ON a.id = c.article_id
LEFT JOIN claimants k ON k.id = c.claimant_id LEFT JOIN users u ON u.id = c.assignee_id
WHERE c.created_at >= ? AND c.candidate = 0 AND c.status <> 'dismissed'
ORDER BY c.score DESC, c.id LIMIT ?`, fmtTime(since), limit)
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	var out []DigestClaim
	for rows.Next() {
		var d DigestClaim
		var created string
		if err := rows.Scan(&d.ID, &d.Statement, &d.Text, &d.Score, &d.Claimant, &d.ArticleID, &d.ArticleTitle, &d.Outlet,
			&d.Status, &d.Assignee, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("digest: %w", err)
		}
		d.CreatedAt = parseTime(created)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	meaning, err := s.ratingMeaning(ctx)
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	for i := range out {
		ms, err := s.Matches(ctx, out[i].ID)
		if err != nil {
			return nil, fmt.Errorf("digest: %w", err)
		}
		out[i].Matches = make([]DigestMatch, 0, len(ms))
		for _, m := range ms {
			if m.State == MatchRejected {
				continue
			}
			dm := DigestMatch{Match: m}
			var repeats bool
			dm.RatingVerdict, repeats = meaning.judge(m)
			if repeats {
				out[i].RepeatsFalse = true
			}
			out[i].Matches = append(out[i].Matches, dm)
		}
	}
	return out, nil
}

// ParseSince reads a digest's since: an RFC 3339 date-time, or a date
// (YYYY-MM-DD, its start in UTC). "" is the last day before now.
func ParseSince(raw string, now time.Time) (time.Time, error) {
	if raw == "" {
		return now.Add(-24 * time.Hour), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, raw); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("2006-01-02", raw); err == nil {
		return t, nil
	}
	return time.Time{}, Invalid("since", "write the date as YYYY-MM-DD or an RFC 3339 date-time, like 2026-12-01 or 2026-12-01T08:00:00Z")
}

// DigestKeyPrefix starts every key of a digest's Atom feed.
const DigestKeyPrefix = "cdd_"

// NewDigestKey gives actor a new secret key for the Atom feed of the
// digest, replacing their old one (whose address stops working). Only its
// hash is kept: the key is shown once.
func (s *Store) NewDigestKey(ctx context.Context, actor *User) (string, error) {
	if actor == nil || actor.Disabled {
		return "", fmt.Errorf("digest key: %w", forbidden("only a signed-in user has a digest feed"))
	}
	raw, err := randomID()
	if err != nil {
		return "", fmt.Errorf("digest key: %w", err)
	}
	key := DigestKeyPrefix + raw
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO digest_keys (user_id, key_hash, created_at) VALUES (?, ?, ?)
ON CONFLICT (user_id) DO UPDATE SET key_hash = excluded.key_hash, created_at = excluded.created_at`,
			actor.ID, sha256Hex(key), fmtTime(s.now()))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("digest key: %w", err)
	}
	return key, nil
}

// RevokeDigestKey ends actor's digest feed key; having none is fine.
func (s *Store) RevokeDigestKey(ctx context.Context, actor *User) error {
	if actor == nil {
		return fmt.Errorf("revoke digest key: %w", forbidden("only a signed-in user has a digest feed"))
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM digest_keys WHERE user_id = ?`, actor.ID)
		return err
	})
}

// HasDigestKey reports whether the user has a digest feed key, and since when.
func (s *Store) HasDigestKey(ctx context.Context, userID int64) (time.Time, bool, error) {
	var created string
	err := s.db.Read.QueryRowContext(ctx, `SELECT created_at FROM digest_keys WHERE user_id = ?`, userID).Scan(&created)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("digest key: %w", err)
	}
	return parseTime(created), true, nil
}

// UserByDigestKey returns the enabled user whose digest feed key is key;
// ErrUnauthorized for an unknown or revoked key or a disabled user.
func (s *Store) UserByDigestKey(ctx context.Context, key string) (*User, error) {
	if !strings.HasPrefix(key, DigestKeyPrefix) {
		return nil, fmt.Errorf("digest key: %w", ErrUnauthorized)
	}
	var u User
	var created string
	err := s.db.Read.QueryRowContext(ctx, `SELECT u.id, u.name, u.role, u.disabled, u.created_at
FROM digest_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = ?`, sha256Hex(key)).Scan(&u.ID, &u.Name, &u.Role, &u.Disabled, &created)
	if errors.Is(err, sql.ErrNoRows) || err == nil && u.Disabled {
		return nil, fmt.Errorf("digest key: %w", ErrUnauthorized)
	}
	if err != nil {
		return nil, fmt.Errorf("digest key: %w", err)
	}
	u.CreatedAt = parseTime(created)
	return &u, nil
}
