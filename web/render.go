package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gorilla/mux"
	"github.com/gorilla/securecookie"

	"claimdesk/review"
)

// view is what every page is rendered with; the handler's own data is .Data.
type view struct {
	User  *review.User
	Path  string
	Flash string
	// FlashProblem marks a flash that reports a refusal (see flashProblem),
	// so it is shown as a problem, not as a success.
	FlashProblem bool
	Data         any
	Query        url.Values
	// RequestID is shown on error pages so a person can quote it.
	RequestID string
	// Unread is the bell's number: the person's unread alerts.
	Unread int
}

// render renders templates/<page>.html inside the layout into a buffer,
// then writes it with status, so a template error never leaves half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("render: no page %q", page)
	}
	flash := s.takeFlash(w, r)
	problem := strings.HasPrefix(flash, flashProblemMark)
	v := view{
		User:         userFrom(r.Context()),
		Path:         r.URL.Path,
		Flash:        strings.TrimPrefix(flash, flashProblemMark),
		FlashProblem: problem,
		Data:         data,
		Query:        r.URL.Query(),
		RequestID:    requestID(r.Context()),
	}
	if v.User != nil {
		n, err := s.store.UnreadAlerts(r.Context(), v.User.ID)
		if err != nil {
			s.log.Warn("unread alerts", "err", err)
		}
		v.Unread = n
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages show people's work: never let a shared cache keep them.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}

// localTarget returns target when a browser sent there stays on this
// site, fallback otherwise; every redirect target a request names (the
// login's next, a claim form's back) passes here and nowhere else.
//
// A browser removes tabs and line breaks anywhere in a URL, trims other
// control characters and spaces at its ends, and reads a backslash as a
// slash, so "/\t/evil.example" or "/\\evil.example" would leave the site. A
// target with any control character, space at an end or backslash is
// refused outright (our own forms never send one), and what remains must
// be a path: one leading slash, no scheme, no host.
func localTarget(target, fallback string) string {
	if target == "" || strings.ContainsRune(target, '\\') || strings.TrimSpace(target) != target {
		return fallback
	}
	if strings.IndexFunc(target, unicode.IsControl) >= 0 {
		return fallback
	}
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") {
		return fallback
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil {
		return fallback
	}
	return target
}

// redirect answers 303 See Other, the way every successful POST ends.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// flashCookie carries a one-time message to the next page. It is signed
// and encrypted with the session keys, so it works before login too and
// nobody can make the site say something it did not.
const flashCookie = "claimdesk_flash"

// flash sets msg to be shown once on the next page.
func (s *Server) flash(w http.ResponseWriter, r *http.Request, msg string) {
	enc, err := securecookie.EncodeMulti(flashCookie, msg, s.sessions.codecs...)
	if err != nil {
		s.log.Warn("flash", "err", err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: enc, Path: "/", MaxAge: 300,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.cfg.SecureCookies})
}

// flashProblemMark starts a flash that reports a refusal; no message a
// person reads starts with a control character.
const flashProblemMark = "\x01"

// flashProblem is flash for a message that says something was refused
// ("Nothing was changed: ..."), shown in the page's warning colours.
func (s *Server) flashProblem(w http.ResponseWriter, r *http.Request, msg string) {
	s.flash(w, r, flashProblemMark+msg)
}

// takeFlash returns the pending message, if any, and clears it.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.cfg.SecureCookies})
	var msg string
	if err := securecookie.DecodeMulti(flashCookie, c.Value, &msg, s.sessions.codecs...); err != nil {
		return ""
	}
	return msg
}

// pathID reads a numeric path variable; anything else is ErrNotFound, since
// no such page exists.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(mux.Vars(r)[name], 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: %w", name, mux.Vars(r)[name], review.ErrNotFound)
	}
	return id, nil
}

// writeJSON writes v as JSON with status.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		s.log.Error("encode JSON", "err", err)
		status = http.StatusInternalServerError
		b = []byte(`{"error": "something went wrong encoding the answer"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// readJSON decodes the request body into v. The raw bytes are checked for
// UTF-8 first, because the JSON decoder would silently turn bad bytes into
// U+FFFD; unknown fields and trailing data are refused, and a body over
// the cap is ErrTooLarge.
func (s *Server) readJSON(r *http.Request, v any) error {
	if r.Body == nil {
		return &badRequestError{"the request has no body: send a JSON object"}
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fmt.Errorf("read body: %w", review.ErrTooLarge)
		}
		return &badRequestError{"the request body could not be read"}
	}
	if !utf8.Valid(b) {
		return &badRequestError{"the request body is not valid UTF-8"}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return &badRequestError{"the request has no body: send a JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &badRequestError{"the request body is not valid JSON for this endpoint: " + review.JSONProblem(err)}
	}
	if dec.More() {
		return &badRequestError{"the request body has more than one JSON value"}
	}
	return nil
}

// retryAfter is a duration in whole seconds, rounded up, for Retry-After.
func retryAfter(d time.Duration) int {
	sec := max(int((d+time.Second-1)/time.Second), 1)
	return sec
}
