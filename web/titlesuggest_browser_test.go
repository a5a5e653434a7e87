package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"claimdesk/review"
)

// demoHeadline is the sample article's headline, under the site's menu
// line "All news" and above its standfirst.
const demoHeadline = "US, French representatives will come to Moscow soon to discuss Karabakh"

// TestBrowserImportFormSuggestsTheTitle: a person pastes an article that
// opens with the site's menu; while they paste, the title field shows the
// headline the import will give it (the server's rule), and leaving the
// field empty stores exactly that title.
func TestBrowserImportFormSuggestsTheTitle(t *testing.T) {
	env, _ := claimEnv(t)
	b := newBrowser(t, env.url)
	b.login("rita", "password-rita")
	b.open("open the import form", "/articles/new")
	if hidden, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.getElementById("title-suggest-button").hidden`)); err != nil || !hidden {
		b.fail("open the import form", "the round-trip button is shown (%v) while the page suggests titles itself", err)
	}
	b.do("paste the article", chromedp.Evaluate[chromedp.Void](`(function (text) {
  var ta = document.getElementById("text");
  ta.focus();
  ta.value = text;
  ta.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"}));
})(`+jsString(demoText(t))+`)`))
	// placeholder waits up to 20 s for the title field to show want
	// (the suggestion comes from the server) and returns what it shows.
	placeholder := func(want string) string {
		deadline := time.Now().Add(20 * time.Second)
		for {
			p, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById("title").placeholder`))
			if err != nil {
				b.fail("read the title's placeholder", "%v", err)
			}
			if p == want || time.Now().After(deadline) {
				return p
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if got := placeholder(demoHeadline); got != demoHeadline {
		b.fail("suggested title", "the title field shows %q, want the headline %q", got, demoHeadline)
	}
	b.expect("suggested title", "title-hint", "Left empty, the title will be “"+demoHeadline+"”")
	b.capture("import-title-suggested")
	b.do("phone width", chromedp.EmulateViewport(390, 844))
	b.capture("import-title-suggested-390")
	b.do("desktop width", chromedp.EmulateViewport(1280, 900))

	// Markdown reads the first line as the heading: the suggestion follows.
	b.do("choose Markdown", chromedp.Click(chromedp.CSS(`input[name="format"][value="markdown"]`)))
	if got := placeholder("All news"); got != "All news" {
		b.fail("markdown", "as Markdown the title field shows %q, want its first line %q", got, "All news")
	}
	b.do("back to plain text", chromedp.Click(chromedp.CSS(`input[name="format"][value="text"]`)))
	if got := placeholder(demoHeadline); got != demoHeadline {
		b.fail("plain text again", "the title field shows %q, want %q", got, demoHeadline)
	}
	b.submit("bring it in", chromedp.Click(chromedp.ID("import-button")))
	b.expect("article page", "article-title", demoHeadline)
}

// TestTitleSuggestion: the form's script and its no-script button ask the
// server for the title; both answer with the import's own rule and store
// nothing.
func TestTitleSuggestion(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "rita", review.RoleReviewer)
	rita := env.login(t, "rita")
	text := demoText(t)

	resp := rita.postForm(t, "/articles/title", url.Values{"text": {text}, "format": {"text"}})
	var got struct{ Title string }
	if err := json.Unmarshal([]byte(readBody(t, resp)), &got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /articles/title: status %d, %v", resp.StatusCode, err)
	}
	if got.Title != demoHeadline {
		t.Errorf("suggested %q, want %q", got.Title, demoHeadline)
	}
	resp = rita.postForm(t, "/articles/title", url.Values{"text": {""}, "format": {"text"}})
	if body := readBody(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"title": ""`) {
		t.Errorf("an empty form: status %d, %s; want 200 and no title", resp.StatusCode, body)
	}

	// Without script: "Suggest a title first" gives the form back with the
	// title filled in and the text kept.
	page := mustStatus(t, rita.postForm(t, "/articles", url.Values{"text": {text}, "format": {"text"}, "outlet": {"TASS"}, "suggest": {"1"}}), http.StatusOK)
	if m := regexp.MustCompile(`<input id="title" name="title" value="([^"]*)"`).FindStringSubmatch(page); m == nil || m[1] != demoHeadline {
		t.Errorf("the form came back with the title %q, want %q", m, demoHeadline)
	}
	if !strings.Contains(page, "Lavrov stated on Thursday") || !strings.Contains(page, `value="TASS"`) {
		t.Error("the form came back without the pasted text or the outlet")
	}
	as, err := env.store.Articles(context.Background(), review.ArticleFilter{})
	if err != nil || len(as) != 0 {
		t.Fatalf("%d articles (%v) after asking for a title, want none stored", len(as), err)
	}
	// Nothing to suggest from is said, not a silent empty field.
	page = mustStatus(t, rita.postForm(t, "/articles", url.Values{"text": {""}, "suggest": {"1"}}), http.StatusOK)
	if !strings.Contains(page, "The text gives no title yet") {
		t.Error("asking for a title of an empty form does not say the text is missing")
	}
	// Cross-site posts are refused, as every form's.
	req, _ := http.NewRequest(http.MethodPost, env.url+"/articles/title", strings.NewReader("text=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://elsewhere.example")
	resp = rita.do(t, req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site POST /articles/title answered %d, want 403", resp.StatusCode)
	}
}
