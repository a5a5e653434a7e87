package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// maxFormMemory is how much of a multipart form parseForm keeps in
// memory; the rest of an upload waits in a temporary file, removed when
// the request ends.
const maxFormMemory = 1 << 20

// formUnreadable is what a person reads when a form cannot be read at all.
const formUnreadable = "The form could not be read: it was cut off or changed on the way, or it holds more fields than a form may (10,000). Reload the page and send it again."

// formError is a posted form that cannot be read: a malformed escape
// (note=%zz), more fields than the standard library reads (10,000), a
// broken multipart body. It is the request's fault: 400 (kindOf).
type formError struct{ err error }

func (e *formError) Error() string { return "read form: " + e.err.Error() }
func (e *formError) Unwrap() error { return e.err }

// readWatch remembers the first error reading a body gave, so a body over
// the cap is told apart from a malformed one whatever the form parser
// wrapped it in.
type readWatch struct {
	io.ReadCloser
	err error
}

func (rw *readWatch) Read(p []byte) (int, error) {
	n, err := rw.ReadCloser.Read(p)
	if err != nil && err != io.EOF && rw.err == nil {
		rw.err = err
	}
	return n, err
}

// parseForm is the one way a handler reads a posted form, URL-encoded or
// multipart: afterwards r.PostForm (and r.MultipartForm) hold it. A body
// over the cap is an *http.MaxBytesError (413); any other form that cannot
// be read is a *formError (400).
func parseForm(r *http.Request) error {
	var watch *readWatch
	if r.Body != nil {
		watch = &readWatch{ReadCloser: r.Body}
		r.Body = watch
	}
	var err error
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		err = r.ParseMultipartForm(maxFormMemory)
	} else {
		err = r.ParseForm()
	}
	if err == nil {
		return nil
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || watch != nil && errors.As(watch.err, &mbe) {
		return fmt.Errorf("read form: %w", mbe)
	}
	return &formError{err}
}
