package review

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// newTestStore opens a fresh database file in t.TempDir() with the default
// model and a fake clock.
func newTestStore(t *testing.T) (*Store, *fakeClock) {
	t.Helper()
	ctx := context.Background()
	db, err := claimdesk.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	m, err := claims.DefaultModel()
	if err != nil {
		t.Fatalf("model: %v", err)
	}
	s := NewStore(db, m)
	clock := &fakeClock{t: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	s.Now = clock.Now
	return s, clock
}

// team is one user of each role (and the shell's nil actor is implied).
type team struct {
	admin, editor, reviewer, reviewer2 *User
}

func newTeam(t *testing.T, s *Store) team {
	t.Helper()
	ctx := context.Background()
	admin, err := s.CreateFirstAdmin(ctx, "ada", "admin-password")
	if err != nil {
		t.Fatalf("first admin: %v", err)
	}
	mk := func(name string, r Role) *User {
		u, err := s.CreateUser(ctx, admin, name, "password-"+name, r)
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return u
	}
	return team{admin: admin, editor: mk("eddie", RoleEditor), reviewer: mk("rita", RoleReviewer), reviewer2: mk("ravi", RoleReviewer)}
}

// fieldErr returns the message on field of a *ValidationError, failing when err is not one.
func fieldErr(t *testing.T, err error, field string) string {
	t.Helper()
	v, ok := AsValidation(err)
	if !ok {
		t.Fatalf("got error %v, want a *ValidationError on %q", err, field)
	}
	msg, ok := v.Fields[field]
	if !ok {
		t.Fatalf("got fields %v, want one on %q", v.Fields, field)
	}
	return msg
}

func countRows(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.Write.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}
