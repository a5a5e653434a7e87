package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"claimdesk/monitor"
	"claimdesk/review"
)

func TestWebhookAndAlertRuleCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"webhook", "add", "ftp://chat.example/hook"}, "only http and https"},
		{[]string{"webhook", "add", "--format", "xml", "https://chat.example/hook"}, `not "xml"`},
		{[]string{"alert-rule", "add", "score", "1.5"}, "from 0 to 1"},
		{[]string{"alert-rule", "add", "score", "high"}, "not a number"},
		{[]string{"alert-rule", "add", "claimant", "Nobody Atall"}, "no claimant named"},
		{[]string{"alert-rule", "add", "--feed", "3", "score", "0.5"}, "no feed 3"},
		{[]string{"alert-rule", "add", "everything"}, "choose what the rule watches"},
		{[]string{"webhook", "remove", "x"}, "not a webhook ID"},
	}
	for _, b := range bad {
		_, _, err := runCmd(t, "", append(b.args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%v: %v, want an error saying %q", b.args, err, b.want)
		}
	}
	out, _, err := runCmd(t, "", "webhook", "add", "--db", db, "--format", "raw", "https://chat.example/hook")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || !strings.Contains(out, "webhook 1 added: https://chat.example/hook (raw body)") || !strings.HasPrefix(lines[len(lines)-1], review.WebhookSecretPrefix) {
		t.Fatalf("webhook add: %q, %v", out, err)
	}
	secret := lines[len(lines)-1]
	out, _, err = runCmd(t, "", "webhook", "list", "--db", db)
	if err != nil || !strings.Contains(out, "https://chat.example/hook") || strings.Contains(out, secret) {
		t.Errorf("webhook list: %q, %v (the secret must not be listed)", out, err)
	}
	out, _, err = runCmd(t, "", "alert-rule", "add", "--db", db, "score", "0.8")
	if err != nil || !strings.Contains(out, "rule 1 added: A claim scored above 0.80 in an article from any feed") {
		t.Errorf("alert-rule add: %q, %v", out, err)
	}
	if out, _, err = runCmd(t, "", "alert-rule", "list", "--db", db); err != nil || !strings.Contains(out, "above 0.80") {
		t.Errorf("alert-rule list: %q, %v", out, err)
	}
	for _, args := range [][]string{{"alert-rule", "remove", "1"}, {"webhook", "remove", "1"}} {
		if _, _, err := runCmd(t, "", append(args, "--db", db)...); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
	if out, _, _ := runCmd(t, "", "webhook", "list", "--db", db); strings.Contains(out, "chat.example") {
		t.Errorf("the webhook is listed after its removal: %q", out)
	}
}

// TestServeAlertsReachWebhook is the monitor's whole path under serve: a
// feed added from the shell brings an article whose claim repeats a
// fact-check rated False; the false-match rule raises an alert, which
// the bell counts and which reaches the webhook, signed, once.
func TestServeAlertsReachWebhook(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	outlet := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			fmt.Fprintf(w, `<rss><channel><title>Local News</title><item><title>Jobs</title><link>http://%s/jobs</link><guid>jobs</guid></item></channel></rss>`, r.Host)
		case "/jobs":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><body><article><p>The minister said unemployment fell to 4.2 percent in October, the lowest level since 2008.</p></article></body></html>`))
		}
	}))
	t.Cleanup(outlet.Close)
	var mu sync.Mutex
	var secret string
	var got []map[string]any
	var problems []string
	arrived := make(chan struct{}, 10)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		ts, err := strconv.ParseInt(r.Header.Get(monitor.HeaderTimestamp), 10, 64)
		if err != nil || time.Since(time.Unix(ts, 0)).Abs() > time.Minute {
			problems = append(problems, "timestamp "+r.Header.Get(monitor.HeaderTimestamp))
		}
		if sig := r.Header.Get(monitor.HeaderSignature); sig != monitor.Sign(secret, ts, body) {
			problems = append(problems, "signature "+sig)
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			problems = append(problems, "body "+string(body))
		}
		got = append(got, m)
		w.WriteHeader(http.StatusOK)
		arrived <- struct{}{}
	}))
	t.Cleanup(receiver.Close)

	ctx := context.Background()
	store, closeDB, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ImportFactChecks(ctx, nil, []review.NewFactCheck{{ClaimText: "Unemployment fell to 4.2 percent in October, the lowest level since 2008.",
		Rating: "False", Publisher: "Checkers", URL: "https://checkers.example/jobs"}}); err != nil {
		t.Fatal(err)
	}
	closeDB()
	if _, errOut, err := runCmd(t, "password-ada\n", "user", "add", "--role", "admin", "--db", db, "ada"); err != nil {
		t.Fatalf("user add: %v (%s)", err, errOut)
	}
	tok, _, err := runCmd(t, "", "token", "create", "--db", db, "ada")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "", "alert-rule", "add", "--db", db, "false_match"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "webhook", "add", "--db", db, "--format", "raw", "--allow-private", receiver.URL+"/hook")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	mu.Lock()
	secret = lines[len(lines)-1]
	mu.Unlock()
	if _, _, err := runCmd(t, "", "feed", "add", "--db", db, "--allow-private", outlet.URL+"/feed.xml"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	addr, stderr, stop := startServe(t, db)
	select {
	case <-arrived:
		t.Logf("the alert reached the webhook %v after serve started", time.Since(start).Round(time.Millisecond))
	case <-time.After(60 * time.Second):
		t.Fatalf("no alert reached the webhook\n%s", stderr.String())
	}
	body, err := apiGet(addr, tok, "/api/v1/alerts")
	if err != nil {
		t.Fatal(err)
	}
	var bell struct {
		Alerts []review.Alert `json:"alerts"`
		Unread int            `json:"unread"`
	}
	json.Unmarshal(body, &bell)
	// The receiver has the body before the sender has its answer and
	// records the delivery: wait for the record, which a stop in between
	// would leave pending (and deliver again at the next start).
	delivered := func() int {
		body, err := apiGet(addr, tok, "/api/v1/webhooks")
		if err != nil {
			return -1
		}
		var list struct {
			Webhooks []review.Webhook `json:"webhooks"`
		}
		if json.Unmarshal(body, &list) != nil || len(list.Webhooks) != 1 {
			return -1
		}
		return list.Webhooks[0].Delivered
	}
	for deadline := time.Now().Add(30 * time.Second); delivered() != 1 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("the receiver: bad %s", p)
	}
	if len(got) != 1 {
		t.Fatalf("the webhook got %d bodies, want 1: %v", len(got), got)
	}
	a := got[0]
	text, _ := a["text"].(string)
	if a["kind"] != "false_match" || !strings.Contains(text, `rated "False" by Checkers`) || !strings.HasPrefix(fmt.Sprint(a["url"]), "http://"+addr+"/claims/") || a["outlet"] != "Local News" {
		t.Errorf("the alert the webhook got: %v", a)
	}
	if bell.Unread != 1 || len(bell.Alerts) != 1 || bell.Alerts[0].Text != text {
		t.Errorf("the bell: %+v, want the one alert unread", bell)
	}
	hooks, err := openTestStore(t, db).Webhooks(ctx)
	if err != nil || len(hooks) != 1 || hooks[0].Delivered != 1 || hooks[0].Pending != 0 {
		t.Errorf("the webhook after serve: %+v, %v; want one delivery done", hooks, err)
	}
}
