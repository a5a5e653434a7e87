package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"claimdesk/review"
	"claimdesk/review/report"
)

// exportLink is one format of the export of what a page lists.
type exportLink struct{ Label, Href string }

// exportFormats are the formats /export writes, as the buttons name them.
var exportFormats = []struct{ Format, Label string }{
	{"csv", "CSV"}, {"json", "JSON"}, {"md", "Markdown"}, {"html", "HTML"}, {"claimreview", "ClaimReview"},
}

// exportLinks links /export for every format with the page's filters, for
// those allowed to export; nil otherwise, so the page shows no dead button.
func exportLinks(u *review.User, filters url.Values) []exportLink {
	if !review.Can(u, review.ActionExport) {
		return nil
	}
	out := make([]exportLink, 0, len(exportFormats))
	for _, f := range exportFormats {
		q := url.Values{}
		for k, vs := range filters {
			for _, v := range vs {
				if v != "" {
					q.Add(k, v)
				}
			}
		}
		q.Set("format", f.Format)
		out = append(out, exportLink{Label: f.Label, Href: "/export?" + q.Encode()})
		if f.Format == "html" {
			// The report opens in the browser; this saves it.
			q.Set("download", "1")
			out = append(out, exportLink{Label: "(download)", Href: "/export?" + q.Encode()})
		}
	}
	return out
}

// --- the list ------------------------------------------------------------------

// articleListData is the articles page.
type articleListData struct {
	Articles []articleRow
	// Filter values as given, for the form.
	Status, Assignee, Since, Until string
	FilterError                    string
	Users                          []review.User
	Exports                        []exportLink
	// NextPage goes on after the last article shown ("" at the end);
	// FirstPage goes back to the start ("" on the first page).
	NextPage, FirstPage string
}

// articlesPerPage is how many articles a page of the list shows. A
// variable so a test can make pages small.
var articlesPerPage = 100

// assigneeID resolves the assignee filter: a user name, "me", or "" for
// anyone. Unknown names are a message, not an empty list that looks like
// "nothing assigned".
func (s *Server) assigneeID(r *http.Request, name string) (int64, error) {
	switch name {
	case "":
		return 0, nil
	case "me":
		return userFrom(r.Context()).ID, nil
	}
	u, err := s.store.UserByName(r.Context(), name)
	if err != nil {
		if errors.Is(err, review.ErrNotFound) {
			return 0, review.Invalid("assignee", fmt.Sprintf("there is no user named %q", name))
		}
		return 0, err
	}
	return u.ID, nil
}

// handleArticleList serves GET /articles: every article with its progress,
// filtered by status, assignee and import date.
func (s *Server) handleArticleList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := articleListData{Status: q.Get("status"), Assignee: q.Get("assignee"), Since: q.Get("since"), Until: q.Get("until")}
	f := review.ArticleFilter{Limit: articlesPerPage + 1}
	var bad []string
	// Pages go on by cursor (after= the last article shown), never by
	// offset: a page far down the list costs what the first does.
	if after, err := articleCursor(r); err != nil {
		bad = append(bad, review.Reason(err))
	} else {
		f.After = after
	}
	if d.Status != "" {
		if !review.ValidStatus(review.Status(d.Status)) {
			bad = append(bad, fmt.Sprintf("%q is not a status", d.Status))
		}
		f.Status = review.Status(d.Status)
	}
	id, err := s.assigneeID(r, d.Assignee)
	if v, ok := review.AsValidation(err); ok {
		bad = append(bad, v.Fields["assignee"])
	} else if err != nil {
		return fmt.Errorf("articles: %w", err)
	}
	f.AssigneeID = id
	if d.Since != "" {
		t, err := report.ParseDay("since", d.Since)
		if err != nil {
			bad = append(bad, "since: "+err.(*review.ValidationError).Fields["since"])
		}
		f.Since = t
	}
	if d.Until != "" {
		t, err := report.ParseDay("until", d.Until)
		if err != nil {
			bad = append(bad, "until: "+err.(*review.ValidationError).Fields["until"])
		} else {
			f.Until = t.Add(24 * time.Hour) // the whole day named
		}
	}
	if len(bad) > 0 {
		// A filter that cannot be read must not silently list everything.
		d.FilterError = strings.Join(bad, "; ")
	} else {
		as, err := s.store.Articles(r.Context(), f)
		if v, ok := review.AsValidation(err); ok {
			d.FilterError = v.Fields["after"]
		} else if err != nil {
			return fmt.Errorf("articles: %w", err)
		}
		if len(as) > articlesPerPage {
			as = as[:articlesPerPage]
			d.NextPage = "/articles?" + pageQuery(q, "after", strconv.FormatInt(as[len(as)-1].ID, 10))
		}
		if f.After != 0 {
			d.FirstPage = "/articles?" + pageQuery(q, "after", "")
		}
		d.Articles = articleRows(as)
	}
	if d.Users, err = s.store.Users(r.Context()); err != nil {
		return fmt.Errorf("articles: %w", err)
	}
	d.Exports = exportLinks(userFrom(r.Context()), url.Values{
		"status": {d.Status}, "assignee": {d.Assignee}, "since": {d.Since}, "until": {d.Until}})
	status := http.StatusOK
	if d.FilterError != "" {
		status = http.StatusBadRequest
	}
	return s.render(w, r, status, "articles", d)
}

