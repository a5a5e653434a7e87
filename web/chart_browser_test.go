package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserChartLabelsReadable: the dashboard's chart labels and numbers
// are drawn at 12 px or more as the screen shows them (an SVG scaled down
// to fit shrinks its text with it), at desktop and at phone width, and
// the charts fit a phone's screen.
func TestBrowserChartLabelsReadable(t *testing.T) {
	env, _ := claimEnv(t)
	b := newBrowser(t, env.url)
	b.login("rita", "password-rita")
	for _, width := range []int64{1280, 390} {
		step := fmt.Sprintf("dashboard at %d px", width)
		b.do(step, chromedp.EmulateViewport(width, 900))
		b.open(step, "/")
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]float64](`(function () {
  var els = document.querySelectorAll(".chart .chart-label, .chart .chart-value");
  var least = 99, right = 0;
  els.forEach(function (el) {
    var size = parseFloat(getComputedStyle(el).fontSize);
    // Text inside an SVG is scaled with the drawing.
    var ctm = el.getScreenCTM ? el.getScreenCTM() : null;
    if (ctm) { size *= Math.hypot(ctm.a, ctm.b); }
    least = Math.min(least, size);
    right = Math.max(right, el.getBoundingClientRect().right);
  });
  return [els.length, least, right, document.documentElement.scrollWidth];
})()`))
		if err != nil || len(got) != 4 {
			b.fail(step, "%v %v", got, err)
		}
		if got[0] < 10 {
			b.fail(step, "%v chart labels and numbers found, want one of each per status and verdict", got[0])
		}
		t.Logf("at %d px: %v chart labels and numbers, the smallest drawn at %.2f px", width, got[0], got[1])
		if got[1] < 12 {
			b.fail(step, "the smallest chart label is drawn at %.1f px, want at least 12", got[1])
		}
		if got[2] > float64(width) || got[3] > float64(width) {
			b.fail(step, "chart text reaches %v px and the page is %v px wide, want both within %d", got[2], got[3], width)
		}
		b.capture(fmt.Sprintf("dashboard-%d", width))
	}
}
