package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestPasswordHashFormatAndVerify(t *testing.T) {
	h, err := hashPassword("пароль12")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("got hash %q, want the PHC argon2id prefix with m=19456,t=2,p=1", h)
	}
	if parts := strings.Split(h, "$"); len(parts) != 6 || len(parts[4]) != 22 || len(parts[5]) != 43 {
		t.Errorf("got parts %q, want a 16-byte salt (22 chars) and a 32-byte key (43 chars)", parts)
	}
	if !verifyPassword(h, "пароль12") {
		t.Error("the right password does not verify")
	}
	if verifyPassword(h, "пароль13") {
		t.Error("a wrong password verifies")
	}
	h2, _ := hashPassword("пароль12")
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=0,t=2,p=1$AAAA$AAAA", "$bcrypt$x", strings.Replace(h, "argon2id", "argon2i", 1)} {
		if verifyPassword(bad, "пароль12") {
			t.Errorf("malformed hash %q verifies", bad)
		}
	}
}

func TestCreateUserValidation(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tests := []struct {
		name, user, password string
		role                 Role
		field, want          string
	}{
		{"short password", "bob", "1234567", RoleReviewer, "password", "at least 8"},
		{"short multibyte password", "bob", "пароль1", RoleReviewer, "password", "at least 8"},
		{"long password", "bob", strings.Repeat("x", 257), RoleReviewer, "password", "too long"},
		{"invalid utf-8 password", "bob", "abc\xffdefgh", RoleReviewer, "password", "UTF-8"},
		{"empty name", "", "password1", RoleReviewer, "name", "required"},
		{"long name", strings.Repeat("a", 65), "password1", RoleReviewer, "name", "too long"},
		{"space in name", "bob smith", "password1", RoleReviewer, "name", "letters, digits"},
		{"slash in name", "bob/x", "password1", RoleReviewer, "name", "letters, digits"},
		{"bad role", "bob", "password1", Role("boss"), "role", "admin, editor or reviewer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateUser(ctx, nil, tc.user, tc.password, tc.role)
			if msg := fieldErr(t, err, tc.field); !strings.Contains(msg, tc.want) {
				t.Errorf("got %q, want it to contain %q", msg, tc.want)
			}
		})
	}
	if n, _ := s.CountUsers(ctx); n != 0 {
		t.Errorf("got %d users after refused creations, want 0", n)
	}
	// Multi-byte names and passwords of exactly 8 runes are fine.
	u, err := s.CreateUser(ctx, nil, "Ольга", "пароль12", RoleReviewer)
	if err != nil {
		t.Fatalf("create Ольга: %v", err)
	}
	if _, err := s.CreateUser(ctx, nil, "Ольга", "пароль12", RoleEditor); !strings.Contains(fieldErr(t, err, "name"), "taken") {
		t.Errorf("duplicate name: got %v", err)
	}
	if _, err := s.CreateUser(ctx, nil, "BOB", "password1", RoleEditor); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, nil, "bob", "password1", RoleEditor); err == nil {
		t.Error("a name differing only in case was accepted")
	}
	if _, err := s.CreateUser(ctx, nil, "ОЛЬГА", "пароль12", RoleEditor); err == nil {
		t.Error("a Cyrillic name differing only in case was accepted")
	}
	if got, err := s.Authenticate(ctx, "ольга", "пароль12"); err != nil || got.ID != u.ID {
		t.Errorf("login as ольга: got %+v, %v; want Ольга", got, err)
	}
	got, err := s.UserByName(ctx, "ольГа")
	if err != nil || got.ID != u.ID || got.Role != RoleReviewer {
		t.Errorf("UserByName: got %+v, %v; want id %d reviewer", got, err, u.ID)
	}
}

func TestFirstAdminAndCount(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	if n, err := s.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("got %d, %v; want 0 users", n, err)
	}
	a, err := s.CreateFirstAdmin(ctx, "ada", "admin-password")
	if err != nil {
		t.Fatal(err)
	}
	if a.Role != RoleAdmin {
		t.Errorf("got role %q, want admin", a.Role)
	}
	if _, err := s.CreateFirstAdmin(ctx, "eve", "admin-password"); !errors.Is(err, ErrConflict) {
		t.Errorf("second first admin: got %v, want ErrConflict", err)
	}
	if n, _ := s.CountUsers(ctx); n != 1 {
		t.Errorf("got %d users, want 1", n)
	}
}

