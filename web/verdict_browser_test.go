package web

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"claimdesk/review"
)

// TestBrowserVerdictNoNumber: an admin adds a verdict with "no number"
// chosen in the form and takes the number off a verdict of the scale; both
// are stored with no rating (NULL), and the form shows "no number" for
// them afterwards.
func TestBrowserVerdictNoNumber(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "ada", review.RoleAdmin)
	b := newBrowser(t, env.url)
	b.login("ada", "password-ada")
	b.open("open the verdict scale", "/admin/verdicts")
	b.do("fill the new verdict",
		chromedp.SendKeys(chromedp.ID("new-vname"), "Satire"),
		chromedp.SetValue(chromedp.ID("new-vrating"), ""))
	b.submit("add the verdict", chromedp.Click(chromedp.ID("verdict-add-submit")))

	ctx := context.Background()
	vs, err := env.store.Verdicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, v := range vs {
		ids[v.Name] = v.ID
	}
	if ids["Satire"] == 0 {
		t.Fatalf("no verdict Satire after adding it: %+v", vs)
	}
	half := strconv.FormatInt(ids["Half true"], 10)
	b.do("take the number off Half true", chromedp.SetValue(chromedp.ID("vrating-"+half), ""))
	b.submit("save Half true", chromedp.Click(chromedp.CSS(`#verdict-`+half+` button[form="verdict-form-`+half+`"]`)))
	b.capture("admin-verdicts-no-number")

	for _, name := range []string{"Satire", "Half true"} {
		id := strconv.FormatInt(ids[name], 10)
		if n := countRows(t, env.dbPath, "SELECT count(*) FROM verdicts WHERE id = "+id+" AND rating IS NULL"); n != 1 {
			t.Errorf("%s is stored with a number, want none (NULL)", name)
		}
		b.open("reload the scale", "/admin/verdicts")
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => { const s = document.getElementById("vrating-`+id+`"); return s.options[s.selectedIndex].text; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if got != "no number" {
			t.Errorf("%s: the form shows %q, want \"no number\"", name, got)
		}
	}
	if n := countRows(t, env.dbPath, "SELECT count(*) FROM verdicts WHERE name = 'False' AND rating = 1"); n != 1 {
		t.Error("False lost its number 1")
	}
}
