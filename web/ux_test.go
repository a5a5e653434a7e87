package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"claimdesk/review"
)

// TestClaimPageReviewURL covers the "Published fact-check" form an editor
// uses on the claim page: the link saves with a history row, a bad link
// comes back with a message on the field and changes nothing, an empty
// field falls back to publish.base_url and the slug, and a reviewer has
// no such form and cannot set the link.
func TestClaimPageReviewURL(t *testing.T) {
	env, cs := claimEnv(t)
	ctx := context.Background()
	admin := env.createUser(t, "ada", review.RoleAdmin)
	if err := env.store.SetSetting(ctx, admin, "publish.base_url", "https://checks.example.org/fc/"); err != nil {
		t.Fatalf("set publish.base_url: %v", err)
	}
	c := cs[0]
	path := "/claims/" + idStr(c.ID)
	eddie := env.login(t, "eddie")

	// The conclusion the claim already has must survive a refused link.
	conclusion := "The figure is from the October release."
	mustStatus(t, eddie.postForm(t, path, url.Values{"version": {idStr(c.Version)}, "conclusion": {conclusion}}), http.StatusSeeOther)

	t.Run("default link shown", func(t *testing.T) {
		page := html.UnescapeString(mustStatus(t, eddie.get(t, path), http.StatusOK))
		want := "https://checks.example.org/fc/" + env.claim(t, c.ID).Slug
		if !strings.Contains(page, `id="review-url-form"`) {
			t.Fatalf("the editor's claim page has no review-url-form")
		}
		if !strings.Contains(page, want+"</span>, made from the fact-check base address") {
			t.Errorf("the page does not say the link made from the settings, %q", want)
		}
	})

	t.Run("bad link", func(t *testing.T) {
		before := env.claim(t, c.ID)
		resp := eddie.postForm(t, path, url.Values{"version": {idStr(before.Version)}, "review_url": {"ftp://checks.example.org/x"}})
		body := mustStatus(t, resp, http.StatusBadRequest)
		page := html.UnescapeString(body)
		m := regexp.MustCompile(`<p class="field-error" id="review-url-error">([^<]*)</p>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no message next to the link field:\n%s", trimPage(body))
		}
		if got := m[1]; !strings.HasPrefix(got, "Only http and https links are accepted") || !strings.Contains(got, "leave the field empty") {
			t.Errorf("message %q, want it to say which links are accepted and how to fall back", got)
		}
		if !strings.Contains(page, `value="ftp://checks.example.org/x"`) {
			t.Errorf("the refused link is not kept in the field")
		}
		if !strings.Contains(page, `<textarea id="conclusion" name="conclusion" rows="5" >`+conclusion) &&
			!strings.Contains(page, `<textarea id="conclusion" name="conclusion" rows="5">`+conclusion) {
			t.Errorf("the claim form lost the claim's conclusion when the link form came back")
		}
		after := env.claim(t, c.ID)
		if after.ReviewURL != "" || after.Version != before.Version {
			t.Errorf("after a refused link: review_url %q, version %d; want nothing changed (version %d)", after.ReviewURL, after.Version, before.Version)
		}
	})

	t.Run("good link saves", func(t *testing.T) {
		before := env.claim(t, c.ID)
		link := "https://checks.example.org/fc/unemployment-october"
		resp := eddie.postForm(t, path, url.Values{"version": {idStr(before.Version)}, "review_url": {"  " + link + " "}})
		mustStatus(t, resp, http.StatusSeeOther)
		if got := env.claim(t, c.ID).ReviewURL; got != link {
			t.Fatalf("review_url %q, want %q", got, link)
		}
		page := html.UnescapeString(mustStatus(t, eddie.get(t, path), http.StatusOK))
		if !strings.Contains(page, "The claim's fact-check link is saved.") {
			t.Errorf("no message saying the link was saved")
		}
		if !strings.Contains(page, `value="`+link+`"`) || !strings.Contains(page, "set by an editor") {
			t.Errorf("the page does not show the saved link as the editor's")
		}
		hs, err := env.store.History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if last := hs[len(hs)-1]; last.Field != "review_url" || last.To != link {
			t.Errorf("last history row %s → %q, want review_url → %q", last.Field, last.To, link)
		}
	})

	t.Run("empty falls back", func(t *testing.T) {
		before := env.claim(t, c.ID)
		mustStatus(t, eddie.postForm(t, path, url.Values{"version": {idStr(before.Version)}, "review_url": {""}}), http.StatusSeeOther)
		if got := env.claim(t, c.ID).ReviewURL; got != "" {
			t.Errorf("review_url %q after clearing, want empty", got)
		}
	})

	t.Run("reviewer", func(t *testing.T) {
		rita := env.login(t, "rita")
		page := mustStatus(t, rita.get(t, path), http.StatusOK)
		if strings.Contains(page, `id="review-url-form"`) {
			t.Errorf("a reviewer sees the fact-check link form")
		}
		before := env.claim(t, c.ID)
		resp := rita.postForm(t, path, url.Values{"version": {idStr(before.Version)}, "review_url": {"https://checks.example.org/mine"}})
		mustStatus(t, resp, http.StatusForbidden)
		if got := env.claim(t, c.ID).ReviewURL; got != "" {
			t.Errorf("a reviewer set review_url to %q", got)
		}
	})
}

// cssClasses lists the class names a stylesheet defines a rule for.
func cssClasses(css string) map[string]bool {
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`\.([A-Za-z_][A-Za-z0-9_-]*)`).FindAllStringSubmatch(css, -1) {
		out[m[1]] = true
	}
	return out
}

// unstyledClasses returns the classes inside page's <main> that no rule of
// css names, leaving out hooks (for tests and scripts) listed in hooks.
func unstyledClasses(page, css string, hooks map[string]bool) []string {
	if i := strings.Index(page, "<main"); i >= 0 {
		page = page[i:]
	}
	defined := cssClasses(css)
	seen := map[string]bool{}
	var out []string
	for _, m := range regexp.MustCompile(`class="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		for _, c := range strings.Fields(m[1]) {
			if !defined[c] && !hooks[c] && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// TestSearchAndBulkPagesAreStyled checks that every class the search
// results and the claims list's bulk bar use has a rule in the stylesheets,
// so neither page falls back to the browser's bare look, and that a claim's
// verdict in the results carries its colour class.
func TestSearchAndBulkPagesAreStyled(t *testing.T) {
	env, cs := claimEnv(t)
	eddie := env.login(t, "eddie")
	_, css := eddie.getBody(t, "/static/style.css")
	_, verdicts := eddie.getBody(t, "/verdicts.css")
	css += verdicts
	c := cs[0]
	mustStatus(t, eddie.postForm(t, "/claims/"+idStr(c.ID), url.Values{"version": {idStr(c.Version)}, "verdict": {"Mostly true"}}), http.StatusSeeOther)
	// Hooks: classes that only name a thing for a script or a test.
	hooks := map[string]bool{"list": true, "result-article": true, "result-source": true, "search-form": true, "inline": true, "export-link": true}
	for _, tc := range []struct{ name, path, must string }{
		{"search results", "/search?q=unemployment", `class="search-results"`},
		{"claims list with bulk bar", "/claims", `class="bulk"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := mustStatus(t, eddie.get(t, tc.path), http.StatusOK)
			if !strings.Contains(page, tc.must) {
				t.Fatalf("%s lacks %s", tc.path, tc.must)
			}
			if got := unstyledClasses(page, css, hooks); len(got) > 0 {
				t.Errorf("%s uses classes no stylesheet rule names: %v", tc.path, got)
			}
		})
	}
	t.Run("verdict colour in results", func(t *testing.T) {
		vs, err := env.store.Verdicts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		for _, v := range vs {
			if v.Name == "Mostly true" {
				id = v.ID
			}
		}
		page := mustStatus(t, eddie.get(t, "/search?q=unemployment"), http.StatusOK)
		if want := `<span class="verdict verdict-` + idStr(id) + `">Mostly true</span>`; !strings.Contains(page, want) {
			t.Errorf("the result's verdict is not drawn in its colour: no %s", want)
		}
	})
}

// TestBulkRefusalReadsAsAProblem checks that a bulk action that changed
// nothing says so in the warning style and as an alert, while a success
// stays a plain status message.
func TestBulkRefusalReadsAsAProblem(t *testing.T) {
	env, cs := claimEnv(t)
	eddie := env.login(t, "eddie")
	for _, tc := range []struct {
		name    string
		form    url.Values
		problem bool
		says    string
	}{
		{"nothing ticked", url.Values{"action": {"assign"}, "assignee": {"rita"}}, true, "Nothing was changed."},
		{"assigned", url.Values{"action": {"assign"}, "assignee": {"rita"}, "ids": {idStr(cs[0].ID)}}, false, "rita"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := eddie.postForm(t, "/claims/bulk", tc.form)
			mustStatus(t, resp, http.StatusSeeOther)
			page := html.UnescapeString(mustStatus(t, eddie.get(t, resp.Header.Get("Location")), http.StatusOK))
			m := regexp.MustCompile(`<p class="(flash[^"]*)" role="(\w+)" id="flash">([^<]*)</p>`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no flash on the claims list:\n%s", trimPage(page))
			}
			gotProblem := m[1] == "flash flash-problem" && m[2] == "alert"
			if gotProblem != tc.problem {
				t.Errorf("flash class %q role %q, want problem=%v", m[1], m[2], tc.problem)
			}
			if !strings.Contains(m[3], tc.says) || strings.Contains(m[3], "\x01") {
				t.Errorf("flash says %q, want it to contain %q and no marker", m[3], tc.says)
			}
		})
	}
}
