package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestDashboardChartsAndProgress(t *testing.T) {
	env, cs := claimEnv(t)
	eddie := env.login(t, "eddie")
	body := mustStatus(t, eddie.get(t, "/"), http.StatusOK)
	if n := strings.Count(body, "<svg"); n != 2 {
		t.Errorf("svg charts: got %d, want 2", n)
	}
	for _, want := range []string{"Claims by status", "Claims by verdict", ">New</text>", ">Needs review</text>", ">Done</text>", ">Mostly true</text>", ">Unproven</text>", `id="article-progress"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	newCount := regexp.MustCompile(`>New</text></a>\s*<rect[^>]*>.*?</rect>\s*<text[^>]*class="chart-value">(\d+)</text>`).FindStringSubmatch(body)
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
	// Setting a verdict shows in the verdict chart.
	rita := env.login(t, "rita")
	path := "/claims/" + idStr(cs[0].ID)
	v := claimVersion(t, mustStatus(t, rita.get(t, path), http.StatusOK))
	mustStatus(t, rita.postForm(t, path, map[string][]string{"version": {v}, "verdict": {"False"}}), http.StatusSeeOther)
	body = mustStatus(t, eddie.get(t, "/"), http.StatusOK)
	m := regexp.MustCompile(`>False</text></a>\s*<rect[^>]*>.*?</rect>\s*<text[^>]*class="chart-value">(\d+)</text>`).FindStringSubmatch(body)
	if m == nil || m[1] != "1" {
		t.Errorf("the False bar after a verdict: got %v, want 1", m)
	}
}
