package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserKeysWarnBeforeLeavingEdits: j on a claim with an unsaved
// conclusion asks before leaving and stays when told no; leaves when told
// yes; and k on a claim without edits leaves without asking.
func TestBrowserKeysWarnBeforeLeavingEdits(t *testing.T) {
	env, cs := claimEnv(t)
	b := newBrowser(t, env.url)
	b.login("rita", "password-rita")
	start := fmt.Sprintf("/claims/%d", cs[0].ID)
	b.open("open a claim", start)
	// confirm is answered by the test: it records the question.
	answer := func(yes bool) string {
		return fmt.Sprintf(`window.asked = ""; window.confirm = function (m) { window.asked = m; return %v; }; true`, yes)
	}
	asked := func(step string) string {
		q, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`window.asked || ""`))
		if err != nil {
			b.fail(step, "%v", err)
		}
		return q
	}
	press := func(step, key string) {
		b.do(step, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); true`), chromedp.KeyEvent(key))
	}
	// waitLeave waits until the browser is on another page and that page
	// has finished loading, so that its keys are bound before the next
	// key is pressed (under load the location changes well before the
	// new page's script has run).
	waitLeave := func(step, from string) string {
		for range 100 {
			loc := b.location()
			if loc != from {
				ready, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.readyState === "complete"`))
				if err == nil && ready {
					return loc
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		b.fail(step, "still on %s", from)
		return ""
	}

	b.do("write a conclusion", chromedp.SendKeys(chromedp.ID("conclusion"), "Not saved yet."),
		chromedp.Evaluate[chromedp.Void](answer(false)))
	press("j with an unsaved edit", "j")
	if q := asked("j with an unsaved edit"); !strings.Contains(q, "unsaved edits") {
		b.fail("j with an unsaved edit", "asked %q, want a question about unsaved edits", q)
	}
	time.Sleep(300 * time.Millisecond)
	if loc := b.location(); loc != start {
		b.fail("j with an unsaved edit", "left for %s after the answer no", loc)
	}

	b.do("answer yes", chromedp.Evaluate[chromedp.Void](answer(true)))
	press("j, leaving the edit", "j")
	next := waitLeave("j, leaving the edit", start)

	b.do("no edits", chromedp.Evaluate[chromedp.Void](answer(false)))
	press("k without edits", "k")
	waitLeave("k without edits", next)
}
