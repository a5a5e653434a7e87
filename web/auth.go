package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"claimdesk/review"
)

// Login throttling: this many failures for one account or from one
// address within the window block further attempts until the oldest
// failure leaves the window.
const (
	loginWindow = 15 * time.Minute
	loginLimit  = 10
)

// formData is a form page's data: the values as typed and a message per
// field, so a form that failed comes back filled in.
type formData struct {
	Values  url.Values
	Errors  map[string]string
	Message string
	// Extra is the page's own data next to the form.
	Extra any
}

func newForm(vals url.Values) *formData {
	if vals == nil {
		vals = url.Values{}
	}
	return &formData{Values: vals, Errors: map[string]string{}}
}

// Get returns a value of the form; templates call .Data.Get "field".
func (f *formData) Get(field string) string { return f.Values.Get(field) }

// Err returns the message of a field ("" when it is fine).
func (f *formData) Err(field string) string { return f.Errors[field] }

// fieldErrors maps a store's field names to the form's, keeping any
// message whose field the form does not show under Message.
func (f *formData) fieldErrors(v *review.ValidationError, rename map[string]string, shown ...string) {
	visible := map[string]bool{}
	for _, s := range shown {
		visible[s] = true
	}
	for k, msg := range v.Fields {
		if to, ok := rename[k]; ok {
			k = to
		}
		if visible[k] {
			f.Errors[k] = upperFirst(msg) + "."
			continue
		}
		if f.Message != "" {
			f.Message += " "
		}
		f.Message += upperFirst(msg) + "."
	}
}

// clientAddr is the address throttling counts: the connection's peer. A
// proxy header is not trusted, since anyone can send one.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safeNext returns next when it is a path on this site, "/" otherwise, so
// the login form cannot be used to send people elsewhere.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

// setupOpen reports whether the first admin is still to be created.
func (s *Server) setupOpen(r *http.Request) (bool, error) {
	if s.hasUsers.Load() {
		return false, nil
	}
	n, err := s.store.CountUsers(r.Context())
	if err != nil {
		return false, err
	}
	if n > 0 {
		s.hasUsers.Store(true)
	}
	return n == 0, nil
}

// handleSetupForm shows the form that creates the first admin; once any
// user exists the page is gone.
func (s *Server) handleSetupForm(w http.ResponseWriter, r *http.Request) error {
	open, err := s.setupOpen(r)
	if err != nil {
		return err
	}
	if !open {
		return fmt.Errorf("setup: the first admin exists: %w", review.ErrNotFound)
	}
	return s.render(w, r, http.StatusOK, "setup", newForm(nil))
}

// handleSetup creates the first admin and logs them in.
func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) error {
	open, err := s.setupOpen(r)
	if err != nil {
		return err
	}
	if !open {
		return fmt.Errorf("setup: the first admin exists: %w", review.ErrNotFound)
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(url.Values{"username": {r.PostForm.Get("username")}})
	name, pw := strings.TrimSpace(r.PostForm.Get("username")), r.PostForm.Get("password")
	if pw != r.PostForm.Get("confirm") {
		f.Errors["confirm"] = "The two passwords differ."
		return s.render(w, r, http.StatusUnprocessableEntity, "setup", f)
	}
	u, err := s.store.CreateFirstAdmin(r.Context(), name, pw)
	if errors.Is(err, review.ErrConflict) {
		return fmt.Errorf("setup: %w", review.ErrNotFound)
	}
	if v, ok := review.AsValidation(err); ok {
		f.fieldErrors(v, map[string]string{"name": "username"}, "username", "password")
		return s.render(w, r, http.StatusUnprocessableEntity, "setup", f)
	}
	if err != nil {
		return err
	}
	s.hasUsers.Store(true)
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	s.flash(w, r, "Welcome, "+u.Name+". You are the first admin: add your colleagues under Admin.")
	s.redirect(w, r, "/")
	return nil
}

// handleLoginForm shows the login form; a logged-in person goes on.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if userFrom(r.Context()) != nil {
		s.redirect(w, r, next)
		return nil
	}
	return s.render(w, r, http.StatusOK, "login", newForm(url.Values{"next": {next}}))
}

// handleLogin checks the name and password. Unknown names and wrong
// passwords get the same answer; too many failures for the account or
// from the address get 429 until the window has passed.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostForm.Get("username"))
	pw := r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	f := newForm(url.Values{"username": {name}, "next": {next}})
	addr := clientAddr(r)
	blocked, wait, err := s.store.LoginBlocked(r.Context(), name, addr, loginWindow, loginLimit)
	if err != nil {
		return err
	}
	if blocked {
		sec := retryAfter(wait)
		w.Header().Set("Retry-After", strconv.Itoa(sec))
		at := s.store.Now().Add(time.Duration(sec) * time.Second).UTC()
		f.Message = fmt.Sprintf("Too many failed logins. Try again in %s (after %s UTC).",
			humanWait(time.Duration(sec)*time.Second), at.Format("15:04"))
		f.Extra = map[string]any{"Blocked": true}
		return s.render(w, r, http.StatusTooManyRequests, "login", f)
	}
	u, err := s.store.Authenticate(r.Context(), name, pw)
	if errors.Is(err, review.ErrUnauthorized) {
		if rerr := s.store.RecordLoginFailure(r.Context(), name, addr); rerr != nil {
			return rerr
		}
		f.Message = "The name or the password is wrong (or the account is disabled)."
		return s.render(w, r, http.StatusUnauthorized, "login", f)
	}
	if err != nil {
		return err
	}
	if err := s.store.ClearLoginFailures(r.Context(), u.Name); err != nil {
		return err
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	s.redirect(w, r, next)
	return nil
}

// humanWait says a wait in minutes, or seconds when under one.
func humanWait(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", int(d.Seconds()))
	}
	m := int((d + time.Minute - 1) / time.Minute)
	if m == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

// handleLogout ends the session on the server and clears the cookie.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.endSession(w, r); err != nil && !errors.Is(err, review.ErrNotFound) {
		return err
	}
	s.flash(w, r, "You are logged out.")
	s.redirect(w, r, "/login")
	return nil
}

// handleAccount shows the person's account and the password form.
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "account", newForm(nil))
}

// handleAccountPassword changes the person's own password. The store ends
// every session of the user; this one continues under a new id.
func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(nil)
	oldPw, newPw := r.PostForm.Get("old_password"), r.PostForm.Get("new_password")
	if newPw != r.PostForm.Get("confirm") {
		f.Errors["confirm"] = "The two new passwords differ."
		return s.render(w, r, http.StatusUnprocessableEntity, "account", f)
	}
	err := s.store.ChangePassword(r.Context(), u, u.ID, oldPw, newPw)
	if v, ok := review.AsValidation(err); ok {
		f.fieldErrors(v, nil, "old_password", "new_password")
		return s.render(w, r, http.StatusUnprocessableEntity, "account", f)
	}
	if err != nil {
		return err
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	s.flash(w, r, "Your password was changed. Every other session and your API tokens were ended.")
	s.redirect(w, r, "/account")
	return nil
}
