package web

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"claimdesk/review"
)

// findChromium returns Debian's chromium, or "" when it is not installed.
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser drives one headless chromium against the test server. Every
// failure saves a screenshot under testdata/failures (the test's temporary
// directory is removed when it ends) and logs its path.
type browser struct {
	t   *testing.T
	ctx context.Context
	url string
}

// sharedChromium is the one chromium the package's browser tests share:
// starting it costs seconds, a tab costs milliseconds. TestMain closes it.
var sharedChromium struct {
	mu     sync.Mutex
	ctx    context.Context // the browser's; nil until the first test asks
	err    error
	cancel func()
}

// TestMain runs the package's tests, then closes the shared chromium.
func TestMain(m *testing.M) {
	code := m.Run()
	sharedChromium.mu.Lock()
	if sharedChromium.cancel != nil {
		sharedChromium.cancel()
	}
	sharedChromium.mu.Unlock()
	os.Exit(code)
}

// chromiumContext starts the shared chromium once, or returns its error.
func chromiumContext(path string) (context.Context, error) {
	sharedChromium.mu.Lock()
	defer sharedChromium.mu.Unlock()
	if sharedChromium.ctx != nil || sharedChromium.err != nil {
		return sharedChromium.ctx, sharedChromium.err
	}
	dir, err := os.MkdirTemp("", "claimdesk-chromium-")
	if err != nil {
		sharedChromium.err = err
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(dir)
		sharedChromium.err = fmt.Errorf("start chromium (%s): %w", path, err)
		return nil, sharedChromium.err
	}
	sharedChromium.ctx = bctx
	sharedChromium.cancel = func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(dir)
	}
	return bctx, nil
}

// newBrowser opens a tab of the shared chromium for t, closed when t ends.
func newBrowser(t *testing.T, baseURL string) *browser {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("CLAIMDESK_REQUIRE_BROWSER") == "1" {
			t.Fatal("chromium is not installed, and CLAIMDESK_REQUIRE_BROWSER=1 requires the browser tests")
		}
		t.Skip("chromium not found (install Debian's chromium, or set CLAIMDESK_REQUIRE_BROWSER=1 to make this a failure)")
	}
	bctx, err := chromiumContext(path)
	if err != nil {
		t.Fatal(err)
	}
	// A tab in a browser context of its own (its own cookies: every test
	// server is on 127.0.0.1, and cookies do not tell ports apart), and a
	// deadline per test.
	tab, cancelTab := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(tab, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return &browser{t: t, ctx: ctx, url: baseURL}
}

// fail saves a screenshot of the page as it is and stops the test.
func (b *browser) fail(step string, format string, args ...any) {
	b.t.Helper()
	name := regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(b.t.Name()+"-"+step, "_")
	dir := filepath.Join("testdata", "failures")
	shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	switch {
	case err != nil:
		b.t.Logf("no screenshot: %v", err)
	case os.MkdirAll(dir, 0o755) != nil:
		b.t.Logf("no screenshot: cannot create %s", dir)
	default:
		p := filepath.Join(dir, name+".png")
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			b.t.Logf("no screenshot: %v", err)
		} else if abs, err := filepath.Abs(p); err == nil {
			b.t.Logf("screenshot of the failure: %s", abs)
		}
	}
	if loc, err := chromedp.Run(b.ctx, chromedp.Location()); err == nil {
		b.t.Logf("page: %s", loc)
	}
	b.t.Fatalf(step+": "+format, args...)
}

// do runs actions as one named step.
func (b *browser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.fail(step, "%v", err)
	}
}

// submit runs the action (a click that submits a form) and waits for the
// next page to load; the page must not be an error.
func (b *browser) submit(step string, click chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, click)
	if err != nil {
		b.fail(step, "%v", err)
	}
	if resp != nil && resp.Status >= 400 {
		b.fail(step, "the page answered %d", resp.Status)
	}
}

