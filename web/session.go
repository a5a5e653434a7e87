package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"claimdesk/review"
)

// sessionName is the login cookie's name.
const sessionName = "claimdesk_session"

// Keys of session values. userKey holds the *review.User read with the
// session; it lives only for the request and is never stored.
const (
	uidKey  = "uid"
	userKey = "_user"
)

// sessionStore is a gorilla sessions.Store kept in the review store's
// sessions table: the cookie carries only the signed, encrypted random id,
// so logging out, disabling a user or changing a password ends the session
// on the server, everywhere.
type sessionStore struct {
	store  *review.Store
	codecs []securecookie.Codec
	cfg    Config
}

var _ sessions.Store = (*sessionStore)(nil)

// newSessionStore loads the cookie keys from the database, generating them
// on first run, so sessions survive a restart.
func newSessionStore(ctx context.Context, store *review.Store, cfg Config) (*sessionStore, error) {
	hashKey, err := store.Secret(ctx, "session-hash-key", 64)
	if err != nil {
		return nil, err
	}
	blockKey, err := store.Secret(ctx, "session-block-key", 32)
	if err != nil {
		return nil, err
	}
	codec := securecookie.New(hashKey, blockKey)
	codec.MaxAge(int(cfg.AbsoluteTimeout.Seconds()))
	return &sessionStore{store: store, codecs: []securecookie.Codec{codec}, cfg: cfg}, nil
}

// Get returns the request's session, loading it once per request.
func (ss *sessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(ss, name)
}

// New returns the live session the request's cookie names, or a new empty
// one when there is no cookie or its session is gone (logged out, expired,
// user disabled, password changed). A cookie that does not verify is
// treated as no cookie.
func (ss *sessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
	sess := sessions.NewSession(ss, name)
	sess.Options = ss.options(r)
	sess.IsNew = true
	c, err := r.Cookie(name)
	if err != nil {
		return sess, nil
	}
	var id string
	if err := securecookie.DecodeMulti(name, c.Value, &id, ss.codecs...); err != nil {
		return sess, nil
	}
	row, user, err := ss.store.Session(r.Context(), id, ss.cfg.IdleTimeout, ss.cfg.AbsoluteTimeout)
	if errors.Is(err, review.ErrNotFound) {
		return sess, nil
	}
	if err != nil {
		return sess, fmt.Errorf("load session: %w", err)
	}
	if len(row.Data) > 0 {
		vals := map[string]any{}
		if err := json.Unmarshal(row.Data, &vals); err == nil {
			for k, v := range vals {
				sess.Values[k] = v
			}
		}
	}
	sess.ID = id
	sess.IsNew = false
	sess.Values[uidKey] = user.ID
	sess.Values[userKey] = user
	return sess, nil
}

// Save stores the session and sets its cookie. A session with a negative
// MaxAge is deleted on the server and its cookie cleared; a new one needs
// the user id under uidKey.
func (ss *sessionStore) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	ctx := r.Context()
	if sess.Options != nil && sess.Options.MaxAge < 0 {
		if sess.ID != "" {
			if err := ss.store.DeleteSession(ctx, sess.ID); err != nil {
				return fmt.Errorf("delete session: %w", err)
			}
		}
		http.SetCookie(w, sessions.NewCookie(sess.Name(), "", sess.Options))
		return nil
	}
	data, err := encodeValues(sess.Values)
	if err != nil {
		return err
	}
	if sess.ID == "" {
		uid, ok := sess.Values[uidKey].(int64)
		if !ok || uid == 0 {
			return fmt.Errorf("save session: no user")
		}
		id, err := ss.store.CreateSession(ctx, uid, data)
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		sess.ID = id
	} else if err := ss.store.SaveSessionData(ctx, sess.ID, data); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	enc, err := securecookie.EncodeMulti(sess.Name(), sess.ID, ss.codecs...)
	if err != nil {
		return fmt.Errorf("encode session cookie: %w", err)
	}
	http.SetCookie(w, sessions.NewCookie(sess.Name(), enc, sess.Options))
	return nil
}

// options are the cookie's attributes: HttpOnly, SameSite=Lax, Secure over
// TLS, and kept by the browser as long as the absolute timeout allows.
func (ss *sessionStore) options(r *http.Request) *sessions.Options {
	return &sessions.Options{
		Path:     "/",
		MaxAge:   int(ss.cfg.AbsoluteTimeout.Seconds()),
		HttpOnly: true,
		Secure:   r.TLS != nil || ss.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	}
}

// encodeValues keeps the string-keyed values as JSON, leaving out the
// user, which is read fresh with every request.
func encodeValues(vals map[any]any) ([]byte, error) {
	out := map[string]any{}
	for k, v := range vals {
		ks, ok := k.(string)
		if !ok || ks == userKey || ks == uidKey {
			continue
		}
		out[ks] = v
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("encode session values: %w", err)
	}
	return b, nil
}

// sessionUser returns the user a loaded session belongs to, nil for none.
func sessionUser(sess *sessions.Session) *review.User {
	u, _ := sess.Values[userKey].(*review.User)
	return u
}

// startSession logs u in: any session the request had is deleted and a
// new one with a new random id is created, so an id known before login is
// worth nothing after it.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *review.User) error {
	if old, _ := r.Context().Value(ctxSessionID).(string); old != "" {
		if err := s.store.DeleteSession(r.Context(), old); err != nil && !errors.Is(err, review.ErrNotFound) {
			return fmt.Errorf("end the old session: %w", err)
		}
	}
	sess := sessions.NewSession(s.sessions, sessionName)
	sess.Options = s.sessions.options(r)
	sess.IsNew = true
	sess.Values[uidKey] = u.ID
	return s.sessions.Save(r, w, sess)
}

// endSession logs the request's session out on the server and clears the cookie.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.sessions.Get(r, sessionName)
	if err != nil {
		return err
	}
	sess.Options.MaxAge = -1
	return s.sessions.Save(r, w, sess)
}