// --- bringing an article in ------------------------------------------------------

// articleForm is the new-article form's values and its messages per field.
type articleForm struct {
	Title, Outlet, Author, URL, Published, Text, Format string
	Errors                                              map[string]string
	// Suggestion is the title the import would give the text (after
	// "Suggest a title"); Suggested says the button was used, FileAgain
	// that a chosen file must be chosen again (a page cannot refill it).
	Suggestion           string
	Suggested, FileAgain bool
}

// handleArticleNew serves GET /articles/new.
func (s *Server) handleArticleNew(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "article_new", newArticleData{Form: articleForm{Format: "text"}, Limit: humanBytes(int64(s.store.MaxArticleBytes))})
}

// newArticleData is the new-article page.
type newArticleData struct {
	Form  articleForm
	Limit string
}

// uploadTypes are the files an article may come from, by extension.
var uploadTypes = map[string]string{".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}

// shown is a form value as a page may show it again: bytes that are not
// UTF-8 (which the store refuses, naming the field) become U+FFFD.
func shown(v string) string { return strings.ToValidUTF8(v, "\uFFFD") }

// handleArticleCreate serves POST /articles: pasted text or Markdown, or an
// uploaded .txt/.md/.html file, with the article's details. Bad input gives
// the form back with a message on the field and nothing stored; what is
// acceptable (text, size, links, dates, the title when none is given) is
// the store's to say.
//
// With suggest=1 (the form's "Suggest a title" button, for browsers
// without JavaScript) nothing is stored: the form comes back with the
// title the import would give filled in, for the person to keep or change.
func (s *Server) handleArticleCreate(w http.ResponseWriter, r *http.Request) error {
	in, f, hasFile, errs, err := s.readArticleForm(r)
	if err != nil {
		return err
	}
	if r.PostForm.Get("suggest") != "" {
		f.Suggestion = s.store.SuggestTitle(in)
		f.Suggested, f.FileAgain = true, hasFile
		if f.Title == "" {
			f.Title = f.Suggestion
		}
		if errs["text"] == "Paste the article's text, or choose a file to upload." {
			f.Errors = errs
		}
		return s.render(w, r, http.StatusOK, "article_new", newArticleData{Form: f, Limit: humanBytes(int64(s.store.MaxArticleBytes))})
	}
	if len(errs) > 0 {
		f.Errors = errs
		return s.render(w, r, http.StatusBadRequest, "article_new", newArticleData{Form: f, Limit: humanBytes(int64(s.store.MaxArticleBytes))})
	}
	a, _, err := s.store.ImportArticle(r.Context(), userFrom(r.Context()), in)
	var v *review.ValidationError
	switch {
	case err == nil:
		s.redirect(w, r, fmt.Sprintf("/articles/%d", a.ID))
		return nil
	case errors.Is(err, review.ErrConflict) && a != nil:
		s.flash(w, r, fmt.Sprintf("This text was already imported as “%s”.", a.Title))
		s.redirect(w, r, fmt.Sprintf("/articles/%d", a.ID))
		return nil
	case errors.Is(err, review.ErrTooLarge):
		s.articleTooLarge(w, r)
		return nil
	case errors.As(err, &v):
		f.Errors = articleFieldErrors(v, hasFile)
		return s.render(w, r, http.StatusBadRequest, "article_new", newArticleData{Form: f, Limit: humanBytes(int64(s.store.MaxArticleBytes))})
	}
	return fmt.Errorf("import article: %w", err)
}

// readArticleForm reads the new-article form: the article as the store
// takes it, the form's values to show again, and the form's messages on
// where the text comes from (see articleText). err is a form that could
// not be read at all.
func (s *Server) readArticleForm(r *http.Request) (in review.NewArticle, f articleForm, hasFile bool, errs map[string]string, err error) {
	if err := parseForm(r); err != nil {
		return in, f, false, nil, err
	}
	in = review.NewArticle{Title: strings.TrimSpace(r.FormValue("title")), URL: strings.TrimSpace(r.FormValue("url")),
		Outlet: strings.TrimSpace(r.FormValue("outlet")), Author: strings.TrimSpace(r.FormValue("author")),
		Published: strings.TrimSpace(r.FormValue("published"))}
	text := r.FormValue("text")
	f = articleForm{Title: shown(in.Title), Outlet: shown(in.Outlet), Author: shown(in.Author), URL: shown(in.URL),
		Published: shown(in.Published), Text: shown(text), Format: r.FormValue("format")}
	if f.Format != "markdown" {
		f.Format = "text"
	}
	hasFile, errs = s.articleText(r, text, f.Format == "markdown", &in)
	return in, f, hasFile, errs, nil
}

// handleTitleSuggestion serves POST /articles/title: the new-article form
// as it stands (pasted text or chosen file) in, the title the import would
// give it out, as JSON ({"title": "..."}; "" when the text gives none).
// The form's script shows it while the person pastes; the rule stays the
// store's alone (review.Store.SuggestTitle).
func (s *Server) handleTitleSuggestion(w http.ResponseWriter, r *http.Request) error {
	in, _, _, _, err := s.readArticleForm(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, struct {
		Title string `json:"title"`
	}{s.store.SuggestTitle(in)})
	return nil
}

// articleText decides where the article's text comes from, the pasted
// text or the uploaded file (one of them, not both), and puts it in in;
// the form's messages otherwise.
func (s *Server) articleText(r *http.Request, text string, markdown bool, in *review.NewArticle) (hasFile bool, errs map[string]string) {
	errs = map[string]string{}
	file, hdr, ferr := r.FormFile("file")
	hasFile = ferr == nil && hdr.Filename != ""
	if ferr != nil && !errors.Is(ferr, http.ErrMissingFile) {
		errs["file"] = "The file could not be read; please choose it again."
	}
	if file != nil {
		defer file.Close()
	}
	hasText := strings.TrimSpace(text) != ""
	switch {
	case hasFile && hasText:
		errs["text"] = "Paste a text or upload a file, not both."
	case hasFile:
		kind, body, msg := s.readUpload(file, hdr.Filename)
		if msg != "" {
			errs["file"] = msg
			break
		}
		switch kind {
		case "html":
			in.HTML = body
		case "markdown":
			in.Text, in.Markdown = body, true
		default:
			in.Text = body
		}
	case hasText:
		// Browsers send form text with CRLF line ends; the article keeps
		// plain LF so offsets match what the page shows.
		in.Text = strings.ReplaceAll(text, "\r\n", "\n")
		in.Markdown = markdown
	case len(errs) == 0:
		errs["text"] = "Paste the article's text, or choose a file to upload."
	}
	return hasFile, errs
}

// readUpload reads an uploaded file of a type claimdesk reads (by its
// name's extension), at most one byte over the article limit: enough for
// the store to refuse it. msg says what is wrong with the upload itself.
func (s *Server) readUpload(file io.Reader, name string) (kind, body, msg string) {
	kind, ok := uploadTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		return "", "", fmt.Sprintf("%q is not a file type claimdesk reads: upload a .txt, .md or .html file.", name)
	}
	b, err := io.ReadAll(io.LimitReader(file, int64(s.store.MaxArticleBytes)+1))
	if err != nil {
		return "", "", "The file could not be read; please choose it again."
	}
	if strings.TrimSpace(string(b)) == "" {
		return "", "", "The file is empty."
	}
	return kind, string(b), ""
}