// open loads path and checks the page loaded without an error status.
func (b *browser) open(step, path string) {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(b.url+path))
	if err != nil {
		b.fail(step, "%v", err)
	}
	if resp.Status >= 400 {
		b.fail(step, "GET %s answered %d", path, resp.Status)
	}
}

// capture saves a full-page screenshot as name.png in the directory
// CLAIMDESK_SCREENSHOTS names, for people to look at the pages; nothing
// when it is unset.
func (b *browser) capture(name string) {
	b.t.Helper()
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	if dir == "" {
		return
	}
	shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644)
	}
}

// text returns the visible text of the element with id.
func (b *browser) text(step, id string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		b.fail(step, "read #%s: %v", id, err)
	}
	return s
}

// expect checks that the element with id shows want.
func (b *browser) expect(step, id, want string) {
	b.t.Helper()
	if got := b.text(step, id); !strings.Contains(got, want) {
		b.fail(step, "#%s shows %q, want it to contain %q", id, got, want)
	}
}

func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.fail("location", "%v", err)
	}
	return strings.TrimPrefix(loc, b.url)
}

func (b *browser) login(name, password string) {
	b.t.Helper()
	b.open("open login as "+name, "/login")
	b.do("fill login as "+name,
		chromedp.SendKeys(chromedp.ID("login-username"), name),
		chromedp.SendKeys(chromedp.ID("login-password"), password))
	b.submit("log in as "+name, chromedp.Click(chromedp.ID("login-submit")))
	if strings.HasPrefix(b.location(), "/login") {
		b.fail("log in as "+name, "still on the login page")
	}
}

func (b *browser) logout() {
	b.t.Helper()
	b.submit("log out", chromedp.Click(chromedp.ID("logout-button")))
	if !strings.HasPrefix(b.location(), "/login") {
		b.fail("log out", "not on the login page after logging out")
	}
}

// sampleArticlePath is the project's sample article (the one --demo loads).
func sampleArticlePath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"../cmd/claimdesk/demo/article.txt", "../claims/testdata/article000.txt"} {
		if abs, err := filepath.Abs(p); err == nil {
			if _, err := os.Stat(abs); err == nil {
				return abs
			}
		}
	}
	t.Fatal("the sample article is missing (cmd/claimdesk/demo/article.txt)")
	return ""
}

