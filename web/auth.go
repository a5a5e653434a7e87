package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"claimdesk/review"
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

// clientAddr is the address a request came from: the connection's peer,
// or, when the peer is a configured proxy (Config.TrustedProxies), the
// rightmost X-Forwarded-For address not in a trusted range. Anyone can
// send the header, so it is read only from a trusted proxy, and only the
// part trusted proxies appended counts.
func (s *Server) clientAddr(r *http.Request) netip.Addr {
	peer := parseAddr(r.RemoteAddr)
	if !peer.IsValid() || !s.trusted(peer) {
		return peer
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	addr := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a := parseAddr(strings.TrimSpace(hops[i]))
		if !a.IsValid() {
			break // a hop no trusted proxy wrote: keep the last trusted one
		}
		addr = a
		if !s.trusted(a) {
			break
		}
	}
	return addr
}

// trusted reports whether a is in a configured proxy range.
func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseAddr reads "host:port" or a bare address; zero when it is neither.
func parseAddr(v string) netip.Addr {
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return ap.Addr().Unmap()
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

// throttleKey is the address login throttling counts: an IPv4 address,
// or an IPv6 address's /64, which one machine or home usually holds whole.
func throttleKey(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
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
	s.flash(w, r, "Welcome, "+u.Name+". Your account is ready.")
	s.redirect(w, r, "/")
	return nil
}

// handleLoginForm shows the login form; a logged-in person goes on.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	next := localTarget(r.URL.Query().Get("next"), "/")
	if userFrom(r.Context()) != nil {
		s.redirect(w, r, next)
		return nil
	}
	return s.render(w, r, http.StatusOK, "login", newForm(url.Values{"next": {next}}))
}

// handleLogin checks the name and password. Unknown names and wrong
// passwords get the same answer; too many failures (review.LoginLimits:
// for the account from this address, for the account, from the address)
// get 429 with Retry-After and a page that says how long to wait.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostForm.Get("username"))
	pw := r.PostForm.Get("password")
	next := localTarget(r.PostForm.Get("next"), "/")
	f := newForm(url.Values{"username": {name}, "next": {next}})
	addr := throttleKey(s.clientAddr(r))
	wait, err := s.store.LoginThrottle(r.Context(), name, addr, review.DefaultLoginLimits())
	if err != nil {
		return err
	}
	if wait.Wait > 0 {
		sec := retryAfter(wait.Wait)
		w.Header().Set("Retry-After", strconv.Itoa(sec))
		at := s.store.Now().Add(time.Duration(sec) * time.Second).UTC()
		in := humanWait(time.Duration(sec) * time.Second)
		switch wait.Reason {
		case review.LoginAccountSlowed:
			f.Message = fmt.Sprintf("This account had many failed logins, so each attempt waits a little. Try again in %s.", in)
		case review.LoginAddressBlocked:
			f.Message = fmt.Sprintf("Too many failed logins from your address. Try again in %s (after %s UTC).", in, at.Format("15:04"))
		default:
			f.Message = fmt.Sprintf("Too many failed logins for this account from your address. Try again in %s (after %s UTC).", in, at.Format("15:04"))
		}
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
