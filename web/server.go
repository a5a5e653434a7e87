package web

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"claimdesk/review"
)

// Config is how the server behaves; the zero value of each field picks its default.
type Config struct {
	// Addr is the address the command listens on (shown in messages only).
	Addr string
	// MaxBodyBytes caps a request body (default: the article limit of
	// 5 MiB plus room for the form around it).
	MaxBodyBytes int64
	// SecureCookies marks cookies Secure even when the request did not
	// arrive over TLS (a TLS-terminating proxy in front).
	SecureCookies bool
	// IdleTimeout ends a session nobody used for this long (default 12 h).
	IdleTimeout time.Duration
	// AbsoluteTimeout ends any session this long after login (default 7 days).
	AbsoluteTimeout time.Duration
	// TrustedProxies are the ranges of the reverse proxies in front of
	// the server: from a peer in one of them, the client's address is the
	// rightmost X-Forwarded-For address outside them. Empty: the header
	// is ignored and the peer is the client.
	TrustedProxies []netip.Prefix
	// Logger receives one line per request and the details of every 500.
	Logger *slog.Logger
}

// DefaultMaxBodyBytes is the article limit plus room for the form fields
// and multipart framing around it.
const DefaultMaxBodyBytes = 5<<20 + 64<<10

// Server is the web application: pages, API and middleware on one store.
type Server struct {
	store    *review.Store
	log      *slog.Logger
	cfg      Config
	pages    map[string]*template.Template
	sessions *sessionStore
	router   *mux.Router
	// handler is the whole application, built once by Handler.
	handler     http.Handler
	handlerOnce sync.Once
	// hasUsers turns true once a user exists; users are never deleted, so
	// it never turns back and the first-run check stops asking the database.
	hasUsers atomic.Bool
}

// New returns a Server on store. It parses every template once, so a
// broken template stops the start instead of the first request, and
// loads (or on a new database generates) the session keys.
func New(store *review.Store, cfg Config) (*Server, error) {
	if store == nil {
		return nil, fmt.Errorf("web: new server: no store")
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 12 * time.Hour
	}
	if cfg.AbsoluteTimeout <= 0 {
		cfg.AbsoluteTimeout = 7 * 24 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, fmt.Errorf("web: parse templates: %w", err)
	}
	s := &Server{store: store, log: cfg.Logger, cfg: cfg, pages: pages}
	ss, err := newSessionStore(context.Background(), store, cfg)
	if err != nil {
		return nil, fmt.Errorf("web: session keys: %w", err)
	}
	s.sessions = ss
	return s, nil
}

// Handler returns the whole application. Cross-origin protection wraps the
// entire router (not a subrouter), so no state-changing request from
// another site reaches any handler.
//
// The handler is built once; later calls return the same one.
func (s *Server) Handler() http.Handler {
	s.handlerOnce.Do(func() { s.handler = s.buildHandler() })
	return s.handler
}

func (s *Server) buildHandler() http.Handler {
	var h http.Handler = s.routes()
	h = s.firstRun(h)
	// The cap is checked after the session is loaded, so a 413 page still
	// shows who is logged in and the way back to their work.
	h = s.limitBody(h)
	h = s.loadSession(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	h = cop.Handler(h)
	h = s.recoverPanics(h)
	h = securityHeaders(h)
	h = s.logRequests(h)
	return h
}

// HTTPServer returns an http.Server for the application on addr with
// timeouts that keep slow or idle clients from holding connections.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// RunUpkeep runs the store's Upkeep every review.UpkeepEvery until ctx
// ends, then once more, so the last minute's session and token uses are
// written before the database closes: the request path only notes them.
// A failed run is logged and retried at the next tick; no request waits
// for it or fails because of it. serve starts it beside the HTTP server
// and stops it after the server has shut down.
func (s *Server) RunUpkeep(ctx context.Context) {
	t := time.NewTicker(review.UpkeepEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.upkeep(ctx)
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			s.upkeep(final)
			cancel()
			return
		}
	}
}

func (s *Server) upkeep(ctx context.Context) {
	if err := s.store.Upkeep(ctx, s.cfg.IdleTimeout, s.cfg.AbsoluteTimeout); err != nil && ctx.Err() == nil {
		s.log.Warn("upkeep", "err", err)
	}
}