// TestBrowserReviewFlow is what a newsroom does on its first day: set up,
// add people, import an article, research a claim, propose a verdict and
// have an editor sign it off, then see the dashboard change.
func TestBrowserReviewFlow(t *testing.T) {
	env := newTestEnv(t)
	b := newBrowser(t, env.url)
	article := sampleArticlePath(t)

	// First run: every page leads to /setup.
	b.open("open the site", "/")
	if loc := b.location(); loc != "/setup" {
		b.fail("first run", "landed on %q, want /setup", loc)
	}
	b.do("fill setup",
		chromedp.SendKeys(chromedp.ID("setup-username"), "admin"),
		chromedp.SendKeys(chromedp.ID("setup-password"), "admin-password"),
		chromedp.SendKeys(chromedp.ID("setup-confirm"), "admin-password"))
	b.submit("create the first admin", chromedp.Click(chromedp.ID("setup-submit")))
	if strings.HasPrefix(b.location(), "/login") {
		b.login("admin", "admin-password")
	}

	// The admin adds a reviewer and an editor.
	for _, u := range []struct{ name, role string }{{"rita", "reviewer"}, {"eddie", "editor"}} {
		b.open("open users", "/admin/users")
		b.do("fill the new user "+u.name,
			chromedp.SendKeys(chromedp.ID("add-username"), u.name),
			chromedp.SendKeys(chromedp.ID("add-password"), "password-"+u.name),
			chromedp.SetValue(chromedp.ID("add-role"), u.role))
		b.submit("add "+u.name, chromedp.Click(chromedp.ID("user-add-submit")))
		html, err := chromedp.Run(b.ctx, chromedp.OuterHTML(chromedp.CSS("main")))
		if err != nil || !strings.Contains(html, u.name) {
			b.fail("add "+u.name, "the user list does not show %s (%v)", u.name, err)
		}
	}
	b.logout()

	// The reviewer brings in the sample article as an upload.
	b.login("rita", "password-rita")
	b.open("open the import form", "/articles/new")
	b.do("fill the import form",
		chromedp.SendKeys(chromedp.ID("title"), "Karabakh talks"),
		chromedp.SendKeys(chromedp.ID("outlet"), "TASS"),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{article}))
	b.submit("import the article", chromedp.Click(chromedp.ID("import-button")))
	loc := b.location()
	if !regexp.MustCompile(`^/articles/\d+`).MatchString(loc) {
		b.fail("import the article", "landed on %q, want the article page", loc)
	}
	b.expect("article page", "article-title", "Karabakh talks")
	b.capture("article")
	marks, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#article-body mark").length`))
	if err != nil || marks == 0 {
		b.fail("article page", "%d claims highlighted (%v), want some", marks, err)
	}

	// Merge works once exactly two claims are ticked.
	states, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]bool](`(function () {
  var btn = document.getElementById("merge-button");
  var picks = document.querySelectorAll('#claim-list input[name="ids"]');
  var out = [btn.disabled];
  picks[0].click(); out.push(btn.disabled);
  picks[1].click(); out.push(btn.disabled);
  picks[0].click(); picks[1].click();
  return out;
})()`))
	if err != nil || len(states) != 3 || !states[0] || !states[1] || states[2] {
		b.fail("merge button", "disabled with 0, 1, 2 ticks: %v (%v); want true, true, false", states, err)
	}

	// Selecting words maps to the exact bytes of the text.
	body, err := os.ReadFile(article)
	if err != nil {
		t.Fatal(err)
	}
	phrase := "the co-existence of different ethnic and religious groups"
	want := strings.Index(string(body), phrase)
	if want < 0 {
		t.Fatalf("the sample article lacks %q", phrase)
	}
	offsets, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]int](`(function (phrase) {
  var root = document.getElementById("article-body");
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    var i = n.data.indexOf(phrase);
    if (i < 0) { continue; }
    var r = document.createRange();
    r.setStart(n, i); r.setEnd(n, i + phrase.length);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
    root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
    break;
  }
  return new Promise(function (ok) { setTimeout(function () {
    var f = document.getElementById("add-claim-form");
    ok([parseInt(f.elements.start.value, 10), parseInt(f.elements.end.value, 10),
        document.getElementById("selection-add").hidden ? 0 : 1]);
  }, 50); });
})(`+jsString(phrase)+`)`, chromedp.EvalAwaitPromise))
	if err != nil || len(offsets) != 3 {
		b.fail("select text", "%v %v", offsets, err)
	}
	// Article bodies are stored as uploaded here (LF line ends), so the
	// file's offsets are the article's.
	if offsets[0] != want || offsets[1] != want+len(phrase) || offsets[2] != 1 {
		b.fail("select text", "selection gave start %d end %d (button shown %d); want %d-%d and the button", offsets[0], offsets[1], offsets[2], want, want+len(phrase))
	}

	// Open a claim from its highlight.
	b.submit("open a claim from its highlight", chromedp.Click(chromedp.CSS("#article-body a.hl-link")))
	claimURL := b.location()
	if !regexp.MustCompile(`^/claims/\d+$`).MatchString(claimURL) {
		b.fail("open a claim", "landed on %q, want a claim page", claimURL)
	}
	b.expect("claim page", "claim-status", "New")
	b.capture("claim")

	// The keyboard: s focuses the status.
	b.do("press s", chromedp.KeyEvent("s"))
	focused, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if err != nil || focused != "status" {
		b.fail("press s", "focused %q (%v), want the status select", focused, err)
	}
	b.do("leave the field", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
	// ? lists the keys; typing in a field is never taken as a key.
	b.do("press ?", chromedp.KeyEvent("?"))
	if open, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.getElementById("keys-dialog").open`)); err != nil || !open {
		b.fail("press ?", "the list of keys is not open (%v)", err)
	}
	b.do("close the keys", chromedp.Evaluate[chromedp.Void](`document.getElementById("keys-dialog").close()`))
	b.do("type j in the note", chromedp.Focus(chromedp.ID("note")), chromedp.KeyEvent("j"))
	if loc := b.location(); loc != claimURL {
		b.fail("type j in the note", "typing j in a field moved to %q", loc)
	}
	b.do("clear the note", chromedp.Evaluate[chromedp.Void](`document.getElementById("note").value = ""; document.activeElement.blur()`))
	// j and k move to the next claim and back (the page's rel=next/prev).
	b.submit("press j", chromedp.KeyEvent("j"))
	if next := b.location(); next == claimURL || !strings.HasPrefix(next, "/claims/") {
		b.fail("press j", "j led to %q, want the next claim after %s", next, claimURL)
	}
	b.submit("press k", chromedp.KeyEvent("k"))
	if back := b.location(); back != claimURL {
		b.fail("press k", "k led to %q, want %s", back, claimURL)
	}

	// Attach a source.
	b.do("fill evidence",
		chromedp.SetValue(chromedp.ID("ev-url"), "https://www.osce.org/mg"),
		chromedp.SendKeys(chromedp.ID("ev-title"), "OSCE Minsk Group"),
		chromedp.SendKeys(chromedp.ID("ev-publisher"), "OSCE"),
		chromedp.SetValue(chromedp.ID("ev-stance"), "context"),
		chromedp.SendKeys(chromedp.ID("ev-quote"), "co-chaired by France, Russia and the United States"))
	b.submit("add evidence", chromedp.Click(chromedp.ID("evidence-button")))
	b.expect("evidence listed", "evidence-list", "OSCE Minsk Group")

	// Propose a verdict with a conclusion and ask for review.
	b.do("fill the verdict",
		chromedp.SetValue(chromedp.ID("verdict"), "Mostly true"),
		chromedp.SetValue(chromedp.ID("status"), "needs_review"),
		chromedp.SendKeys(chromedp.ID("conclusion"), "The co-chairs were invited; the visit was announced by both sides."))
	b.submit("save the verdict", chromedp.Click(chromedp.ID("save-button")))
	b.expect("proposed", "claim-status", "Needs review")
	// A proposed verdict looks proposed: outlined, with the word.
	b.expect("proposed", "claim-verdict", "proposed: Mostly true")
	if outlined, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.querySelector("#claim-verdict .verdict").classList.contains("proposed")`)); err != nil || !outlined {
		b.fail("proposed", "the verdict badge is not marked proposed (%v)", err)
	}
	b.capture("claim-proposed")
	if os.Getenv("CLAIMDESK_SCREENSHOTS") != "" {
		b.do("phone width", chromedp.EmulateViewport(390, 900))
		b.capture("claim-proposed-390")
		b.do("desktop width", chromedp.EmulateViewport(1280, 900))
	}
	b.logout()

	// The editor sees the dashboard, signs the claim off, and sees it change.
	b.login("eddie", "password-eddie")
	b.open("dashboard before", "/")
	if got := b.text("dashboard before", "done-count"); got != "0" {
		b.fail("dashboard before", "done count %q, want 0", got)
	}
	// The proposed verdict is not counted, and the dashboard says so.
	b.expect("dashboard before", "verdict-note", "only claims an editor signed off")
	b.expect("dashboard before", "proposed-count", "1")
	if bar := verdictBar(b, "Mostly true"); bar != "0" {
		b.fail("dashboard before", "the Mostly true bar reads %q before sign-off, want 0", bar)
	}
	b.open("open the claim as editor", claimURL)
	b.do("write a sign-off note", chromedp.SendKeys(chromedp.ID("signoff-note"), "checked with the OSCE"))
	b.submit("sign off", chromedp.Click(chromedp.ID("signoff-button")))
	b.expect("signed off", "claim-status", "Done")
	b.expect("signed off", "history", "eddie signed off — checked with the OSCE")
	b.open("dashboard after", "/")
	if got := b.text("dashboard after", "done-count"); got != "1" {
		b.fail("dashboard after", "done count %q, want 1", got)
	}
	if bar := verdictBar(b, "Mostly true"); bar != "1" {
		b.fail("dashboard after", "the Mostly true bar reads %q, want 1", bar)
	}
	b.open("claim after sign-off", claimURL)
	b.expect("signed off", "claim-verdict", "Mostly true")
	if proposed := b.text("signed off", "claim-verdict"); strings.Contains(proposed, "proposed") {
		b.fail("signed off", "the signed-off verdict still reads %q", proposed)
	}
	b.capture("dashboard")

	// Selecting words after multi-byte characters and choosing "Add as
	// claim" stores exactly those words.
	text := "Zürich’s café owners — “très inquiets” — said rents rose 12% in 2025.\n\nThe city council said 3,400 flats were empty."
	b.open("open the import form again", "/articles/new")
	b.do("paste an article", chromedp.SetValue(chromedp.ID("text"), text), chromedp.SendKeys(chromedp.ID("title"), "Zürich rents"))
	b.submit("import the pasted article", chromedp.Click(chromedp.ID("import-button")))
	second := b.location()
	phrase = "rents rose 12% in 2025"
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(function (phrase) {
  var root = document.getElementById("article-body");
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    var i = n.data.indexOf(phrase);
    if (i < 0) { continue; }
    var r = document.createRange();
    r.setStart(n, i); r.setEnd(n, i + phrase.length);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
    root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
    return true;
  }
  return false;
})(`+jsString(phrase)+`)`)); err != nil {
		b.fail("select in the second article", "%v", err)
	}
	b.do("wait for the button", chromedp.WaitVisible(chromedp.ID("selection-add")))
	b.submit("add as claim", chromedp.Click(chromedp.ID("selection-add")))
	if got := b.location(); !strings.HasPrefix(got, strings.SplitN(second, "#", 2)[0]) {
		b.fail("add as claim", "landed on %q, want the article %s", got, second)
	}
	cs, err := env.store.Claims(context.Background(), review.ClaimFilter{Status: review.StatusNew})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cs {
		found = found || (c.Text == phrase && c.Origin == "manual")
	}
	if !found {
		b.fail("add as claim", "no claim with the text %q after adding the selection", phrase)
	}
	b.open("claims list", "/claims")
	b.capture("claims")
	b.open("articles list", "/articles")
	b.capture("articles")
	b.open("queue", "/queue")
	b.capture("queue")
	if os.Getenv("CLAIMDESK_SCREENSHOTS") != "" {
		// The same pages at tablet width.
		b.do("tablet width", chromedp.EmulateViewport(800, 1000))
		b.open("claim at tablet width", claimURL)
		b.capture("claim-tablet")
		b.open("article at tablet width", loc)
		b.capture("article-tablet")
	}
	if errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
		t.Fatal("the browser flow ran out of time")
	}
}

// verdictBar reads the dashboard's bar for the verdict named label.
func verdictBar(b *browser, label string) string {
	b.t.Helper()
	bar, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(function (label) {
  var rows = document.querySelectorAll("#chart-verdict .chart-row");
  for (var i = 0; i < rows.length; i++) {
    if (rows[i].querySelector(".chart-label").textContent === label) {
      return rows[i].querySelector(".chart-value").textContent;
    }
  }
  return "missing";
})(`+jsString(label)+`)`))
	if err != nil {
		b.fail("read the verdict bar "+label, "%v", err)
	}
	return bar
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return `"` + r.Replace(s) + `"`
}
