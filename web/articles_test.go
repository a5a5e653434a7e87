package web

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"claimdesk/review"
)

// inlineRe finds what the Content-Security-Policy would block: style
// attributes, script elements without src, and event handler attributes.
var inlineRe = regexp.MustCompile(`(?i)\sstyle="|<script>|<script\s+(?:type="[^"]*"\s*)?>|<[a-z][^>]*\son[a-z]+="`)

// TestWorkbenchRoutesByRole opens every workbench page as each role, and
// logged out (which must lead to the login page).
func TestWorkbenchRoutesByRole(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "admin", review.RoleAdmin)
	ed := env.createUser(t, "eddie", review.RoleEditor)
	env.createUser(t, "rita", review.RoleReviewer)
	a, cs := env.importArticle(t, ed, sampleArticle)
	if len(cs) < 2 {
		t.Fatal("the sample article has fewer than two claims")
	}
	paths := []string{"/", "/articles", "/articles/new", "/articles/" + idStr(a.ID), "/articles/" + idStr(a.ID) + "?candidates=1",
		"/claims", "/claims?status=new", "/claims/" + idStr(cs[0].ID), "/claims/" + idStr(cs[0].ID) + "?from=queue", "/queue"}
	for _, name := range []string{"admin", "eddie", "rita"} {
		c := env.login(t, name)
		for _, p := range paths {
			t.Run(name+p, func(t *testing.T) {
				code, body := c.getBody(t, p)
				if code != http.StatusOK {
					t.Fatalf("status: got %d, want 200\n%s", code, trimPage(body))
				}
				if !strings.Contains(body, `<main id="main">`) {
					t.Errorf("not a full page")
				}
				// The CSP forbids inline style and script: the pages must
				// not need them.
				if m := inlineRe.FindString(body); m != "" {
					t.Errorf("inline style, script or handler: %s", m)
				}
			})
		}
	}
	anon := env.newClient(t)
	for _, p := range paths {
		t.Run("logged out"+p, func(t *testing.T) {
			resp := anon.get(t, p)
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("status: got %d, want 303", resp.StatusCode)
			}
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/login") {
				t.Errorf("Location: got %q, want /login…", loc)
			}
		})
	}
	// Posting while logged out changes nothing and leads to the login page.
	cid, aid := idStr(cs[0].ID), idStr(a.ID)
	posts := map[string]map[string][]string{
		"/articles":                             {"title": {"x"}, "text": {"Prices rose 5%."}},
		"/articles/" + aid:                      {"title": {"Changed"}},
		"/articles/" + aid + "/claims":          {"quote": {"unemployment"}},
		"/articles/" + aid + "/merge":           {"ids": {cid, idStr(cs[1].ID)}},
		"/claims/" + cid:                        {"version": {"1"}, "status": {"researching"}},
		"/claims/" + cid + "/split":             {"version": {"1"}, "at": {"10"}},
		"/claims/" + cid + "/evidence":          {"url": {"https://example.org"}, "stance": {"supports"}},
		"/claims/" + cid + "/comments":          {"body": {"hello"}},
		"/claims/" + cid + "/evidence/1/remove": nil,
	}
	for p, form := range posts {
		resp := anon.postForm(t, p, form)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("anonymous POST %s: got %d %q, want 303 to /login", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if n := env.countArticles(t); n != 1 {
		t.Errorf("articles after anonymous posts: %d, want 1", n)
	}
	if got, _ := env.store.Article(context.Background(), a.ID); got.Title != a.Title {
		t.Errorf("an anonymous post changed the title to %q", got.Title)
	}
	if cm, _ := env.store.Comments(context.Background(), cs[0].ID); len(cm) != 0 {
		t.Errorf("an anonymous post commented")
	}
	c, err := env.store.Claim(context.Background(), cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != cs[0].Status {
		t.Errorf("anonymous POST changed the status to %s", c.Status)
	}
}

func TestImportFormRefusesBadInput(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "rita", review.RoleReviewer)
	c := env.login(t, "rita")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	tests := []struct {
		name   string
		fields map[string]string
		file   *upload
		field  string // the field the message sits on
		msg    string // part of the message
	}{
		{"invalid UTF-8 text", map[string]string{"title": "Kept title", "text": "Prices rose \xff\xfe 5% last year."}, nil, "text", "invalid UTF-8"},
		{"empty text", map[string]string{"title": "Kept title", "text": "   \n  "}, nil, "text", "Paste the article"},
		{"binary upload", map[string]string{"title": "Kept title"}, &upload{"photo.txt", png}, "file", "binary"},
		{"invalid UTF-8 upload", map[string]string{"title": "Kept title"}, &upload{"a.txt", []byte("Prices \xc3\x28 rose.")}, "file", "UTF-8"},
		{"javascript: URL", map[string]string{"title": "Kept title", "text": "Prices rose 5% last year.", "url": "javascript:alert(1)"}, nil, "url", "http://"},
		{"ftp URL", map[string]string{"title": "Kept title", "text": "Prices rose 5% last year.", "url": "ftp://example.org/a"}, nil, "url", "http://"},
		{"wrong extension", map[string]string{"title": "Kept title"}, &upload{"report.pdf", []byte("%PDF-1.7 text")}, "file", ".txt, .md or .html"},
		{"empty upload", map[string]string{"title": "Kept title"}, &upload{"empty.md", []byte("\n\n")}, "file", "empty"},
		{"text and file", map[string]string{"title": "Kept title", "text": "Prices rose 5%."}, &upload{"a.txt", []byte("Rents fell 2%.")}, "text", "not both"},
		{"bad date", map[string]string{"title": "Kept title", "text": "Prices rose 5% last year.", "published": "3 March"}, nil, "published", "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := env.countArticles(t)
			body := mustStatus(t, c.postMultipart(t, "/articles", tt.fields, tt.file), http.StatusBadRequest)
			if !strings.Contains(body, `id="article-form"`) {
				t.Fatalf("the form did not come back:\n%s", trimPage(body))
			}
			// The message sits on its field.
			re := regexp.MustCompile(`(?s)name="` + tt.field + `".*?class="field-error"[^>]*>([^<]*)<`)
			m := re.FindStringSubmatch(body)
			if m == nil || !strings.Contains(html.UnescapeString(m[1]), tt.msg) {
				t.Errorf("no message containing %q on field %s:\n%s", tt.msg, tt.field, trimPage(body))
			}
			if !strings.Contains(body, `value="Kept title"`) {
				t.Errorf("the title was not kept")
			}
			if after := env.countArticles(t); after != before {
				t.Errorf("articles: %d before, %d after; want nothing stored", before, after)
			}
		})
	}
}

