package web

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"claimdesk/review/report"
)

// standalonePagePolicy is the Content-Security-Policy of the pages shown
// as they are exported (the review page, the HTML report): each is
// self-contained, styled inline and runs nothing (the review page's one
// script is JSON-LD data), so it may load nothing at all.
const standalonePagePolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// handleReviewPage serves GET /claims/{id}/review: the claim's published
// review page (report.WriteReviewPage), shown in the browser, or as a
// download with download=1. A claim that is not done is refused (409); one
// the ClaimReview check refuses sends the editor to the check page for
// that claim, which lists each problem and how to fix it.
func (s *Server) handleReviewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	_, err = report.WriteReviewPage(r.Context(), s.store, id, &buf)
	if ce := (*report.CheckError)(nil); errors.As(err, &ce) {
		s.flash(w, r, fmt.Sprintf("Claim #%d's review page cannot be published yet: the ClaimReview check found %d problem(s), listed below.", id, len(ce.Problems)))
		s.redirect(w, r, "/export/check?"+url.Values{"claim": {strconv.FormatInt(id, 10)}}.Encode())
		return nil
	}
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", report.ReviewPage.ContentType)
	h.Set("Content-Security-Policy", standalonePagePolicy)
	h.Set("Cache-Control", "no-store")
	if r.URL.Query().Get("download") == "1" {
		name := report.FileName(report.ReviewPage, report.Filter{ClaimID: id}, "")
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	if r.Method == http.MethodHead {
		return nil
	}
	_, err = w.Write(buf.Bytes())
	return err
}
