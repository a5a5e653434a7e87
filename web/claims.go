package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"claimdesk/claims"
	"claimdesk/review"
	"claimdesk/review/report"
)

// claimForm is the claim form's values as sent, and a message per field.
type claimForm struct {
	Status, Verdict, Conclusion, Assignee, Note string
	// ReviewURL is the published fact-check's link an editor sets (the
	// "Published fact-check" form); empty means the settings' link.
	ReviewURL string
	// Statement is the claim as checked (the "Statement" form).
	Statement string
	// ClaimantName is who made the claim (the "Claimant" form).
	ClaimantName string
	// DismissCode and DismissReason say why a claim is dismissed (the
	// dismiss forms).
	DismissCode, DismissReason string
	Errors                     map[string]string
}

// evidenceForm is the add-evidence form's values and messages.
type evidenceForm struct {
	URL, Title, Publisher, Accessed, Stance, Quote string
	Errors                                         map[string]string
}

// statusOption is one choice of the status select.
type statusOption struct {
	Value    review.Status
	Selected bool
}

// splitPoint is a place a claim can be split: after a sentence or a clause.
type splitPoint struct {
	At            int
	Before, After string
}

// claimData is the claim page.
type claimData struct {
	Claim         *review.Claim
	Article       *review.Article
	Before, After string
	Verdicts      []review.Verdict
	Users         []review.User
	Evidence      []review.Evidence
	Comments      []review.Comment
	History       []review.HistoryEntry
	Matches       []review.Match
	Prev, Next    *review.Claim
	From          string // "queue" when moving in queue order
	StatusOptions []statusOption
	// ReasonGroups are the score's reasons in a reader's words
	// (claims.GroupReasons); Threshold is the score at which a sentence
	// is a claim rather than a candidate.
	ReasonGroups []claims.ReasonGroup
	Threshold    float64
	Form         claimForm
	EvidenceForm evidenceForm
	CommentBody  string
	CommentError string
	SplitError   string
	ActionError  string
	SplitPoints  []splitPoint
	Editor       bool
	Mine         bool
	CanSignOff   bool
	Locked       bool // done or dismissed: the main form is read-only
	// CanEditStatement: an open claim for anyone who works on claims, a
	// done one for editors (the store's rule; this only hides the form).
	CanEditStatement bool
	StatementTarget  int
	StatementMax     int
	// Claimants are the first names of the registry, offered as the
	// claimant's name is typed; app.js asks /api/v1/claimant-names for the
	// names that begin with what was typed.
	Claimants      []string
	Exports        []exportLink
	StanceOptions  []review.Stance
	SignOffMissing []string
	// Sources are the library's most used sources, offered as the URL is
	// typed: a known URL is reused, not stored twice.
	Sources []review.Source
	// DefaultReviewURL is where the fact-check is published when no editor
	// set a link: publish.base_url and the claim's slug ("" when the
	// setting is empty). Loaded for editors only.
	DefaultReviewURL string
	// ReviewPage links the claim's published review page: a done claim,
	// for those allowed to export.
	ReviewPage string
}

// neighbours finds the claims before and after id: in the queue's order
// when from is "queue", otherwise in the article's text order.
func (s *Server) neighbours(r *http.Request, c *review.Claim, from string) (prev, next *review.Claim, err error) {
	if from != "queue" {
		// Only the two neighbours in text order, not the whole article.
		return s.store.ArticleNeighbours(r.Context(), c)
	}
	list, err := s.store.Queue(r.Context(), userFrom(r.Context()))
	if err != nil {
		return nil, nil, err
	}
	for i := range list {
		if list[i].ID != c.ID {
			continue
		}
		if i > 0 {
			prev = &list[i-1]
		}
		if i+1 < len(list) {
			next = &list[i+1]
		}
		return prev, next, nil
	}
	// The claim left the list (done, say): the queue's first is next.
	if from == "queue" && len(list) > 0 {
		next = &list[0]
	}
	return prev, next, nil
}

