package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"claimdesk/review"
)

// claimantPageData is a claimant's page: who they are, what they said and
// what the desk found.
type claimantPageData struct {
	Claimant *review.Claimant
	Claims   []review.Claim
	// Others are the claimants an admin may merge this one into.
	Others     []review.Claimant
	CanEdit    bool
	CanMerge   bool
	Form       review.Claimant
	AliasText  string
	FormErrors map[string]string
}

// claimantsData is the registry's list.
type claimantsData struct {
	Claimants []review.Claimant
}

// handleClaimantList serves GET /claimants: every claimant by name.
func (s *Server) handleClaimantList(w http.ResponseWriter, r *http.Request) error {
	ks, err := s.store.Claimants(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "claimants", claimantsData{Claimants: ks})
}

func (s *Server) loadClaimantPage(r *http.Request, id int64) (*claimantPageData, error) {
	ctx := r.Context()
	k, err := s.store.Claimant(ctx, id)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.Claims(ctx, review.ClaimFilter{ClaimantID: id})
	if err != nil {
		return nil, err
	}
	u := userFrom(ctx)
	d := &claimantPageData{Claimant: k, Claims: cs, Form: *k, AliasText: strings.Join(k.Aliases, "\n"), FormErrors: map[string]string{},
		CanEdit: review.Can(u, review.ActionEditClaimants), CanMerge: review.Can(u, review.ActionMergeClaimants)}
	if d.CanMerge {
		all, err := s.store.Claimants(ctx)
		if err != nil {
			return nil, err
		}
		for _, o := range all {
			if o.ID != id {
				d.Others = append(d.Others, o)
			}
		}
	}
	return d, nil
}

// handleClaimantShow serves GET /claimants/{id}.
func (s *Server) handleClaimantShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.loadClaimantPage(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "claimant", d)
}

// handleClaimantSave serves POST /claimants/{id}: an editor changes the
// name, aliases (one a line), role, kind and same_as.
func (s *Server) handleClaimantSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := r.PostForm
	in := review.Claimant{ID: id, Name: f.Get("name"), Role: f.Get("role"), Kind: f.Get("kind"), SameAs: strings.TrimSpace(f.Get("same_as"))}
	for _, a := range strings.Split(strings.ReplaceAll(f.Get("aliases"), "\r\n", "\n"), "\n") {
		if a = strings.TrimSpace(a); a != "" {
			in.Aliases = append(in.Aliases, a)
		}
	}
	_, err = s.store.SaveClaimant(r.Context(), userFrom(r.Context()), in)
	if err == nil {
		s.flash(w, r, "The claimant is saved.")
		s.redirect(w, r, "/claimants/"+strconv.FormatInt(id, 10))
		return nil
	}
	v, ok := review.AsValidation(err)
	if !ok {
		return err
	}
	d, lerr := s.loadClaimantPage(r, id)
	if lerr != nil {
		return lerr
	}
	d.Form, d.AliasText = in, f.Get("aliases")
	for k, m := range v.Fields {
		d.FormErrors[k] = sentence(m)
	}
	return s.render(w, r, http.StatusBadRequest, "claimant", d)
}

// handleClaimantMerge serves POST /claimants/{id}/merge: an admin folds
// this claimant into another (into=ID); its claims move with their history.
func (s *Server) handleClaimantMerge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	into, err := strconv.ParseInt(r.PostForm.Get("into"), 10, 64)
	if err != nil {
		return review.Invalid("into", "choose the claimant to merge into")
	}
	k, err := s.store.MergeClaimants(r.Context(), userFrom(r.Context()), into, id)
	if err != nil {
		return err
	}
	s.flash(w, r, fmt.Sprintf("Merged into %s.", k.Name))
	s.redirect(w, r, "/claimants/"+strconv.FormatInt(into, 10))
	return nil
}

// handleAPIClaimants serves GET /api/v1/claimants.
func (s *Server) handleAPIClaimants(w http.ResponseWriter, r *http.Request) error {
	ks, err := s.store.Claimants(r.Context())
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"claimants": ks})
	return nil
}

// claimantSuggestions is how many names the claimant field offers at once.
const claimantSuggestions = 20

// handleAPIClaimantNames serves GET /api/v1/claimant-names?prefix=P: the
// first names of the registry that begin with P (any case), for the
// claimant field's suggestions.
func (s *Server) handleAPIClaimantNames(w http.ResponseWriter, r *http.Request) error {
	names, err := s.store.ClaimantNames(r.Context(), r.URL.Query().Get("prefix"), claimantSuggestions)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"names": names})
	return nil
}

// handleAPIClaimantShow serves GET /api/v1/claimants/{id}: the claimant and
// its claims (not candidates), each with its status and verdict.
func (s *Server) handleAPIClaimantShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	k, err := s.store.Claimant(r.Context(), id)
	if err != nil {
		return err
	}
	cs, err := s.store.Claims(r.Context(), review.ClaimFilter{ClaimantID: id})
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, struct {
		*review.Claimant
		ClaimList []review.Claim `json:"claim_list"`
	}{k, cs})
	return nil
}
