package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"claimdesk/claims"
	"claimdesk/review"
)

// addTestModel keeps a small desk model as the next version.
func addTestModel(t *testing.T, s *review.Store) int64 {
	t.Helper()
	labels := []claims.Example{
		{Text: "United beat Rovers 3-1 on Saturday, scoring 2 goals in the second half."},
		{Text: "The striker scored 20 goals this season, more than anyone at City."},
		{Text: "Unemployment rose to 5 percent last year, the ministry said.", Worthy: true},
		{Text: "The government spent 3 billion dollars on hospitals.", Worthy: true},
	}
	l, _, err := claims.TrainDeskLayer(context.Background(), s.ShippedModel(), labels, claims.DeskTrainOptions{MinPerClass: 1, Folds: 2})
	if err != nil {
		t.Fatal(err)
	}
	data, err := l.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.ImportModel(context.Background(), nil, data)
	if err != nil {
		t.Fatal(err)
	}
	return v.Version
}

func TestAdminModel(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "root", review.RoleAdmin)
	env.createUser(t, "ada", review.RoleReviewer)
	env.createUser(t, "eddie", review.RoleEditor)
	c := env.login(t, "root")

	st, body := c.getBody(t, "/admin/model")
	if st != http.StatusOK || !strings.Contains(body, "<strong>0 Yes</strong>") || !strings.Contains(body, "Training needs at least 50 of each") {
		t.Fatalf("status %d; want the page to count 0 labels and say 50 of each are needed:\n%s", st, body)
	}
	flash := c.flashOf(t, c.postForm(t, "/admin/model/train", nil))
	if !strings.Contains(flash, "Nothing was trained") || !strings.Contains(flash, "at least 50 of each") {
		t.Errorf("train with no labels: flash %q, want it refused for too few labels", flash)
	}
	if vs, _ := env.store.Models(context.Background()); len(vs) != 1 {
		t.Errorf("%d versions after a refused training, want the shipped one alone", len(vs))
	}

	v := addTestModel(t, env.store)
	flash = c.flashOf(t, c.postForm(t, "/admin/model/use", url.Values{"version": {"1"}}))
	if !strings.Contains(flash, "Model 1 is in use") || env.store.ModelInUse() != v {
		t.Errorf("use model 1: flash %q, in use %d", flash, env.store.ModelInUse())
	}
	_, body = c.getBody(t, "/admin/model")
	if !strings.Contains(body, "Go back to the shipped model") || strings.Contains(body, "Use model 1") {
		t.Errorf("with model 1 in use the page should offer the shipped model, not model 1")
	}
	for _, bad := range []string{"abc", "9"} {
		resp := c.postForm(t, "/admin/model/use", url.Values{"version": {bad}})
		if bad == "9" {
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("use model 9: status %d, want 404", resp.StatusCode)
			}
			continue
		}
		if flash := c.flashOf(t, resp); !strings.Contains(flash, "Nothing was changed") {
			t.Errorf("use model %q: flash %q, want a refusal", bad, flash)
		}
	}
	if env.store.ModelInUse() != v {
		t.Errorf("after refused switches model %d is in use, want %d", env.store.ModelInUse(), v)
	}
	// Cross-site, the form is refused like every other.
	req, _ := http.NewRequest("POST", env.url+"/admin/model/use", strings.NewReader("version=0"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp := c.do(t, req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || env.store.ModelInUse() != v {
		t.Errorf("cross-site switch: status %d, model in use %d; want 403 and %d", resp.StatusCode, env.store.ModelInUse(), v)
	}
	flash = c.flashOf(t, c.postForm(t, "/admin/model/use", url.Values{"version": {"0"}}))
	if !strings.Contains(flash, "The shipped model is in use") || env.store.ModelInUse() != 0 {
		t.Errorf("roll back: flash %q, in use %d", flash, env.store.ModelInUse())
	}

	for _, name := range []string{"ada", "eddie"} {
		o := env.login(t, name)
		if st, _ := o.getBody(t, "/admin/model"); st != http.StatusForbidden {
			t.Errorf("%s GET /admin/model: %d, want 403", name, st)
		}
		for _, p := range []string{"/admin/model/train", "/admin/model/use"} {
			resp := o.postForm(t, p, url.Values{"version": {"1"}})
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", name, p, resp.StatusCode)
			}
		}
	}
	if env.store.ModelInUse() != 0 {
		t.Errorf("refused requests switched the model to %d", env.store.ModelInUse())
	}
}
