package web

import (
	"fmt"
	"net/http"

	"claimdesk/review"
)

// queueData is the queue page: my claims, then (for editors) the claims
// waiting for a sign-off, then the unassigned ones.
type queueData struct {
	Mine, SignOff, Open []review.Claim
	// SignOffMore is how many more claims wait for a sign-off than the
	// page lists (they are one filter away on the claims list), from the
	// claim counters.
	SignOffMore int
	First       *review.Claim
}

// queueSignOffShown is how many claims waiting for a sign-off the queue
// lists; a backlog of thousands would make the page unusable. A variable
// so a test can make it small.
var queueSignOffShown = 100

// handleQueue serves GET /queue: the claims assigned to me, then the
// unassigned open ones, each by score. The first is the page's rel=next,
// so one key (j) starts the work.
func (s *Server) handleQueue(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	cs, err := s.store.Queue(r.Context(), u)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	var d queueData
	// The sections follow the store's order, which j and k walk: mine,
	// then (editors) every other claim that needs review, then the rest.
	editor := review.Can(u, review.ActionSignOff)
	mineWaiting := 0
	for _, c := range cs {
		switch {
		case c.AssigneeID == u.ID:
			d.Mine = append(d.Mine, c)
			if c.Status == review.StatusNeedsReview {
				mineWaiting++
			}
		case !editor || c.Status != review.StatusNeedsReview:
			d.Open = append(d.Open, c)
		case len(d.SignOff) < queueSignOffShown:
			d.SignOff = append(d.SignOff, c)
		}
	}
	if editor {
		// The store lists a capped part; the counters say how many wait.
		waiting, err := s.store.CountStatus(r.Context(), review.StatusNeedsReview)
		if err != nil {
			return fmt.Errorf("queue: %w", err)
		}
		d.SignOffMore = max(0, waiting-mineWaiting-len(d.SignOff))
	}
	if len(cs) > 0 {
		d.First = &cs[0]
	}
	return s.render(w, r, http.StatusOK, "queue", d)
}
