package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"claimdesk/review"
)

// apiArticle is an article with its claims, as POST and GET of one
// article answer.
type apiArticle struct {
	*review.Article
	Claims []review.Claim `json:"claims"`
}

// apiArticleSummary is an article in a listing: everything but its text,
// which can be megabytes; GET /api/v1/articles/{id} has it.
type apiArticleSummary struct {
	*review.Article
	Body string `json:"text,omitempty"`
}

// apiNewArticle is the body of POST /api/v1/articles: the fields a JSON
// Lines import reads too, and how to read text.
type apiNewArticle struct {
	review.ArticleFields
	// Format says how to read text: "text" (the default) or "markdown".
	Format string `json:"format"`
}

// handleAPIArticleCreate imports an article: 201 with it and its claims.
// The same text again is 409 with the existing article's id, so a script
// that retries learns where its article is and nothing is stored twice.
func (s *Server) handleAPIArticleCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiNewArticle
	if err := s.readJSON(r, &in); err != nil {
		return err
	}
	markdown := false
	switch strings.ToLower(strings.TrimSpace(in.Format)) {
	case "", "text":
	case "markdown", "md":
		markdown = true
	default:
		return review.Invalid("format", `the format is "text" or "markdown"`)
	}
	if in.Text == "" && in.HTML == "" {
		return review.Invalid("text", `give the article as "text" or as "html"`)
	}
	a, cs, err := s.store.ImportArticle(r.Context(), userFrom(r.Context()), in.NewArticle(markdown))
	var dup *review.DuplicateError
	if errors.As(err, &dup) {
		s.writeJSON(w, http.StatusConflict, struct {
			Error string `json:"error"`
			ID    int64  `json:"id"`
			URL   string `json:"url"`
		}{dup.Error(), dup.Article.ID, fmt.Sprintf("/api/v1/articles/%d", dup.Article.ID)})
		return nil
	}
	if err != nil {
		return err
	}
	// The answer lists the claims as GET does: candidates under the
	// engine's threshold only with ?candidates=1.
	if c := r.URL.Query().Get("candidates"); c != "1" && c != "true" {
		kept := cs[:0:0]
		for _, c := range cs {
			if !c.Candidate {
				kept = append(kept, c)
			}
		}
		cs = kept
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/articles/%d", a.ID))
	s.writeJSON(w, http.StatusCreated, apiArticle{Article: a, Claims: nonNil(cs)})
	return nil
}

// queryInt reads a whole-number query parameter; absent is def.
func queryInt(r *http.Request, name string, def, max int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, review.Invalid(name, "a whole number of at least 1 is needed")
	}
	if n > max {
		n = max
	}
	return n, nil
}

// handleAPIArticles lists articles, newest first, with their progress;
// ?status= keeps those with a claim in that status, ?limit= caps a page and
// ?after= (the last article of the page before) goes on; "next" is the
// next page's address while there is more.
func (s *Server) handleAPIArticles(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryInt(r, "limit", 100, 1000)
	if err != nil {
		return err
	}
	after, err := articleCursor(r)
	if err != nil {
		return err
	}
	f := review.ArticleFilter{Limit: limit + 1, After: after}
	if st := r.URL.Query().Get("status"); st != "" {
		if !review.ValidStatus(review.Status(st)) {
			return review.Invalid("status", "the status is new, researching, needs_review, done or dismissed")
		}
		f.Status = review.Status(st)
	}
	as, err := s.store.Articles(r.Context(), f)
	if err != nil {
		return err
	}
	body := map[string]any{}
	if len(as) > limit {
		as = as[:limit]
		body["next"] = "/api/v1/articles?" + pageQuery(r.URL.Query(), "after", strconv.FormatInt(as[limit-1].ID, 10))
	}
	out := make([]apiArticleSummary, len(as))
	for i := range as {
		out[i] = apiArticleSummary{Article: &as[i]}
	}
	body["articles"] = out
	s.writeJSON(w, http.StatusOK, body)
	return nil
}

// articleCursor reads ?after=, the last article of the page before (0
// when absent).
func articleCursor(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("after")
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, review.Invalid("after", fmt.Sprintf("%q is not a place in the list (a link of the list's pages gives one)", v))
	}
	return id, nil
}

// articleClaims lists an article's claims in text order; candidates (under
// the engine's threshold) only when asked with ?candidates=1.
func (s *Server) articleClaims(r *http.Request, id int64) ([]review.Claim, error) {
	cand := r.URL.Query().Get("candidates")
	cs, err := s.store.Claims(r.Context(), review.ClaimFilter{ArticleID: id, IncludeCandidates: cand == "1" || cand == "true"})
	if err != nil {
		return nil, err
	}
	return nonNil(cs), nil
}

