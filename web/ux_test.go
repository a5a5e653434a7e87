package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
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
		if got := m[1]; !strings.HasPrefix(got, "The fact-check link: only http and https links are accepted") || !strings.Contains(got, "leave the field empty") {
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
		for c := range strings.FieldsSeq(m[1]) {
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

// TestAPIDocSearchExample runs the curl example of GET /api/v1/search in
// docs/API.md against a server holding the sample article (what make run
// loads): the documented request must answer 200 with claims of that
// article, and the documented error must be the one a query without words
// gets.
func TestAPIDocSearchExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/API.md")
	if err != nil {
		t.Fatalf("read the API document: %v", err)
	}
	sec := string(doc)
	i := strings.Index(sec, "## GET /api/v1/search")
	if i < 0 {
		t.Fatal("docs/API.md has no section for GET /api/v1/search")
	}
	sec = sec[i+len("## GET"):]
	sec = sec[:strings.Index(sec, "\n## ")]
	block := regexp.MustCompile("(?s)```sh\n(curl .*?)```").FindStringSubmatch(sec)
	if block == nil {
		t.Fatal("the search section has no curl example")
	}
	path := regexp.MustCompile(`http://127\.0\.0\.1:8080(/api/v1/search)\b`).FindStringSubmatch(block[1])
	if path == nil || !strings.Contains(block[1], `-G`) {
		t.Fatalf("the example does not GET /api/v1/search on the make run address:\n%s", block[1])
	}
	q := url.Values{}
	for _, m := range regexp.MustCompile(`--data-urlencode '([^=']+)=([^']*)'`).FindAllStringSubmatch(block[1], -1) {
		q.Add(m[1], m[2])
	}
	if q.Get("q") == "" {
		t.Fatalf("the example sends no q:\n%s", block[1])
	}

	env := newTestEnv(t)
	admin := env.createUser(t, "admin", review.RoleAdmin)
	text, err := os.ReadFile(sampleArticlePath(t))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := env.importArticle(t, admin, string(text))
	token := env.apiToken(t, "admin")
	get := func(t *testing.T, query string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, env.url+path[1]+"?"+query, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp := env.newClient(t).do(t, req)
		return resp.StatusCode, readBody(t, resp)
	}

	t.Run("documented example", func(t *testing.T) {
		code, body := get(t, q.Encode())
		if code != http.StatusOK {
			t.Fatalf("status %d, want 200: %s", code, body)
		}
		var out struct {
			Results []struct {
				Kind      string `json:"kind"`
				ArticleID int64  `json:"article_id"`
				Status    string `json:"status"`
				Snippet   string `json:"snippet_html"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("not the documented JSON: %v\n%s", err, body)
		}
		if len(out.Results) == 0 {
			t.Fatalf("the documented search finds nothing in the sample article: %s", body)
		}
		for _, r := range out.Results {
			if r.Kind != "claim" || r.ArticleID != a.ID || r.Status != q.Get("status") || !strings.Contains(r.Snippet, "<mark>") {
				t.Errorf("result %+v: want a %s claim of article %d with a marked snippet", r, q.Get("status"), a.ID)
			}
		}
	})
	t.Run("documented error", func(t *testing.T) {
		want := regexp.MustCompile("`(\\{\"error\": \"invalid input\", \"fields\": \\{\"q\": \"[^`]*\"\\}\\})`").FindStringSubmatch(strings.ReplaceAll(sec, "\n", " "))
		if want == nil {
			t.Fatal("the section does not show the error a query without words gets")
		}
		code, body := get(t, "q=-")
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422: %s", code, body)
		}
		var got, doc map[string]any
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(strings.Join(strings.Fields(want[1]), " ")), &doc); err != nil {
			t.Fatalf("the documented error is not JSON: %v", err)
		}
		if fmt.Sprint(got) != fmt.Sprint(doc) {
			t.Errorf("the server answers %v, the document says %v", got, doc)
		}
	})
}

// TestTooLargeImportPageKeepsTheUser checks the 413 page of an import over
// the request cap: it still shows who is logged in (the cap is checked
// after the session is read) and names the same limit as the import form.
func TestTooLargeImportPageKeepsTheUser(t *testing.T) {
	env := newTestEnvConfig(t, Config{MaxBodyBytes: 64 << 10})
	env.store.MaxArticleBytes = 60 << 10
	env.createUser(t, "rita", review.RoleReviewer)
	c := env.login(t, "rita")
	form := html.UnescapeString(mustStatus(t, c.get(t, "/articles/new"), http.StatusOK))
	limit := regexp.MustCompile(`\(up to ([^)]+)\)`).FindStringSubmatch(form)
	if limit == nil {
		t.Fatalf("the import form does not state its limit:\n%s", trimPage(form))
	}
	big := strings.Repeat("Prices rose 5% last year in the city. ", 4000) // ~150 KiB, over the cap
	for _, tc := range []struct {
		name   string
		fields map[string]string
		file   *upload
	}{
		{"pasted", map[string]string{"text": big}, nil},
		{"uploaded", map[string]string{}, &upload{"big.txt", []byte(big)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := html.UnescapeString(mustStatus(t, c.postMultipart(t, "/articles", tc.fields, tc.file), http.StatusRequestEntityTooLarge))
			if !strings.Contains(page, "limit of "+limit[1]) {
				t.Errorf("the 413 page does not name the form's limit %q:\n%s", limit[1], trimPage(page))
			}
			if !strings.Contains(page, `id="logout-form"`) || !strings.Contains(page, ">rita</a>") {
				t.Errorf("the 413 page shows nobody logged in:\n%s", page[:min(len(page), 1500)])
			}
			if n := env.countArticles(t); n != 0 {
				t.Errorf("articles stored: %d, want 0", n)
			}
		})
	}
}

// TestPagesNameAssetsByContent checks that pages link the stylesheet and
// the script with their content's hash, so a browser that cached an older
// copy fetches the new one with a new binary's pages, and that the
// versioned address serves that very content.
func TestPagesNameAssetsByContent(t *testing.T) {
	env, cs := claimEnv(t)
	c := env.login(t, "rita")
	page := mustStatus(t, c.get(t, "/claims/"+idStr(cs[0].ID)), http.StatusOK)
	for _, tc := range []struct{ name, pattern string }{
		{"style.css", `<link rel="stylesheet" href="(/static/style\.css\?v=([0-9a-f]+))">`},
		{"app.js", `<script src="(/static/app\.js\?v=([0-9a-f]+))" defer>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := regexp.MustCompile(tc.pattern).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("the claim page does not link %s with a version:\n%s", tc.name, page[:min(len(page), 800)])
			}
			want, err := staticFS.ReadFile("static/" + tc.name)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(want)
			if !strings.HasPrefix(hex.EncodeToString(sum[:]), m[2]) || len(m[2]) < 8 {
				t.Errorf("version %q is not the start of the content's SHA-256", m[2])
			}
			code, got := c.getBody(t, html.UnescapeString(m[1]))
			if code != http.StatusOK || got != string(want) {
				t.Errorf("GET %s: status %d, %d bytes; want 200 and the embedded file (%d bytes)", m[1], code, len(got), len(want))
			}
		})
	}
}

// TestDoneClaimOffersNoEvidenceChanges checks that a done claim's page
// offers neither adding nor removing evidence (the store refuses both
// until an editor reopens it) and says why, while an open claim offers both.
func TestDoneClaimOffersNoEvidenceChanges(t *testing.T) {
	env, cs := claimEnv(t)
	eddie := env.login(t, "eddie")
	c := cs[0]
	path := "/claims/" + idStr(c.ID)
	mustStatus(t, eddie.postForm(t, path+"/evidence", url.Values{"url": {"https://stats.example.org/oct"}, "stance": {"supports"}}), http.StatusSeeOther)
	v := env.claim(t, c.ID).Version
	mustStatus(t, eddie.postForm(t, path, url.Values{"version": {idStr(v)}, "status": {"needs_review"}, "verdict": {"True"},
		"conclusion": {"The October release says 4.2 percent."}}), http.StatusSeeOther)

	for _, tc := range []struct {
		name   string
		status string
		offers bool
	}{
		{"needs review", "needs_review", true},
		{"done", "done", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur := env.claim(t, c.ID)
			if string(cur.Status) != tc.status {
				mustStatus(t, eddie.postForm(t, path, url.Values{"version": {idStr(cur.Version)}, "status": {tc.status}}), http.StatusSeeOther)
			}
			page := mustStatus(t, eddie.get(t, path), http.StatusOK)
			hasAdd := strings.Contains(page, `id="evidence-form"`)
			hasRemove := strings.Contains(page, `/evidence/`) && strings.Contains(page, `/remove"`)
			if hasAdd != tc.offers || hasRemove != tc.offers {
				t.Errorf("add form %v, remove button %v; want both %v", hasAdd, hasRemove, tc.offers)
			}
			if says := strings.Contains(page, `id="evidence-locked"`); says == tc.offers {
				t.Errorf("the page says the evidence is locked: %v, want %v", says, !tc.offers)
			}
		})
	}
}

// unlabelledFields returns the form fields of page a person cannot know
// the purpose of: no <label for> naming the field's id, no wrapping
// <label>, no aria-label.
func unlabelledFields(page string) []string {
	labelled := map[string]bool{}
	for _, m := range regexp.MustCompile(`<label[^>]*\sfor="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		labelled[m[1]] = true
	}
	var out []string
	for _, loc := range regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`).FindAllStringIndex(page, -1) {
		tag := page[loc[0]:loc[1]]
		if t := regexp.MustCompile(`\stype="([^"]+)"`).FindStringSubmatch(tag); t != nil && (t[1] == "hidden" || t[1] == "submit" || t[1] == "button") {
			continue
		}
		if strings.Contains(tag, "aria-label=") || strings.Contains(tag, "aria-labelledby=") {
			continue
		}
		if id := regexp.MustCompile(`\sid="([^"]+)"`).FindStringSubmatch(tag); id != nil && labelled[id[1]] {
			continue
		}
		before := page[:loc[0]]
		if strings.LastIndex(before, "<label") > strings.LastIndex(before, "</label>") {
			continue
		}
		out = append(out, tag)
	}
	return out
}

// TestEveryFieldHasALabel opens each page with a form an admin works on
// and checks that no form field is left without a label.
func TestEveryFieldHasALabel(t *testing.T) {
	env, cs := claimEnv(t)
	env.createUser(t, "ada", review.RoleAdmin)
	c := env.login(t, "ada")
	pages := []string{"/articles", "/articles/new", "/articles/" + idStr(cs[0].ArticleID), "/claims",
		"/claims/" + idStr(cs[0].ID), "/search?q=unemployment", "/admin/users", "/admin/settings",
		"/admin/verdicts", "/account", "/alert-rules", "/webhooks"}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			page := mustStatus(t, c.get(t, p), http.StatusOK)
			if !strings.Contains(page, "<input") && !strings.Contains(page, "<select") {
				t.Fatalf("%s has no form field at all; the test would check nothing", p)
			}
			if bad := unlabelledFields(page); len(bad) > 0 {
				t.Errorf("%s: fields without a label: %v", p, bad)
			}
		})
	}
	t.Run("the check itself", func(t *testing.T) {
		got := unlabelledFields(`<label for="a">A</label><input id="a"><label>B <input name="b"></label><input id="c" name="c">`)
		if len(got) != 1 || !strings.Contains(got[0], `id="c"`) {
			t.Errorf("unlabelledFields found %v, want only the field c", got)
		}
	})
}