// articleFieldErrors puts the store's messages on the form's fields: the
// text's (or the HTML page's) on the file when one was uploaded.
func articleFieldErrors(v *review.ValidationError, hasFile bool) map[string]string {
	out := map[string]string{}
	for k, m := range v.Fields {
		switch k {
		case "title", "outlet", "author", "url", "published":
			out[k] = sentence(m)
		case "html", "body", "text":
			if hasFile {
				out["file"] = m
			} else {
				out["text"] = m
			}
		default:
			out["text"] = m
		}
	}
	return out
}

// articleTooLarge answers an article over the article limit (which is
// smaller than the request cap, so the cap's 413 would name the wrong
// number) with 413 and the article limit in words.
func (s *Server) articleTooLarge(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too large",
		fmt.Sprintf("The article is larger than the limit of %s. Split it into parts, or bring in only the text to check.",
			humanBytes(int64(s.store.MaxArticleBytes))), nil)
}

// --- the article page ------------------------------------------------------------

// detailsForm is the article's editable details and their messages.
type detailsForm struct {
	Title, Outlet, Author, URL, Published string
	Errors                                map[string]string
}

// addForm is the "add a claim" form: a span by offsets or by its text.
type addForm struct {
	Start, End, Quote string
	Errors            map[string]string
}

