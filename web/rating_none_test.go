package web

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"claimdesk/review"
)

// TestAPIVerdictWithoutNumber signs a verdict off through the API on each
// side of the scale: the ClaimReview export publishes Unproven by its name
// alone and False with its number and a range that starts at 1, and the
// JSON export gives the scale's "no number" as null.
func TestAPIVerdictWithoutNumber(t *testing.T) {
	e, a, cs, done := exportEnv(t)
	ctx := context.Background()
	for k, v := range map[string]string{"org.name": "Example Fact Check", "org.url": "https://factcheck.example.org", "publish.base_url": "https://factcheck.example.org/checks"} {
		if err := e.store.SetSetting(ctx, nil, k, v); err != nil {
			t.Fatal(err)
		}
	}
	var open *review.Claim
	for i := range cs {
		if !cs[i].Candidate && cs[i].ID != done.ID {
			open = &cs[i]
			break
		}
	}
	if open == nil {
		t.Fatalf("the sample article has one claim only: %v", cs)
	}
	ed := e.createUser(t, "eve", review.RoleEditor)
	if _, err := e.store.AddEvidence(ctx, ed, open.ID, review.NewEvidence{URL: "https://stats.example.gov/homes", Title: "Housing figures", Stance: review.StanceRefutes}); err != nil {
		t.Fatal(err)
	}
	token := e.apiToken(t, "eve")
	path := "/api/v1/claims/" + idStr(open.ID)
	_, got := e.apiCall(t, "GET", path, token, nil)
	st, got := e.apiCall(t, "PATCH", path, token, mustJSON(t, map[string]any{"version": num(got["version"]), "status": "needs_review",
		"verdict": "unproven", "conclusion": "No register of new homes exists for last year.", "statement": "12,000 new homes were built last year"}))
	if st != http.StatusOK {
		t.Fatalf("PATCH to needs review: status %d %v", st, got)
	}
	st, got = e.apiCall(t, "PATCH", path, token, mustJSON(t, map[string]any{"version": num(got["version"]), "status": "done"}))
	if st != http.StatusOK || got["verdict"] != "Unproven" || got["status"] != "done" {
		t.Fatalf("PATCH to done: status %d, verdict %v, status %v; want 200, Unproven, done", st, got["verdict"], got["status"])
	}

	c := e.login(t, "ed")
	resp := c.get(t, "/export?format=claimreview&article="+idStr(a.ID))
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("ClaimReview export: status %d to %q: %s", resp.StatusCode, resp.Header.Get("Location"), trimPage(body))
	}
	var docs []struct {
		ClaimReviewed string         `json:"claimReviewed"`
		ReviewRating  map[string]any `json:"reviewRating"`
	}
	if err := json.Unmarshal([]byte(body), &docs); err != nil || len(docs) != 2 {
		t.Fatalf("%d reviews (%v), want 2: %s", len(docs), err, body)
	}
	for _, d := range docs {
		r := d.ReviewRating
		switch r["alternateName"] {
		case "Unproven":
			for _, k := range []string{"ratingValue", "bestRating", "worstRating"} {
				if _, ok := r[k]; ok {
					t.Errorf("Unproven carries %s: %v; want its name alone", k, r)
				}
			}
		case "False":
			if r["ratingValue"] != 1.0 || r["worstRating"] != 1.0 || r["bestRating"] != 5.0 {
				t.Errorf("False is rated %v, want ratingValue 1 from worstRating 1 to bestRating 5", r)
			}
		default:
			t.Errorf("a review rated %v, want Unproven or False", r)
		}
	}

	resp = c.get(t, "/export?format=json&article="+idStr(a.ID))
	body = readBody(t, resp)
	var export struct {
		Verdicts []struct {
			Name   string `json:"name"`
			Rating *int   `json:"rating"`
		} `json:"verdicts"`
	}
	if err := json.Unmarshal([]byte(body), &export); err != nil {
		t.Fatal(err)
	}
	rated := map[string]string{}
	for _, v := range export.Verdicts {
		rated[v.Name] = "null"
		if v.Rating != nil {
			rated[v.Name] = idStr(int64(*v.Rating))
		}
	}
	if rated["Unproven"] != "null" || rated["Misleading"] != "null" || rated["False"] != "1" || rated["True"] != "5" {
		t.Errorf("the JSON export rates the scale %v; want Unproven and Misleading null, False 1, True 5", rated)
	}
}
