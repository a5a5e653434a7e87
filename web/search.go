package web

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"claimdesk/review"
)

// searchData is the search page.
type searchData struct {
	Q, Status, Verdict, Assignee, Article, Since, Until string
	Results                                             []review.SearchResult
	Searched                                            bool
	AnyWords                                            bool
	Errors                                              map[string]string
	Verdicts                                            []review.Verdict
	Users                                               []review.User
	Page                                                int
	PrevPage, NextPage                                  string
}

const searchPerPage = 20

// searchQuery reads the search form's fields (the page and the API take
// the same); problems are field messages, never a failed request.
func (s *Server) searchQuery(r *http.Request) (review.SearchQuery, searchData, map[string]string) {
	q := r.URL.Query()
	d := searchData{Q: q.Get("q"), Status: q.Get("status"), Verdict: q.Get("verdict"), Assignee: q.Get("assignee"),
		Article: q.Get("article"), Since: q.Get("since"), Until: q.Get("until")}
	d.Page, _ = strconv.Atoi(q.Get("page"))
	d.Page = max(d.Page, 1)
	sq := review.SearchQuery{Q: d.Q, Status: review.Status(d.Status), Verdict: d.Verdict, Assignee: d.Assignee,
		Limit: searchPerPage + 1, Offset: (d.Page - 1) * searchPerPage, AnyWords: q.Get("any") == "1"}
	bad := map[string]string{}
	if d.Assignee == "me" {
		if u := userFrom(r.Context()); u != nil {
			sq.Assignee = u.Name
		}
	}
	if d.Article != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(d.Article), "#"), 10, 64)
		if err != nil || id <= 0 {
			bad["article"] = fmt.Sprintf("%q is not an article number", d.Article)
		}
		sq.ArticleID = id
	}
	for _, x := range []struct {
		field, v string
		t        *time.Time
	}{{"since", d.Since, &sq.Since}, {"until", d.Until, &sq.Until}} {
		if x.v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", x.v)
		if err != nil {
			bad[x.field] = "a date as YYYY-MM-DD"
			continue
		}
		*x.t = t
	}
	if !sq.Until.IsZero() {
		sq.Until = sq.Until.AddDate(0, 0, 1) // the whole last day
	}
	if d.Status != "" && !review.ValidStatus(sq.Status) {
		bad["status"] = fmt.Sprintf("%q is not a status", d.Status)
	}
	return sq, d, bad
}

// handleSearch serves GET /search: the form, and with q the results, best
// first, each with its snippet (hits marked) and, for claims, status,
// verdict and assignee. A query FTS5 could not read is read as plain
// words; a query with no words gets a message next to the field.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sq, d, bad := s.searchQuery(r)
	var err error
	if d.Verdicts, err = s.store.Verdicts(ctx); err != nil {
		return err
	}
	if d.Users, err = s.store.Users(ctx); err != nil {
		return err
	}
	status := http.StatusOK
	d.Errors = bad
	if strings.TrimSpace(d.Q) == "" && len(r.URL.Query()) == 0 {
		return s.render(w, r, status, "search", d)
	}
	if len(bad) == 0 {
		ans, err := s.store.SearchAll(ctx, sq)
		if v, ok := review.AsValidation(err); ok {
			maps.Copy(bad, v.Fields)
		} else if err != nil {
			return err
		} else {
			rs := ans.Results
			d.Searched, d.AnyWords = true, ans.AnyWords
			// The pages of a search by any word stay one.
			pq := r.URL.Query()
			if ans.AnyWords {
				pq.Set("any", "1")
			}
			if len(rs) > searchPerPage {
				rs = rs[:searchPerPage]
				d.NextPage = pageURL(pq, d.Page+1)
			}
			if d.Page > 1 {
				d.PrevPage = pageURL(pq, d.Page-1)
			}
			d.Results = rs
		}
	}
	if len(bad) > 0 {
		status = http.StatusBadRequest
	}
	return s.render(w, r, status, "search", d)
}

func pageURL(q url.Values, page int) string {
	n := url.Values{}
	for k, v := range q {
		n[k] = append([]string(nil), v...)
	}
	n.Set("page", strconv.Itoa(page))
	return "/search?" + n.Encode()
}

// handleAPISearch serves GET /api/v1/search?q=...: {"results": [...],
// "any_words": bool}, with the filters of the page (status, verdict,
// assignee, article, since, until, page, any). any_words says the results
// have any of the words because all of them found little. A query with
// no words is 422 with a message on "q".
func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) error {
	sq, _, bad := s.searchQuery(r)
	if len(bad) > 0 {
		return &review.ValidationError{Fields: bad}
	}
	sq.Limit = searchPerPage
	ans, err := s.store.SearchAll(r.Context(), sq)
	if err != nil {
		var v *review.ValidationError
		if errors.As(err, &v) {
			return v
		}
		return err
	}
	ans.Results = nonNil(ans.Results)
	s.writeJSON(w, http.StatusOK, ans)
	return nil
}