func TestAuthenticate(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	u, err := s.Authenticate(ctx, "rita", "password-rita")
	if err != nil || u.ID != tm.reviewer.ID {
		t.Fatalf("good login: got %+v, %v", u, err)
	}
	if u, err := s.Authenticate(ctx, "RITA", "password-rita"); err != nil || u.Name != "rita" {
		t.Errorf("name in other case: got %+v, %v; want rita", u, err)
	}
	if err := s.SetUserDisabled(ctx, tm.admin, tm.reviewer2.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, user, pass string }{
		{"wrong password", "rita", "password-ravi"},
		{"unknown user", "nobody", "password-rita"},
		{"disabled user", "ravi", "password-ravi"},
		{"empty", "", ""},
		{"huge password", "rita", strings.Repeat("p", 10000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Authenticate(ctx, tc.user, tc.pass); !errors.Is(err, ErrUnauthorized) {
				t.Errorf("got %v, want ErrUnauthorized", err)
			}
		})
	}
}

func TestUserAdministration(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)

	for _, actor := range []*User{tm.editor, tm.reviewer} {
		if _, err := s.CreateUser(ctx, actor, "zed", "password1", RoleReviewer); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s creates a user: got %v, want ErrForbidden", actor.Role, err)
		}
		if err := s.SetUserRole(ctx, actor, tm.reviewer2.ID, RoleAdmin); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s re-roles: got %v, want ErrForbidden", actor.Role, err)
		}
		if err := s.SetUserDisabled(ctx, actor, tm.reviewer2.ID, true); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s disables: got %v, want ErrForbidden", actor.Role, err)
		}
		if err := s.ChangePassword(ctx, actor, tm.reviewer2.ID, "", "new-password"); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s resets another's password: got %v, want ErrForbidden", actor.Role, err)
		}
	}
	if err := s.SetUserRole(ctx, tm.admin, tm.reviewer.ID, RoleEditor); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.User(ctx, tm.reviewer.ID); u.Role != RoleEditor {
		t.Errorf("got role %q, want editor", u.Role)
	}
	if err := s.SetUserRole(ctx, tm.admin, tm.reviewer.ID, Role("chief")); fieldErr(t, err, "role") == "" {
		t.Error("no message")
	}
	if err := s.SetUserRole(ctx, tm.admin, 9999, RoleEditor); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown user: got %v, want ErrNotFound", err)
	}
	// The last enabled admin stays an admin and enabled.
	if err := s.SetUserRole(ctx, tm.admin, tm.admin.ID, RoleEditor); !strings.Contains(fieldErr(t, err, "role"), "last enabled admin") {
		t.Errorf("demote last admin: got %v", err)
	}
	if err := s.SetUserDisabled(ctx, tm.admin, tm.admin.ID, true); fieldErr(t, err, "disabled") == "" {
		t.Error("no message")
	}
	if err := s.SetUserDisabled(ctx, nil, tm.admin.ID, true); !strings.Contains(fieldErr(t, err, "role"), "last enabled admin") {
		t.Errorf("disable last admin from the shell: got %v", err)
	}
	// Disabled users can do nothing, even an admin's things.
	if err := s.SetUserRole(ctx, tm.admin, tm.editor.ID, RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserDisabled(ctx, tm.admin, tm.editor.ID, true); err != nil {
		t.Fatal(err)
	}
	stale := *tm.editor
	stale.Role, stale.Disabled = RoleAdmin, true
	if _, err := s.CreateUser(ctx, &stale, "zed", "password1", RoleReviewer); !errors.Is(err, ErrForbidden) {
		t.Errorf("disabled admin creates a user: got %v, want ErrForbidden", err)
	}
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range users {
		names = append(names, u.Name)
	}
	if got, want := strings.Join(names, ","), "ada,eddie,ravi,rita"; got != want {
		t.Errorf("got users %s, want %s", got, want)
	}
}

func TestChangePassword(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	if err := s.ChangePassword(ctx, tm.reviewer, tm.reviewer.ID, "wrong-password", "new-password-1"); fieldErr(t, err, "old_password") == "" {
		t.Error("no message")
	}
	if err := s.ChangePassword(ctx, tm.reviewer, tm.reviewer.ID, "password-rita", "short"); fieldErr(t, err, "new_password") == "" {
		t.Error("no message")
	}
	if err := s.ChangePassword(ctx, tm.reviewer, tm.reviewer.ID, "password-rita", "new-password-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "rita", "password-rita"); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("old password after change: got %v, want ErrUnauthorized", err)
	}
	if _, err := s.Authenticate(ctx, "rita", "new-password-1"); err != nil {
		t.Errorf("new password: %v", err)
	}
	// An admin changing their own password gives the old one too.
	if err := s.ChangePassword(ctx, tm.admin, tm.admin.ID, "", "new-admin-password"); !strings.Contains(fieldErr(t, err, "old_password"), "current password") {
		t.Errorf("admin's own password without the old one: got %v", err)
	}
	// An admin resets someone else's without the old one.
	if err := s.ChangePassword(ctx, tm.admin, tm.reviewer.ID, "", "reset-password"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "rita", "reset-password"); err != nil {
		t.Errorf("reset password: %v", err)
	}
}
