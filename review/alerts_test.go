package review

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func TestAddAlertRuleRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	importArticle(t, s, "Sergey Lavrov said Russia would send 2,000 peacekeepers to Nagorno-Karabakh.")
	claimantNamed(t, s, "Sergey Lavrov")
	if _, err := s.AddAlertRule(ctx, tm.editor, NewAlertRule{Kind: "claimant", Claimant: "sergey lavrov"}); err != nil {
		t.Fatalf("a claimant rule by name (any case): %v", err)
	}
	for _, tt := range []struct {
		name, field, want string
		in                NewAlertRule
	}{
		{"unknown kind", "kind", "false_match", NewAlertRule{Kind: "everything"}},
		{"claimant rule without one", "claimant", "name the claimant", NewAlertRule{Kind: "claimant"}},
		{"unknown claimant", "claimant", `no claimant named "Nobody Atall"`, NewAlertRule{Kind: "claimant", Claimant: "Nobody Atall"}},
		{"unknown claimant id", "claimant", "no claimant 999", NewAlertRule{Kind: "claimant", ClaimantID: 999}},
		{"claimant on a score rule", "claimant", "only a claimant rule", NewAlertRule{Kind: "score", Threshold: ptr(0.5), Claimant: "Sergey Lavrov"}},
		{"unknown feed", "feed", "no feed 42", NewAlertRule{Kind: "score", Threshold: ptr(0.5), FeedID: 42}},
		{"feed on a false_match rule", "feed", "only a score rule", NewAlertRule{Kind: "false_match", FeedID: 1}},
		{"no threshold", "threshold", "from 0 to 1", NewAlertRule{Kind: "score"}},
		{"threshold under 0", "threshold", "got -0.1", NewAlertRule{Kind: "score", Threshold: ptr(-0.1)}},
		{"threshold over 1", "threshold", "got 1.5", NewAlertRule{Kind: "score", Threshold: ptr(1.5)}},
		{"threshold NaN", "threshold", "got NaN", NewAlertRule{Kind: "score", Threshold: ptr(math.NaN())}},
		{"threshold on a claimant rule", "threshold", "only a score rule", NewAlertRule{Kind: "claimant", Claimant: "Sergey Lavrov", Threshold: ptr(0.5)}},
		{"the same rule twice", "kind", "the same rule exists: rule 1", NewAlertRule{Kind: "claimant", Claimant: "Sergey Lavrov"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := countRows(t, s, "alert_rules")
			_, err := s.AddAlertRule(ctx, tm.editor, tt.in)
			if msg := fieldErr(t, err, tt.field); !strings.Contains(msg, tt.want) {
				t.Errorf("%s: %q, want it to say %q", tt.field, msg, tt.want)
			}
			if got := countRows(t, s, "alert_rules"); got != before {
				t.Errorf("%d rules after a refusal, want %d", got, before)
			}
		})
	}
	if _, err := s.AddAlertRule(ctx, tm.reviewer, NewAlertRule{Kind: "false_match"}); !strings.Contains(fmt.Sprint(err), "only editors") {
		t.Errorf("a reviewer's rule: %v, want a refusal naming editors", err)
	}
	if err := s.DeleteAlertRule(ctx, tm.editor, 99); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("deleting a missing rule: %v", err)
	}
}