// splitPoints offers the places a claim's text divides naturally: after a
// sentence, a semicolon, a colon or a comma, and before "and", "but",
// "while", "whereas". Each point leaves words on both sides.
func splitPoints(c *review.Claim) []splitPoint {
	text := c.Text
	seen := map[int]bool{}
	var pts []splitPoint
	add := func(at int) {
		b, a := strings.TrimSpace(text[:at]), strings.TrimSpace(text[at:])
		if at <= 0 || at >= len(text) || seen[at] || b == "" || a == "" {
			return
		}
		seen[at] = true
		pts = append(pts, splitPoint{At: c.Start + at, Before: tail(b, 60), After: head(a, 60)})
	}
	for _, sn := range claims.Segment(text) {
		add(sn.End)
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case ';', ':', ',':
			if i+1 < len(text) && text[i+1] == ' ' {
				add(i + 1)
			}
		case ' ':
			for _, w := range []string{"and ", "but ", "while ", "whereas "} {
				if strings.HasPrefix(text[i+1:], w) {
					add(i)
				}
			}
		}
	}
	// In text order, so the list reads like the claim.
	for i := 1; i < len(pts); i++ {
		for j := i; j > 0 && pts[j].At < pts[j-1].At; j-- {
			pts[j], pts[j-1] = pts[j-1], pts[j]
		}
	}
	return pts
}

