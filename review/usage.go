package review

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// useLog keeps, in memory, when sessions and API tokens were last used
// since the last Upkeep: looking a session or a token up is a read that
// never waits for the writer, and Upkeep writes what was noted in one
// short transaction, off the request path.
type useLog struct {
	sessions uses[string] // by the session's stored key (its SHA-256)
	tokens   uses[int64]  // by api_tokens.id
}

// take empties the log and returns what it held.
func (l *useLog) take() (map[string]time.Time, map[int64]time.Time) {
	return l.sessions.take(), l.tokens.take()
}

// uses holds the latest use noted of each key.
type uses[K comparable] struct {
	mu sync.Mutex
	m  map[K]time.Time
}

// last returns the use of k noted since the last take.
func (u *uses[K]) last(k K) (time.Time, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	t, ok := u.m[k]
	return t, ok
}

// note records a use of k at at; an older one than already noted is
// ignored.
func (u *uses[K]) note(k K, at time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[K]time.Time{}
	}
	if at.After(u.m[k]) {
		u.m[k] = at
	}
}

// take empties u and returns what it held.
func (u *uses[K]) take() map[K]time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	m := u.m
	u.m = nil
	return m
}

// putBack returns uses a failed write could not store, so the next
// Upkeep tries again; a newer use noted meanwhile wins.
func (u *uses[K]) putBack(m map[K]time.Time) {
	for k, at := range m {
		u.note(k, at)
	}
}

// UpkeepEvery is how often the server runs Upkeep: a session's
// last_seen_at and a token's last_used_at are written at most this often,
// and lag the truth by at most this much plus touchEvery.
const UpkeepEvery = time.Minute

// Upkeep does in one short write transaction what the request path leaves
// undone so that reads never wait for the writer: it stores the session
// and token uses noted since the last run, deletes sessions past the idle
// or absolute limit (zero or negative: no limit) and those of disabled
// users, and prunes failed logins older than failureRetention. The server
// runs it every UpkeepEvery and once more at shutdown. On failure the
// noted uses are kept for the next run.
func (s *Store) Upkeep(ctx context.Context, idle, absolute time.Duration) error {
	now := s.now()
	sessions, tokens := s.use.take()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for key, at := range sessions {
			if _, err := tx.ExecContext(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?",
				fmtTime(at), key, fmtTime(at)); err != nil {
				return err
			}
		}
		for id, at := range tokens {
			if _, err := tx.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
				fmtTime(at), id, fmtTime(at)); err != nil {
				return err
			}
		}
		if err := deleteExpiredSessions(ctx, tx, now, idle, absolute); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE disabled)"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM login_failures WHERE at < ?", fmtTime(now.Add(-failureRetention)))
		return err
	})
	if err != nil {
		s.use.sessions.putBack(sessions)
		s.use.tokens.putBack(tokens)
		return fmt.Errorf("upkeep: %w", err)
	}
	return nil
}
