package review

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"
)

// holdWriter takes the database's write lock on a connection of its own,
// as a long import in another process would, until release is called.
func holdWriter(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		db.Close()
		t.Fatalf("take the write lock: %v", err)
	}
	// A write makes sure the lock is held, whatever the driver's BEGIN does.
	if _, err := tx.Exec("UPDATE settings SET value = value WHERE 0"); err != nil {
		tx.Rollback()
		db.Close()
		t.Fatalf("take the write lock: %v", err)
	}
	done := false
	release = func() {
		if !done {
			done = true
			tx.Rollback()
			db.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// storedTime reads one stored time column.
func storedTime(t *testing.T, s *Store, query string, args ...any) time.Time {
	t.Helper()
	var v sql.NullString
	if err := s.db.Read.QueryRow(query, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return parseTime(v.String)
}

// TestReadsDoNotWaitForTheWriter: while another connection holds the write
// lock, looking up a session (one due for a last_seen_at refresh, one
// expired) and an API token answers at once without error; Upkeep writes
// the uses afterwards, at most once a minute each, and deletes the expired
// session.
func TestReadsDoNotWaitForTheWriter(t *testing.T) {
	s, clock := newTestStore(t)
	tm := newTeam(t, s)
	bg := context.Background()
	old, err := s.CreateSession(bg, tm.editor.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(11 * time.Hour)
	live, err := s.CreateSession(bg, tm.reviewer.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.CreateToken(bg, "eddie")
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Hour) // old: idle 13 h, past the 12 h; live: due a refresh
	created := clock.Now().Add(-2 * time.Hour)

	// A deadline only keeps a regression from hanging the run.
	ctx, cancel := context.WithTimeout(bg, time.Minute)
	defer cancel()
	release := holdWriter(t, s.db.Path)
	sess, u, err := s.Session(ctx, live, idle, absolute)
	if err != nil || u.ID != tm.reviewer.ID {
		t.Fatalf("session while the writer is held: %v", err)
	}
	if !sess.LastSeenAt.Equal(clock.Now()) {
		t.Errorf("LastSeenAt %v, want now %v", sess.LastSeenAt, clock.Now())
	}
	if _, _, err := s.Session(ctx, old, idle, absolute); !errors.Is(err, ErrNotFound) {
		t.Errorf("expired session while the writer is held: got %v, want ErrNotFound", err)
	}
	if u, err := s.UserByToken(ctx, tok); err != nil || u.ID != tm.editor.ID {
		t.Fatalf("token while the writer is held: %v", err)
	}
	release()

	if got := storedTime(t, s, "SELECT last_seen_at FROM sessions WHERE id = ?", sha256Hex(live)); !got.Equal(created) {
		t.Errorf("last_seen_at written on the read path: %v", got)
	}
	if err := s.Upkeep(ctx, idle, absolute); err != nil {
		t.Fatal(err)
	}
	seen := clock.Now()
	if got := storedTime(t, s, "SELECT last_seen_at FROM sessions WHERE id = ?", sha256Hex(live)); !got.Equal(seen) {
		t.Errorf("after upkeep: last_seen_at %v, want %v", got, seen)
	}
	if got := storedTime(t, s, "SELECT last_used_at FROM api_tokens"); !got.Equal(seen) {
		t.Errorf("after upkeep: last_used_at %v, want %v", got, seen)
	}
	if n := countRows(t, s, "sessions"); n != 1 {
		t.Errorf("after upkeep: %d sessions, want the expired one deleted", n)
	}

	// Within a minute of the last noted use nothing new is noted.
	clock.Advance(59 * time.Second)
	if _, _, err := s.Session(ctx, live, idle, absolute); err != nil {
		t.Fatal(err)
	}
	s.UserByToken(ctx, tok)
	if ss, ts := s.use.take(); len(ss)+len(ts) != 0 {
		t.Errorf("noted %d session and %d token uses within a minute, want none", len(ss), len(ts))
	}
	clock.Advance(time.Second)
	s.Session(ctx, live, idle, absolute)
	s.UserByToken(ctx, tok)
	if err := s.Upkeep(ctx, idle, absolute); err != nil {
		t.Fatal(err)
	}
	if got := storedTime(t, s, "SELECT last_used_at FROM api_tokens"); !got.Equal(clock.Now()) {
		t.Errorf("a minute on: last_used_at %v, want %v", got, clock.Now())
	}
}

// TestUpkeepKeepsAnActiveSession: a session used only in memory since its
// stored last_seen_at went stale is not swept as idle.
func TestUpkeepKeepsAnActiveSession(t *testing.T) {
	s, clock := newTestStore(t)
	tm := newTeam(t, s)
	ctx := context.Background()
	id, _ := s.CreateSession(ctx, tm.reviewer.ID, nil)
	clock.Advance(11 * time.Hour)
	if _, _, err := s.Session(ctx, id, idle, absolute); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Hour) // 13 h after the stored time, 2 h after the noted use
	if _, _, err := s.Session(ctx, id, idle, absolute); err != nil {
		t.Fatalf("a session used 2 h ago: %v", err)
	}
	if err := s.Upkeep(ctx, idle, absolute); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s, "sessions"); n != 1 {
		t.Errorf("upkeep deleted a session in use")
	}
}