// TestExportCheckListsTheFirstClaims checks that the ClaimReview check
// lists only the first claims with problems, counts the rest, and offers
// to export leaving out all of them, not only those listed.
func TestExportCheckListsTheFirstClaims(t *testing.T) {
	env, cs := claimEnv(t)
	ed := env.createUser(t, "ed", review.RoleEditor)
	for _, c := range cs[:2] {
		signOff(t, env, ed, c, "False") // no publish.base_url: both lack a url
	}
	old := checkRowsShown
	checkRowsShown = 1
	t.Cleanup(func() { checkRowsShown = old })
	page := html.UnescapeString(mustStatus(t, env.login(t, "ed").get(t, "/export/check"), http.StatusOK))
	if n := strings.Count(page, `<tr id="check-claim-`); n != 1 {
		t.Errorf("%d claims listed, want 1", n)
	}
	for _, want := range []string{`id="check-more">…and 1 more claim with problems`, "leaving out 2 claims with problems", "Claims with problems <span class=\"muted\">(2)</span>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the check page lacks %q", want)
		}
	}
}

// TestQueueSectionsForAnEditor checks that an editor's queue puts claims
// that need review (someone else's or nobody's) under their own heading,
// never under "Unassigned", caps that list with a link to the rest, and
// that a reviewer's queue has no such section.
func TestQueueSectionsForAnEditor(t *testing.T) {
	env, cs := claimEnv(t)
	rita := env.login(t, "rita")
	eddie := env.login(t, "eddie")
	// rita takes two claims and sends them to review; one stays new.
	for _, c := range cs[:2] {
		mustStatus(t, eddie.postForm(t, "/claims/"+idStr(c.ID), url.Values{"version": {idStr(env.claim(t, c.ID).Version)},
			"assignee": {"rita"}}), http.StatusSeeOther)
		mustStatus(t, rita.postForm(t, "/claims/"+idStr(c.ID), url.Values{"version": {idStr(env.claim(t, c.ID).Version)},
			"status": {"needs_review"}}), http.StatusSeeOther)
	}
	section := func(page, id string) string {
		i := strings.Index(page, `id="`+id+`"`)
		if i < 0 {
			return ""
		}
		rest := page[i:]
		if j := strings.Index(rest, "</section>"); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	old := queueSignOffShown
	queueSignOffShown = 1
	t.Cleanup(func() { queueSignOffShown = old })

	page := mustStatus(t, eddie.get(t, "/queue"), http.StatusOK)
	signoff, open := section(page, "signoff-h"), section(page, "open-h")
	if n := strings.Count(signoff, `class="queue-item"`); n != 1 {
		t.Errorf("sign-off section lists %d claims, want 1 (the cap)", n)
	}
	if !strings.Contains(signoff, `…and 1 more: <a href="/claims?status=needs_review">`) {
		t.Errorf("the sign-off section does not link the claims it leaves out:\n%s", signoff)
	}
	for _, c := range cs[:2] {
		if strings.Contains(open, `href="/claims/`+idStr(c.ID)+`?from=queue"`) {
			t.Errorf("claim %d (rita's, needs review) is listed under Unassigned", c.ID)
		}
	}
	if len(cs) > 2 && !strings.Contains(open, `href="/claims/`+idStr(cs[2].ID)+`?from=queue"`) {
		t.Errorf("the new unassigned claim %d is not under Unassigned", cs[2].ID)
	}
	if p := mustStatus(t, rita.get(t, "/queue"), http.StatusOK); strings.Contains(p, `id="signoff-h"`) {
		t.Errorf("a reviewer's queue has a sign-off section")
	}
}

// TestClaimContextKeepsLineBreaks checks that the claim page's context
// keeps the article's line breaks on both sides of the claim, so a claim
// that opens a line is not run into the sentence before it.
func TestClaimContextKeepsLineBreaks(t *testing.T) {
	env, cs := claimEnv(t)
	var second *review.Claim
	for i := range cs {
		if strings.HasPrefix(cs[i].Text, "Officials reported") {
			second = &cs[i]
		}
	}
	if second == nil {
		t.Fatalf("no claim opens the sample article's second line: %v", cs)
	}
	page := mustStatus(t, env.login(t, "rita").get(t, "/claims/"+idStr(second.ID)), http.StatusOK)
	m := regexp.MustCompile(`(?s)id="claim-context"><span class="muted">(.*?)</span> <mark[^>]*>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no context on the claim page:\n%s", trimPage(page))
	}
	if got := m[1]; !strings.HasSuffix(got, "since 2008.\n") {
		t.Errorf("the context before the claim ends %q, want the first line and its line break", got[max(0, len(got)-30):])
	}
	if !strings.Contains(readBody(t, env.newClient(t).get(t, "/static/style.css")), ".context { white-space: pre-line; }") {
		t.Errorf("the stylesheet does not keep the context's line breaks")
	}
}

// TestClaimActionMessagesAreSentences checks that a refused dismissal,
// reopen or sign-off says so in a sentence (capital first, full stop).
func TestClaimActionMessagesAreSentences(t *testing.T) {
	env, cs := claimEnv(t)
	eddie := env.login(t, "eddie")
	c := cs[0]
	for _, tc := range []struct {
		name string
		form url.Values
	}{
		{"dismiss without a reason", url.Values{"status": {"dismissed"}}},
		{"sign off without a verdict", url.Values{"status": {"needs_review"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur := env.claim(t, c.ID)
			tc.form.Set("version", idStr(cur.Version))
			resp := eddie.postForm(t, "/claims/"+idStr(c.ID), tc.form)
			if resp.StatusCode == http.StatusSeeOther {
				// needs_review went through; now the sign-off is refused.
				resp.Body.Close()
				resp = eddie.postForm(t, "/claims/"+idStr(c.ID), url.Values{"version": {idStr(env.claim(t, c.ID).Version)}, "status": {"done"}})
			}
			page := html.UnescapeString(mustStatus(t, resp, http.StatusBadRequest))
			m := regexp.MustCompile(`id="action-error">([^<]*)<`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no action message:\n%s", trimPage(page))
			}
			if got := m[1]; got == "" || strings.ToUpper(got[:1]) != got[:1] || !strings.HasSuffix(got, ".") {
				t.Errorf("action message %q is not a sentence", got)
			}
		})
	}
}

// TestEvidenceFieldMessages checks that a refused piece of evidence comes
// back with a sentence next to the field that caused it, tied to the field
// for screen readers, and that nothing is stored.
func TestEvidenceFieldMessages(t *testing.T) {
	env, cs := claimEnv(t)
	rita := env.login(t, "rita")
	c := cs[0]
	for _, tc := range []struct {
		name, field, id string
		form            url.Values
	}{
		{"bad date", "accessed", "ev-accessed", url.Values{"url": {"https://stats.example.org/a"}, "stance": {"supports"}, "accessed": {"2026-13-45"}}},
		{"bad link", "url", "ev-url", url.Values{"url": {"stats.example.org/a"}, "stance": {"supports"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := html.UnescapeString(mustStatus(t, rita.postForm(t, "/claims/"+idStr(c.ID)+"/evidence", tc.form), http.StatusBadRequest))
			m := regexp.MustCompile(`<p class="field-error" id="` + tc.id + `-error">([^<]*)</p>`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no message tied to the %s field:\n%s", tc.field, trimPage(page))
			}
			if got := m[1]; strings.ToUpper(got[:1]) != got[:1] || !strings.HasSuffix(got, ".") {
				t.Errorf("message %q is not a sentence", got)
			}
			if !regexp.MustCompile(`id="` + tc.id + `"[^>]*aria-invalid="true" aria-describedby="` + tc.id + `-error"`).MatchString(page) {
				t.Errorf("the %s field is not marked invalid and described by its message", tc.field)
			}
			ev, err := env.store.Evidence(context.Background(), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ev) != 0 {
				t.Errorf("evidence stored after a refusal: %v", ev)
			}
		})
	}
}

// TestPageMessagesAreSentences checks that messages the store writes in
// lower case reach the article and claim pages as sentences.
func TestPageMessagesAreSentences(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"say why the claim is dismissed", "Say why the claim is dismissed."},
		{"Already a sentence.", "Already a sentence."},
		{"  trailing dots...  ", "Trailing dots."},
		{"", ""},
	} {
		if got := sentence(tc.in); got != tc.want {
			t.Errorf("sentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	env, cs := claimEnv(t)
	rita := env.login(t, "rita")
	c := cs[0]
	for _, tc := range []struct {
		name, path, pattern string
		form                url.Values
	}{
		{"article date", "/articles/" + idStr(c.ArticleID), `<input id="d-published"[^>]*>\s*<p class="field-error"[^>]*>([^<]*)</p>`,
			url.Values{"title": {"A title"}, "published": {"yesterday"}}},
		{"split outside the claim", "/claims/" + idStr(c.ID) + "/split", `id="split-error">([^<]*)<`,
			url.Values{"version": {idStr(c.Version)}, "at": {"1000000"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := html.UnescapeString(mustStatus(t, rita.postForm(t, tc.path, tc.form), http.StatusBadRequest))
			m := regexp.MustCompile(tc.pattern).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no message:\n%s", trimPage(page))
			}
			if got := m[1]; got == "" || strings.ToUpper(got[:1]) != got[:1] || !strings.HasSuffix(got, ".") {
				t.Errorf("message %q is not a sentence", got)
			}
		})
	}
}
