package review

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	idle     = 12 * time.Hour
	absolute = 7 * 24 * time.Hour
)

func TestSessionLifecycle(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	id, err := s.CreateSession(ctx, tm.reviewer.ID, []byte("v1"))
	if err != nil {
		t.Fatal(err)
	}
	if raw, err := base64.RawURLEncoding.DecodeString(id); err != nil || len(raw) != 32 {
		t.Errorf("got id %q (%v), want 32 bytes of base64url", id, err)
	}
	var stored string
	if err := s.db.Write.QueryRow("SELECT id FROM sessions").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored == id || stored != sha256Hex(id) {
		t.Errorf("stored %q, want the SHA-256 of the id, never the id", stored)
	}
	sess, u, err := s.Session(ctx, id, idle, absolute)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != tm.reviewer.ID || string(sess.Data) != "v1" || sess.UserID != tm.reviewer.ID {
		t.Errorf("got %+v %+v, want rita's session with data v1", sess, u)
	}
	if err := s.SaveSessionData(ctx, id, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if sess, _, _ := s.Session(ctx, id, idle, absolute); string(sess.Data) != "v2" {
		t.Errorf("got data %q, want v2", sess.Data)
	}
	if _, _, err := s.Session(ctx, "unknown", idle, absolute); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: got %v, want ErrNotFound", err)
	}
	if err := s.DeleteSession(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Session(ctx, id, idle, absolute); !errors.Is(err, ErrNotFound) {
		t.Errorf("after logout: got %v, want ErrNotFound", err)
	}
	if err := s.SaveSessionData(ctx, id, []byte("v3")); !errors.Is(err, ErrNotFound) {
		t.Errorf("saving an ended session: got %v, want ErrNotFound", err)
	}
	_ = clock
}

func TestSessionTimeouts(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)

	// Idle: each use within 12 hours keeps it alive.
	id, _ := s.CreateSession(ctx, tm.reviewer.ID, nil)
	for i := 0; i < 3; i++ {
		clock.Advance(11 * time.Hour)
		if _, _, err := s.Session(ctx, id, idle, absolute); err != nil {
			t.Fatalf("use %d after 11h idle: %v", i, err)
		}
	}
	clock.Advance(12*time.Hour + time.Second)
	if _, _, err := s.Session(ctx, id, idle, absolute); !errors.Is(err, ErrNotFound) {
		t.Errorf("after 12h idle: got %v, want ErrNotFound", err)
	}
	if n := countRows(t, s, "sessions"); n != 1 {
		t.Errorf("got %d session rows before upkeep, want the expired one kept (a read never writes)", n)
	}
	if err := s.Upkeep(ctx, idle, absolute); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s, "sessions"); n != 0 {
		t.Errorf("got %d session rows after upkeep, want the expired one deleted", n)
	}

	// Absolute: even a busy session ends after 7 days.
	id, _ = s.CreateSession(ctx, tm.reviewer.ID, nil)
	for elapsed := time.Duration(0); elapsed < absolute-time.Hour; elapsed += 6 * time.Hour {
		if _, _, err := s.Session(ctx, id, idle, absolute); err != nil {
			t.Fatalf("busy session at %v: %v", elapsed, err)
		}
		clock.Advance(6 * time.Hour)
	}
	clock.Advance(2 * time.Hour)
	if _, _, err := s.Session(ctx, id, idle, absolute); !errors.Is(err, ErrNotFound) {
		t.Errorf("after 7 days: got %v, want ErrNotFound", err)
	}
}

