package web

import (
	"fmt"
	"net/http"
	"strconv"

	"claimdesk/review"
)

// handleMatchConfirm serves POST /claims/{id}/matches/{matchID}/confirm:
// the reviewer says the claim was checked before. Nothing is copied; the
// claim page then shows the earlier claim's verdict, conclusion and
// evidence to copy from by hand.
func (s *Server) handleMatchConfirm(w http.ResponseWriter, r *http.Request) error {
	return s.decideMatch(w, r, true)
}

// handleMatchReject serves POST /claims/{id}/matches/{matchID}/reject.
func (s *Server) handleMatchReject(w http.ResponseWriter, r *http.Request) error {
	return s.decideMatch(w, r, false)
}

func (s *Server) decideMatch(w http.ResponseWriter, r *http.Request, confirm bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mid, err := pathID(r, "matchID")
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	var m *review.Match
	if confirm {
		m, err = s.store.ConfirmMatch(r.Context(), u, id, mid)
	} else {
		m, err = s.store.RejectMatch(r.Context(), u, id, mid)
	}
	if err != nil {
		return err
	}
	what := fmt.Sprintf("claim #%d", m.OtherID)
	if m.Kind == review.KindFactCheck {
		what = "the published fact-check"
		if m.Rating != "" {
			what += fmt.Sprintf(" (rated %q)", m.Rating)
		}
	}
	if confirm && m.Kind == review.KindFactCheck {
		s.flash(w, r, fmt.Sprintf("Confirmed: this claim was checked before by %s.", what))
	} else if confirm {
		msg := fmt.Sprintf("Confirmed: claim #%d was checked before.", m.OtherID)
		if m.Verdict != "" {
			msg += fmt.Sprintf(" Its verdict was %s; its conclusion and evidence are shown under “Checked before?” to copy what fits.", m.Verdict)
		}
		s.flash(w, r, msg)
	} else {
		s.flash(w, r, fmt.Sprintf("Noted: %s is not the same claim.", what))
	}
	s.redirect(w, r, fmt.Sprintf("/claims/%d#matches", id))
	return nil
}

// handleMatchCopy serves POST /claims/{id}/matches/{matchID}/copy: at the
// reviewer's request, the confirmed earlier claim's verdict, conclusion or
// evidence (form field "what") is copied onto this claim, read at
// "version" (a stale version is the conflict page, like any edit).
func (s *Server) handleMatchCopy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mid, err := pathID(r, "matchID")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	what := r.PostForm.Get("what")
	if _, err := s.store.CopyFromMatch(r.Context(), userFrom(r.Context()), id, mid, version, what); err != nil {
		return err
	}
	s.flash(w, r, fmt.Sprintf("Copied the earlier claim's %s. Check it fits this claim.", what))
	s.redirect(w, r, fmt.Sprintf("/claims/%d#matches", id))
	return nil
}

// matchOffer is what the claim page shows of a match: the earlier claim's
// article and date, and for a confirmed match its verdict and conclusion
// with a button to copy each, and one to copy its evidence.
type matchOffer struct {
	ClaimID, Version int64
	Match            review.Match
}