func head(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func tail(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return "…" + string(rs[len(rs)-n:])
}

// loadClaimPage gathers everything the claim page shows.
func (s *Server) loadClaimPage(r *http.Request, id int64) (*claimData, error) {
	ctx := r.Context()
	u := userFrom(ctx)
	c, err := s.store.Claim(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("claim %d: %w", id, err)
	}
	d := &claimData{Claim: c, From: r.URL.Query().Get("from"), Editor: review.Can(u, review.ActionSignOff),
		StanceOptions: []review.Stance{review.StanceSupports, review.StanceRefutes, review.StanceContext}}
	if d.From == "" {
		d.From = r.PostFormValue("from")
	}
	d.ReasonGroups = claims.GroupReasons(c.Reasons)
	d.Threshold = s.store.Threshold()
	if d.From != "queue" {
		d.From = ""
	}
	d.Mine = c.AssigneeID == u.ID
	if d.Article, err = s.store.Article(ctx, c.ArticleID); err != nil {
		return nil, fmt.Errorf("claim %d: article: %w", id, err)
	}
	if d.Before, d.After, err = review.ContextIn(d.Article.Body, c, 2); err != nil {
		return nil, fmt.Errorf("claim %d: context: %w", id, err)
	}
	// The context shows the article's own line breaks (white-space:
	// pre-line), so keep the ones between it and the claim too: a claim
	// that opens a paragraph is shown opening one.
	if body := d.Article.Body; c.Start <= c.End && c.End <= len(body) {
		if d.Before != "" {
			gap := body[:c.Start]
			d.Before += gap[len(strings.TrimRight(gap, " \t\r\n")):]
		}
		if d.After != "" {
			gap := body[c.End:]
			d.After = gap[:len(gap)-len(strings.TrimLeft(gap, " \t\r\n"))] + d.After
		}
	}
	if d.Verdicts, err = s.store.Verdicts(ctx); err != nil {
		return nil, err
	}
	if d.Editor {
		if d.Users, err = s.store.Users(ctx); err != nil {
			return nil, err
		}
	}
	if d.Evidence, err = s.store.Evidence(ctx, id); err != nil {
		return nil, fmt.Errorf("claim %d: evidence: %w", id, err)
	}
	if d.Comments, err = s.store.Comments(ctx, id); err != nil {
		return nil, fmt.Errorf("claim %d: comments: %w", id, err)
	}
	if d.History, err = s.store.History(ctx, id); err != nil {
		return nil, fmt.Errorf("claim %d: history: %w", id, err)
	}
	if d.Sources, err = s.store.Sources(ctx, 200); err != nil {
		return nil, fmt.Errorf("claim %d: sources: %w", id, err)
	}
	if d.Matches, err = s.store.Matches(ctx, id); err != nil {
		return nil, fmt.Errorf("claim %d: matches: %w", id, err)
	}
	if d.Prev, d.Next, err = s.neighbours(r, c, d.From); err != nil {
		return nil, fmt.Errorf("claim %d: neighbours: %w", id, err)
	}
	d.Locked = c.Status == review.StatusDone || c.Status == review.StatusDismissed
	d.StatementTarget, d.StatementMax = review.StatementTargetRunes, review.MaxStatementRunes
	if d.Claimants, err = s.store.ClaimantNames(ctx, "", claimantSuggestions); err != nil {
		return nil, fmt.Errorf("claim %d: claimants: %w", id, err)
	}
	switch c.Status {
	case review.StatusDone:
		d.CanEditStatement = review.Can(userFrom(r.Context()), review.ActionSetStatement)
	case review.StatusDismissed:
	default:
		d.CanEditStatement = review.Can(userFrom(r.Context()), review.ActionResearch)
	}
	opts := []review.Status{review.StatusNew, review.StatusResearching, review.StatusNeedsReview}
	if d.Locked {
		opts = []review.Status{c.Status}
	}
	for _, st := range opts {
		d.StatusOptions = append(d.StatusOptions, statusOption{Value: st, Selected: st == c.Status})
	}
	d.CanSignOff = d.Editor && c.Status == review.StatusNeedsReview
	if d.CanSignOff {
		// Say before the click what a sign-off still needs.
		if c.Verdict == "" {
			d.SignOffMissing = append(d.SignOffMissing, "a verdict")
		}
		if strings.TrimSpace(c.Conclusion) == "" {
			d.SignOffMissing = append(d.SignOffMissing, "a written conclusion")
		}
		if len(d.Evidence) == 0 {
			d.SignOffMissing = append(d.SignOffMissing, "at least one piece of evidence")
		}
	}
	d.Form = claimForm{Status: string(c.Status), Verdict: c.Verdict, Conclusion: c.Conclusion, Assignee: c.Assignee, ReviewURL: c.ReviewURL, Statement: c.Statement, ClaimantName: c.Claimant}
	if d.Editor {
		base, err := s.store.Setting(ctx, "publish.base_url")
		if err != nil {
			return nil, fmt.Errorf("claim %d: %w", id, err)
		}
		if base = strings.TrimSpace(base); base != "" {
			d.DefaultReviewURL = strings.TrimRight(base, "/") + "/" + report.Slug(c.ID, c.Text, c.Slug)
		}
	}
	d.EvidenceForm = evidenceForm{Accessed: s.store.Now().UTC().Format("2006-01-02")}
	if !c.Candidate && d.Article != nil {
		d.SplitPoints = splitPoints(c)
	}
	d.Exports = exportLinks(u, url.Values{"article": {strconv.FormatInt(c.ArticleID, 10)}})
	if c.Status == review.StatusDone && review.Can(u, review.ActionExport) {
		d.ReviewPage = fmt.Sprintf("/claims/%d/review", c.ID)
	}
	return d, nil
}

// claimURL is the claim page, keeping the order j/k move in.
func claimURL(id int64, from string) string {
	if from == "queue" {
		return fmt.Sprintf("/claims/%d?from=queue", id)
	}
	return fmt.Sprintf("/claims/%d", id)
}

// handleClaimShow serves GET /claims/{id}.
func (s *Server) handleClaimShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.loadClaimPage(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "claim", d)
}