// articleData is the article page.
type articleData struct {
	Article        *review.Article
	Segments       []segment
	Hidden         []hidden
	Claims         []review.Claim // the claims in text order (no candidates, no dismissed)
	Candidates     []review.Claim
	Dismissed      []review.Claim
	CandidateCount int
	ShowCandidates bool
	Details        detailsForm
	Add            addForm
	MergeError     string
	Exports        []exportLink
}

// loadArticlePage gathers the article page for id.
func (s *Server) loadArticlePage(r *http.Request, id int64) (*articleData, error) {
	ctx := r.Context()
	a, err := s.store.Article(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("article %d: %w", id, err)
	}
	all, err := s.store.Claims(ctx, review.ClaimFilter{ArticleID: id, IncludeCandidates: true})
	if err != nil {
		return nil, fmt.Errorf("article %d: claims: %w", id, err)
	}
	d := &articleData{Article: a, ShowCandidates: r.URL.Query().Get("candidates") == "1",
		Details: detailsForm{Title: a.Title, Outlet: a.Outlet, Author: a.Author, URL: a.URL, Published: a.Published}}
	var marked []review.Claim
	for _, c := range all {
		switch {
		case c.Status == review.StatusDismissed:
			d.Dismissed = append(d.Dismissed, c)
		case c.Candidate:
			d.CandidateCount++
			d.Candidates = append(d.Candidates, c)
			if d.ShowCandidates {
				marked = append(marked, c)
			}
		default:
			d.Claims = append(d.Claims, c)
			marked = append(marked, c)
		}
	}
	d.Segments, d.Hidden = segmentText(a.Body, marked)
	d.Exports = exportLinks(userFrom(ctx), url.Values{"article": {strconv.FormatInt(id, 10)}})
	return d, nil
}

// handleArticleShow serves GET /articles/{id}: the text with every claim
// highlighted in place, the claims beside it, and the forms that change them.
func (s *Server) handleArticleShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.loadArticlePage(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "article", d)
}

// handleArticleUpdate serves POST /articles/{id}: the article's details.
func (s *Server) handleArticleUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	u := review.ArticleUpdate{
		Title: strings.TrimSpace(r.PostFormValue("title")), Outlet: strings.TrimSpace(r.PostFormValue("outlet")),
		Author: strings.TrimSpace(r.PostFormValue("author")), URL: strings.TrimSpace(r.PostFormValue("url")),
		Published: strings.TrimSpace(r.PostFormValue("published")),
	}
	_, err = s.store.UpdateArticle(r.Context(), userFrom(r.Context()), id, u)
	if err == nil {
		s.flash(w, r, "The article's details are saved.")
		s.redirect(w, r, fmt.Sprintf("/articles/%d", id))
		return nil
	}
	v, ok := review.AsValidation(err)
	if !ok {
		return fmt.Errorf("update article %d: %w", id, err)
	}
	errs := map[string]string{}
	for k, m := range v.Fields {
		errs[k] = sentence(m)
	}
	d, err := s.loadArticlePage(r, id)
	if err != nil {
		return err
	}
	d.Details = detailsForm{Title: shown(u.Title), Outlet: shown(u.Outlet), Author: shown(u.Author), URL: shown(u.URL),
		Published: shown(u.Published), Errors: errs}
	return s.render(w, r, http.StatusBadRequest, "article", d)
}

