package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"claimdesk/review"
)

// TestBrowserWelcomeOnTheDashboardOnly: the first admin's getting-started
// box is on the dashboard and nowhere else; Dismiss puts it away for good
// (a server-side setting, not the browser's memory), and on a desk with a
// second person it is not shown at all.
func TestBrowserWelcomeOnTheDashboardOnly(t *testing.T) {
	env := newTestEnv(t)
	b := newBrowser(t, env.url)
	b.open("open the site", "/setup")
	b.do("fill setup",
		chromedp.SendKeys(chromedp.ID("setup-username"), "admin"),
		chromedp.SendKeys(chromedp.ID("setup-password"), "admin-password"),
		chromedp.SendKeys(chromedp.ID("setup-confirm"), "admin-password"))
	b.submit("create the first admin", chromedp.Click(chromedp.ID("setup-submit")))
	if loc := b.location(); loc != "/" {
		b.fail("after setup", "landed on %q, want the dashboard", loc)
	}
	welcome := func(step string) bool {
		b.t.Helper()
		shown, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(function () {
  var w = document.getElementById("welcome");
  return !!w && w.getBoundingClientRect().height > 0;
})()`))
		if err != nil {
			b.fail(step, "%v", err)
		}
		return shown
	}
	if !welcome("dashboard") {
		b.fail("dashboard", "the first admin's dashboard shows no getting-started box")
	}
	b.expect("dashboard", "welcome", "Add your colleagues")
	b.capture("welcome")
	for _, p := range []string{"/articles", "/claims", "/queue", "/admin/users"} {
		b.open("open "+p, p)
		if welcome(p) {
			b.fail(p, "the getting-started box shows on %s, want the dashboard only", p)
		}
	}
	b.open("back to the dashboard", "/")
	b.submit("dismiss", chromedp.Click(chromedp.ID("welcome-dismiss")))
	if loc := b.location(); loc != "/" {
		b.fail("dismiss", "landed on %q, want the dashboard", loc)
	}
	if welcome("after dismissing") {
		b.fail("after dismissing", "the box is still shown")
	}
	if v, err := env.store.Setting(context.Background(), review.SettingWelcomeHidden); err != nil || v != "on" {
		b.fail("after dismissing", "%s = %q (%v), want on", review.SettingWelcomeHidden, v, err)
	}

	// A desk where the admin has a colleague has no use for the box.
	other := newTestEnv(t)
	other.createUser(t, "ada", review.RoleAdmin)
	other.createUser(t, "rita", review.RoleReviewer)
	page := readBody(t, other.login(t, "ada").get(t, "/"))
	if strings.Contains(page, `id="welcome"`) {
		t.Error("the getting-started box shows on a desk with two people")
	}
	// Nor has a reviewer, who cannot add anyone, nor dismiss it.
	alone := newTestEnv(t)
	alone.createUser(t, "rob", review.RoleReviewer)
	rob := alone.login(t, "rob")
	if page := readBody(t, rob.get(t, "/")); strings.Contains(page, `id="welcome"`) {
		t.Error("the getting-started box shows to a reviewer")
	}
	resp := rob.postForm(t, "/welcome/dismiss", nil)
	if body := readBody(t, resp); resp.StatusCode != 403 || !strings.Contains(body, "settings") {
		t.Errorf("a reviewer's dismiss answered %d, want 403 naming the settings: %s", resp.StatusCode, trimPage(body))
	}
}