// handleAPIArticleShow answers one article with its text and claims.
func (s *Server) handleAPIArticleShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.store.Article(r.Context(), id)
	if err != nil {
		return err
	}
	cs, err := s.articleClaims(r, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, apiArticle{Article: a, Claims: cs})
	return nil
}

// handleAPIArticleClaims answers an article's claims.
func (s *Server) handleAPIArticleClaims(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.Article(r.Context(), id); err != nil {
		return err
	}
	cs, err := s.articleClaims(r, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"claims": cs})
	return nil
}

// apiClaim is a claim with everything around it.
type apiClaim struct {
	*review.Claim
	Evidence []review.Evidence     `json:"evidence"`
	History  []review.HistoryEntry `json:"history"`
	Comments []review.Comment      `json:"comments"`
	Matches  []review.Match        `json:"matches"`
}

func (s *Server) fullClaim(r *http.Request, c *review.Claim) (*apiClaim, error) {
	ctx := r.Context()
	ev, err := s.store.Evidence(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	hist, err := s.store.History(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	com, err := s.store.Comments(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	ms, err := s.store.Matches(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	return &apiClaim{Claim: c, Evidence: nonNil(ev), History: nonNil(hist), Comments: nonNil(com), Matches: nonNil(ms)}, nil
}

// writeFullClaim answers 200 with c, its evidence, history, comments and
// matches: what both reading and changing a claim return.
func (s *Server) writeFullClaim(w http.ResponseWriter, r *http.Request, c *review.Claim) error {
	full, err := s.fullClaim(r, c)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, full)
	return nil
}

// handleAPIClaimShow answers a claim with its evidence, history, comments
// and "checked before" matches.
func (s *Server) handleAPIClaimShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.Claim(r.Context(), id)
	if err != nil {
		return err
	}
	return s.writeFullClaim(w, r, c)
}

// apiClaimUpdate is the body of PATCH /api/v1/claims/{id}: absent fields
// stay as they are; version is the one the caller read.
type apiClaimUpdate struct {
	Version    *int64  `json:"version"`
	Status     *string `json:"status"`
	Verdict    *string `json:"verdict"`
	Conclusion *string `json:"conclusion"`
	Assignee   *string `json:"assignee"`
	ReviewURL  *string `json:"review_url"`
	Statement  *string `json:"statement"`
	// ClaimantID links a claimant of the registry (0 unlinks);
	// ClaimantName finds or makes one by name.
	ClaimantID   *int64  `json:"claimant_id"`
	ClaimantName *string `json:"claimant_name"`
	Note         string  `json:"note"`
	// DismissCode and DismissReason say why, with status "dismissed".
	DismissCode   *string `json:"dismiss_code"`
	DismissReason *string `json:"dismiss_reason"`
}

// handleAPIClaimUpdate changes a claim made at the version the caller
// read. Stale: 409 with the claim as it is now and the changes since.
func (s *Server) handleAPIClaimUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in apiClaimUpdate
	if err := s.readJSON(r, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return review.Invalid("version", "send the version of the claim you read, so a newer change is not overwritten")
	}
	u := review.ClaimUpdate{Version: *in.Version, Verdict: in.Verdict, Conclusion: in.Conclusion,
		Assignee: in.Assignee, ReviewURL: in.ReviewURL, Statement: in.Statement, ClaimantID: in.ClaimantID, ClaimantName: in.ClaimantName, Note: in.Note,
		DismissCode: in.DismissCode, DismissReason: in.DismissReason}
	if in.Status != nil {
		st := review.Status(*in.Status)
		u.Status = &st
	}
	c, err := s.store.UpdateClaim(r.Context(), userFrom(r.Context()), id, u)
	if err != nil {
		return err
	}
	return s.writeFullClaim(w, r, c)
}

// apiNewEvidence is the body of POST /api/v1/claims/{id}/evidence.
type apiNewEvidence struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Accessed  string `json:"accessed"`
	Stance    string `json:"stance"`
	Quote     string `json:"quote"`
}

// handleAPIEvidenceCreate links a source to a claim: 201 with the evidence.
func (s *Server) handleAPIEvidenceCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in apiNewEvidence
	if err := s.readJSON(r, &in); err != nil {
		return err
	}
	ev, err := s.store.AddEvidence(r.Context(), userFrom(r.Context()), id, review.NewEvidence{
		URL: in.URL, Title: in.Title, Publisher: in.Publisher, Accessed: in.Accessed,
		Stance: review.Stance(in.Stance), Quote: in.Quote,
	})
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusCreated, ev)
	return nil
}
