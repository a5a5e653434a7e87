package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"claimdesk/review"
)

// errorData is what the error page shows.
type errorData struct {
	Status    int
	Title     string
	Message   string
	Fields    []fieldMessage
	RequestID string
}

// fieldMessage is one field's problem, in a stable order for the page.
type fieldMessage struct{ Field, Message string }

func sortedFields(m map[string]string) []fieldMessage {
	out := make([]fieldMessage, 0, len(m))
	for k, v := range m {
		out = append(out, fieldMessage{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// conflictData is what the conflict page shows: the claim as it is now,
// the changes made since the version the person read, and what they tried
// to save, so nothing is lost.
type conflictData struct {
	Current *review.Claim
	Changes []review.HistoryEntry
	Tried   url.Values
}

// errorKind is what an error means for the person who made the request.
type errorKind int

// The kinds of error, each with its status.
const (
	kindInternal     errorKind = iota // 500, logged in detail
	kindUnauthorized                  // no login or token: the login page, 401 for the API
	kindNotFound                      // 404
	kindForbidden                     // 403 with the rule's sentence
	kindStale                         // *review.ConflictError: 409 with the claim as it is now
	kindConflict                      // review.ErrConflict otherwise: 409 with the rule's sentence
	kindTooLarge                      // a body over the cap: 413 stating the limit
	kindUnreadable                    // a form or body that cannot be read: 400
	kindInvalid                       // *review.ValidationError: a message per field
)

// kindOf is the one place that says what an error means, from its type
// (never its text): pageError and apiError each answer a kind in their
// own medium.
func kindOf(err error) errorKind {
	var stale *review.ConflictError
	var mbe *http.MaxBytesError
	var form *formError
	var bad *badRequestError
	switch {
	case errors.As(err, &form), errors.As(err, &bad):
		return kindUnreadable
	case errors.As(err, &mbe), errors.Is(err, review.ErrTooLarge):
		return kindTooLarge
	case errors.Is(err, review.ErrUnauthorized):
		return kindUnauthorized
	case errors.Is(err, review.ErrNotFound):
		return kindNotFound
	case errors.Is(err, review.ErrForbidden):
		return kindForbidden
	case errors.As(err, &stale):
		return kindStale
	case errors.Is(err, review.ErrConflict):
		return kindConflict
	}
	if _, ok := review.AsValidation(err); ok {
		return kindInvalid
	}
	return kindInternal
}

// pageError is the one place a page handler's error becomes a response.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	switch kindOf(err) {
	case kindUnreadable:
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read", formUnreadable, nil)
	case kindTooLarge:
		s.tooLarge(w, r)
	case kindUnauthorized:
		s.redirect(w, r, loginURL(r))
	case kindNotFound:
		s.errorPage(w, r, http.StatusNotFound, "Not found", "There is nothing here. It may have been removed, or the address is mistyped.", nil)
	case kindForbidden:
		s.errorPage(w, r, http.StatusForbidden, "Not allowed", forbiddenMessage(err), nil)
	case kindStale:
		var stale *review.ConflictError
		errors.As(err, &stale)
		var tried url.Values
		if r.PostForm != nil {
			tried = r.PostForm
		}
		data := conflictData{Current: stale.Current, Changes: stale.Changes, Tried: tried}
		if rerr := s.render(w, r, http.StatusConflict, "conflict", data); rerr != nil {
			s.serverError(w, r, rerr)
		}
	case kindConflict:
		s.errorPage(w, r, http.StatusConflict, "Conflict", conflictMessage(err), nil)
	case kindInvalid:
		v, _ := review.AsValidation(err)
		s.errorPage(w, r, http.StatusBadRequest, "Please check what you entered", "Some of what you sent cannot be used:", v.Fields)
	default:
		s.serverError(w, r, err)
	}
}

// forbiddenMessage is the store's sentence of the rule that refused ("only
// editors and admins may sign a verdict off"), as a sentence on a page.
func forbiddenMessage(err error) string {
	if msg := review.Reason(err); msg != "" {
		return sentence(msg)
	}
	return "Your role does not allow this."
}

// conflictMessage is the store's sentence of what the change conflicts with.
func conflictMessage(err error) string {
	if msg := review.Reason(err); msg != "" {
		return sentence(msg)
	}
	return "This conflicts with something that already exists."
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// loginURL is the login page with the way back to the page asked for.
func loginURL(r *http.Request) string {
	if r.Method != http.MethodGet || r.URL.Path == "/" {
		return "/login"
	}
	return "/login?next=" + url.QueryEscape(r.URL.RequestURI())
}

// errorPage renders the error page with status; when even that fails, a
// plain-text line is the last resort.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, title, msg string, fields map[string]string) {
	data := errorData{Status: status, Title: title, Message: msg, Fields: sortedFields(fields), RequestID: requestID(r.Context())}
	if err := s.render(w, r, status, "error", data); err != nil {
		s.log.Error("render error page", "id", requestID(r.Context()), "err", err)
		http.Error(w, title+": "+msg, status)
	}
}

// serverError logs err in detail and shows a page that says only that
// something went wrong, with the request id to quote.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("internal error", "id", requestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
	if isAPI(r) {
		s.writeJSONError(w, http.StatusInternalServerError, "something went wrong; the problem was logged (request "+requestID(r.Context())+")", nil)
		return
	}
	s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong",
		"Something went wrong on our side. The problem was logged; please try again.", nil)
}

