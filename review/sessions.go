package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// touchEvery is how stale last_seen_at may get before a request refreshes
// it: an idle timeout measured to the minute saves a write on every request.
const touchEvery = time.Minute

// CreateSession stores a new session for user and returns its random id:
// 32 bytes from crypto/rand, base64url. Only its SHA-256 is stored.
func (s *Store) CreateSession(ctx context.Context, userID int64, data []byte) (string, error) {
	id, err := randomID()
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	if data == nil {
		data = []byte{}
	}
	now := fmtTime(s.now())
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var disabled bool
		if err := tx.QueryRowContext(ctx, "SELECT disabled FROM users WHERE id = ?", userID).Scan(&disabled); err != nil {
			return notFound(err, "user %d", userID)
		}
		if disabled {
			return fmt.Errorf("the account is disabled: %w", ErrUnauthorized)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO sessions (id, user_id, data, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
			sha256Hex(id), userID, data, now, now)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return id, nil
}

// Session returns a live session by its random id: ErrNotFound when
// unknown, expired (idle since longer than idle, or older than absolute;
// a zero or negative duration means no limit), or its user is disabled.
// It refreshes LastSeenAt to the minute.
//
// Most requests only read (on the read pool): a write transaction is
// opened only to refresh last_seen_at (at most once a minute per session)
// or to delete an expired session, and that write also deletes every other
// session past the same limits.
func (s *Store) Session(ctx context.Context, id string, idle, absolute time.Duration) (*Session, *User, error) {
	now := s.now()
	key := sha256Hex(id)
	var created, seen, ucreated string
	var se Session
	var u User
	err := s.db.Read.QueryRowContext(ctx, `SELECT s.user_id, s.data, s.created_at, s.last_seen_at,
			u.id, u.name, u.role, u.disabled, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, key).
		Scan(&se.UserID, &se.Data, &created, &seen, &u.ID, &u.Name, &u.Role, &u.Disabled, &ucreated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("session: no live session with that id: %w", ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("session: %w", err)
	}
	se.ID = id
	se.CreatedAt, se.LastSeenAt = parseTime(created), parseTime(seen)
	u.CreatedAt = parseTime(ucreated)
	expired := idle > 0 && now.Sub(se.LastSeenAt) > idle || absolute > 0 && now.Sub(se.CreatedAt) > absolute
	if expired || u.Disabled {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", key); err != nil {
				return err
			}
			return deleteExpiredSessions(ctx, tx, now, idle, absolute)
		})
		if err != nil {
			return nil, nil, fmt.Errorf("session: %w", err)
		}
		why := "expired"
		if u.Disabled {
			why = "of a disabled user"
		}
		return nil, nil, fmt.Errorf("session: the session is %s: %w", why, ErrNotFound)
	}
	if now.Sub(se.LastSeenAt) >= touchEvery {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", fmtTime(now), key)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return ErrNotFound // ended (logout, disable) since the read
			}
			return deleteExpiredSessions(ctx, tx, now, idle, absolute)
		})
		if err != nil {
			return nil, nil, fmt.Errorf("session: %w", err)
		}
		se.LastSeenAt = now
	}
	return &se, &u, nil
}

// deleteExpiredSessions removes sessions past the idle or absolute limit.
func deleteExpiredSessions(ctx context.Context, tx *sql.Tx, now time.Time, idle, absolute time.Duration) error {
	if idle > 0 {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE last_seen_at < ?", fmtTime(now.Add(-idle))); err != nil {
			return err
		}
	}
	if absolute > 0 {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE created_at < ?", fmtTime(now.Add(-absolute))); err != nil {
			return err
		}
	}
	return nil
}

// SaveSessionData replaces a session's data; ErrNotFound when it has ended.
func (s *Store) SaveSessionData(ctx context.Context, id string, data []byte) error {
	if data == nil {
		data = []byte{}
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE sessions SET data = ? WHERE id = ?", data, sha256Hex(id))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

// DeleteSession ends one session (logout). Ending a session that does not
// exist is not an error: the person is logged out either way.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.db.Write.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", sha256Hex(id)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// failureRetention is how long failed logins are kept at most; older rows
// are pruned when a new failure is recorded.
const failureRetention = 24 * time.Hour

// RecordLoginFailure notes a failed login for throttling.
func (s *Store) RecordLoginFailure(ctx context.Context, username, addr string) error {
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM login_failures WHERE at < ?", fmtTime(now.Add(-failureRetention))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO login_failures (username, addr, at) VALUES (?, ?, ?)",
			strings.ToLower(username), addr, fmtTime(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("record login failure: %w", err)
	}
	return nil
}

// LoginBlocked reports whether username or addr has limit or more failures
// in the last window, and how long until enough of them leave the window
// for a new attempt. An empty username or addr is not counted.
func (s *Store) LoginBlocked(ctx context.Context, username, addr string, window time.Duration, limit int) (bool, time.Duration, error) {
	if limit <= 0 {
		return false, 0, nil
	}
	now := s.now()
	since := fmtTime(now.Add(-window))
	var wait time.Duration
	check := func(col, val string) error {
		if val == "" {
			return nil
		}
		// The failure that must leave the window before the count drops
		// under limit is the limit-th newest one.
		var at string
		err := s.db.Read.QueryRowContext(ctx, "SELECT at FROM login_failures WHERE "+col+" = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
			val, since, limit-1).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if d := parseTime(at).Add(window).Sub(now); d > wait {
			wait = d
		}
		if wait <= 0 {
			wait = time.Second
		}
		return nil
	}
	if err := check("username", strings.ToLower(username)); err != nil {
		return false, 0, fmt.Errorf("login blocked: %w", err)
	}
	if err := check("addr", addr); err != nil {
		return false, 0, fmt.Errorf("login blocked: %w", err)
	}
	return wait > 0, wait, nil
}

// ClearLoginFailures forgets an account's failures after a good login. The
// address's failures stay (the rows lose their user name but keep their
// address): one good account must not unlock guessing at the others from
// the same address.
func (s *Store) ClearLoginFailures(ctx context.Context, username string) error {
	if _, err := s.db.Write.ExecContext(ctx, "UPDATE login_failures SET username = '' WHERE username = ?", strings.ToLower(username)); err != nil {
		return fmt.Errorf("clear login failures: %w", err)
	}
	return nil
}

// TokenPrefix starts every API token, so a leaked one is easy to recognise.
const TokenPrefix = "cd_"

// CreateToken makes an API token for an enabled user and returns it: "cd_"
// and 32 random bytes in base64url. Only its SHA-256 is kept, so it is
// shown once.
func (s *Store) CreateToken(ctx context.Context, userName string) (string, error) {
	raw, err := randomID()
	if err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	token := TokenPrefix + raw
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var disabled bool
		id, err := userIDByName(ctx, tx, userName)
		if err == nil {
			err = tx.QueryRowContext(ctx, "SELECT disabled FROM users WHERE id = ?", id).Scan(&disabled)
		}
		if err != nil {
			return notFound(err, "user %q", userName)
		}
		if disabled {
			return forbidden("user %q is disabled", userName)
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)",
			id, sha256Hex(token), fmtTime(s.now()))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	return token, nil
}

// UserByToken returns the enabled user a token belongs to and notes when it
// was last used; ErrUnauthorized for an unknown token or a disabled user.
func (s *Store) UserByToken(ctx context.Context, token string) (*User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, fmt.Errorf("token: %w", ErrUnauthorized)
	}
	var u *User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var tokenID int64
		var created string
		var uu User
		err := tx.QueryRowContext(ctx, `SELECT t.id, u.id, u.name, u.role, u.disabled, u.created_at
			FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, sha256Hex(token)).
			Scan(&tokenID, &uu.ID, &uu.Name, &uu.Role, &uu.Disabled, &created)
		if errors.Is(err, sql.ErrNoRows) || err == nil && uu.Disabled {
			return ErrUnauthorized
		}
		if err != nil {
			return err
		}
		uu.CreatedAt = parseTime(created)
		if _, err := tx.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", fmtTime(s.now()), tokenID); err != nil {
			return err
		}
		u = &uu
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	return u, nil
}

// Secret returns the named secret, generating n random bytes on first use.
// Lookup and creation share one write transaction, so two callers racing
// on a new database get the same value. A secret that exists is returned
// as stored, whatever n: changing a key's length means a new name.
func (s *Store) Secret(ctx context.Context, name string, n int) ([]byte, error) {
	if n <= 0 || name == "" {
		return nil, fmt.Errorf("secret %q: a name and a positive length are needed", name)
	}
	var value []byte
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT value FROM secrets WHERE name = ?", name).Scan(&value)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		value, err = randomBytes(n)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO secrets (name, value) VALUES (?, ?)", name, value)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("secret %q: %w", name, err)
	}
	return value, nil
}
