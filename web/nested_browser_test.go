package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"claimdesk/review"
)

// TestBrowserSelectInsideAClaim: a reviewer drags the mouse over words
// inside a marked claim (marks are text, not links), adds them as a claim,
// is warned that it shares most of its words with the claim around it,
// and sees both: the new one nested inside the old, each with its link.
func TestBrowserSelectInsideAClaim(t *testing.T) {
	env, cs := claimEnv(t)
	b := newBrowser(t, env.url)
	b.login("rita", "password-rita")
	outer := cs[0]
	b.open("open the article", fmt.Sprintf("/articles/%d", outer.ArticleID))

	// The words of the claim without its first and last word.
	i, j := strings.Index(outer.Text, " ")+1, strings.LastIndex(outer.Text, " ")
	phrase := outer.Text[i:j]
	box, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]float64](`(function (id, phrase) {
  var m = document.querySelector('#article-body mark[data-claim="' + id + '"]');
  var walker = document.createTreeWalker(m, NodeFilter.SHOW_TEXT);
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    var k = n.data.indexOf(phrase);
    if (k < 0) { continue; }
    var first = document.createRange(); first.setStart(n, k); first.setEnd(n, k + 1);
    var last = document.createRange(); last.setStart(n, k + phrase.length - 1); last.setEnd(n, k + phrase.length);
    var a = first.getClientRects()[0], z = last.getClientRects()[0];
    return [a.left + 1, a.top + a.height / 2, z.right - 1, z.top + z.height / 2];
  }
  return [];
})(`+fmt.Sprint(outer.ID)+`, `+jsString(phrase)+`)`))
	if err != nil || len(box) != 4 {
		b.fail("find the words", "no box for %q inside claim %d: %v %v", phrase, outer.ID, box, err)
	}
	b.do("drag over the words",
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, box[0], box[1], chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, (box[0]+box[2])/2, (box[1]+box[3])/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, box[2], box[3], chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, box[2], box[3], chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.WaitVisible(chromedp.ID("selection-add")))
	span, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]int](`(function () {
  var f = document.getElementById("add-claim-form");
  return [parseInt(f.elements.start.value, 10), parseInt(f.elements.end.value, 10)];
})()`))
	if err != nil || len(span) != 2 || span[0] != outer.Start+i || span[1] != outer.Start+j {
		b.fail("drag over the words", "the selection maps to %v (%v), want %d-%d", span, err, outer.Start+i, outer.Start+j)
	}
	b.capture("nested-select")
	b.submit("add as claim", chromedp.Click(chromedp.ID("selection-add")))
	b.expect("warned", "flash", "share most of their words")
	b.expect("warned", "flash", fmt.Sprintf("#%d", outer.ID))

	var added *review.Claim
	all, err := env.store.Claims(context.Background(), review.ClaimFilter{ArticleID: outer.ArticleID})
	if err != nil {
		t.Fatal(err)
	}
	for k := range all {
		if all[k].Origin == "manual" {
			added = &all[k]
		}
	}
	if added == nil || added.Text != phrase {
		b.fail("add as claim", "no claim %q added: %+v", phrase, added)
	}
	nested, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]bool](fmt.Sprintf(`(function () {
  var inner = document.querySelector('#article-body mark[data-claim="%d"]');
  return [!!inner, !!(inner && inner.parentElement.closest('mark[data-claim="%d"]')),
    !!document.querySelector('#article-body a.hl-link[href="/claims/%d"]'),
    !!document.querySelector('#article-body a.hl-link[href="/claims/%d"]')];
})()`, added.ID, outer.ID, added.ID, outer.ID)))
	if err != nil || len(nested) != 4 || !nested[0] || !nested[1] || !nested[2] || !nested[3] {
		b.fail("nested", "new claim marked %v (%v): want it marked, inside claim %d's mark, both with links", nested, err, outer.ID)
	}
	b.capture("nested")
	if os.Getenv("CLAIMDESK_SCREENSHOTS") != "" {
		// The same at a phone's width, and the claim's grouped reasons.
		b.do("phone width", chromedp.EmulateViewport(390, 900))
		b.capture("nested-390")
		b.open("the outer claim at phone width", fmt.Sprintf("/claims/%d", outer.ID))
		b.capture("reasons-390")
		b.do("desktop width", chromedp.EmulateViewport(1280, 900))
		b.open("the outer claim", fmt.Sprintf("/claims/%d", outer.ID))
		b.capture("reasons")
		b.open("back to the article", fmt.Sprintf("/articles/%d", outer.ArticleID))
	}
	// Its badge opens it.
	b.submit("open the nested claim", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#article-body a.hl-link[href="/claims/%d"]`, added.ID))))
	if loc := b.location(); loc != fmt.Sprintf("/claims/%d", added.ID) {
		b.fail("open the nested claim", "landed on %q", loc)
	}
}