// tooLarge answers a body over the cap with 413 and the limit in words.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request) {
	msg := fmt.Sprintf("The request is larger than the limit of %s. Send a shorter text or a smaller file.", humanBytes(s.cfg.MaxBodyBytes))
	// The rest of an oversized body is not read: close the connection
	// rather than leave the client writing into it.
	w.Header().Set("Connection", "close")
	if isAPI(r) {
		s.writeJSONError(w, http.StatusRequestEntityTooLarge, msg, nil)
		return
	}
	if r.Method == http.MethodPost && r.URL.Path == "/articles" && int64(s.store.MaxArticleBytes) <= s.cfg.MaxBodyBytes {
		// The import form names the article limit, the one that counts
		// when the cap only adds room for the form: say the same number.
		s.articleTooLarge(w, r)
		return
	}
	s.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too large", msg, nil)
}

// humanBytes says a size the way people read it.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// apiErrorBody is every API error: a sentence and, for bad input, a
// message per field.
type apiErrorBody struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

// writeJSONError writes an API error.
func (s *Server) writeJSONError(w http.ResponseWriter, status int, msg string, fields map[string]string) {
	s.writeJSON(w, status, apiErrorBody{Error: msg, Fields: fields})
}

// apiError answers an API handler's error as JSON, by its kind (kindOf).
// Validation is 422 (the JSON was read but a value cannot be used); bad
// JSON or bad UTF-8 is 400.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	switch kindOf(err) {
	case kindUnreadable:
		msg := formUnreadable
		var bad *badRequestError
		if errors.As(err, &bad) {
			msg = bad.msg
		}
		s.writeJSONError(w, http.StatusBadRequest, msg, nil)
	case kindTooLarge:
		s.tooLarge(w, r)
	case kindUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="claimdesk"`)
		s.writeJSONError(w, http.StatusUnauthorized, "a valid API token is needed: send Authorization: Bearer TOKEN (claimdesk token create USER makes one)", nil)
	case kindNotFound:
		s.writeJSONError(w, http.StatusNotFound, "not found", nil)
	case kindForbidden:
		s.writeJSONError(w, http.StatusForbidden, strings.TrimSuffix(forbiddenMessage(err), "."), nil)
	case kindStale:
		var stale *review.ConflictError
		errors.As(err, &stale)
		s.writeJSON(w, http.StatusConflict, struct {
			Error   string                `json:"error"`
			Current *review.Claim         `json:"current"`
			Changes []review.HistoryEntry `json:"changes"`
		}{stale.Error(), stale.Current, nonNil(stale.Changes)})
	case kindConflict:
		s.writeJSONError(w, http.StatusConflict, strings.TrimSuffix(conflictMessage(err), "."), nil)
	case kindInvalid:
		v, _ := review.AsValidation(err)
		s.writeJSONError(w, http.StatusUnprocessableEntity, "invalid input", v.Fields)
	default:
		s.serverError(w, r, err)
	}
}

// badRequestError is a request the API cannot read at all (not JSON, not
// UTF-8, unknown fields): 400.
type badRequestError struct{ msg string }

func (e *badRequestError) Error() string { return e.msg }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
