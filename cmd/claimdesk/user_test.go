package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"claimdesk/review"
)

// openTestStore opens db for checking what a command did.
func openTestStore(t *testing.T, db string) *review.Store {
	t.Helper()
	s, closeDB, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	return s
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	ctx := context.Background()

	if _, _, err := runCmd(t, "password-ada\n", "user", "add", "--role", "admin", "--db", db, "ada"); err != nil {
		t.Fatalf("user add ada: %v", err)
	}
	// Flags after the name work too; a CRLF line ending is not part of the password.
	if _, _, err := runCmd(t, "password-bob\r\nignored second line\n", "user", "add", "--db", db, "bob", "--role", "reviewer"); err != nil {
		t.Fatalf("user add bob: %v", err)
	}
	store := openTestStore(t, db)
	for _, tc := range []struct {
		name, password string
		role           review.Role
	}{{"ada", "password-ada", review.RoleAdmin}, {"bob", "password-bob", review.RoleReviewer}} {
		u, err := store.Authenticate(ctx, tc.name, tc.password)
		if err != nil {
			t.Fatalf("%s cannot log in with the password given on stdin: %v", tc.name, err)
		}
		if u.Role != tc.role {
			t.Errorf("%s has role %q, want %q", tc.name, u.Role, tc.role)
		}
	}

	out, _, err := runCmd(t, "", "user", "list", "--db", db)
	if err != nil {
		t.Fatalf("user list: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "ada") || !strings.Contains(lines[1], "admin") || !strings.Contains(lines[2], "reviewer") {
		t.Errorf("user list:\n%s\nwant a header, ada admin, bob reviewer", out)
	}

	if _, _, err := runCmd(t, "", "user", "disable", "--db", db, "bob"); err != nil {
		t.Fatalf("user disable: %v", err)
	}
	if _, err := store.Authenticate(ctx, "bob", "password-bob"); err == nil {
		t.Errorf("bob logs in after user disable")
	}
	out, _, _ = runCmd(t, "", "user", "list", "--db", db)
	if !strings.Contains(out, "disabled") {
		t.Errorf("user list does not show bob disabled:\n%s", out)
	}
	if _, _, err := runCmd(t, "", "user", "enable", "--db", db, "bob"); err != nil {
		t.Fatalf("user enable: %v", err)
	}
	if _, err := store.Authenticate(ctx, "bob", "password-bob"); err != nil {
		t.Errorf("bob cannot log in after user enable: %v", err)
	}

	if _, _, err := runCmd(t, "new-password-bob\n", "user", "passwd", "--db", db, "bob"); err != nil {
		t.Fatalf("user passwd: %v", err)
	}
	if _, err := store.Authenticate(ctx, "bob", "new-password-bob"); err != nil {
		t.Errorf("the new password does not work: %v", err)
	}
	if _, err := store.Authenticate(ctx, "bob", "password-bob"); err == nil {
		t.Errorf("the old password still works")
	}
}

func TestUserCommandsBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	if _, _, err := runCmd(t, "password-ada\n", "user", "add", "--role", "admin", "--db", db, "ada"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"no action", "", []string{"user"}, "add, list"},
		{"unknown action", "", []string{"user", "delete", "ada"}, "unknown action"},
		{"no role", "password-x\n", []string{"user", "add", "--db", db, "cyd"}, "--role"},
		{"bad role", "password-x\n", []string{"user", "add", "--role", "boss", "--db", db, "cyd"}, "admin, editor or reviewer"},
		{"no name", "password-x\n", []string{"user", "add", "--role", "editor", "--db", db}, "NAME"},
		{"two names", "password-x\n", []string{"user", "add", "--role", "editor", "--db", db, "cyd", "dan"}, "one NAME"},
		{"empty stdin", "", []string{"user", "add", "--role", "editor", "--db", db, "cyd"}, "no password"},
		{"short password", "short\n", []string{"user", "add", "--role", "editor", "--db", db, "cyd"}, "at least 8"},
		{"taken name", "password-x\n", []string{"user", "add", "--role", "editor", "--db", db, "ADA"}, "name"},
		{"bad name", "password-x\n", []string{"user", "add", "--role", "editor", "--db", db, "c d"}, "letters, digits"},
		{"disable unknown", "", []string{"user", "disable", "--db", db, "nobody"}, `no user named "nobody"`},
		{"passwd unknown", "password-x\n", []string{"user", "passwd", "--db", db, "nobody"}, `no user named "nobody"`},
		{"disable the last admin", "", []string{"user", "disable", "--db", db, "ada"}, "last enabled admin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runCmd(t, tc.stdin, tc.args...)
			if err == nil {
				t.Fatalf("no error, want one that says %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one that says %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is more than one line: %q", err)
			}
		})
	}
	store := openTestStore(t, db)
	if n, _ := store.CountUsers(context.Background()); n != 1 {
		t.Errorf("%d users after refused commands, want 1", n)
	}
}

func TestTokenCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	if _, _, err := runCmd(t, "password-ada\n", "user", "add", "--role", "editor", "--db", db, "ada"); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCmd(t, "", "token", "create", "--db", db, "ada")
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	tok := strings.TrimSuffix(out, "\n")
	if tok == "" || strings.ContainsAny(tok, " \n\t") {
		t.Fatalf("stdout %q, want the token alone on one line", out)
	}
	if strings.Contains(errOut, tok) {
		t.Errorf("the token also went to stderr")
	}
	u, err := openTestStore(t, db).UserByToken(context.Background(), tok)
	if err != nil || u.Name != "ada" {
		t.Errorf("the printed token does not belong to ada: %v %v", u, err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"token"}, "token create USER"},
		{[]string{"token", "create", "--db", db}, "NAME"},
		{[]string{"token", "create", "--db", db, "nobody"}, `no user named "nobody"`},
	} {
		out, _, err := runCmd(t, "", tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one that says %q", tc.args, err, tc.want)
		}
		if out != "" {
			t.Errorf("%v: stdout %q, want nothing", tc.args, out)
		}
	}
}

func TestTokenForDisabledUser(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	runCmd(t, "password-ada\n", "user", "add", "--role", "admin", "--db", db, "ada")
	runCmd(t, "password-bob\n", "user", "add", "--role", "editor", "--db", db, "bob")
	if _, _, err := runCmd(t, "", "user", "disable", "--db", db, "bob"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "token", "create", "--db", db, "bob")
	if err == nil || out != "" {
		t.Fatalf("token for a disabled user: stdout %q, error %v; want none and an error", out, err)
	}
	if got, want := err.Error(), `token create: user "bob" is disabled`; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
}
