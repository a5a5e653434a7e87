package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameRunes is the longest user name.
const MaxNameRunes = 64

// validateName checks a user name: 1–64 letters, digits, '.', '_' or '-'.
func validateName(name string) error {
	if !utf8.ValidString(name) {
		return Invalid("name", "the name is not valid UTF-8 text")
	}
	n := utf8.RuneCountInString(name)
	if n == 0 {
		return Invalid("name", "a name is required")
	}
	if n > MaxNameRunes {
		return Invalid("name", fmt.Sprintf("the name is too long (at most %d characters)", MaxNameRunes))
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-' {
			return Invalid("name", "a name may hold only letters, digits, '.', '_' and '-'")
		}
	}
	return nil
}

const userColumns = "id, name, role, disabled, created_at"

// userIDByName finds a user by name without regard to case, in every
// script: SQLite's NOCASE folds ASCII only, so "ольга" would miss "Ольга".
// The exact match is tried first; the fallback reads the names (a
// newsroom has tens of users, not millions).
func userIDByName(ctx context.Context, q querier, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT id FROM users WHERE name = ?", name).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	rows, err := q.QueryContext(ctx, "SELECT id, name FROM users")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return 0, err
		}
		if strings.EqualFold(n, name) {
			return id, nil
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return 0, sql.ErrNoRows
}

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var created string
	if err := row.Scan(&u.ID, &u.Name, &u.Role, &u.Disabled, &created); err != nil {
		return nil, err
	}
	u.CreatedAt = parseTime(created)
	return &u, nil
}

// CountUsers returns how many users exist (0 means first run: /setup is open).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.Read.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// CreateUser adds a user. actor is nil only for the first admin (first run)
// and the shell; otherwise only admins add users. A taken name (compared
// without regard to case) is a *ValidationError on "name".
func (s *Store) CreateUser(ctx context.Context, actor *User, name, password string, role Role) (*User, error) {
	if err := authorize(actor, ActionManageUsers); err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	var u *User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = s.insertUser(ctx, tx, name, password, role)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// CreateFirstAdmin creates the first admin; ErrConflict once any user
// exists. The count and the insert share one write transaction, so two
// people racing on /setup cannot both become admin.
func (s *Store) CreateFirstAdmin(ctx context.Context, name, password string) (*User, error) {
	var u *User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return conflicting("the first admin exists already")
		}
		var err error
		u, err = s.insertUser(ctx, tx, name, password, RoleAdmin)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create first admin: %w", err)
	}
	return u, nil
}