// handleClaimUpdate serves POST /claims/{id}: the claim form, the sign-off,
// reopen, dismiss, restore and the assign buttons all post here with the
// version they were read at. Only the fields sent and changed are saved; a
// stale version is the conflict page (409) with both sides.
func (s *Server) handleClaimUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	version, err := strconv.ParseInt(f.Get("version"), 10, 64)
	if err != nil {
		return review.Invalid("version", "The form is missing the claim's version; reload the claim and try again.")
	}
	cur, err := s.store.Claim(r.Context(), id)
	if err != nil {
		return fmt.Errorf("update claim %d: %w", id, err)
	}
	form := claimFormSent(f, cur)
	upd, intended := claimChanges(f, form, cur, userFrom(r.Context()), version)
	back := localTarget(f.Get("back"), claimURL(id, f.Get("from")))
	if intended == nil {
		if version != cur.Version {
			// Nothing of ours differs from what is there now: nothing is
			// lost, but say that the claim moved on.
			s.flash(w, r, "Nothing to save: the claim already reads as your form (someone else saved it meanwhile).")
		} else {
			s.flash(w, r, "Nothing changed.")
		}
		s.redirect(w, r, back)
		return nil
	}
	_, err = s.store.UpdateClaim(r.Context(), userFrom(r.Context()), id, upd)
	if err == nil {
		s.flash(w, r, updateMessage(upd))
		if f.Get("then") == "next" {
			if d, err := s.loadClaimPage(r, id); err == nil && d.Next != nil {
				back = claimURL(d.Next.ID, d.From)
			}
		}
		s.redirect(w, r, back)
		return nil
	}
	if stale := (*review.ConflictError)(nil); errors.As(err, &stale) {
		// The conflict page shows the form as sent; make that what the
		// person changed, not the fields they left alone.
		r.PostForm = intended
	}
	v, ok := review.AsValidation(err)
	if !ok {
		return fmt.Errorf("update claim %d: %w", id, err)
	}
	return s.claimFormAgain(w, r, cur, form, upd, v)
}

// claimFormSent is the claim form as sent. The small forms send only
// their own fields; the others keep the claim's values as it is now, so a
// form shown again with a message shows the claim.
func claimFormSent(f url.Values, cur *review.Claim) claimForm {
	form := claimForm{Status: f.Get("status"), Verdict: f.Get("verdict"), Conclusion: f.Get("conclusion"),
		Assignee: f.Get("assignee"), Note: strings.TrimSpace(f.Get("note")), ReviewURL: strings.TrimSpace(f.Get("review_url")),
		Statement: f.Get("statement"), ClaimantName: f.Get("claimant_name"),
		DismissCode: f.Get("dismiss_code"), DismissReason: strings.TrimSpace(f.Get("dismiss_reason")), Errors: map[string]string{}}
	for _, x := range []struct {
		name string
		keep *string
		now  string
	}{{"status", &form.Status, string(cur.Status)}, {"verdict", &form.Verdict, cur.Verdict},
		{"conclusion", &form.Conclusion, cur.Conclusion}, {"assignee", &form.Assignee, cur.Assignee},
		{"review_url", &form.ReviewURL, cur.ReviewURL}, {"statement", &form.Statement, cur.Statement}, {"claimant_name", &form.ClaimantName, cur.Claimant}} {
		if _, sent := f[x.name]; !sent {
			*x.keep = x.now
		}
	}
	return form
}

