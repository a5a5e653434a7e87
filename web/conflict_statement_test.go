package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestConflictShowsStatementAndClaimant: when two people change a claim's
// statement and claimant at once, the conflict page shows the claim's
// statement and claimant as they are now, their change in the history
// table, and a form that re-applies the statement and claimant sent.
func TestConflictShowsStatementAndClaimant(t *testing.T) {
	env, cs := claimEnv(t)
	path := "/claims/" + idStr(cs[0].ID)
	rita, rob := env.login(t, "rita"), env.login(t, "rob")
	v := claimVersion(t, mustStatus(t, rita.get(t, path), http.StatusOK))
	mustStatus(t, rob.get(t, path), http.StatusOK)
	orig := env.claim(t, cs[0].ID)
	mustStatus(t, rita.postForm(t, path, url.Values{"version": {v}, "statement": {"Rita's statement of the claim."},
		"orig_statement": {orig.Statement}, "claimant_name": {"Rita Claimant"}, "orig_claimant_name": {orig.Claimant}}), http.StatusSeeOther)

	body := mustStatus(t, rob.postForm(t, path, url.Values{"version": {v}, "statement": {"Rob's <b>statement</b>."},
		"orig_statement": {orig.Statement}, "claimant_name": {"Rob Claimant"}, "orig_claimant_name": {orig.Claimant}}), http.StatusConflict)
	page := html.UnescapeString(body)
	for _, want := range []string{
		`<dd id="conflict-statement">Rita's statement of the claim.</dd>`,
		`<dd id="conflict-claimant">Rita Claimant</dd>`,
		`id="reapply-statement" name="statement" value="Rob's <b>statement</b>."`,
		`<input type="hidden" name="claimant_name" value="Rob Claimant">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the conflict page lacks %q:\n%s", want, trimPage(body))
		}
	}
	if strings.Contains(body, "<b>statement</b>") {
		t.Error("the statement sent is not escaped")
	}
	m := regexp.MustCompile(`id="reapply-form"[\s\S]*?name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no re-apply form")
	}
	mustStatus(t, rob.postForm(t, path, url.Values{"version": {m[1]}, "statement": {"Rob's statement."}, "claimant_name": {"Rob Claimant"}}), http.StatusSeeOther)
	if got := env.claim(t, cs[0].ID); got.Statement != "Rob's statement." || got.Claimant != "Rob Claimant" {
		t.Errorf("re-applied: statement %q, claimant %q", got.Statement, got.Claimant)
	}
}

// TestClaimHeadingIsTheStatement: the claim page's heading is the claim
// as checked once it has a statement, while the text around it keeps the
// span as the article has it.
func TestClaimHeadingIsTheStatement(t *testing.T) {
	env, cs := claimEnv(t)
	c := cs[0]
	path := "/claims/" + idStr(c.ID)
	rita := env.login(t, "rita")
	heading := regexp.MustCompile(`<h1 class="claim-heading" id="claim-heading"><span class="visually-hidden">Claim: </span>([^<]*)</h1>`)
	mark := regexp.MustCompile(`<mark class="hl[^"]*">([^<]*)</mark>`)
	check := func(page, wantHead string) {
		t.Helper()
		h := heading.FindStringSubmatch(page)
		if h == nil {
			t.Fatalf("no claim heading:\n%s", trimPage(page))
		}
		if got := html.UnescapeString(h[1]); got != wantHead {
			t.Errorf("heading %q, want %q", got, wantHead)
		}
		m := mark.FindStringSubmatch(page)
		if m == nil || html.UnescapeString(m[1]) != c.Text {
			t.Errorf("the highlighted span is %q, want the claim's text %q", m, c.Text)
		}
	}
	page := mustStatus(t, rita.get(t, path), http.StatusOK)
	want := c.Statement
	if want == "" {
		want = c.Text
	}
	check(page, want)

	const st = `Lavrov: envoys <b>will</b> come to Moscow.`
	mustStatus(t, rita.postForm(t, path, url.Values{"version": {claimVersion(t, page)}, "statement": {st},
		"orig_statement": {c.Statement}}), http.StatusSeeOther)
	page = mustStatus(t, rita.get(t, path), http.StatusOK)
	check(page, st)
	if strings.Contains(page, "<b>will</b>") {
		t.Error("the statement is not escaped in the heading")
	}
}