func TestImportOversizedGets413WithTheLimit(t *testing.T) {
	env := newTestEnvConfig(t, Config{MaxBodyBytes: 64 << 10})
	env.createUser(t, "rita", review.RoleReviewer)
	c := env.login(t, "rita")
	big := strings.Repeat("Prices rose 5% last year in the city. ", 4000) // ~150 KiB
	tests := []struct {
		name   string
		fields map[string]string
		file   *upload
	}{
		{"pasted", map[string]string{"title": "Big", "text": big}, nil},
		{"uploaded", map[string]string{"title": "Big"}, &upload{"big.txt", []byte(big)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := mustStatus(t, c.postMultipart(t, "/articles", tt.fields, tt.file), http.StatusRequestEntityTooLarge)
			if !strings.Contains(body, "64.0 KiB") {
				t.Errorf("the 413 page does not state the limit (64.0 KiB):\n%s", trimPage(body))
			}
			if n := env.countArticles(t); n != 0 {
				t.Errorf("articles stored: %d, want 0", n)
			}
		})
	}
	// Under the body cap but over the article limit: 413 too, nothing stored.
	env.store.MaxArticleBytes = 1000
	for _, tt := range tests {
		fields := map[string]string{"title": "Big"}
		var file *upload
		if tt.file != nil {
			file = &upload{"big.txt", []byte(big[:5000])}
		} else {
			fields["text"] = big[:5000]
		}
		body := mustStatus(t, c.postMultipart(t, "/articles", fields, file), http.StatusRequestEntityTooLarge)
		if !strings.Contains(body, "limit of 1000 bytes") {
			t.Errorf("%s: the 413 page does not state the article limit:\n%s", tt.name, trimPage(body))
		}
		if n := env.countArticles(t); n != 0 {
			t.Errorf("%s: articles stored: %d, want 0", tt.name, n)
		}
	}
}