// claimChanges decides which fields of the form the person changed: those
// are the update (at version), and, as form values, what the conflict page
// offers to apply again when the claim moved on. A field counts only when
// the person changed it: the claim form carries the values it showed
// (orig_*), so a field left alone is not sent back over someone else's
// newer value; the small forms (sign off, dismiss, assign) carry no orig_*
// and compare with the claim as it is now. intended is nil when nothing
// changed.
func claimChanges(f url.Values, form claimForm, cur *review.Claim, u *review.User, version int64) (upd review.ClaimUpdate, intended url.Values) {
	upd = review.ClaimUpdate{Version: version, Note: form.Note}
	intended = url.Values{"version": {f.Get("version")}}
	changed := false
	changedFrom := func(name, value, now string, fold bool) bool {
		if _, sent := f[name]; !sent {
			return false
		}
		base := now
		if orig, ok := f["orig_"+name]; ok {
			base = strings.ReplaceAll(orig[0], "\r\n", "\n")
		}
		if fold {
			return !strings.EqualFold(value, base)
		}
		return value != base
	}
	set := func(name string, field **string, value string) {
		*field, changed = &value, true
		intended.Set(name, value)
	}
	if changedFrom("status", form.Status, string(cur.Status), false) {
		st := review.Status(form.Status)
		upd.Status, changed = &st, true
		intended.Set("status", form.Status)
	}
	if changedFrom("verdict", form.Verdict, cur.Verdict, true) {
		set("verdict", &upd.Verdict, form.Verdict)
	}
	if conclusion := strings.ReplaceAll(form.Conclusion, "\r\n", "\n"); changedFrom("conclusion", conclusion, cur.Conclusion, false) {
		set("conclusion", &upd.Conclusion, conclusion)
	}
	assignee := form.Assignee
	if assignee == "me" {
		assignee = u.Name
	}
	if changedFrom("assignee", assignee, cur.Assignee, true) {
		set("assignee", &upd.Assignee, assignee)
	}
	if changedFrom("review_url", form.ReviewURL, cur.ReviewURL, false) {
		set("review_url", &upd.ReviewURL, form.ReviewURL)
	}
	if name := strings.Join(strings.Fields(form.ClaimantName), " "); changedFrom("claimant_name", name, cur.Claimant, true) {
		if name == "" {
			var none int64
			upd.ClaimantID = &none
		} else {
			upd.ClaimantName = &name
		}
		changed = true
		intended.Set("claimant_name", name)
	}
	if changedFrom("statement", form.Statement, cur.Statement, false) {
		set("statement", &upd.Statement, form.Statement)
	}
	if !changed {
		return upd, nil
	}
	if _, sent := f["dismiss_code"]; sent {
		upd.DismissCode = &form.DismissCode
		intended.Set("dismiss_code", form.DismissCode)
	}
	if _, sent := f["dismiss_reason"]; sent {
		upd.DismissReason = &form.DismissReason
		intended.Set("dismiss_reason", form.DismissReason)
	}
	if form.Note != "" {
		intended.Set("note", form.Note)
	}
	return upd, intended
}

// claimFormAgain shows the claim page again with the store's messages on
// the form's fields (400). The dismiss, reopen, restore and sign-off forms
// are small: their messages go above the main form so they are seen.
func (s *Server) claimFormAgain(w http.ResponseWriter, r *http.Request, cur *review.Claim, form claimForm, upd review.ClaimUpdate, v *review.ValidationError) error {
	for k, m := range v.Fields {
		if k == "review_url" {
			m = reviewURLMessage(m)
		}
		form.Errors[k] = sentence(m)
	}
	d, err := s.loadClaimPage(r, cur.ID)
	if err != nil {
		return err
	}
	if upd.Status != nil && (*upd.Status == review.StatusDismissed || cur.Status == review.StatusDone || cur.Status == review.StatusDismissed || *upd.Status == review.StatusDone) {
		d.ActionError = strings.Join(fieldMessages(&review.ValidationError{Fields: form.Errors}), " ")
	}
	form.Status, form.Verdict, form.Conclusion, form.Assignee, form.Note, form.ReviewURL = shown(form.Status), shown(form.Verdict),
		shown(form.Conclusion), shown(form.Assignee), shown(form.Note), shown(form.ReviewURL)
	d.Form = form
	return s.render(w, r, http.StatusBadRequest, "claim", d)
}

// reviewURLMessage turns the store's message on a refused fact-check link
// into a sentence for the field.
func reviewURLMessage(m string) string {
	return strings.TrimSuffix(sentence(m), ".") + ". Paste the full address of the published fact-check, or leave the field empty to use the link made from the settings."
}

