package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"claimdesk/review"
)

// handleClaimBulk serves POST /claims/bulk: one action (the button
// pressed: assign, status or dismiss) on every claim ticked on the claims
// list. It is all or nothing: when any claim cannot change (a done claim,
// a role rule) nothing changes and the message lists each refused claim
// with its reason. Either way the person lands back on the list they
// came from, with the message on top.
func (s *Server) handleClaimBulk(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	back := "/claims"
	if q, err := url.ParseQuery(r.PostForm.Get("back")); err == nil && len(q) > 0 {
		back += "?" + q.Encode() // re-encoded: only ever a query on /claims
	}
	var ids []int64
	for _, v := range r.PostForm["ids"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.flashProblem(w, r, fmt.Sprintf("%q is not a claim number; nothing was changed.", v))
			s.redirect(w, r, back)
			return nil
		}
		ids = append(ids, id)
	}
	u := userFrom(r.Context())
	ch := review.BulkChange{Action: review.BulkAction(r.PostForm.Get("action")), Status: review.Status(r.PostForm.Get("status")),
		Assignee: r.PostForm.Get("assignee"), Note: r.PostForm.Get("note"), DismissCode: r.PostForm.Get("dismiss_code")}
	if ch.Assignee == "me" {
		ch.Assignee = u.Name
	}
	res, err := s.store.BulkUpdate(r.Context(), u, ids, ch)
	var be *review.BulkError
	switch {
	case errors.As(err, &be):
		var b strings.Builder
		fmt.Fprintf(&b, "Nothing was changed: %d of the %d selected claims cannot change. ", len(be.Refused), len(ids))
		for i, x := range be.Refused {
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "#%d: %s.", x.ID, strings.TrimSuffix(x.Reason, "."))
		}
		s.flashProblem(w, r, b.String())
	case err != nil:
		v, ok := review.AsValidation(err)
		if !ok {
			return err
		}
		msgs := make([]string, 0, len(v.Fields))
		for _, f := range sortedFields(v.Fields) {
			msgs = append(msgs, upperFirst(strings.TrimSuffix(f.Message, "."))+".")
		}
		s.flashProblem(w, r, "Nothing was changed. "+strings.Join(msgs, " "))
	default:
		s.flash(w, r, bulkDone(ch, res))
	}
	s.redirect(w, r, back)
	return nil
}

// bulkDone says what a bulk action did.
func bulkDone(ch review.BulkChange, res *review.BulkResult) string {
	n := len(res.Changed)
	var msg string
	switch ch.Action {
	case review.BulkAssign:
		if strings.TrimSpace(ch.Assignee) == "" {
			msg = fmt.Sprintf("Unassigned %s.", plural(n, "claim"))
		} else {
			msg = fmt.Sprintf("Assigned %s to %s.", plural(n, "claim"), ch.Assignee)
		}
	case review.BulkDismiss:
		msg = fmt.Sprintf("Dismissed %s.", plural(n, "claim"))
	default:
		msg = fmt.Sprintf("Set %s to %s.", plural(n, "claim"), ch.Status.Label())
	}
	if k := len(res.Unchanged); k > 0 {
		msg += fmt.Sprintf(" %s already so.", plural(k, "claim was", "claims were"))
	}
	return msg
}

func plural(n int, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return fmt.Sprintf("%d %s", n, many[0])
	}
	return fmt.Sprintf("%d %ss", n, one)
}
