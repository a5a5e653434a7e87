package web

import (
	"fmt"
	"net/http"
	"strings"

	"claimdesk/claims"
	"claimdesk/review"
)

// modelData is the Model page: the desk's labels so far, the model in use
// and every version with its figures.
type modelData struct {
	Yes, No     int
	MinPerClass int
	InUse       int64
	Models      []review.ModelVersion
}

// handleAdminModel shows the desk's models and what training would use.
func (s *Server) handleAdminModel(w http.ResponseWriter, r *http.Request) error {
	labels, err := s.store.DeskLabels(r.Context())
	if err != nil {
		return err
	}
	vs, err := s.store.Models(r.Context())
	if err != nil {
		return err
	}
	d := modelData{MinPerClass: 50, InUse: s.store.ModelInUse(), Models: vs}
	for _, l := range labels {
		if l.Worthy {
			d.Yes++
		} else {
			d.No++
		}
	}
	return s.render(w, r, http.StatusOK, "admin_model", d)
}

// handleAdminModelTrain trains a new version on the desk's decisions. It
// is kept, not put in use: the admin compares the figures first. Too few
// labels, or a run cut short, keep nothing and change nothing.
func (s *Server) handleAdminModelTrain(w http.ResponseWriter, r *http.Request) error {
	v, err := s.store.TrainFromDesk(r.Context(), userFrom(r.Context()), claims.DeskTrainOptions{})
	if _, ok := review.AsValidation(err); ok {
		s.flashProblem(w, r, "Nothing was trained: "+review.Reason(err))
		s.redirect(w, r, "/admin/model")
		return nil
	}
	if err != nil {
		return err
	}
	rep := v.Report
	s.flash(w, r, fmt.Sprintf("Model %d is trained on %d Yes and %d No labels. F1 on the desk's labels (5-fold cross-validation): %.3f with the shipped model, %.3f with model %d; on the shipped held-back data: %.3f, %.3f. It is not in use yet.",
		v.Version, rep.Yes, rep.No, rep.Before.F1, rep.After.F1, v.Version, rep.HeldBefore.F1, rep.HeldAfter.F1))
	s.redirect(w, r, "/admin/model")
	return nil
}

// handleAdminModelUse switches the model in use (version 0: the shipped
// one); the open claims are re-scored in the background.
func (s *Server) handleAdminModelUse(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	raw := strings.TrimSpace(r.PostForm.Get("version"))
	var version int64
	if _, err := fmt.Sscan(raw, &version); err != nil || version < 0 {
		s.flashProblem(w, r, fmt.Sprintf("Nothing was changed: %q is not a model version.", raw))
		s.redirect(w, r, "/admin/model")
		return nil
	}
	err := s.store.UseModel(r.Context(), userFrom(r.Context()), version)
	if _, ok := review.AsValidation(err); ok {
		s.flashProblem(w, r, "Nothing was changed: "+review.Reason(err))
		s.redirect(w, r, "/admin/model")
		return nil
	}
	if err != nil {
		return err
	}
	name := fmt.Sprintf("Model %d", version)
	if version == 0 {
		name = "The shipped model"
	}
	s.flash(w, r, name+" is in use: new articles are scored with it, and the open claims are being re-scored.")
	s.redirect(w, r, "/admin/model")
	return nil
}