// updateMessage says what a saved change did.
func updateMessage(u review.ClaimUpdate) string {
	if u.Statement != nil && u.Status == nil && u.Verdict == nil && u.Conclusion == nil && u.Assignee == nil && u.ReviewURL == nil {
		return "The statement is saved."
	}
	if (u.ClaimantID != nil || u.ClaimantName != nil) && u.Status == nil && u.Verdict == nil && u.Conclusion == nil && u.Assignee == nil {
		return "The claimant is saved."
	}
	if u.ReviewURL != nil && u.Status == nil && u.Verdict == nil && u.Conclusion == nil && u.Assignee == nil {
		if *u.ReviewURL == "" {
			return "The claim's fact-check link is now the one made from the settings."
		}
		return "The claim's fact-check link is saved."
	}
	if u.Status != nil {
		switch *u.Status {
		case review.StatusDone:
			return "Signed off: the claim is done."
		case review.StatusDismissed:
			return "The claim is dismissed."
		}
	}
	if u.Assignee != nil && u.Status == nil && u.Verdict == nil && u.Conclusion == nil {
		if *u.Assignee == "" {
			return "The claim is unassigned."
		}
		return "The claim is assigned to " + *u.Assignee + "."
	}
	return "Saved."
}

// handleClaimSplit serves POST /claims/{id}/split: at a byte offset inside
// the claim, chosen from the offered points or typed.
func (s *Server) handleClaimSplit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, verr := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	atS := strings.TrimSpace(r.PostFormValue("at"))
	if atS == "" {
		atS = strings.TrimSpace(r.PostFormValue("at_manual"))
	}
	at, aerr := strconv.Atoi(atS)
	msg := ""
	switch {
	case verr != nil:
		msg = "The form is missing the claim's version; reload the claim and try again."
	case aerr != nil:
		msg = "Choose where to split the claim, or give a byte offset inside it."
	default:
		a, b, err := s.store.SplitClaim(r.Context(), userFrom(r.Context()), id, version, at)
		if err == nil {
			s.flash(w, r, fmt.Sprintf("Split into claims #%d and #%d.", a.ID, b.ID))
			s.redirect(w, r, fmt.Sprintf("/claims/%d", a.ID))
			return nil
		}
		v, ok := review.AsValidation(err)
		if !ok {
			return fmt.Errorf("split claim %d: %w", id, err)
		}
		msg = strings.Join(fieldMessages(v), " ")
	}
	d, err := s.loadClaimPage(r, id)
	if err != nil {
		return err
	}
	d.SplitError = msg
	return s.render(w, r, http.StatusBadRequest, "claim", d)
}

// handleEvidenceAdd serves POST /claims/{id}/evidence.
func (s *Server) handleEvidenceAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	ef := evidenceForm{URL: strings.TrimSpace(f.Get("url")), Title: strings.TrimSpace(f.Get("title")),
		Publisher: strings.TrimSpace(f.Get("publisher")), Accessed: strings.TrimSpace(f.Get("accessed")),
		Stance: f.Get("stance"), Quote: strings.TrimSpace(strings.ReplaceAll(f.Get("quote"), "\r\n", "\n")), Errors: map[string]string{}}
	_, err = s.store.AddEvidence(r.Context(), userFrom(r.Context()), id, review.NewEvidence{
		URL: ef.URL, Title: ef.Title, Publisher: ef.Publisher, Accessed: ef.Accessed, Stance: review.Stance(ef.Stance), Quote: ef.Quote})
	if err == nil {
		s.flash(w, r, "Evidence added.")
		s.redirect(w, r, fmt.Sprintf("/claims/%d#evidence", id))
		return nil
	}
	v, ok := review.AsValidation(err)
	if !ok {
		return fmt.Errorf("add evidence to claim %d: %w", id, err)
	}
	for k, m := range v.Fields {
		ef.Errors[k] = sentence(m)
	}
	ef.URL, ef.Title, ef.Publisher, ef.Accessed, ef.Quote = shown(ef.URL), shown(ef.Title), shown(ef.Publisher), shown(ef.Accessed), shown(ef.Quote)
	d, err := s.loadClaimPage(r, id)
	if err != nil {
		return err
	}
	d.EvidenceForm = ef
	return s.render(w, r, http.StatusBadRequest, "claim", d)
}