// handleClaimAdd serves POST /articles/{id}/claims: a span of the text
// becomes a claim (a selection, offsets, the quoted words, or a candidate
// promoted).
func (s *Server) handleClaimAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := s.store.Article(r.Context(), id)
	if err != nil {
		return fmt.Errorf("add claim: %w", err)
	}
	form := addForm{Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Quote: r.PostFormValue("quote")}
	start, end, err := review.FindSpan(a.Body, form.Start, form.End, form.Quote)
	if err == nil {
		var c *review.Claim
		if c, err = s.store.AddClaim(r.Context(), userFrom(r.Context()), id, start, end); err == nil {
			msg := fmt.Sprintf("Claim #%d added.", c.ID)
			// Adding the same words twice is allowed (a claim inside a
			// claim is real), but it is said.
			if same, err := s.store.MostlyOverlapping(r.Context(), c); err == nil && len(same) > 0 {
				var ids []string
				for _, o := range same {
					ids = append(ids, fmt.Sprintf("#%d", o.ID))
				}
				msg += fmt.Sprintf(" Warning: it and %s share most of their words; check it is not a duplicate.", strings.Join(ids, ", "))
			}
			s.flash(w, r, msg)
			s.redirect(w, r, fmt.Sprintf("/articles/%d#claim-%d", id, c.ID))
			return nil
		}
	}
	v, ok := review.AsValidation(err)
	if !ok {
		return fmt.Errorf("add claim: %w", err)
	}
	errs := map[string]string{}
	for k, m := range v.Fields {
		if k != "start" && k != "end" {
			k = "quote"
		}
		errs[k] = sentence(m)
	}
	d, err := s.loadArticlePage(r, id)
	if err != nil {
		return err
	}
	form.Errors = errs
	form.Quote = shown(form.Quote)
	d.Add = form
	return s.render(w, r, http.StatusBadRequest, "article", d)
}

// handleClaimMerge serves POST /articles/{id}/merge: the two claims ticked
// in the side list become one spanning both.
func (s *Server) handleClaimMerge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ids := r.PostForm["ids"]
	msg := ""
	var a, b int64
	var va, vb int64
	if len(ids) != 2 {
		msg = fmt.Sprintf("Tick exactly two claims to merge (you ticked %d).", len(ids))
	} else {
		var e1, e2, e3, e4 error
		a, e1 = strconv.ParseInt(ids[0], 10, 64)
		b, e2 = strconv.ParseInt(ids[1], 10, 64)
		va, e3 = strconv.ParseInt(r.PostFormValue("version-"+ids[0]), 10, 64)
		vb, e4 = strconv.ParseInt(r.PostFormValue("version-"+ids[1]), 10, 64)
		if errors.Join(e1, e2, e3, e4) != nil {
			msg = "The merge form is incomplete; reload the page and try again."
		}
	}
	if msg == "" {
		c, err := s.store.MergeClaims(r.Context(), userFrom(r.Context()), a, b, va, vb)
		if err == nil {
			s.flash(w, r, fmt.Sprintf("Claims #%d and #%d merged into claim #%d.", a, b, c.ID))
			s.redirect(w, r, fmt.Sprintf("/articles/%d#claim-%d", id, c.ID))
			return nil
		}
		v, ok := review.AsValidation(err)
		if !ok {
			return fmt.Errorf("merge claims: %w", err)
		}
		msg = strings.Join(fieldMessages(v), " ")
	}
	d, err := s.loadArticlePage(r, id)
	if err != nil {
		return err
	}
	d.MergeError = msg
	return s.render(w, r, http.StatusBadRequest, "article", d)
}

// fieldMessages lists a validation error's messages in field order, each
// as a sentence.
func fieldMessages(v *review.ValidationError) []string {
	var out []string
	for _, f := range sortedFields(v.Fields) {
		out = append(out, sentence(f.Message))
	}
	return out
}

// sentence makes a store's message ("say why the claim is dismissed") read
// as a sentence on a page: a capital first and a full stop.
func sentence(m string) string {
	m = strings.TrimSpace(m)
	if m == "" {
		return m
	}
	return upperFirst(strings.TrimRight(m, ".")) + "."
}
