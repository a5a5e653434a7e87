package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"claimdesk/review"
)

type ctxKey int

const (
	ctxUser ctxKey = iota
	ctxRequestID
	ctxSessionID
	ctxInfo
)

// requestInfo is filled in by inner layers for the log line the outer
// layer writes: who made the request.
type requestInfo struct {
	mu   sync.Mutex
	user string
}

// noteUser records the request's user for its log line.
func noteUser(ctx context.Context, u *review.User) {
	if info, ok := ctx.Value(ctxInfo).(*requestInfo); ok && u != nil {
		info.mu.Lock()
		info.user = u.Name
		info.mu.Unlock()
	}
}

// userFrom returns the logged-in user of the request, nil when nobody is.
func userFrom(ctx context.Context) *review.User {
	u, _ := ctx.Value(ctxUser).(*review.User)
	return u
}

// withUser returns ctx carrying u as the current user.
func withUser(ctx context.Context, u *review.User) context.Context {
	return context.WithValue(ctx, ctxUser, u)
}

// requestID returns the request's id (shown on error pages, logged with them).
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxRequestID).(string)
	return id
}

// contentSecurityPolicy forbids inline script and style, framing and
// foreign form targets: pages carry classes and load /static files only.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// securityHeaders sets the headers every response carries, error pages included.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// logRequests writes one structured line per request and gives each
// request the id its error page shows.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		info := &requestInfo{}
		ctx := context.WithValue(r.Context(), ctxRequestID, id)
		r = r.WithContext(context.WithValue(ctx, ctxInfo, info))
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status,
			"bytes", rec.bytes, "duration", time.Since(start).Round(time.Microsecond), "id", id}
		info.mu.Lock()
		if info.user != "" {
			attrs = append(attrs, "user", info.user)
		}
		info.mu.Unlock()
		s.log.Info("request", attrs...)
	})
}

// recoverPanics turns a panic into the 500 page; the stack goes to the
// log, never to the client.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "id", requestID(r.Context()), "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong",
					"Something went wrong on our side. The problem was logged; please try again.", nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody caps every request body at cfg.MaxBodyBytes: a declared
// length over the cap is refused at once, and a body that grows past it
// fails the read, which the error wrapper turns into 413.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBodyBytes {
			s.tooLarge(w, r)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// isAPI reports whether the request is for the JSON API.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// crossOriginDenied answers a state-changing request from another site.
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	const msg = "This request came from another site, so it was refused. Reload the page and try again."
	if isAPI(r) {
		s.writeJSONError(w, http.StatusForbidden, msg, nil)
		return
	}
	s.errorPage(w, r, http.StatusForbidden, "Request refused", msg, nil)
}

// loadSession puts the session's user, read fresh from the database, into
// the request context, so a role change or a disabled account applies at
// the next request.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" {
			next.ServeHTTP(w, r)
			return
		}
		sess, err := s.sessions.Get(r, sessionName)
		if err == nil {
			if _, cerr := r.Cookie(sessionName); cerr == nil && sessionUser(sess) == nil {
				// The session ended (logout elsewhere, timeout, disabled
				// user, forged cookie): forget the cookie, so the browser
				// stops sending it.
				http.SetCookie(w, &http.Cookie{Name: sessionName, Value: "", Path: "/", MaxAge: -1,
					HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.cfg.SecureCookies})
			}
			if u := sessionUser(sess); u != nil {
				noteUser(r.Context(), u)
				ctx := withUser(r.Context(), u)
				ctx = context.WithValue(ctx, ctxSessionID, sess.ID)
				r = r.WithContext(ctx)
			}
		} else {
			s.log.Warn("session", "id", requestID(r.Context()), "err", err)
		}
		next.ServeHTTP(w, r)
	})
}

// firstRun sends every page to /setup while no user exists: the first
// person to open the server creates the first admin.
func (s *Server) firstRun(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if s.hasUsers.Load() || p == "/setup" || p == "/healthz" || strings.HasPrefix(p, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		n, err := s.store.CountUsers(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if n > 0 {
			s.hasUsers.Store(true)
			next.ServeHTTP(w, r)
			return
		}
		if isAPI(r) {
			s.writeJSONError(w, http.StatusServiceUnavailable, "no user exists yet: open /setup in a browser to create the first admin", nil)
			return
		}
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
	})
}