// TestEvaluateAlerts raises each kind of rule on the claims meant for it
// and on no other: a claim repeating a fact-check rated Pants on Fire!, a
// claim by a claimant, claims scored above a threshold from one feed or
// from any feed (an article pasted by hand comes from none). Each alert
// is raised once, whatever is evaluated again, with one delivery per
// webhook.
func TestEvaluateAlerts(t *testing.T) {
	ctx := context.Background()
	s, clock := newTestStore(t)
	tm := newTeam(t, s)
	// Claims matched before a rule exists never fire it.
	_, before := importArticle(t, s, "Sergey Lavrov said Russia would send 2,000 peacekeepers to Nagorno-Karabakh.")
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	lavrov := claimantNamed(t, s, "Sergey Lavrov")
	if _, err := s.ImportFactChecks(ctx, nil, []NewFactCheck{{ClaimText: "Unemployment fell to 4.2 percent in October, the lowest level since 2008.",
		Rating: "Pants on Fire!", Publisher: "Checkers", URL: "https://checkers.example/unemployment"}}); err != nil {
		t.Fatal(err)
	}
	feedA, err := s.AddFeed(ctx, tm.admin, NewFeed{URL: "https://a.example/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	feedB, err := s.AddFeed(ctx, tm.admin, NewFeed{URL: "https://b.example/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddWebhook(ctx, tm.admin, NewWebhook{URL: "https://chat.example/hook"}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	rule := func(in NewAlertRule) int64 {
		r, err := s.AddAlertRule(ctx, tm.editor, in)
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	falseRule := rule(NewAlertRule{Kind: "false_match"})
	byLavrov := rule(NewAlertRule{Kind: "claimant", ClaimantID: lavrov.ID})
	fromA := rule(NewAlertRule{Kind: "score", Threshold: ptr(0.3), FeedID: feedA.ID})
	fromAny := rule(NewAlertRule{Kind: "score", Threshold: ptr(0.3)})
	never := rule(NewAlertRule{Kind: "score", Threshold: ptr(1.0)})
	clock.Advance(time.Minute)

	inFeed := func(f *Feed, title, text string) []Claim {
		a, cs := importArticle(t, s, text)
		if err := s.RecordFeedPoll(ctx, FeedPoll{FeedID: f.ID, Items: []FeedItem{{Key: title, State: FeedItemImported, ArticleID: a.ID}}}); err != nil {
			t.Fatal(err)
		}
		return cs
	}
	fromFeedA := inFeed(feedA, "Jobs", "The minister said unemployment fell to 4.2 percent in October, the lowest level since 2008.\nSergey Lavrov said Russia would send 3,000 peacekeepers to the region in May.")
	fromFeedB := inFeed(feedB, "Prices", "Inflation reached 7 percent in September, according to the central bank.")
	_, byHand := importArticle(t, s, "Exports to China grew by 12 percent in 2025, the ministry said.")
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}

	type key struct{ rule, claim int64 }
	want := map[key]bool{}
	open := func(cs []Claim) []Claim {
		return slices.DeleteFunc(slices.Clone(cs), func(c Claim) bool { return c.Candidate })
	}
	var jobs int64
	for _, c := range open(fromFeedA) {
		if strings.Contains(c.Text, "unemployment") {
			jobs = c.ID
			want[key{falseRule, c.ID}] = true
		}
		if c.ClaimantID == lavrov.ID {
			want[key{byLavrov, c.ID}] = true
		}
		if c.Score > 0.3 {
			want[key{fromA, c.ID}], want[key{fromAny, c.ID}] = true, true
		}
	}
	for _, c := range open(fromFeedB) {
		if c.Score > 0.3 {
			want[key{fromAny, c.ID}] = true
		}
	}
	if jobs == 0 || len(open(fromFeedB)) == 0 || len(open(byHand)) == 0 {
		t.Fatalf("the articles lack the claims the test needs: %+v %+v %+v", fromFeedA, fromFeedB, byHand)
	}
	ms, err := s.Matches(ctx, jobs)
	if err != nil || len(ms) == 0 || !ms[0].Confident || ms[0].Kind != KindFactCheck {
		t.Fatalf("the unemployment claim's matches: %+v, %v; want a confident fact-check first", ms, err)
	}
	kinds := map[int64]bool{}
	for k := range want {
		kinds[k.rule] = true
	}
	if !kinds[byLavrov] || !kinds[fromA] {
		t.Fatalf("no claim is by Sergey Lavrov or scored above 0.3 from feed A: %+v", fromFeedA)
	}

	alerts, err := s.Alerts(ctx, tm.editor.ID, 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	got := map[key]bool{}
	for _, a := range alerts {
		k := key{a.RuleID, a.ClaimID}
		if got[k] {
			t.Errorf("rule %d raised two alerts on claim %d", a.RuleID, a.ClaimID)
		}
		got[k] = true
		if a.RuleID == never {
			t.Errorf("a claim scored %.2f fired the rule 'above 1'", a.Score)
		}
		if a.RuleID == falseRule && (!strings.Contains(a.Text, `rated "Pants on Fire!" by Checkers`) || a.Kind != AlertFalseMatch) {
			t.Errorf("the false match's alert: %+v", a)
		}
		if a.URL != fmt.Sprintf("/claims/%d", a.ClaimID) || a.Read {
			t.Errorf("alert %d: url %q read %v", a.ID, a.URL, a.Read)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("rule %d raised no alert on claim %d", k.rule, k.claim)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("rule %d raised an alert on claim %d, which it does not fit", k.rule, k.claim)
		}
	}
	for _, c := range before {
		if got[key{byLavrov, c.ID}] {
			t.Errorf("claim %d, matched before the rule, fired it", c.ID)
		}
	}
	if n := countRows(t, s, "webhook_deliveries"); n != len(alerts) {
		t.Errorf("%d deliveries for %d alerts and one webhook", n, len(alerts))
	}

	// Evaluated again (a restart's catch-up, a claim matched again after a
	// new fact-check): nothing new.
	var all []int64
	for _, c := range slices.Concat(before, fromFeedA, fromFeedB, byHand) {
		all = append(all, c.ID)
	}
	if n, err := s.EvaluateAlerts(ctx, all); err != nil || n != 0 {
		t.Errorf("evaluated again: %d new alerts, %v; want none", n, err)
	}
	if _, err := s.ImportFactChecks(ctx, nil, []NewFactCheck{{ClaimText: "Inflation reached 7 percent in September.", Rating: "False", Publisher: "Other",
		URL: "https://other.example/inflation"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := s.EvaluateAlertsSince(ctx, time.Time{}); err != nil || n != 0 {
		t.Errorf("catch-up: %d new alerts, %v; want none", n, err)
	}
	after, _ := s.Alerts(ctx, tm.editor.ID, 0, 500)
	for _, a := range after {
		if a.RuleID != falseRule && !got[key{a.RuleID, a.ClaimID}] {
			t.Errorf("a new alert %+v after matching again", a)
		}
	}

	// A deleted rule raises nothing more; its alerts stay.
	if err := s.DeleteAlertRule(ctx, tm.editor, byLavrov); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s, "alerts"); n != len(after) {
		t.Errorf("%d alerts after deleting a rule, want the %d kept", n, len(after))
	}
}

// TestAlertReads covers the bell: unread counts per user, one read, all
// read, and an alert raised after "all read".
func TestAlertReads(t *testing.T) {
	ctx := context.Background()
	s, clock := newTestStore(t)
	tm := newTeam(t, s)
	if _, err := s.AddAlertRule(ctx, tm.editor, NewAlertRule{Kind: "score", Threshold: ptr(0.0)}); err != nil {
		t.Fatal(err)
	}
	f, err := s.AddFeed(ctx, tm.admin, NewFeed{URL: "https://a.example/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	addArticle := func(key, text string) {
		a, _ := importArticle(t, s, text)
		if err := s.RecordFeedPoll(ctx, FeedPoll{FeedID: f.ID, Items: []FeedItem{{Key: key, State: FeedItemImported, ArticleID: a.ID}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MatchPending(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	addArticle("one", "Inflation reached 7 percent in September, according to the central bank.\nExports to China grew by 12 percent in 2025, the ministry said.")
	total := countRows(t, s, "alerts")
	if total < 2 {
		t.Fatalf("%d alerts, want at least two", total)
	}
	unread := func(u *User) int {
		t.Helper()
		n, err := s.UnreadAlerts(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if unread(tm.editor) != total || unread(tm.reviewer) != total {
		t.Fatalf("unread %d and %d, want %d each", unread(tm.editor), unread(tm.reviewer), total)
	}
	as, _ := s.Alerts(ctx, tm.editor.ID, 0, 0)
	for i := 1; i < len(as); i++ {
		if as[i].ID > as[i-1].ID {
			t.Errorf("alerts not newest first: %d after %d", as[i].ID, as[i-1].ID)
		}
	}
	for range 2 { // twice: a second read changes nothing
		if err := s.MarkAlertRead(ctx, tm.editor, as[0].ID); err != nil {
			t.Fatal(err)
		}
	}
	if unread(tm.editor) != total-1 || unread(tm.reviewer) != total {
		t.Errorf("after one read: %d and %d, want %d and %d", unread(tm.editor), unread(tm.reviewer), total-1, total)
	}
	if a, _ := s.GetAlert(ctx, tm.editor.ID, as[0].ID); !a.Read {
		t.Errorf("the alert read is not marked read")
	}
	if err := s.MarkAlertRead(ctx, tm.editor, 999); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("reading a missing alert: %v", err)
	}
	if n, err := s.MarkAllAlertsRead(ctx, tm.editor); err != nil || n != total-1 {
		t.Errorf("all read: %d, %v; want %d", n, err, total-1)
	}
	if unread(tm.editor) != 0 {
		t.Errorf("unread after all read: %d", unread(tm.editor))
	}
	addArticle("two", "Sergey Lavrov said Russia would send 2,000 peacekeepers to Nagorno-Karabakh.")
	more := countRows(t, s, "alerts") - total
	if more == 0 {
		t.Fatal("the second article raised no alert")
	}
	if unread(tm.editor) != more || unread(tm.reviewer) != total+more {
		t.Errorf("after new alerts: %d and %d, want %d and %d", unread(tm.editor), unread(tm.reviewer), more, total+more)
	}
}

func TestDeliveryBackoff(t *testing.T) {
	for attempts, want := range map[int]time.Duration{1: 10 * time.Second, 2: 20 * time.Second, 3: 40 * time.Second, 9: 2560 * time.Second, 10: time.Hour, 50: time.Hour} {
		if got := DeliveryBackoff(attempts); got != want {
			t.Errorf("DeliveryBackoff(%d) = %v, want %v", attempts, got, want)
		}
	}
}

func TestAddWebhookRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	w, secret, err := s.AddWebhook(ctx, tm.admin, NewWebhook{URL: " https://chat.example/hook ", Format: "raw"})
	if err != nil || w.URL != "https://chat.example/hook" || w.Format != WebhookRaw || !strings.HasPrefix(secret, WebhookSecretPrefix) || len(secret) < 40 || w.Secret != secret {
		t.Fatalf("AddWebhook = %+v, %q, %v", w, secret, err)
	}
	for _, tt := range []struct {
		name, field, want string
		in                NewWebhook
	}{
		{"ftp", "url", "only http and https", NewWebhook{URL: "ftp://chat.example/hook"}},
		{"javascript", "url", "only http and https", NewWebhook{URL: "javascript:alert(1)"}},
		{"no address", "url", "a link is required", NewWebhook{}},
		{"user and password", "url", "user name or password", NewWebhook{URL: "https://u:p@chat.example/hook"}},
		{"unknown format", "format", `not "xml"`, NewWebhook{URL: "https://chat.example/other", Format: "xml"}},
		{"twice", "url", "added before, as webhook 1", NewWebhook{URL: "https://chat.example/hook"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.AddWebhook(ctx, tm.admin, tt.in)
			if msg := fieldErr(t, err, tt.field); !strings.Contains(msg, tt.want) {
				t.Errorf("%s: %q, want it to say %q", tt.field, msg, tt.want)
			}
			if n := countRows(t, s, "webhooks"); n != 1 {
				t.Errorf("%d webhooks after a refusal", n)
			}
		})
	}
	if _, _, err := s.AddWebhook(ctx, tm.editor, NewWebhook{URL: "https://chat.example/x"}); !strings.Contains(fmt.Sprint(err), "only admins") {
		t.Errorf("an editor's webhook: %v, want a refusal", err)
	}
}

// BenchmarkMatchWithAlertRules runs the matcher over the claims of 20
// articles from a feed with no alert rule (the hook's floor: one read of
// the rules) and with three rules and a webhook that raise an alert on
// most claims (each alert and its delivery written in the step's own
// short transaction): what alert evaluation adds to matching.
func BenchmarkMatchWithAlertRules(b *testing.B) {
	for _, rules := range []int{0, 3} {
		b.Run(fmt.Sprintf("rules=%d", rules), func(b *testing.B) {
			s, _ := newTestStore(&testing.T{})
			ctx := context.Background()
			f, err := s.AddFeed(ctx, nil, NewFeed{URL: "https://a.example/feed.xml"})
			if err != nil {
				b.Fatal(err)
			}
			if rules > 0 {
				for _, in := range []NewAlertRule{{Kind: "false_match"}, {Kind: "score", Threshold: ptr(0.0)}, {Kind: "score", Threshold: ptr(0.5), FeedID: f.ID}} {
					if _, err := s.AddAlertRule(ctx, nil, in); err != nil {
						b.Fatal(err)
					}
				}
				if _, _, err := s.AddWebhook(ctx, nil, NewWebhook{URL: "https://chat.example/hook"}); err != nil {
					b.Fatal(err)
				}
			}
			for i := range 20 {
				a, _, err := s.ImportArticle(ctx, nil, NewArticle{Text: benchArticle(i)})
				if err != nil {
					b.Fatal(err)
				}
				if err := s.RecordFeedPoll(ctx, FeedPoll{FeedID: f.ID, Items: []FeedItem{{Key: fmt.Sprint(i), State: FeedItemImported, ArticleID: a.ID}}}); err != nil {
					b.Fatal(err)
				}
			}
			var claims int
			s.db.Read.QueryRow(`SELECT count(*) FROM claims WHERE candidate = 0`).Scan(&claims)
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				if _, err := s.db.Write.Exec(`DELETE FROM alerts; UPDATE claims SET matched_at = NULL`); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := s.MatchPending(ctx, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if got := countRows(&testing.T{}, s, "alerts"); rules > 0 && got < claims || rules == 0 && got != 0 {
				b.Fatalf("%d alerts for %d claims and %d rules", got, claims, rules)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*claims), "µs/claim")
		})
	}
}