func (s *Store) insertUser(ctx context.Context, tx *sql.Tx, name, password string, role Role) (*User, error) {
	v := &ValidationError{}
	if err := validateName(name); err != nil {
		v.Add("name", err.(*ValidationError).Fields["name"])
	}
	if err := validatePassword("password", password); err != nil {
		v.Add("password", err.(*ValidationError).Fields["password"])
	}
	if !ValidRole(role) {
		v.Add("role", "the role is admin, editor or reviewer")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if _, err := userIDByName(ctx, tx, name); err == nil {
		return nil, Invalid("name", fmt.Sprintf("the name %q is taken", name))
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return nil, err
	}
	now := fmtTime(s.now())
	res, err := tx.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, created_at, password_changed_at)
		VALUES (?, ?, ?, ?, ?)`, name, role, hash, now, now)
	if err != nil {
		return nil, err
	}
	id, _ := res.LastInsertId()
	return scanUser(tx.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
}

// Authenticate checks a name and password; ErrUnauthorized when the name is
// unknown, the password wrong or the user disabled — the same error and
// the same time for each, so a login form tells nothing about who exists.
func (s *Store) Authenticate(ctx context.Context, name, password string) (*User, error) {
	var hash string
	var created string
	var u User
	id, err := userIDByName(ctx, s.db.Read, name)
	if err == nil {
		err = s.db.Read.QueryRowContext(ctx, "SELECT id, name, role, disabled, created_at, password_hash FROM users WHERE id = ?", id).
			Scan(&u.ID, &u.Name, &u.Role, &u.Disabled, &created, &hash)
	}
	if errors.Is(err, sql.ErrNoRows) {
		verifyPassword(dummyHash(), password[:min(len(password), MaxPasswordBytes)])
		return nil, fmt.Errorf("authenticate: %w", ErrUnauthorized)
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if len(password) > MaxPasswordBytes {
		// Still hash (a bounded prefix) so a long password costs the usual time.
		verifyPassword(dummyHash(), password[:MaxPasswordBytes])
		return nil, fmt.Errorf("authenticate: %w", ErrUnauthorized)
	}
	ok := verifyPassword(hash, password)
	if !ok || u.Disabled {
		return nil, fmt.Errorf("authenticate: %w", ErrUnauthorized)
	}
	u.CreatedAt = parseTime(created)
	return &u, nil
}

// User returns a user by id.
func (s *Store) User(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.db.Read.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if err != nil {
		return nil, notFound(err, "user %d", id)
	}
	return u, nil
}

// UserByName returns a user by name (compared without regard to case, in any script).
func (s *Store) UserByName(ctx context.Context, name string) (*User, error) {
	id, err := userIDByName(ctx, s.db.Read, name)
	var u *User
	if err == nil {
		u, err = scanUser(s.db.Read.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	}
	if err != nil {
		return nil, notFound(err, "user %q", name)
	}
	return u, nil
}

// Users lists all users by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.Read.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY name COLLATE NOCASE")
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// lastAdminGuard refuses a change that would leave no enabled admin:
// nobody could then manage users or settings from the browser.
func lastAdminGuard(ctx context.Context, tx *sql.Tx, id int64) error {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?", id).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return Invalid("role", "this is the last enabled admin: make someone else an admin first")
	}
	return nil
}

// SetUserRole re-roles a user (admin only). The user's sessions stay: the
// user is read on every request, so the new role applies at once. The last
// enabled admin cannot be made anything else.
func (s *Store) SetUserRole(ctx context.Context, actor *User, id int64, role Role) error {
	if err := authorize(actor, ActionManageUsers); err != nil {
		return fmt.Errorf("set role: %w", err)
	}
	if !ValidRole(role) {
		return fmt.Errorf("set role: %w", Invalid("role", "the role is admin, editor or reviewer"))
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var cur Role
		var disabled bool
		if err := tx.QueryRowContext(ctx, "SELECT role, disabled FROM users WHERE id = ?", id).Scan(&cur, &disabled); err != nil {
			return notFound(err, "user %d", id)
		}
		if cur == role {
			return nil
		}
		if cur == RoleAdmin && !disabled {
			if err := lastAdminGuard(ctx, tx, id); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE users SET role = ? WHERE id = ?", role, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("set role: %w", err)
	}
	return nil
}

// SetUserDisabled disables or enables a user (admin only); disabling ends
// their sessions and tokens at once. Nobody disables themselves, and the
// last enabled admin stays enabled.
func (s *Store) SetUserDisabled(ctx context.Context, actor *User, id int64, disabled bool) error {
	if err := authorize(actor, ActionManageUsers); err != nil {
		return fmt.Errorf("disable user: %w", err)
	}
	if disabled && actor != nil && actor.ID == id {
		return fmt.Errorf("disable user: %w", Invalid("disabled", "you cannot disable yourself"))
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var role Role
		if err := tx.QueryRowContext(ctx, "SELECT role FROM users WHERE id = ?", id).Scan(&role); err != nil {
			return notFound(err, "user %d", id)
		}
		if disabled && role == RoleAdmin {
			if err := lastAdminGuard(ctx, tx, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled = ? WHERE id = ?", disabled, id); err != nil {
			return err
		}
		if disabled {
			return endLogins(ctx, tx, id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("disable user: %w", err)
	}
	return nil
}

// endLogins deletes every session and API token of a user.
func endLogins(ctx context.Context, tx *sql.Tx, userID int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM api_tokens WHERE user_id = ?", userID)
	return err
}

// ChangePassword sets a new password: the user themselves with the old one
// (admins too, for their own), or an admin for someone else without it (a
// reset). It ends all of the user's sessions and API tokens everywhere,
// so a stolen password or token stops working; the web layer logs the
// person who changed their own password in again with a new session.
// A wrong old password is a *ValidationError on "old_password".
func (s *Store) ChangePassword(ctx context.Context, actor *User, id int64, oldPassword, newPassword string) error {
	self := actor != nil && actor.ID == id
	if !self {
		if err := authorize(actor, ActionManageUsers); err != nil {
			return fmt.Errorf("change password: %w", err)
		}
	} else if actor.Disabled {
		return fmt.Errorf("change password: %w", forbidden("your account is disabled"))
	}
	if err := validatePassword("new_password", newPassword); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var hash string
		if err := tx.QueryRowContext(ctx, "SELECT password_hash FROM users WHERE id = ?", id).Scan(&hash); err != nil {
			return notFound(err, "user %d", id)
		}
		if self && oldPassword == "" {
			// Admins too: a session left open must not be enough to take
			// over the account for good.
			return Invalid("old_password", "to change your own password, give your current password (on your account page)")
		}
		if self && !verifyPassword(hash, oldPassword) {
			return Invalid("old_password", "the current password is wrong")
		}
		newHash, err := hashPassword(newPassword)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
			newHash, fmtTime(s.now()), id); err != nil {
			return err
		}
		return endLogins(ctx, tx, id)
	})
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	return nil
}

// trimSpace trims white space, the one definition used for "empty".
func trimSpace(s string) string { return strings.TrimSpace(s) }
