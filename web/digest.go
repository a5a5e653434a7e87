package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"claimdesk/review"
)

// digestData is the "new claims" page.
type digestData struct {
	Since  time.Time
	Claims []review.DigestClaim
	// SinceText is what the person asked for, shown back in the form.
	SinceText string
	Problem   string
	// HasFeed: the person has a secret address of the digest's Atom feed
	// (made FeedSince); NewFeedURL is a new one, shown once.
	HasFeed    bool
	FeedSince  time.Time
	NewFeedURL string
}

// digestSince reads ?since= (a date or an RFC 3339 date-time; absent:
// the last day).
func (s *Server) digestSince(r *http.Request) (time.Time, error) {
	return review.ParseSince(strings.TrimSpace(r.URL.Query().Get("since")), s.store.Now())
}

// handleDigest serves GET /digest: the claims of the last day (or since
// a date), best first by check-worthiness, each with what "checked
// before?" found, and a button to take it or dismiss it.
func (s *Server) handleDigest(w http.ResponseWriter, r *http.Request) error {
	d, err := s.digestPage(r, strings.TrimSpace(r.URL.Query().Get("since")))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if d.Problem != "" {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "digest", d)
}

// digestPage reads the digest since sinceText (a since it cannot read is
// the page's Problem, and the last day is shown) and the person's feed key.
func (s *Server) digestPage(r *http.Request, sinceText string) (*digestData, error) {
	d := &digestData{SinceText: sinceText}
	since, err := review.ParseSince(sinceText, s.store.Now())
	if v, ok := review.AsValidation(err); ok {
		d.Problem = upperFirst(v.Fields["since"]) + "."
		since = s.store.Now().Add(-24 * time.Hour)
	} else if err != nil {
		return nil, err
	}
	d.Since = since
	if d.Claims, err = s.store.Digest(r.Context(), since, 0); err != nil {
		return nil, err
	}
	if d.FeedSince, d.HasFeed, err = s.store.HasDigestKey(r.Context(), userFrom(r.Context()).ID); err != nil {
		return nil, err
	}
	return d, nil
}

// digestDismissNote is the reason a dismissal from the digest records:
// the one-click button says what it means.
const digestDismissNote = "dismissed from the digest of new claims: not worth checking"

// handleDigestAction serves POST /digest/claims/{id}: the digest's one
// click, "take" (assign to me) or "dismiss", through the same rule as any
// change of a claim; then back to the digest at the same since.
func (s *Server) handleDigestAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	back := "/digest"
	if since := strings.TrimSpace(r.PostForm.Get("since")); since != "" {
		back += "?" + url.Values{"since": {since}}.Encode()
	}
	u := userFrom(r.Context())
	var ch review.BulkChange
	switch r.PostForm.Get("action") {
	case "take":
		ch = review.BulkChange{Action: review.BulkAssign, Assignee: u.Name}
	case "dismiss":
		ch = review.BulkChange{Action: review.BulkDismiss, Note: digestDismissNote}
	default:
		return review.Invalid("action", `the action is "take" or "dismiss"`)
	}
	_, err = s.store.BulkUpdate(r.Context(), u, []int64{id}, ch)
	var be *review.BulkError
	switch {
	case errors.As(err, &be) && len(be.Refused) > 0:
		s.flashProblem(w, r, fmt.Sprintf("Claim #%d did not change: %s.", id, strings.TrimSuffix(be.Refused[0].Reason, ".")))
	case err != nil:
		return err
	case ch.Action == review.BulkAssign:
		s.flash(w, r, fmt.Sprintf("Claim #%d is yours.", id))
	default:
		s.flash(w, r, fmt.Sprintf("Claim #%d was dismissed.", id))
	}
	s.redirect(w, r, back)
	return nil
}

// handleAPIDigest serves GET /api/v1/digest?since=&limit=: the digest as
// {"since": ..., "claims": [...]}, best first.
func (s *Server) handleAPIDigest(w http.ResponseWriter, r *http.Request) error {
	since, err := s.digestSince(r)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", review.DefaultDigestLimit, review.MaxDigestLimit)
	if err != nil {
		return err
	}
	cs, err := s.store.Digest(r.Context(), since, limit)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, struct {
		Since  time.Time            `json:"since"`
		Claims []review.DigestClaim `json:"claims"`
	}{since, nonNil(cs)})
	return nil
}
