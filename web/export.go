package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"claimdesk/review"
	"claimdesk/review/report"
)

// exportFilter reads the filters of /export and /export/check from the
// query: article, claim, claimant, status, verdict, assignee (a user's
// name, or none for the unassigned claims), since, until (YYYY-MM-DD,
// both days included). Parameters it does not know (the claims list's
// "candidates") are ignored. A value that cannot be read is a
// *review.ValidationError, so nobody gets everything by mistake.
func exportFilter(q url.Values) (report.Filter, error) {
	var f report.Filter
	v := &review.ValidationError{}
	if a := strings.TrimSpace(q.Get("article")); a != "" {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			v.Add("article", fmt.Sprintf("%q is not an article number", a))
		}
		f.ArticleID = id
	}
	for _, x := range []struct {
		name, what string
		id         *int64
	}{{"claim", "a claim", &f.ClaimID}, {"claimant", "a claimant", &f.ClaimantID}} {
		if a := strings.TrimSpace(q.Get(x.name)); a != "" {
			id, err := strconv.ParseInt(a, 10, 64)
			if err != nil || id <= 0 {
				v.Add(x.name, fmt.Sprintf("%q is not %s number", a, x.what))
			}
			*x.id = id
		}
	}
	f.Status = review.Status(strings.TrimSpace(q.Get("status")))
	f.Verdict = strings.TrimSpace(q.Get("verdict"))
	if a := strings.TrimSpace(q.Get("assignee")); a == review.NoAssignee {
		f.Unassigned = true
	} else {
		f.Assignee = a
	}
	if s := q.Get("since"); s != "" {
		d, err := report.ParseDay("since", s)
		if err != nil {
			v.Add("since", "the start date is not a date: write it as YYYY-MM-DD")
		}
		f.Since = d
	}
	if s := q.Get("until"); s != "" {
		d, err := report.ParseDay("until", s)
		if err != nil {
			v.Add("until", "the end date is not a date: write it as YYYY-MM-DD")
		} else {
			f.Until = d.AddDate(0, 0, 1) // the whole day named
		}
	}
	return f, v.Err()
}

// filterQuery is the query that selects f again (for links and redirects
// built from what was parsed, never from raw input).
func filterQuery(f report.Filter) url.Values {
	q := url.Values{}
	if f.ArticleID != 0 {
		q.Set("article", strconv.FormatInt(f.ArticleID, 10))
	}
	if f.ClaimID != 0 {
		q.Set("claim", strconv.FormatInt(f.ClaimID, 10))
	}
	if f.ClaimantID != 0 {
		q.Set("claimant", strconv.FormatInt(f.ClaimantID, 10))
	}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if f.Verdict != "" {
		q.Set("verdict", f.Verdict)
	}
	if f.Assignee != "" {
		q.Set("assignee", f.Assignee)
	}
	if f.Unassigned {
		q.Set("assignee", review.NoAssignee)
	}
	if !f.Since.IsZero() {
		q.Set("since", f.Since.Format(report.DateLayout))
	}
	if !f.Until.IsZero() {
		q.Set("until", f.Until.AddDate(0, 0, -1).Format(report.DateLayout))
	}
	return q
}

// handleExport streams an export: GET /export?format=... with the filters
// of the page it was linked from, as a download, except the HTML report,
// which opens in the browser unless download=1. ClaimReview is checked
// first: when the check fails (and force=1 is not given) the editor is
// sent to the check page that lists the problems.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	format, ferr := report.FormatByName(q.Get("format"))
	f, qerr := exportFilter(q)
	if ferr != nil || qerr != nil {
		return mergeValidation(ferr, qerr)
	}
	ctx := r.Context()
	if err := report.Validate(ctx, s.store, f); err != nil {
		return err
	}
	if format.Name == report.ReviewPage.Name {
		// One claim's page, never a download of a selection.
		if f.ClaimID == 0 {
			return review.Invalid("format", "the review page is one claim's: open it with the Review page button on a done claim")
		}
		s.redirect(w, r, fmt.Sprintf("/claims/%d/review?download=1", f.ClaimID))
		return nil
	}
	force := q.Get("force") == "1"
	if format.Name == "claimreview" && !force {
		rs, global, err := report.Reviews(ctx, s.store, f)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if len(global) > 0 || anyProblems(rs) {
			s.redirect(w, r, "/export/check?"+filterQuery(f).Encode())
			return nil
		}
	}
	name := report.FileName(format, f, s.store.Now().UTC().Format(report.DateLayout))
	h := w.Header()
	pagePolicy := h.Get("Content-Security-Policy")
	h.Set("Content-Type", format.ContentType)
	disposition := "attachment"
	if format.Name == "html" && q.Get("download") != "1" {
		// The HTML report opens in the browser (its page has a download
		// link beside it); it is self-contained and styled inline.
		disposition = "inline"
		h.Set("Content-Security-Policy", standalonePagePolicy)
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		return nil
	}
	// Streamed: once the first bytes are out, a failure can only be logged
	// (the download ends short). A failure before them, which is where
	// most happen since the writers buffer, gets the error page instead of
	// an empty file.
	// A CSV from the browser is mostly opened in a spreadsheet, which reads
	// UTF-8 right only after the byte-order mark: on unless excel=0.
	excel := q.Get("excel") != "0"
	out := &sentCounter{w: w}
	if _, err := report.Write(ctx, s.store, format, f, out, report.Options{Excel: excel, Force: force}); err != nil {
		if out.n == 0 {
			h.Del("Content-Type")
			h.Del("Content-Disposition")
			h.Set("Content-Security-Policy", pagePolicy)
			return fmt.Errorf("export (%s): %w", format.Name, err)
		}
		s.log.Error("export failed while streaming", "format", format.Name, "err", err, "request", requestID(ctx))
	}
	return nil
}