// handleEvidenceRemove serves POST /claims/{id}/evidence/{eid}/remove.
func (s *Server) handleEvidenceRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	eid, err := pathID(r, "eid")
	if err != nil {
		return err
	}
	ev, err := s.store.Evidence(r.Context(), id)
	if err != nil {
		return fmt.Errorf("remove evidence: %w", err)
	}
	found := false
	for _, e := range ev {
		found = found || e.ID == eid
	}
	if !found {
		return fmt.Errorf("evidence %d of claim %d: %w", eid, id, review.ErrNotFound)
	}
	if err := s.store.RemoveEvidence(r.Context(), userFrom(r.Context()), eid); err != nil {
		return fmt.Errorf("remove evidence %d: %w", eid, err)
	}
	s.flash(w, r, "Evidence removed.")
	s.redirect(w, r, fmt.Sprintf("/claims/%d#evidence", id))
	return nil
}

// handleCommentAdd serves POST /claims/{id}/comments.
func (s *Server) handleCommentAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	body := r.PostFormValue("body")
	_, err = s.store.AddComment(r.Context(), userFrom(r.Context()), id, body)
	if err == nil {
		s.redirect(w, r, fmt.Sprintf("/claims/%d#comments", id))
		return nil
	}
	v, ok := review.AsValidation(err)
	if !ok {
		return fmt.Errorf("comment on claim %d: %w", id, err)
	}
	d, err := s.loadClaimPage(r, id)
	if err != nil {
		return err
	}
	d.CommentBody, d.CommentError = shown(strings.TrimSpace(body)), strings.Join(fieldMessages(v), " ")
	return s.render(w, r, http.StatusBadRequest, "claim", d)
}

// --- the claims list -------------------------------------------------------------

// claimListData is the claims page.
type claimListData struct {
	Claims                                         []review.Claim
	Status, Verdict, Assignee, Article, Candidates string
	ArticleTitle                                   string
	// Claimant is the claimant filter (an id) and ClaimantName its name.
	Claimant, ClaimantName string
	FilterError            string
	Verdicts               []review.Verdict
	Users                  []review.User
	Exports                []exportLink
	PrevPage, NextPage     string
}

// A variable so a test can make pages small.
var claimsPerPage = 100

