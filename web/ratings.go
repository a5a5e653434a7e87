package web

import (
	"fmt"
	"net/http"
	"net/url"

	"claimdesk/review"
)

// adminRatingsData is the table of published ratings and the verdicts
// they mean, with the add form.
type adminRatingsData struct {
	Labels   []review.RatingLabel
	Verdicts []review.Verdict
	Form     *formData
}

func (s *Server) renderRatings(w http.ResponseWriter, r *http.Request, status int, f *formData) error {
	ls, err := s.store.RatingLabels(r.Context())
	if err != nil {
		return err
	}
	vs, err := s.store.Verdicts(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, status, "admin_ratings", adminRatingsData{Labels: ls, Verdicts: vs, Form: f})
}

// handleAdminRatings serves GET /admin/ratings.
func (s *Server) handleAdminRatings(w http.ResponseWriter, r *http.Request) error {
	return s.renderRatings(w, r, http.StatusOK, newForm(nil))
}

// handleAdminRatingSet serves POST /admin/ratings: a rating mapped onto a
// verdict (a rating mapped before moves).
func (s *Server) handleAdminRatingSet(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(url.Values{"label": {r.PostForm.Get("label")}, "verdict": {r.PostForm.Get("verdict")}})
	l, err := s.store.SetRatingLabel(r.Context(), userFrom(r.Context()), r.PostForm.Get("label"), r.PostForm.Get("verdict"))
	if v, ok := review.AsValidation(err); ok {
		f.fieldErrors(v, nil, "label", "verdict")
		return s.renderRatings(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	s.flash(w, r, fmt.Sprintf("The rating %q now means %s.", l.Label, l.Verdict))
	s.redirect(w, r, "/admin/ratings")
	return nil
}

// handleAdminRatingDelete serves POST /admin/ratings/{id}/delete.
func (s *Server) handleAdminRatingDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.store.DeleteRatingLabel(r.Context(), userFrom(r.Context()), id); err != nil {
		return err
	}
	s.flash(w, r, "The rating was removed; fact-checks rated so count as unrated.")
	s.redirect(w, r, "/admin/ratings")
	return nil
}
