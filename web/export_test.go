package web

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"claimdesk/review"
)

// signOff takes a claim to done through the store: evidence, a verdict, a
// conclusion, then an editor's sign-off.
func signOff(t *testing.T, e *testEnv, editor *review.User, c review.Claim, verdict string) *review.Claim {
	t.Helper()
	ctx := context.Background()
	if _, err := e.store.AddEvidence(ctx, editor, c.ID, review.NewEvidence{URL: "https://stats.example.gov/" + idStr(c.ID),
		Title: "Official figures", Stance: review.StanceRefutes}); err != nil {
		t.Fatal(err)
	}
	cur, err := e.store.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, concl := review.StatusNeedsReview, "The official figures say otherwise."
	if cur, err = e.store.UpdateClaim(ctx, editor, c.ID, review.ClaimUpdate{Version: cur.Version, Status: &st, Verdict: &verdict, Conclusion: &concl}); err != nil {
		t.Fatal(err)
	}
	done := review.StatusDone
	if cur, err = e.store.UpdateClaim(ctx, editor, c.ID, review.ClaimUpdate{Version: cur.Version, Status: &done}); err != nil {
		t.Fatal(err)
	}
	return cur
}

// exportEnv is a server with an editor, a reviewer and an article with
// one done claim.
func exportEnv(t *testing.T) (*testEnv, *review.Article, []review.Claim, *review.Claim) {
	t.Helper()
	e := newTestEnv(t)
	ed := e.createUser(t, "ed", review.RoleEditor)
	e.createUser(t, "rita", review.RoleReviewer)
	a, cs := e.importArticle(t, ed, sampleArticle)
	// A claim short enough for ClaimReview (at most 75 characters).
	var first *review.Claim
	for i := range cs {
		if !cs[i].Candidate && len(cs[i].Text) <= 75 {
			first = &cs[i]
			break
		}
	}
	if first == nil {
		t.Fatalf("the sample article gave no short claim: %v", cs)
	}
	done := signOff(t, e, ed, *first, "False")
	return e, a, cs, done
}

func TestExportDownload(t *testing.T) {
	e, a, _, done := exportEnv(t)
	ed := e.login(t, "ed")
	tests := []struct {
		query, contentType, filename string
	}{
		{"format=csv&article=" + idStr(a.ID), "text/csv; charset=utf-8", "claims-article-" + idStr(a.ID) + ".csv"},
		{"format=json&status=done", "application/json; charset=utf-8", "claims-done.json"},
		{"format=md&article=" + idStr(a.ID), "text/markdown; charset=utf-8", "claims-article-" + idStr(a.ID) + ".md"},
		{"format=html&article=" + idStr(a.ID), "text/html; charset=utf-8", "claims-article-" + idStr(a.ID) + ".html"},
		{"format=csv", "text/csv; charset=utf-8", "claims-2026-11-20.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp := ed.get(t, "/export?"+tt.query)
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", resp.StatusCode, trimPage(body))
			}
			if got := resp.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
			want := `attachment; filename=` + tt.filename
			if strings.HasPrefix(tt.query, "format=html") {
				want = `inline; filename=` + tt.filename // opened in the browser
				if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'unsafe-inline'") || strings.Contains(csp, "script-src") {
					t.Errorf("the HTML report's policy %q: want its inline styles allowed and no script", csp)
				}
			}
			if got := resp.Header.Get("Content-Disposition"); got != want {
				t.Errorf("Content-Disposition = %q, want %q", got, want)
			}
			if !strings.Contains(body, "official figures say otherwise") && !strings.Contains(body, "The official figures say otherwise") {
				t.Errorf("the export lacks the done claim's conclusion")
			}
		})
	}
	// download=1 saves the HTML report instead, and the article page links
	// both.
	resp := ed.get(t, "/export?format=html&download=1&article="+idStr(a.ID))
	readBody(t, resp)
	if got, want := resp.Header.Get("Content-Disposition"), `attachment; filename=claims-article-`+idStr(a.ID)+`.html`; got != want {
		t.Errorf("download=1: Content-Disposition = %q, want %q", got, want)
	}
	if _, page := ed.getBody(t, "/articles/"+idStr(a.ID)); !strings.Contains(page, "download=1") || !strings.Contains(page, "(download)") {
		t.Errorf("the article page lacks the HTML report's download link")
	}
	// The CSV starts with the byte-order mark (for spreadsheets) unless
	// excel=0; the filter keeps only the done claim.
	_, body := ed.getBody(t, "/export?format=csv&status=done")
	if !strings.HasPrefix(body, "\ufeff") {
		t.Errorf("the CSV download lacks the byte-order mark")
	}
	if _, plain := ed.getBody(t, "/export?format=csv&status=done&excel=0"); plain != strings.TrimPrefix(body, "\ufeff") {
		t.Errorf("excel=0 should give the same CSV without the byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][0] != idStr(done.ID) {
		t.Errorf("filtered CSV = %v, %v; want the header and claim %d", recs, err, done.ID)
	}
}

