package web

import (
	"net/http"
	"strconv"
	"strings"

	"claimdesk/review"
)

// matchData is the "checked before?" page.
type matchData struct {
	Text    string
	Limit   int
	Answers []review.Answer
	Asked   bool
	Errors  map[string]string
}

// matchQuery reads text and limit (the page and the API take the same);
// a limit that is not a number is a field message.
func matchQuery(r *http.Request) (text string, limit int, bad map[string]string) {
	q := r.URL.Query()
	text = q.Get("text")
	if text == "" {
		// q= as search has it, so a link written for one works for the other.
		text = q.Get("q")
	}
	bad = map[string]string{}
	if l := strings.TrimSpace(q.Get("limit")); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			bad["limit"] = "the limit is a number"
		}
		limit = n
	}
	return text, limit, bad
}

// handleMatchPage serves GET /match: a box for any text (a tweet, a
// quote, a claim) and, with text, its answers best first: the desk's
// claims and published fact-checks, each marked for what it is.
func (s *Server) handleMatchPage(w http.ResponseWriter, r *http.Request) error {
	text, limit, bad := matchQuery(r)
	d := matchData{Text: text, Limit: limit, Errors: bad}
	status := http.StatusOK
	if strings.TrimSpace(text) != "" && len(bad) == 0 {
		as, err := s.store.MatchText(r.Context(), text, limit)
		if v, ok := review.AsValidation(err); ok {
			d.Errors = v.Fields
		} else if err != nil {
			return err
		} else {
			d.Answers, d.Asked = as, true
		}
	}
	if len(d.Errors) > 0 {
		status = http.StatusBadRequest
	}
	return s.render(w, r, status, "match", d)
}

// handleAPIMatch serves GET /api/v1/match?text=...&limit=N: {"text",
// "matches": [...]}, best first (see review.Answer). No text is 422.
func (s *Server) handleAPIMatch(w http.ResponseWriter, r *http.Request) error {
	text, limit, bad := matchQuery(r)
	if strings.TrimSpace(text) == "" {
		bad["text"] = "give the text to match"
	}
	if len(bad) > 0 {
		return &review.ValidationError{Fields: bad}
	}
	as, err := s.store.MatchText(r.Context(), text, limit)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, review.Asked{Text: text, Matches: nonNil(as)})
	return nil
}

// handleFactCheckPage serves GET /fact-checks/{id}: one published
// fact-check of the archive as a page (the links of the search and
// "checked before?" pages lead here), with the publisher's page linked.
func (s *Server) handleFactCheckPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.store.FactCheck(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "factcheck", f)
}

// handleAPIFactCheck serves GET /api/v1/fact-checks/{id}: one published
// fact-check of the archive.
func (s *Server) handleAPIFactCheck(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.store.FactCheck(r.Context(), id)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, f)
	return nil
}
