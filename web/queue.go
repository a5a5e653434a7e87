package web

import (
	"fmt"
	"net/http"

	"claimdesk/review"
)

// queueData is the queue page: my claims, then the unassigned ones.
type queueData struct {
	Mine, Open []review.Claim
	First      *review.Claim
}

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
	for _, c := range cs {
		if c.AssigneeID == u.ID {
			d.Mine = append(d.Mine, c)
		} else {
			d.Open = append(d.Open, c)
		}
	}
	if len(cs) > 0 {
		d.First = &cs[0]
	}
	return s.render(w, r, http.StatusOK, "queue", d)
}
