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

// isTooLarge reports whether err comes from a body over the cap.
func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe) || errors.Is(err, review.ErrTooLarge) ||
		// multipart parsing reports the cap without wrapping the error.
		(err != nil && strings.Contains(err.Error(), "request body too large"))
}

// parseForm reads a posted form. A body over the cap stays the error it is
// (the 413 page); any other unreadable form is a message on field, so the
// page is shown again with it.
func parseForm(r *http.Request, field string) error {
	err := r.ParseForm()
	if err == nil || isTooLarge(err) {
		return err
	}
	return review.Invalid(field, "The form could not be read; please send it again.")
}

// pageError is the one place a page handler's error becomes a response.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	var conflict *review.ConflictError
	switch {
	case errors.Is(err, review.ErrUnauthorized):
		s.redirect(w, r, loginURL(r))
	case errors.Is(err, review.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, "Not found", "There is nothing here. It may have been removed, or the address is mistyped.", nil)
	case errors.Is(err, review.ErrForbidden):
		s.errorPage(w, r, http.StatusForbidden, "Not allowed", forbiddenMessage(err), nil)
	case errors.As(err, &conflict):
		var tried url.Values
		if r.PostForm != nil {
			tried = r.PostForm
		}
		data := conflictData{Current: conflict.Current, Changes: conflict.Changes, Tried: tried}
		if rerr := s.render(w, r, http.StatusConflict, "conflict", data); rerr != nil {
			s.serverError(w, r, rerr)
		}
	case errors.Is(err, review.ErrConflict):
		s.errorPage(w, r, http.StatusConflict, "Conflict", conflictMessage(err), nil)
	case isTooLarge(err):
		s.tooLarge(w, r)
	default:
		if v, ok := review.AsValidation(err); ok {
			s.errorPage(w, r, http.StatusBadRequest, "Please check what you entered", "Some of what you sent cannot be used:", v.Fields)
			return
		}
		s.serverError(w, r, err)
	}
}

// forbiddenMessage keeps the store's sentence ("only editors and admins may
// sign a verdict off"), without the operation names wrapped around it and
// the sentinel's word after it.
func forbiddenMessage(err error) string {
	msg := ruleSentence(err, review.ErrForbidden)
	if msg == "" {
		return "Your role does not allow this."
	}
	return upperFirst(msg) + "."
}

// ruleSentence returns the innermost sentence of err: "op: op2: sentence: sentinel".
func ruleSentence(err, sentinel error) string {
	msg := strings.TrimSuffix(err.Error(), sentinel.Error())
	msg = strings.TrimSuffix(msg, ": ")
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return strings.TrimSpace(msg)
}

func conflictMessage(err error) string {
	msg := ruleSentence(err, review.ErrConflict)
	if msg == "" {
		return "This conflicts with something that already exists."
	}
	return upperFirst(msg) + "."
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

// apiError is the one place an API handler's error becomes a response.
// Validation is 422 (the JSON was read but a value cannot be used); bad
// JSON or bad UTF-8 is 400.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	var conflict *review.ConflictError
	var bad *badRequestError
	switch {
	case errors.As(err, &bad):
		s.writeJSONError(w, http.StatusBadRequest, bad.msg, nil)
	case isTooLarge(err):
		s.tooLarge(w, r)
	case errors.Is(err, review.ErrUnauthorized):
		w.Header().Set("WWW-Authenticate", `Bearer realm="claimdesk"`)
		s.writeJSONError(w, http.StatusUnauthorized, "a valid API token is needed: send Authorization: Bearer TOKEN (claimdesk token create USER makes one)", nil)
	case errors.Is(err, review.ErrNotFound):
		s.writeJSONError(w, http.StatusNotFound, "not found", nil)
	case errors.Is(err, review.ErrForbidden):
		s.writeJSONError(w, http.StatusForbidden, strings.TrimSuffix(forbiddenMessage(err), "."), nil)
	case errors.As(err, &conflict):
		s.writeJSON(w, http.StatusConflict, struct {
			Error   string                `json:"error"`
			Current *review.Claim         `json:"current"`
			Changes []review.HistoryEntry `json:"changes"`
		}{conflict.Error(), conflict.Current, nonNil(conflict.Changes)})
	case errors.Is(err, review.ErrConflict):
		s.writeJSONError(w, http.StatusConflict, strings.TrimSuffix(conflictMessage(err), "."), nil)
	default:
		if v, ok := review.AsValidation(err); ok {
			s.writeJSONError(w, http.StatusUnprocessableEntity, "invalid input", v.Fields)
			return
		}
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
