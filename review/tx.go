package review

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// TimeLayout is how times are stored: RFC 3339 in UTC with a fixed number of
// fraction digits, so that text order is time order. Queries that compare
// with a stored time (the exports' date filters too) format it this way.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// now is the store's clock in UTC.
func (s *Store) now() time.Time { return s.Now().UTC() }

// inTx runs fn in one write transaction and commits when it returns nil.
// Nothing fn wrote survives an error. After a commit the matcher is woken:
// a write may have added claims whose matches are pending (it looks them
// up by an index, so a wake with nothing pending costs one read).
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.Write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.wakeMatcher()
	return nil
}

// randomBytes returns n bytes from crypto/rand.
func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("random bytes: %w", err)
	}
	return b, nil
}

// randomID returns 32 random bytes as base64url without padding.
func randomID() (string, error) {
	b, err := randomBytes(32)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// sha256Hex is how session ids and tokens are kept: a copy of the database
// must not hand out live logins.
func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// BodyHash is the key of the duplicate check: the hex SHA-256 of an
// article's stored (normalised) body, kept in articles.body_hash. A JSON
// import looks an exported body up by it.
func BodyHash(body string) string { return sha256Hex(body) }

// notFound turns sql.ErrNoRows into ErrNotFound wrapped with what was looked for.
func notFound(err error, format string, a ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf(format+": %w", append(a, ErrNotFound)...)
	}
	return fmt.Errorf(format+": %w", append(a, err)...)
}

// nullInt returns a NULL for 0.
func nullInt(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// actorID is the history's user for actor: NULL for the shell.
func actorID(actor *User) any {
	if actor == nil {
		return nil
	}
	return actor.ID
}