func TestImportThenDuplicatePointsToTheArticle(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "rita", review.RoleReviewer)
	c := env.login(t, "rita")
	resp := c.postMultipart(t, "/articles", map[string]string{"title": "Jobs report", "outlet": "The Daily", "text": sampleArticle, "format": "text"}, nil)
	mustStatus(t, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !regexp.MustCompile(`^/articles/\d+$`).MatchString(loc) {
		t.Fatalf("Location: got %q, want /articles/ID", loc)
	}
	if n := env.countArticles(t); n != 1 {
		t.Fatalf("articles: got %d, want 1", n)
	}
	// The same text again, as an upload this time.
	resp = c.postMultipart(t, "/articles", map[string]string{"title": "Another title"}, &upload{"jobs.txt", []byte(sampleArticle)})
	mustStatus(t, resp, http.StatusSeeOther)
	if got := resp.Header.Get("Location"); got != loc {
		t.Errorf("duplicate Location: got %q, want %q", got, loc)
	}
	if n := env.countArticles(t); n != 1 {
		t.Errorf("articles after the duplicate: got %d, want 1", n)
	}
	body := mustStatus(t, c.get(t, loc), http.StatusOK)
	if !strings.Contains(body, "This text was already imported as “Jobs report”") {
		t.Errorf("no flash about the duplicate:\n%s", trimPage(body))
	}
}

// markRe matches a claim marked alone (not nested): the piece's start,
// the mark's classes, the claim's id, and its text after the badge link.
var markRe = regexp.MustCompile(`<span data-start="(\d+)"><mark class="([^"]*)" data-claim="(\d+)"[^>]*>(?:<a [^>]*></a>)?([^<]*)</mark></span>`)