// handleClaimList serves GET /claims: claims by score, filtered by status,
// verdict, assignee, article and candidates, with the same query the export
// takes, and a checkbox per row for the bulk actions.
func (s *Server) handleClaimList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	d := claimListData{Status: q.Get("status"), Verdict: q.Get("verdict"), Assignee: q.Get("assignee"),
		Article: q.Get("article"), Candidates: q.Get("candidates"), Claimant: q.Get("claimant")}
	f := review.ClaimFilter{Verdict: d.Verdict, IncludeCandidates: d.Candidates == "1",
		Limit: claimsPerPage + 1, ByScore: true}
	var bad []string
	// Pages go by cursor (after= the last claim shown, before= the first),
	// never by offset: a page far down the list costs what the first does.
	for _, p := range []struct {
		name string
		to   **review.ClaimCursor
	}{{"after", &f.After}, {"before", &f.Before}} {
		if v := q.Get(p.name); v != "" {
			c, err := review.ParseClaimCursor(p.name, v)
			if err != nil {
				bad = append(bad, review.Reason(err))
			}
			*p.to = c
		}
	}
	if d.Status != "" {
		if !review.ValidStatus(review.Status(d.Status)) {
			bad = append(bad, fmt.Sprintf("%q is not a status", d.Status))
		}
		f.Status = review.Status(d.Status)
	}
	switch d.Assignee {
	case review.NoAssignee:
		f.Unassigned = true
	default:
		id, err := s.assigneeID(r, d.Assignee)
		if v, ok := review.AsValidation(err); ok {
			bad = append(bad, v.Fields["assignee"])
		} else if err != nil {
			return fmt.Errorf("claims: %w", err)
		}
		f.AssigneeID = id
	}
	if d.Article != "" {
		aid, err := strconv.ParseInt(d.Article, 10, 64)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%q is not an article number", d.Article))
		} else if a, err := s.store.Article(ctx, aid); err != nil {
			if !errors.Is(err, review.ErrNotFound) {
				return fmt.Errorf("claims: %w", err)
			}
			bad = append(bad, fmt.Sprintf("there is no article #%d", aid))
		} else {
			d.ArticleTitle = a.Title
			f.ArticleID = aid
		}
	}
	if d.Claimant != "" {
		kid, err := strconv.ParseInt(d.Claimant, 10, 64)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%q is not a claimant number", d.Claimant))
		} else if k, err := s.store.Claimant(ctx, kid); err != nil {
			if !errors.Is(err, review.ErrNotFound) {
				return fmt.Errorf("claims: %w", err)
			}
			bad = append(bad, fmt.Sprintf("there is no claimant #%d", kid))
		} else {
			d.ClaimantName = k.Name
			f.ClaimantID = kid
		}
	}
	var err error
	if d.Verdicts, err = s.store.Verdicts(ctx); err != nil {
		return err
	}
	if d.Verdict != "" {
		ok := false
		for _, v := range d.Verdicts {
			ok = ok || strings.EqualFold(v.Name, d.Verdict)
		}
		if !ok {
			bad = append(bad, fmt.Sprintf("%q is not a verdict of the scale", d.Verdict))
		}
	}
	if d.Users, err = s.store.Users(ctx); err != nil {
		return err
	}
	status := http.StatusOK
	if len(bad) > 0 {
		d.FilterError = strings.Join(bad, "; ")
		status = http.StatusBadRequest
	} else {
		cs, err := s.store.Claims(ctx, f)
		if err != nil {
			return fmt.Errorf("claims: %w", err)
		}
		more := len(cs) > claimsPerPage
		if more && f.Before != nil {
			cs = cs[len(cs)-claimsPerPage:] // the extra one is before the page
		} else if more {
			cs = cs[:claimsPerPage]
		}
		if len(cs) > 0 {
			// Before a page there is more when the list started from a
			// cursor; after it when the store found more, or the page was
			// reached going back.
			if f.After != nil || (f.Before != nil && more) {
				d.PrevPage = claimsPageURL(q, "before", review.CursorOf(cs[0]))
			}
			if f.Before != nil || more {
				d.NextPage = claimsPageURL(q, "after", review.CursorOf(cs[len(cs)-1]))
			}
		}
		d.Claims = cs
	}
	// The export takes the list's filters as they are, except "me",
	// which names nobody outside this session.
	assignee := d.Assignee
	if assignee == "me" {
		assignee = userFrom(ctx).Name
	}
	d.Exports = exportLinks(userFrom(ctx), url.Values{"status": {d.Status}, "verdict": {d.Verdict},
		"assignee": {assignee}, "article": {d.Article}, "claimant": {d.Claimant}, "candidates": {d.Candidates}})
	return s.render(w, r, status, "claims", d)
}

// claimsPageURL is the claims list with the same filters from cursor c on,
// in direction dir ("after" or "before").
func claimsPageURL(q url.Values, dir string, c review.ClaimCursor) string {
	return "/claims?" + pageQuery(q, dir, c.String())
}

// pageQuery is a list's query q (its filters) with the cursor dir=cursor
// in place of the one it had (no cursor when cursor is "": the first page).
func pageQuery(q url.Values, dir, cursor string) string {
	nq := cloneValues(q)
	nq.Del("after")
	nq.Del("before")
	nq.Del("page")
	if cursor != "" {
		nq.Set(dir, cursor)
	}
	return nq.Encode()
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