// sentCounter counts the bytes written through it to the response.
type sentCounter struct {
	w io.Writer
	n int64
}

func (c *sentCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// mergeValidation puts the field messages of several validation errors
// into one, so the page lists them all.
func mergeValidation(errs ...error) error {
	out := &review.ValidationError{}
	for _, err := range errs {
		if v, ok := review.AsValidation(err); ok {
			for k, m := range v.Fields {
				out.Add(k, m)
			}
		} else if err != nil {
			return err
		}
	}
	return out.Err()
}

func anyProblems(rs []report.Review) bool {
	for _, r := range rs {
		if len(r.Problems) > 0 {
			return true
		}
	}
	return false
}

// exportCheckRow is one done claim on the check page.
type exportCheckRow struct {
	ClaimID   int64
	ArticleID int64
	Claim     string
	URL       string
	Version   int64
	Problems  []report.Problem
	// The "set published URL" form, kept when it was refused.
	FormURL   string
	FormError string
}

type exportCheckData struct {
	Global []report.Problem
	Rows   []exportCheckRow // the first claims with problems (checkRowsShown)
	// Warned are the first passing claims with warnings (a statement
	// longer than the readers show, or none yet).
	Warned  []exportCheckRow
	Passing int
	Total   int
	Failing int    // claims with problems, shown or not
	More    int    // claims with problems beyond Rows
	Filter  string // the filter's query, for the links
	// FilterValues go into the forms as hidden fields, so a saved link
	// comes back to the same check.
	FilterValues      url.Values
	ExportURL         string
	ForceURL          string
	CanChangeSettings bool
}

// handleExportCheck lists, for the done claims the filters select, every
// reason their ClaimReview is not fit to publish, each with a way to fix
// it, and offers the export anyway without them.
func (s *Server) handleExportCheck(w http.ResponseWriter, r *http.Request) error {
	f, err := exportFilter(r.URL.Query())
	if err != nil {
		return err
	}
	if err := report.Validate(r.Context(), s.store, f); err != nil {
		return err
	}
	return s.renderExportCheck(w, r, http.StatusOK, f, 0, "", "")
}

// checkRowsShown is how many claims with problems the check page lists
// (a variable so a test can make it small).
var checkRowsShown = 100

func (s *Server) renderExportCheck(w http.ResponseWriter, r *http.Request, status int, f report.Filter, formClaim int64, formURL, formErr string) error {
	ctx := r.Context()
	rs, global, err := report.Reviews(ctx, s.store, f)
	if err != nil {
		return fmt.Errorf("export check: %w", err)
	}
	fq := filterQuery(f)
	d := exportCheckData{Global: global, Total: len(rs), Filter: fq.Encode(), FilterValues: filterQuery(f)}
	d.CanChangeSettings = review.Can(userFrom(ctx), review.ActionManageSettings)
	fq.Set("format", "claimreview")
	d.ExportURL = "/export?" + fq.Encode()
	fq.Set("force", "1")
	d.ForceURL = "/export?" + fq.Encode()
	for _, rv := range rs {
		if len(rv.Problems) == 0 {
			d.Passing++
			if len(rv.Warnings) > 0 && len(d.Warned) < checkRowsShown {
				d.Warned = append(d.Warned, exportCheckRow{ClaimID: rv.ClaimID, ArticleID: rv.ArticleID, Claim: rv.Claim, Problems: rv.Warnings})
			}
			continue
		}
		d.Failing++
		// A page of thousands of forms helps nobody and costs a lookup
		// each: the first ones are shown (and the one just saved), the
		// rest counted.
		if len(d.Rows) >= checkRowsShown && rv.ClaimID != formClaim {
			d.More++
			continue
		}
		row := exportCheckRow{ClaimID: rv.ClaimID, ArticleID: rv.ArticleID, Claim: rv.Claim, URL: rv.Doc.URL, Problems: append(rv.Problems, rv.Warnings...)}
		c, err := s.store.Claim(ctx, rv.ClaimID)
		if err != nil {
			return fmt.Errorf("export check: %w", err)
		}
		row.Version = c.Version
		row.FormURL = c.ReviewURL
		if rv.ClaimID == formClaim {
			row.FormURL, row.FormError = formURL, formErr
		}
		d.Rows = append(d.Rows, row)
	}
	return s.render(w, r, status, "export_check", d)
}

// handleExportReviewURL sets a claim's published fact-check URL from the
// check page (POST /export/claims/{id}/review-url: version, review_url and
// the filters of the page), then shows the check again.
func (s *Server) handleExportReviewURL(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f, err := exportFilter(r.PostForm)
	if err != nil {
		return err
	}
	version, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err != nil {
		return review.Invalid("version", "the form is incomplete: reload the page")
	}
	value := strings.TrimSpace(r.PostForm.Get("review_url"))
	_, err = s.store.UpdateClaim(r.Context(), userFrom(r.Context()), id, review.ClaimUpdate{Version: version, ReviewURL: &value})
	if v, ok := review.AsValidation(err); ok && v.Fields["review_url"] != "" {
		return s.renderExportCheck(w, r, http.StatusUnprocessableEntity, f, id, value, v.Fields["review_url"])
	}
	if err != nil {
		return err
	}
	if value == "" {
		s.flash(w, r, fmt.Sprintf("Claim #%d now uses the link made from publish.base_url.", id))
	} else {
		s.flash(w, r, fmt.Sprintf("Claim #%d is published at %s.", id, value))
	}
	s.redirect(w, r, "/export/check?"+filterQuery(f).Encode())
	return nil
}
