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

// feedsData is the feeds page: every feed with its state, and the add form.
type feedsData struct {
	Feeds  []review.Feed
	Form   *formData
	CanAdd bool
}

func (s *Server) renderFeeds(w http.ResponseWriter, r *http.Request, status int, f *formData) error {
	feeds, err := s.store.Feeds(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, status, "feeds", feedsData{Feeds: feeds, Form: f,
		CanAdd: review.Can(userFrom(r.Context()), review.ActionManageFeeds)})
}

// handleFeeds serves GET /feeds: the feeds the server polls, each with
// its last poll, its last error and what it brought in.
func (s *Server) handleFeeds(w http.ResponseWriter, r *http.Request) error {
	return s.renderFeeds(w, r, http.StatusOK, newForm(url.Values{"every": {review.DefaultFeedEvery.String()}}))
}

// handleFeedAdd serves POST /feeds (admins): a feed is added and polled
// at once by the running server.
func (s *Server) handleFeedAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	vals := url.Values{"url": {strings.TrimSpace(r.PostForm.Get("url"))}, "every": {strings.TrimSpace(r.PostForm.Get("every"))}}
	if r.PostForm.Get("allow_private") != "" {
		vals.Set("allow_private", "1")
	}
	f := newForm(vals)
	in, err := newFeedInput(vals.Get("url"), vals.Get("every"), vals.Get("allow_private") != "")
	if err == nil {
		var feed *review.Feed
		feed, err = s.store.AddFeed(r.Context(), userFrom(r.Context()), in)
		if err == nil {
			s.flash(w, r, fmt.Sprintf("Feed %d was added; it is polled within a few seconds.", feed.ID))
			s.redirect(w, r, "/feeds")
			return nil
		}
	}
	if v, ok := review.AsValidation(err); ok {
		f.fieldErrors(v, nil, "url", "every")
		return s.renderFeeds(w, r, http.StatusUnprocessableEntity, f)
	}
	return err
}

// newFeedInput reads a feed's interval as a person writes it ("15m",
// "1h"; empty is the default).
func newFeedInput(u, every string, allowPrivate bool) (review.NewFeed, error) {
	in := review.NewFeed{URL: u, AllowPrivate: allowPrivate}
	if every = strings.TrimSpace(every); every != "" {
		d, err := time.ParseDuration(every)
		if err != nil {
			return in, review.Invalid("every", `write the interval like "15m", "2h" or "90m"`)
		}
		if d <= 0 {
			return in, review.Invalid("every", "the interval must be longer than zero")
		}
		in.Every = d
	}
	return in, nil
}

// handleFeedDelete serves POST /feeds/{id}/delete (admins).
func (s *Server) handleFeedDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.store.DeleteFeed(r.Context(), userFrom(r.Context()), id); err != nil {
		return err
	}
	s.flash(w, r, fmt.Sprintf("Feed %d was removed; the articles it brought in stay.", id))
	s.redirect(w, r, "/feeds")
	return nil
}

// feedData is one feed's page: its state and its recent items.
type feedData struct {
	Feed  *review.Feed
	Items []review.FeedItem
}

// handleFeedShow serves GET /feeds/{id}: the feed and its recent items,
// each imported (with its article) or refused (with the reason).
func (s *Server) handleFeedShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.store.Feed(r.Context(), id)
	if err != nil {
		return err
	}
	items, err := s.store.FeedItems(r.Context(), id, 100)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "feed", feedData{Feed: f, Items: items})
}

// apiNewFeed is the body of POST /api/v1/feeds.
type apiNewFeed struct {
	URL          string `json:"url"`
	Every        string `json:"every"`
	AllowPrivate bool   `json:"allow_private"`
}

// handleAPIFeeds serves GET /api/v1/feeds: every feed with its state.
func (s *Server) handleAPIFeeds(w http.ResponseWriter, r *http.Request) error {
	feeds, err := s.store.Feeds(r.Context())
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, struct {
		Feeds []review.Feed `json:"feeds"`
	}{nonNil(feeds)})
	return nil
}

// handleAPIFeedCreate serves POST /api/v1/feeds (admins): 201 with the feed.
func (s *Server) handleAPIFeedCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiNewFeed
	if err := s.readJSON(r, &in); err != nil {
		return err
	}
	nf, err := newFeedInput(in.URL, in.Every, in.AllowPrivate)
	if err != nil {
		return err
	}
	f, err := s.store.AddFeed(r.Context(), userFrom(r.Context()), nf)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/feeds/%d", f.ID))
	s.writeJSON(w, http.StatusCreated, f)
	return nil
}

// handleAPIFeedDelete serves DELETE /api/v1/feeds/{id} (admins): 204.
func (s *Server) handleAPIFeedDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteFeed(r.Context(), userFrom(r.Context()), id); err != nil {
		if errors.Is(err, review.ErrNotFound) {
			return fmt.Errorf("feed %d: %w", id, review.ErrNotFound)
		}
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
