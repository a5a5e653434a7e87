package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// touchEvery is how stale a session's last_seen_at or a token's
// last_used_at may get before a use is noted again: an idle timeout
// measured to the minute saves a write on every request.
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
//
// It only reads, on the read pool, so it never waits for the writer (a
// bulk import may hold it for long): a use is noted in memory at most once
// a minute per session and written by Upkeep, which also deletes expired
// sessions. LastSeenAt counts the uses noted but not yet written.
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
	if at, ok := s.use.sessions.last(key); ok && at.After(se.LastSeenAt) {
		se.LastSeenAt = at
	}
	u.CreatedAt = parseTime(ucreated)
	if u.Disabled {
		return nil, nil, fmt.Errorf("session: the session is of a disabled user: %w", ErrNotFound)
	}
	if idle > 0 && now.Sub(se.LastSeenAt) > idle || absolute > 0 && now.Sub(se.CreatedAt) > absolute {
		return nil, nil, fmt.Errorf("session: the session is expired: %w", ErrNotFound)
	}
	if now.Sub(se.LastSeenAt) >= touchEvery {
		s.use.sessions.note(key, now)
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

// LoginLimits are the rules of login throttling. Failures are counted
// over the last Window: Pair failures for one account from one address
// block that pair, so one office address guessing at one account locks
// neither the account elsewhere nor the others from that office; Account
// failures for one account from anywhere slow its logins (each attempt
// waits a back-off that doubles from a second up to MaxDelay, never a
// lock-out); Address failures from one address block it for everyone.
// A block lasts until enough failures have left the window.
type LoginLimits struct {
	Window                 time.Duration
	Pair, Account, Address int
	MaxDelay               time.Duration
}

// DefaultLoginLimits are the limits the README promises: 10 failures per
// account and address, 50 per account, 100 per address, in 15 minutes.
func DefaultLoginLimits() LoginLimits {
	return LoginLimits{Window: 15 * time.Minute, Pair: 10, Account: 50, Address: 100, MaxDelay: time.Minute}
}

// Why a login must wait.
const (
	LoginPairBlocked    = "pair"    // this account from this address
	LoginAccountSlowed  = "account" // this account, from anywhere: back-off
	LoginAddressBlocked = "address" // anyone from this address
)

// LoginWait is the answer of LoginThrottle: how long until a login may
// be tried (zero: now) and why (one of the Login* reasons).
type LoginWait struct {
	Wait   time.Duration
	Reason string
}

// LoginThrottle says whether a login for username from addr may be tried
// now under lim. It only reads. An empty username or addr is not counted.
func (s *Store) LoginThrottle(ctx context.Context, username, addr string, lim LoginLimits) (LoginWait, error) {
	now := s.now()
	since := fmtTime(now.Add(-lim.Window))
	user := strings.ToLower(username)
	var out LoginWait
	consider := func(wait time.Duration, reason string) {
		if wait > 0 && wait < time.Second {
			wait = time.Second
		}
		if wait > out.Wait {
			out = LoginWait{Wait: wait, Reason: reason}
		}
	}
	// blockedUntil: the limit-th newest failure must leave the window
	// before the count drops under limit.
	blockedUntil := func(reason, where string, limit int, args ...any) error {
		if limit <= 0 {
			return nil
		}
		var at string
		err := s.db.Read.QueryRowContext(ctx, "SELECT at FROM login_failures WHERE "+where+" AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
			append(args, since, limit-1)...).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		consider(parseTime(at).Add(lim.Window).Sub(now), reason)
		return nil
	}
	if user != "" && addr != "" {
		if err := blockedUntil(LoginPairBlocked, "username = ? AND addr = ?", lim.Pair, user, addr); err != nil {
			return LoginWait{}, fmt.Errorf("login throttle: %w", err)
		}
	}
	if addr != "" {
		if err := blockedUntil(LoginAddressBlocked, "addr = ?", lim.Address, addr); err != nil {
			return LoginWait{}, fmt.Errorf("login throttle: %w", err)
		}
	}
	if user != "" && lim.Account > 0 {
		var n int
		var last sql.NullString
		if err := s.db.Read.QueryRowContext(ctx, "SELECT count(*), max(at) FROM login_failures WHERE username = ? AND at > ?",
			user, since).Scan(&n, &last); err != nil {
			return LoginWait{}, fmt.Errorf("login throttle: %w", err)
		}
		if n >= lim.Account {
			consider(parseTime(last.String).Add(loginBackoff(n-lim.Account, lim.MaxDelay)).Sub(now), LoginAccountSlowed)
		}
	}
	return out, nil
}

// loginBackoff is the wait after the last failure of an account over
// its limit by over: 1 s, doubling with each further failure, at most max.
func loginBackoff(over int, max time.Duration) time.Duration {
	d := time.Second
	for i := 0; i < over && d < max; i++ {
		d *= 2
	}
	if max > 0 && d > max {
		d = max
	}
	return d
}

// ClearLoginFailures forgets an account's failures (for the account and
// for each of its account-and-address pairs) after a good login. The
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

// UserByToken returns the enabled user a token belongs to;
// ErrUnauthorized for an unknown token or a disabled user. It only reads:
// the use is noted in memory at most once a minute per token, and Upkeep
// writes it to last_used_at, so an API read never waits for the writer.
func (s *Store) UserByToken(ctx context.Context, token string) (*User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, fmt.Errorf("token: %w", ErrUnauthorized)
	}
	var tokenID int64
	var created string
	var used sql.NullString
	var u User
	err := s.db.Read.QueryRowContext(ctx, `SELECT t.id, t.last_used_at, u.id, u.name, u.role, u.disabled, u.created_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, sha256Hex(token)).
		Scan(&tokenID, &used, &u.ID, &u.Name, &u.Role, &u.Disabled, &created)
	if errors.Is(err, sql.ErrNoRows) || err == nil && u.Disabled {
		return nil, fmt.Errorf("token: %w", ErrUnauthorized)
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	u.CreatedAt = parseTime(created)
	now := s.now()
	last := parseTime(used.String) // zero when never used
	if at, ok := s.use.tokens.last(tokenID); ok && at.After(last) {
		last = at
	}
	if now.Sub(last) >= touchEvery {
		s.use.tokens.note(tokenID, now)
	}
	return &u, nil
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
