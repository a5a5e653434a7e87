package web

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserClaimantSuggestions: the claim page carries the registry's
// first names only; typing a name's beginning brings the names that begin
// with it from the server into the field's suggestions.
func TestBrowserClaimantSuggestions(t *testing.T) {
	env, cs := claimEnv(t)
	db, err := sql.Open("sqlite3", "file:"+env.dbPath+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	names := []string{"Zora Vance", "Zorab Ali"}
	for i := range 25 {
		names = append(names, fmt.Sprintf("Aaron %02d", i))
	}
	for _, name := range names {
		if _, err := db.Exec("INSERT INTO claimants (name, created_at, updated_at) VALUES (?, '', '')", name); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t, env.url)
	b.login("rita", "password-rita")
	b.open("open a claim", "/claims/"+idStr(cs[0].ID))
	options := func() string {
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#claimant-names option")).map(function (o) { return o.value; }).join("|")`))
		if err != nil {
			b.fail("read the suggestions", "%v", err)
		}
		return got
	}
	first := options()
	if n := strings.Count(first, "|") + 1; n != claimantSuggestions || strings.Contains(first, "Zora") {
		b.fail("open a claim", "the page suggests %d names (%s), want the first %d, Aaron 00 on", n, first, claimantSuggestions)
	}
	b.do("type a name's beginning", chromedp.Evaluate[chromedp.Void](`(function () {
  var f = document.getElementById("claimant-name");
  f.focus();
  f.value = "zora";
  f.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertText"}));
})()`))
	deadline := time.Now().Add(20 * time.Second)
	got := options()
	for got != "Zora Vance|Zorab Ali" && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		got = options()
	}
	if got != "Zora Vance|Zorab Ali" {
		b.fail("type a name's beginning", "after typing \"zora\" the suggestions are %q, want Zora Vance and Zorab Ali", got)
	}
}
