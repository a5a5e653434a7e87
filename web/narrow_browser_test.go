package web

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserListsFitAPhone: at 390 px the claims and articles lists are
// stacked cards: nothing is wider than the screen, every cell (the verdict
// and the assignee included) lies inside it, and each cell's label is at
// least 12 px.
func TestBrowserListsFitAPhone(t *testing.T) {
	env, _ := claimEnv(t)
	b := newBrowser(t, env.url)
	b.login("rita", "password-rita")
	b.do("a phone's width", chromedp.EmulateViewport(390, 844))
	for _, page := range []struct{ path, list string }{{"/claims", "claim-list"}, {"/articles", "article-list"}} {
		b.open("open "+page.path, page.path)
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]float64](`(function (id) {
  var list = document.getElementById(id);
  var cells = list.querySelectorAll("tbody td[data-label]");
  var right = 0, label = 99;
  cells.forEach(function (td) {
    var r = td.getBoundingClientRect();
    right = Math.max(right, r.right);
    label = Math.min(label, parseFloat(getComputedStyle(td, "::before").fontSize));
  });
  return [document.documentElement.scrollWidth, right, cells.length, label];
})(`+jsString(page.list)+`)`))
		if err != nil || len(got) != 4 {
			b.fail("measure "+page.path, "%v %v", got, err)
		}
		if got[2] == 0 {
			b.fail("measure "+page.path, "no labelled cells in #%s", page.list)
		}
		if got[0] > 390 || got[1] > 390 {
			b.fail("measure "+page.path, "page %v px wide, cells reach %v px: want everything within 390", got[0], got[1])
		}
		if got[3] < 12 {
			b.fail("measure "+page.path, "cell labels are %v px, want at least 12", got[3])
		}
		b.capture("list-390-" + page.list)
	}
}