func TestExportAccessAndBadInput(t *testing.T) {
	e, _, _, _ := exportEnv(t)
	rita := e.login(t, "rita")
	for _, path := range []string{"/export?format=csv", "/export/check"} {
		resp := rita.get(t, path)
		readBody(t, resp)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("reviewer GET %s: status %d, want 403", path, resp.StatusCode)
		}
	}
	resp := rita.postForm(t, "/export/claims/1/review-url", url.Values{"version": {"1"}, "review_url": {"https://x.example/"}})
	readBody(t, resp)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("reviewer POST review-url: status %d, want 403", resp.StatusCode)
	}
	anon := e.newClient(t)
	resp = anon.get(t, "/export?format=csv")
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("anonymous export: status %d to %q, want a redirect to /login", resp.StatusCode, resp.Header.Get("Location"))
	}

	ed := e.login(t, "ed")
	bad := []struct{ query, want string }{
		{"format=xlsx", "is not a format"},
		{"", "say which format"},
		{"format=csv&since=yesterday", "YYYY-MM-DD"},
		{"format=csv&verdict=Pants", "no verdict named"},
		{"format=csv&article=abc", "not an article number"},
		{"format=csv&status=later", "not a status"},
		{"format=xlsx&since=yesterday", "YYYY-MM-DD"}, // every problem is listed, not just the first
	}
	for _, tt := range bad {
		t.Run(tt.query, func(t *testing.T) {
			resp := ed.get(t, "/export?"+tt.query)
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", resp.StatusCode)
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("page does not say %q:\n%s", tt.want, trimPage(body))
			}
			if strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("an error came as a download")
			}
		})
	}
}