func TestArticlePageHighlightsEveryClaim(t *testing.T) {
	env := newTestEnv(t)
	u := env.createUser(t, "rita", review.RoleReviewer)
	text := "Prices in Zürich rose 5% — the fastest since 1990, officials said.\n\n" + sampleArticle + "\n\nIs <b>this</b> & that 100% true?"
	a, _ := env.importArticle(t, u, text)
	c := env.login(t, "rita")
	all, err := env.store.Claims(context.Background(), review.ClaimFilter{ArticleID: a.ID, IncludeCandidates: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, show := range []bool{false, true} {
		path := "/articles/" + idStr(a.ID)
		if show {
			path += "?candidates=1"
		}
		body := mustStatus(t, c.get(t, path), http.StatusOK)
		marks := map[string]string{}
		for _, m := range markRe.FindAllStringSubmatch(body, -1) {
			marks[m[3]] = html.UnescapeString(m[4])
		}
		want := 0
		for _, cl := range all {
			if cl.Status == review.StatusDismissed || (cl.Candidate && !show) {
				if _, ok := marks[idStr(cl.ID)]; ok {
					t.Errorf("%s: claim %d (candidate %v) is marked", path, cl.ID, cl.Candidate)
				}
				continue
			}
			want++
			got, ok := marks[idStr(cl.ID)]
			if !ok {
				t.Errorf("%s: claim %d %q is not marked", path, cl.ID, cl.Text)
				continue
			}
			if got != cl.Text {
				t.Errorf("%s: mark of claim %d: got %q, want %q", path, cl.ID, got, cl.Text)
			}
			if !strings.Contains(body, `href="/claims/`+idStr(cl.ID)+`"`) {
				t.Errorf("%s: no link to claim %d", path, cl.ID)
			}
		}
		if len(marks) != want {
			t.Errorf("%s: %d marks, want %d", path, len(marks), want)
		}
		// The whole text is there, split into segments with their byte offsets.
		if strings.Contains(body, "<b>this</b>") {
			t.Errorf("%s: the article's markup came through unescaped", path)
		}
	}
	if want := 0; len(all) == want {
		t.Fatal("the article has no claims at all")
	}
}

func TestUploadedHTMLCannotRunScript(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "rita", review.RoleReviewer)
	c := env.login(t, "rita")
	page := `<!doctype html><html><head><title>Evil page</title><script>alert("head")</script></head><body>
<article><h1>Floods</h1>
<p>The river rose 3 metres on Monday, the highest level since 1998, officials said.<script>alert("body")</script></p>
<p><img src="x.png" onerror="alert('img')">Some 4,000 people were moved to shelters, the mayor told reporters.</p>
<p>Read <a href="javascript:alert('link')" onclick="alert('click')">the report</a> for the 12 districts hit by water.</p>
<p onmouseover="alert('p')">Damage is put at 40 million euros, the insurers' association said on Tuesday.</p>
</article></body></html>`
	resp := c.postMultipart(t, "/articles", map[string]string{"title": "Floods"}, &upload{"floods.html", []byte(page)})
	mustStatus(t, resp, http.StatusSeeOther)
	body := mustStatus(t, c.get(t, resp.Header.Get("Location")), http.StatusOK)
	if !strings.Contains(body, "The river rose 3 metres") {
		t.Fatalf("the article's text is not on the page:\n%s", trimPage(body))
	}
	for _, bad := range []string{"alert(", "<script>", "javascript:", "<img"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	if m := regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`).FindString(body); m != "" {
		t.Errorf("the page has an event handler attribute: %s", m)
	}
	for _, s := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		if s != `<script src="`+assetURL("app.js")+`" defer>` {
			t.Errorf("unexpected script tag %s", s)
		}
	}
}

func TestArticleListFiltersAndProgress(t *testing.T) {
	env := newTestEnv(t)
	ed := env.createUser(t, "eddie", review.RoleEditor)
	env.createUser(t, "rita", review.RoleReviewer)
	a, _ := env.importArticle(t, ed, sampleArticle)
	c := env.login(t, "eddie")
	body := mustStatus(t, c.get(t, "/articles"), http.StatusOK)
	if !strings.Contains(body, `href="/articles/`+idStr(a.ID)+`"`) {
		t.Errorf("the article is not listed")
	}
	if !strings.Contains(body, "0 of ") || !strings.Contains(body, " done") {
		t.Errorf("no progress text")
	}
	// Export links carry the filters (editors may export).
	body = mustStatus(t, c.get(t, "/articles?status=new&since=2026-01-01"), http.StatusOK)
	if !strings.Contains(body, `/export?format=csv&amp;since=2026-01-01&amp;status=new`) {
		t.Errorf("export link without the filters:\n%s", trimPage(body))
	}
	// A filter that matches nothing lists nothing; one that cannot be read says so.
	body = mustStatus(t, c.get(t, "/articles?status=done"), http.StatusOK)
	if strings.Contains(body, `href="/articles/`+idStr(a.ID)+`"`) {
		t.Errorf("an article with no done claim is listed under status=done")
	}
	body = mustStatus(t, c.get(t, "/articles?until=2026-11-19"), http.StatusOK)
	if strings.Contains(body, `href="/articles/`+idStr(a.ID)+`"`) {
		t.Errorf("an article imported on 2026-11-20 is listed until 2026-11-19")
	}
	body = mustStatus(t, c.get(t, "/articles?since=yesterday"), http.StatusBadRequest)
	if !strings.Contains(body, `id="filter-error"`) {
		t.Errorf("no message for a bad date")
	}
	mustStatus(t, c.get(t, "/articles?assignee=nobody-here"), http.StatusBadRequest)
	// Reviewers do not get export links they could not use.
	body = mustStatus(t, env.login(t, "rita").get(t, "/articles"), http.StatusOK)
	if strings.Contains(body, "/export?") {
		t.Errorf("a reviewer sees export links")
	}
}

func TestAddClaimBySelectionOrQuote(t *testing.T) {
	env := newTestEnv(t)
	u := env.createUser(t, "rita", review.RoleReviewer)
	a, _ := env.importArticle(t, u, sampleArticle)
	c := env.login(t, "rita")
	// a part of a sentence, which no engine claim spans whatever the model
	// makes of the sentence (its exact span, were it a claim, is refused)
	quote := "the figures are misleading"
	start := strings.Index(a.Body, quote)
	path := "/articles/" + idStr(a.ID) + "/claims"

	resp := c.postForm(t, path, map[string][]string{"start": {idStr(int64(start))}, "end": {idStr(int64(start + len(quote)))}, "quote": {quote}})
	mustStatus(t, resp, http.StatusSeeOther)
	cs, err := env.store.Claims(context.Background(), review.ClaimFilter{ArticleID: a.ID, IncludeCandidates: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, cl := range cs {
		if cl.Start == start && cl.End == start+len(quote) && !cl.Candidate && cl.Status != review.StatusDismissed {
			found = true
		}
	}
	if !found {
		t.Errorf("no claim for the span %d-%d after adding it", start, start+len(quote))
	}

	// Without offsets, the words alone; an ambiguous or missing quote is a message.
	bad := []struct{ quote, msg string }{
		{"the figures are wrong", "do not appear"},
		{"the", "times in the text"},
	}
	for _, b := range bad {
		before := len(cs)
		body := mustStatus(t, c.postForm(t, path, map[string][]string{"quote": {b.quote}}), http.StatusBadRequest)
		if !strings.Contains(body, b.msg) {
			t.Errorf("quote %q: no message %q", b.quote, b.msg)
		}
		after, _ := env.store.Claims(context.Background(), review.ClaimFilter{ArticleID: a.ID, IncludeCandidates: true})
		if len(after) != before {
			t.Errorf("quote %q: claims %d before, %d after", b.quote, before, len(after))
		}
	}
}

func TestArticleDetailsEdit(t *testing.T) {
	env := newTestEnv(t)
	u := env.createUser(t, "rita", review.RoleReviewer)
	a, _ := env.importArticle(t, u, sampleArticle)
	c := env.login(t, "rita")
	path := "/articles/" + idStr(a.ID)
	body := mustStatus(t, c.postForm(t, path, map[string][]string{"title": {"New title"}, "url": {"javascript:alert(1)"}}), http.StatusBadRequest)
	if !strings.Contains(body, "http://") || !strings.Contains(body, `value="New title"`) {
		t.Errorf("the details form did not come back with the message and values")
	}
	got, _ := env.store.Article(context.Background(), a.ID)
	if got.Title != a.Title {
		t.Errorf("title changed to %q by a refused edit", got.Title)
	}
	mustStatus(t, c.postForm(t, path, map[string][]string{"title": {"New title"}, "outlet": {"The Daily"}, "url": {"https://example.org/a"}, "published": {"2026-11-01"}}), http.StatusSeeOther)
	got, _ = env.store.Article(context.Background(), a.ID)
	if got.Title != "New title" || got.Outlet != "The Daily" || got.URL != "https://example.org/a" || got.Published != "2026-11-01" {
		t.Errorf("details after the edit: %+v", got)
	}
}

func TestMergeSplitAndPromote(t *testing.T) {
	env := newTestEnvConfig(t, Config{Logger: testLog(t)})
	u := env.createUser(t, "rita", review.RoleReviewer)
	text := "Unemployment fell to 3.9% in May, and vacancies rose to 72,000.\n\nWages grew 5% last year.\n\nIt was a sunny day."
	a, _ := env.importArticle(t, u, text)
	c := env.login(t, "rita")
	ctx := context.Background()
	list := func() []review.Claim {
		cs, err := env.store.Claims(ctx, review.ClaimFilter{ArticleID: a.ID, IncludeCandidates: true})
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	// The first two claims the engine found, in text order.
	var open []review.Claim
	for _, cl := range list() {
		if !cl.Candidate && cl.Status != review.StatusDismissed {
			open = append(open, cl)
		}
	}
	if len(open) < 2 {
		t.Fatalf("the engine found %d claims, want 2 or more: %+v", len(open), open)
	}
	first, second := open[0], open[1]
	// A manual claim by its words (a span no claim has yet).
	mustStatus(t, c.postForm(t, "/articles/"+idStr(a.ID)+"/claims", map[string][]string{"quote": {"a sunny day"}}), http.StatusSeeOther)
	manual := false
	for _, cl := range list() {
		manual = manual || (cl.Text == "a sunny day" && cl.Origin == "manual")
	}
	if !manual {
		t.Errorf("no manual claim %q", "a sunny day")
	}
	// The same span again is refused with the store's message on the form.
	body := mustStatus(t, c.postForm(t, "/articles/"+idStr(a.ID)+"/claims", map[string][]string{"quote": {"a sunny day"}}), http.StatusBadRequest)
	if !strings.Contains(body, "already") {
		t.Errorf("no message for a span that is a claim already:\n%s", trimPage(body))
	}

	// Merging needs exactly two ticks.
	body = mustStatus(t, c.postForm(t, "/articles/"+idStr(a.ID)+"/merge", map[string][]string{"ids": {idStr(first.ID)}}), http.StatusBadRequest)
	if !strings.Contains(body, `id="merge-error"`) || !strings.Contains(body, "exactly two") {
		t.Errorf("no message for one tick")
	}
	resp := c.postForm(t, "/articles/"+idStr(a.ID)+"/merge", map[string][]string{"ids": {idStr(first.ID), idStr(second.ID)},
		"version-" + idStr(first.ID): {idStr(first.Version)}, "version-" + idStr(second.ID): {idStr(second.Version)}})
	mustStatus(t, resp, http.StatusSeeOther)
	var merged *review.Claim
	for _, cl := range list() {
		if cl.Start == first.Start && cl.End == second.End && cl.Status != review.StatusDismissed {
			merged = &cl
		}
	}
	if merged == nil {
		t.Fatalf("no claim spans both after the merge: %+v", list())
	}

	// The claim page offers split points; splitting at the first gives two claims.
	page := mustStatus(t, c.get(t, "/claims/"+idStr(merged.ID)), http.StatusOK)
	m := regexp.MustCompile(`name="at" value="(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no split point offered for %q", merged.Text)
	}
	at, _ := strconv.Atoi(m[1])
	body = mustStatus(t, c.postForm(t, "/claims/"+idStr(merged.ID)+"/split", map[string][]string{"version": {idStr(merged.Version)}, "at": {"x"}}), http.StatusBadRequest)
	if !strings.Contains(body, `id="split-error"`) {
		t.Errorf("no message for a bad split point")
	}
	mustStatus(t, c.postForm(t, "/claims/"+idStr(merged.ID)+"/split", map[string][]string{"version": {idStr(merged.Version)}, "at": {idStr(int64(at))}}), http.StatusSeeOther)
	parts := 0
	for _, cl := range list() {
		if cl.Status == review.StatusDismissed {
			continue
		}
		if (cl.Start == merged.Start && cl.End <= at) || (cl.Start >= at && cl.End == merged.End) {
			parts++
		}
	}
	if parts != 2 {
		t.Errorf("after the split: %d parts found, want 2: %+v", parts, list())
	}

	// A candidate under the threshold is one click away and can be promoted.
	var cand *review.Claim
	for _, cl := range list() {
		if cl.Candidate {
			cand = &cl
			break
		}
	}
	if cand == nil {
		t.Skip("the engine made no candidate of this text; promotion is covered by the store's tests")
	}
	body = mustStatus(t, c.get(t, "/articles/"+idStr(a.ID)), http.StatusOK)
	if !strings.Contains(body, `href="/articles/`+idStr(a.ID)+`?candidates=1"`) {
		t.Errorf("no link to show the candidates")
	}
	body = mustStatus(t, c.get(t, "/articles/"+idStr(a.ID)+"?candidates=1"), http.StatusOK)
	if !strings.Contains(body, `class="hl status-`+string(cand.Status)) || !strings.Contains(body, "Promote to a claim") {
		t.Errorf("the candidate is not shown with a promote button")
	}
	mustStatus(t, c.postForm(t, "/articles/"+idStr(a.ID)+"/claims", map[string][]string{"start": {idStr(int64(cand.Start))}, "end": {idStr(int64(cand.End))}}), http.StatusSeeOther)
	promoted := false
	for _, cl := range list() {
		promoted = promoted || (cl.Start == cand.Start && cl.End == cand.End && !cl.Candidate)
	}
	if !promoted {
		t.Errorf("the candidate was not promoted")
	}
}

