package web

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"claimdesk/review"
)

// TestBrowserAlertsBell: in a real browser, the bell in the header shows
// the unread alerts, leads to the list, and a click on "Mark read" (a
// plain form) lowers its number.
func TestBrowserAlertsBell(t *testing.T) {
	e := newTestEnv(t)
	e.createUser(t, "ed", review.RoleEditor)
	total := raiseAlerts(t, e)
	b := newBrowser(t, e.url)
	b.login("ed", "password-ed")
	b.expect("the bell on the dashboard", "bell-count", strconv.Itoa(total))
	b.submit("open the alerts", chromedp.Click(chromedp.ID("bell")))
	if loc := b.location(); loc != "/alerts" {
		b.fail("open the alerts", "at %s, want /alerts", loc)
	}
	b.capture("alerts")
	as, err := e.store.Alerts(t.Context(), 0, 0, 1)
	if err != nil || len(as) == 0 {
		t.Fatal(as, err)
	}
	b.submit("mark the newest read", chromedp.Click(chromedp.ID(fmt.Sprintf("alert-read-%d", as[0].ID))))
	b.expect("the bell after one read", "bell-count", strconv.Itoa(total-1))
	b.expect("the list after one read", fmt.Sprintf("alert-%d", as[0].ID), "Read")
	b.submit("mark all read", chromedp.Click(chromedp.ID("alerts-read-all")))
	b.expect("the flash", "flash", fmt.Sprintf("%d alerts marked read", total-1))
	b.expect("nothing unread", "alerts-unread", "Nothing unread")
	b.open("the rules", "/alert-rules")
	b.expect("the rules", "rule-1", "above 0.00 in an article from any feed")
	b.capture("alert-rules")
}