func TestExportClaimReviewCheckPage(t *testing.T) {
	e, a, _, done := exportEnv(t)
	ed := e.login(t, "ed")
	q := "format=claimreview&article=" + idStr(a.ID)

	// No settings: the export sends the editor to the check page.
	resp := ed.get(t, "/export?"+q)
	readBody(t, resp)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/export/check?") {
		t.Fatalf("failing ClaimReview export: status %d to %q, want 303 to the check page", resp.StatusCode, loc)
	}
	status, page := ed.getBody(t, loc)
	if status != http.StatusOK {
		t.Fatalf("check page: status %d", status)
	}
	for _, want := range []string{"org.name is not set", "id=\"check-claim-" + idStr(done.ID) + "\"", "no published URL",
		"review-url-form-" + idStr(done.ID), "id=\"export-force\"", "0 of 1"} {
		if !strings.Contains(page, want) {
			t.Errorf("check page lacks %q:\n%s", want, trimPage(page))
		}
	}
	// A web page speaks of the settings page, not of shell commands.
	if strings.Contains(page, "claimdesk settings") {
		t.Errorf("the check page tells a web user to run a command:\n%s", trimPage(page))
	}

	// A link outside the organisation's site is refused by the check, one
	// that is not a web address by the form (422, the value kept).
	ctx := context.Background()
	for k, v := range map[string]string{"org.name": "Example Fact Check", "org.url": "https://factcheck.example.org"} {
		if err := e.store.SetSetting(ctx, nil, k, v); err != nil {
			t.Fatal(err)
		}
	}
	cur, _ := e.store.Claim(ctx, done.ID)
	resp = ed.postForm(t, "/export/claims/"+idStr(done.ID)+"/review-url", url.Values{"version": {idStr(cur.Version)},
		"review_url": {"not a link"}, "article": {idStr(a.ID)}})
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="not a link"`) {
		t.Errorf("bad link: status %d, want 422 with the value kept:\n%s", resp.StatusCode, trimPage(body))
	}
	resp = ed.postForm(t, "/export/claims/"+idStr(done.ID)+"/review-url", url.Values{"version": {idStr(cur.Version)},
		"review_url": {"https://factcheck.example.org/checks/unemployment"}, "article": {idStr(a.ID)}})
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/export/check?article="+idStr(a.ID) {
		t.Fatalf("set link: status %d to %q, want 303 back to the check", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page = ed.getBody(t, "/export/check?article="+idStr(a.ID))
	if !strings.Contains(page, "1 of 1") || !strings.Contains(page, `id="export-claimreview"`) {
		t.Errorf("after the fix the check page does not pass:\n%s", trimPage(page))
	}

	resp = ed.get(t, "/export?"+q)
	body = readBody(t, resp)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/ld+json; charset=utf-8" {
		t.Fatalf("ClaimReview: status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var docs []map[string]any
	if err := json.Unmarshal([]byte(body), &docs); err != nil || len(docs) != 1 || docs[0]["url"] != "https://factcheck.example.org/checks/unemployment" {
		t.Errorf("ClaimReview = %s (%v)", body, err)
	}
}

func TestExportForce(t *testing.T) {
	e, a, _, _ := exportEnv(t)
	ed := e.login(t, "ed")
	resp := ed.get(t, "/export?format=claimreview&force=1&article="+idStr(a.ID))
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(body) != "[]" {
		t.Errorf("forced export with every claim failing: status %d, body %q; want 200 and []", resp.StatusCode, body)
	}
}

// TestExportFailureBeforeTheFirstByte: an export that fails before anything
// was sent answers with the error page, not a download of an empty file.
func TestExportFailureBeforeTheFirstByte(t *testing.T) {
	e, a, _, done := exportEnv(t)
	ed := e.login(t, "ed")
	db, err := sql.Open("sqlite3", "file:"+e.dbPath+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A claimant whose aliases are not JSON (written by hand, past every
	// check): the JSON export cannot read the claim.
	res, err := db.Exec("INSERT INTO claimants (name, aliases, created_at, updated_at) VALUES ('Broken Record', 'not json', '', '')")
	if err != nil {
		t.Fatal(err)
	}
	k, _ := res.LastInsertId()
	if _, err := db.Exec("UPDATE claims SET claimant_id = ? WHERE id = ?", k, done.ID); err != nil {
		t.Fatal(err)
	}
	resp := ed.get(t, "/export?format=json&article="+idStr(a.ID))
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500 (the error page)", resp.StatusCode)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != "" {
		t.Errorf("Content-Disposition = %q: the error page would be saved as the export", cd)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q, want the error page's", ct)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("the error page lost its security policy: %q", csp)
	}
	if !strings.Contains(body, "Something went wrong") {
		t.Errorf("the body is not the error page: %s", trimPage(body))
	}
	// The other formats, which do not read claimants' aliases, still export.
	if resp := ed.get(t, "/export?format=csv&article="+idStr(a.ID)); readBody(t, resp) == "" || resp.StatusCode != http.StatusOK {
		t.Errorf("the CSV export failed too: status %d", resp.StatusCode)
	}
}