func TestSessionsEndWithDisableAndPasswordChange(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, _ := s.CreateSession(ctx, tm.reviewer.ID, nil)
	b, _ := s.CreateSession(ctx, tm.reviewer.ID, nil)
	other, _ := s.CreateSession(ctx, tm.editor.ID, nil)
	tok, err := s.CreateToken(ctx, "rita")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassword(ctx, tm.reviewer, tm.reviewer.ID, "password-rita", "new-password-1"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{a, b} {
		if _, _, err := s.Session(ctx, id, idle, absolute); !errors.Is(err, ErrNotFound) {
			t.Errorf("session after password change: got %v, want ErrNotFound", err)
		}
	}
	if _, err := s.UserByToken(ctx, tok); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("token after password change: got %v, want ErrUnauthorized", err)
	}
	if _, _, err := s.Session(ctx, other, idle, absolute); err != nil {
		t.Errorf("another user's session ended too: %v", err)
	}

	c, _ := s.CreateSession(ctx, tm.reviewer.ID, nil)
	tok, _ = s.CreateToken(ctx, "rita")
	if err := s.SetUserDisabled(ctx, tm.admin, tm.reviewer.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Session(ctx, c, idle, absolute); !errors.Is(err, ErrNotFound) {
		t.Errorf("session after disable: got %v, want ErrNotFound", err)
	}
	if _, err := s.UserByToken(ctx, tok); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("token after disable: got %v, want ErrUnauthorized", err)
	}
	if _, err := s.CreateSession(ctx, tm.reviewer.ID, nil); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("new session for a disabled user: got %v, want ErrUnauthorized", err)
	}
	if _, err := s.CreateToken(ctx, "rita"); !errors.Is(err, ErrForbidden) {
		t.Errorf("token for a disabled user: got %v, want ErrForbidden", err)
	}

	// Re-roling keeps the session, and the new role shows at once.
	d, _ := s.CreateSession(ctx, tm.reviewer2.ID, nil)
	if err := s.SetUserRole(ctx, tm.admin, tm.reviewer2.ID, RoleEditor); err != nil {
		t.Fatal(err)
	}
	if _, u, err := s.Session(ctx, d, idle, absolute); err != nil || u.Role != RoleEditor {
		t.Errorf("after re-role: got %+v, %v; want the session with role editor", u, err)
	}
}

// TestLoginThrottling holds the numbers the README promises, written out
// (not the constants), so a change of policy must change this test too:
// 10 failures in 15 minutes block an account from one address, 50 for an
// account from anywhere slow it (a back-off, not a lock-out), 100 from one
// address block that address.
func TestLoginThrottling(t *testing.T) {
	ctx := context.Background()
	lim := DefaultLoginLimits()
	fail := func(t *testing.T, s *Store, name, addr string) {
		t.Helper()
		if err := s.RecordLoginFailure(ctx, name, addr); err != nil {
			t.Fatal(err)
		}
	}
	check := func(t *testing.T, s *Store, name, addr string) LoginWait {
		t.Helper()
		w, err := s.LoginThrottle(ctx, name, addr, lim)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}

	t.Run("10 per account and address in 15 minutes", func(t *testing.T) {
		s, clock := newTestStore(t)
		for i := 0; i < 9; i++ {
			fail(t, s, "Rita", "10.0.0.1")
			clock.Advance(time.Minute)
		}
		if w := check(t, s, "rita", "10.0.0.1"); w.Wait != 0 {
			t.Fatalf("after 9 failures: wait %v, want none", w.Wait)
		}
		fail(t, s, "rita", "10.0.0.1")
		// The first failure was at 0, now is 9 min: it leaves at 15 min.
		if w := check(t, s, "RITA", "10.0.0.1"); w.Wait != 6*time.Minute || w.Reason != LoginPairBlocked {
			t.Errorf("after 10 failures: got %+v, want the pair blocked for 6m", w)
		}
		if w := check(t, s, "rita", "10.0.0.2"); w.Wait != 0 {
			t.Errorf("rita from another address: wait %v, want none", w.Wait)
		}
		if w := check(t, s, "ada", "10.0.0.1"); w.Wait != 0 {
			t.Errorf("the admin from the same address: wait %v, want none", w.Wait)
		}
		clock.Advance(6 * time.Minute)
		if w := check(t, s, "rita", "10.0.0.1"); w.Wait != 0 {
			t.Errorf("15 minutes after the first failure: wait %v, want none", w.Wait)
		}
	})

	t.Run("50 per account in 15 minutes slow it", func(t *testing.T) {
		s, clock := newTestStore(t)
		// 5 failures from each of 10 addresses: no pair reaches 10.
		for i := 0; i < 50; i++ {
			if w := check(t, s, "rita", addrN(i%10)); w.Wait != 0 {
				t.Fatalf("after %d failures: wait %v, want none", i, w.Wait)
			}
			fail(t, s, "rita", addrN(i%10))
		}
		w := check(t, s, "rita", "10.1.1.1")
		if w.Reason != LoginAccountSlowed || w.Wait <= 0 || w.Wait > time.Minute {
			t.Fatalf("after 50 failures: got %+v, want a back-off of at most a minute", w)
		}
		if w := check(t, s, "eddie", addrN(0)); w.Wait != 0 {
			t.Errorf("another account: wait %v, want none", w.Wait)
		}
		// A back-off, not a lock-out: after the wait the account may try.
		clock.Advance(w.Wait)
		if w := check(t, s, "rita", "10.1.1.1"); w.Wait != 0 {
			t.Errorf("after the back-off: wait %v, want none", w.Wait)
		}
		// Each further failure doubles the wait, up to a minute.
		var last time.Duration
		for i := 0; i < 10; i++ {
			fail(t, s, "rita", addrN(10+i))
			w := check(t, s, "rita", addrN(10+i))
			if w.Wait < last || w.Wait > time.Minute {
				t.Errorf("failure %d over the limit: wait %v after %v, want growing up to 1m", i+1, w.Wait, last)
			}
			last = w.Wait
			clock.Advance(w.Wait)
		}
		if last != time.Minute {
			t.Errorf("after 60 failures the back-off is %v, want 1m", last)
		}
	})

	t.Run("100 per address in 15 minutes", func(t *testing.T) {
		s, clock := newTestStore(t)
		// 100 failures over 20 accounts: 5 each, under both other limits.
		for i := 0; i < 100; i++ {
			fail(t, s, "user"+strconv.Itoa(i%20), "10.9.9.9")
		}
		if w := check(t, s, "newname", "10.9.9.9"); w.Wait != 15*time.Minute || w.Reason != LoginAddressBlocked {
			t.Errorf("after 100 failures: got %+v, want the address blocked for 15m", w)
		}
		if w := check(t, s, "newname", "10.9.9.8"); w.Wait != 0 {
			t.Errorf("another address: wait %v, want none", w.Wait)
		}
		clock.Advance(15 * time.Minute)
		if w := check(t, s, "newname", "10.9.9.9"); w.Wait != 0 {
			t.Errorf("after 15 minutes: wait %v, want none", w.Wait)
		}
	})

	t.Run("a good login clears the account, not the address", func(t *testing.T) {
		s, _ := newTestStore(t)
		for i := 0; i < 100; i++ {
			fail(t, s, "ravi", "10.1.1.1")
		}
		if err := s.ClearLoginFailures(ctx, "Ravi"); err != nil {
			t.Fatal(err)
		}
		if w := check(t, s, "ravi", "10.2.2.2"); w.Wait != 0 {
			t.Errorf("account still slowed after a good login: %+v", w)
		}
		if w := check(t, s, "someone", "10.1.1.1"); w.Reason != LoginAddressBlocked {
			t.Errorf("the address was unblocked by one account's good login: %+v", w)
		}
	})
}

