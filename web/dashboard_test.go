package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"claimdesk/review"
)

// chartValueRe finds the number written beside the bar labelled label.
func chartValueRe(label string) *regexp.Regexp {
	return regexp.MustCompile(`>` + regexp.QuoteMeta(label) + `</a>\s*<span class="chart-track">.*?<span class="chart-value">(\d+)</span>`)
}

func TestDashboardChartsAndProgress(t *testing.T) {
	env, cs := claimEnv(t)
	eddie := env.login(t, "eddie")
	body := mustStatus(t, eddie.get(t, "/"), http.StatusOK)
	if n := strings.Count(body, `<figure class="chart"`); n != 2 {
		t.Errorf("charts: got %d, want 2", n)
	}
	for _, want := range []string{"Claims by status", "Signed-off verdicts", "Verdicts count only claims an editor signed off", ">New</a>", ">Needs review</a>", ">Done</a>", ">Mostly true</a>", ">Unproven</a>", `id="article-progress"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	newCount := chartValueRe("New").FindStringSubmatch(body)
	if newCount == nil || newCount[1] != idStr(int64(len(cs))) {
		t.Errorf("the New bar: got %v, want %d", newCount, len(cs))
	}
	// Activity links to claims; the import's rows count.
	if !strings.Contains(body, `href="/claims/`) {
		t.Errorf("no activity linking to a claim")
	}
	if !strings.Contains(html.UnescapeString(body), "0 of ") {
		t.Errorf("no article progress text")
	}
	// A proposed verdict is not counted in the verdict chart; the summary
	// counts it apart.
	rita := env.login(t, "rita")
	path := "/claims/" + idStr(cs[0].ID)
	v := claimVersion(t, mustStatus(t, rita.get(t, path), http.StatusOK))
	mustStatus(t, rita.postForm(t, path, map[string][]string{"version": {v}, "verdict": {"False"}}), http.StatusSeeOther)
	body = mustStatus(t, eddie.get(t, "/"), http.StatusOK)
	m := chartValueRe("False").FindStringSubmatch(body)
	if m == nil || m[1] != "0" {
		t.Errorf("the False bar after a proposed verdict: got %v, want 0", m)
	}
	if !strings.Contains(body, `<span id="proposed-count">1</span> proposed verdict waits for sign-off`) {
		t.Errorf("the dashboard does not say one proposed verdict is not counted")
	}
	// The claim page and the list show it as proposed.
	for _, p := range []string{path, "/claims"} {
		if page := mustStatus(t, rita.get(t, p), http.StatusOK); !regexp.MustCompile(`class="verdict proposed verdict-\d+"[^>]*>proposed: False<`).MatchString(page) {
			t.Errorf("%s does not show the proposed verdict as proposed", p)
		}
	}
	// So does the claim's span in its context (dashed, by /verdicts.css).
	if page := mustStatus(t, rita.get(t, path), http.StatusOK); !regexp.MustCompile(`<mark class="hl status-new verdict-\d+ proposed">`).MatchString(page) {
		t.Errorf("the claim page's context does not mark the span's verdict as proposed")
	}
}

func TestGroupFeedFoldsAnImport(t *testing.T) {
	hs := []review.HistoryEntry{
		{ClaimID: 9, User: "rita", Field: "status", From: "new", To: "researching"},
		{ClaimID: 3, User: "rita", Field: "created", To: "engine", Note: "import"},
		{ClaimID: 2, User: "rita", Field: "created", To: "engine (candidate)", Note: "import"},
		{ClaimID: 1, User: "rita", Field: "created", To: "engine", Note: "import"},
		{ClaimID: 8, User: "rita", Field: "created", To: "manual"},
		{ClaimID: 7, User: "rob", Field: "created", To: "engine", Note: "import"},
	}
	got := groupFeed(hs)
	want := []struct {
		claim, first int64
		count, cands int
	}{{9, 9, 1, 0}, {3, 1, 3, 1}, {8, 8, 1, 0}, {7, 7, 1, 0}}
	if len(got) != len(want) {
		t.Fatalf("items: got %d, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].ClaimID != w.claim || got[i].FirstID != w.first || got[i].Count != w.count || got[i].Candidates != w.cands {
			t.Errorf("item %d: got claim %d first %d count %d candidates %d, want %d %d %d %d", i, got[i].ClaimID, got[i].FirstID, got[i].Count, got[i].Candidates, w.claim, w.first, w.count, w.cands)
		}
	}
}