// TestDefaultTitleSameFromFormAndAPI: an article brought in without a title
// gets the store's title whichever way it came (the form, an upload, the
// API): the web keeps no title rule of its own.
func TestDefaultTitleSameFromFormAndAPI(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.createUser(t, "rita", review.RoleReviewer)
	tok := env.apiToken(t, "rita")
	c := env.login(t, "rita")
	// A text pasted from a web page starts with its navigation.
	text := "Home\nNews\nExports rose 7 percent in 2019, the ministry said.\n\nImports fell 3 percent."
	const want = "Exports rose 7 percent in 2019, the ministry said."
	titleOf := func(loc string) string {
		t.Helper()
		id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/articles/"), 10, 64)
		if err != nil {
			t.Fatalf("Location %q", loc)
		}
		a, err := env.store.Article(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return a.Title
	}
	resp := c.postMultipart(t, "/articles", map[string]string{"text": text, "format": "text"}, nil)
	mustStatus(t, resp, http.StatusSeeOther)
	if got := titleOf(resp.Header.Get("Location")); got != want {
		t.Errorf("pasted in the form: title %q, want %q", got, want)
	}
	resp = c.postMultipart(t, "/articles", nil, &upload{"a.txt", []byte(text + "\n\nAn uploaded copy.")})
	mustStatus(t, resp, http.StatusSeeOther)
	if got := titleOf(resp.Header.Get("Location")); got != want {
		t.Errorf("uploaded: title %q, want %q", got, want)
	}
	st, out := env.apiCall(t, "POST", "/api/v1/articles", tok, mustJSON(t, map[string]string{"text": text + "\n\nAn API copy."}))
	if st != http.StatusCreated || out["title"] != want {
		t.Errorf("through the API: status %d, title %v, want 201 and %q", st, out["title"], want)
	}
}

// TestArticleListPagesByCursor walks the articles page and the API by
// their next links and meets every article once, in the list's order, even
// when articles share an import time; a cursor that is not one is a message.
func TestArticleListPagesByCursor(t *testing.T) {
	env := newTestEnv(t)
	ed := env.createUser(t, "eddie", review.RoleEditor)
	for i := range 5 {
		// The test clock stands still: all five share an import time,
		// and the id alone orders them.
		env.importArticle(t, ed, "The minister said on Monday that unemployment fell to "+strconv.Itoa(4+i)+" percent in the last quarter of the year.")
	}
	all, err := env.store.Articles(context.Background(), review.ArticleFilter{})
	if err != nil || len(all) != 5 {
		t.Fatalf("Articles: %d, %v; want 5", len(all), err)
	}
	var want []string
	for _, a := range all {
		want = append(want, strconv.FormatInt(a.ID, 10))
	}
	old := articlesPerPage
	articlesPerPage = 2
	t.Cleanup(func() { articlesPerPage = old })

	c := env.login(t, "eddie")
	next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	idRE := regexp.MustCompile(`<td data-label="Article"><a href="/articles/(\d+)">`)
	var walked []string
	pages := 0
	for path := "/articles"; path != ""; pages++ {
		page := mustStatus(t, c.get(t, path), http.StatusOK)
		ids := idRE.FindAllStringSubmatch(page, -1)
		if len(ids) == 0 || len(ids) > 2 {
			t.Fatalf("%s lists %d articles, want 1 or 2", path, len(ids))
		}
		for _, m := range ids {
			walked = append(walked, m[1])
		}
		if pages > 0 && !strings.Contains(page, `rel="first"`) {
			t.Errorf("%s has no link back to the first page", path)
		}
		path = ""
		if m := next.FindStringSubmatch(page); m != nil {
			path = html.UnescapeString(m[1])
			if !strings.Contains(path, "after=") {
				t.Errorf("the next link %q is not a cursor", path)
			}
		}
	}
	if got := strings.Join(walked, " "); got != strings.Join(want, " ") || pages != 3 {
		t.Errorf("walking the page's next links gives %s in %d pages, want %s in 3", got, pages, strings.Join(want, " "))
	}

	tok := env.apiToken(t, "eddie")
	walked = nil
	for path := "/api/v1/articles?limit=2"; path != ""; {
		st, body := env.apiCall(t, "GET", path, tok, nil)
		list, _ := body["articles"].([]any)
		if st != http.StatusOK || len(list) == 0 {
			t.Fatalf("GET %s: %d %v", path, st, body)
		}
		for _, a := range list {
			walked = append(walked, strconv.FormatInt(num(a.(map[string]any)["id"]), 10))
		}
		path, _ = body["next"].(string)
	}
	if got := strings.Join(walked, " "); got != strings.Join(want, " ") {
		t.Errorf("walking the API's next gives %s, want %s", got, strings.Join(want, " "))
	}

	for _, bad := range []string{"abc", "0", "99999"} {
		page := mustStatus(t, c.get(t, "/articles?after="+bad), http.StatusBadRequest)
		if !strings.Contains(page, `id="filter-error"`) || idRE.MatchString(page) {
			t.Errorf("/articles?after=%s: want a message and no list", bad)
		}
		if st, body := env.apiCall(t, "GET", "/api/v1/articles?after="+bad, tok, nil); st < 400 || st >= 500 || body["articles"] != nil {
			t.Errorf("GET /api/v1/articles?after=%s: %d %v, want a refusal", bad, st, body)
		}
	}
}