func addrN(i int) string { return "10.0.0." + strconv.Itoa(i+1) }

func TestTokens(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	tok, err := s.CreateToken(ctx, "eddie")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(tok, "cd_"))
	if !strings.HasPrefix(tok, "cd_") || err != nil || len(raw) != 32 {
		t.Errorf("got token %q, want cd_ and 32 random bytes in base64url", tok)
	}
	var hash string
	s.db.Write.QueryRow("SELECT token_hash FROM api_tokens").Scan(&hash)
	if hash != sha256Hex(tok) {
		t.Errorf("stored %q, want the token's SHA-256", hash)
	}
	clock.Advance(time.Hour)
	u, err := s.UserByToken(ctx, tok)
	if err != nil || u.ID != tm.editor.ID {
		t.Fatalf("got %+v, %v; want eddie", u, err)
	}
	if err := s.Upkeep(ctx, idle, absolute); err != nil {
		t.Fatal(err)
	}
	var used string
	s.db.Write.QueryRow("SELECT last_used_at FROM api_tokens").Scan(&used)
	if !parseTime(used).Equal(clock.Now()) {
		t.Errorf("got last_used_at %q, want %v", used, clock.Now())
	}
	for _, bad := range []string{"", "cd_", tok + "x", strings.TrimPrefix(tok, "cd_"), "cd_" + strings.Repeat("A", 43)} {
		if _, err := s.UserByToken(ctx, bad); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("token %q: got %v, want ErrUnauthorized", bad, err)
		}
	}
	if _, err := s.CreateToken(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("token for unknown user: got %v, want ErrNotFound", err)
	}
}

func TestSecret(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	errs := make([]error, 8)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], errs[i] = s.Secret(ctx, "session.hash", 64) }()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if len(got[i]) != 64 || string(got[i]) != string(got[0]) {
			t.Errorf("caller %d got a different or wrong-length secret", i)
		}
	}
	other, _ := s.Secret(ctx, "session.block", 32)
	if len(other) != 32 || string(other) == string(got[0][:32]) {
		t.Error("a second secret is not independent")
	}
	if _, err := s.Secret(ctx, "x", 0); err == nil {
		t.Error("a zero-length secret was accepted")
	}
}
