package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"claimdesk/review"
)

func TestFeedCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			fmt.Fprintf(w, `<rss><channel><title>Local News</title><item><title>One</title><link>http://%s/a</link></item></channel></rss>`, r.Host)
		case "/a":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><body><article><p>The mayor said 3,000 new homes were built in 2025, twice as many as the year before.</p></article></body></html>`))
		}
	}))
	t.Cleanup(srv.Close)

	out, _, err := runCmd(t, "", "feed", "add", "--db", db, srv.URL+"/feed.xml", "--every", "20m")
	if err != nil || !strings.Contains(out, "feed 1 added") || !strings.Contains(out, "20m0s") {
		t.Fatalf("feed add: %q, %v", out, err)
	}
	if _, _, err := runCmd(t, "", "feed", "add", "--db", db, "--allow-private", srv.URL+"/other.xml"); err != nil {
		t.Fatalf("feed add --allow-private: %v", err)
	}
	// Polling now: the loopback feed added without --allow-private is refused.
	out, _, err = runCmd(t, "", "feed", "poll", "--db", db)
	if err == nil || !strings.Contains(out, "feed 1: the feed: refused to connect to 127.0.0.1") || !strings.Contains(out, "feed 2: the document is empty") {
		t.Errorf("feed poll: %q, %v; want both feeds' errors", out, err)
	}
	out, _, err = runCmd(t, "", "feed", "list", "--db", db)
	if err != nil || !strings.Contains(out, "private or local address") || !strings.Contains(out, "(private allowed)") {
		t.Errorf("feed list: %q, %v", out, err)
	}
	if _, _, err := runCmd(t, "", "feed", "remove", "--db", db, "1"); err != nil {
		t.Fatalf("feed remove: %v", err)
	}
	if _, _, err := runCmd(t, "", "feed", "add", "--db", db, "--allow-private", srv.URL+"/feed.xml"); err != nil {
		t.Fatalf("feed add again: %v", err)
	}
	out, _, err = runCmd(t, "", "feed", "poll", "--db", db, "3")
	if err != nil || !strings.Contains(out, "feed 3: 1 items imported") {
		t.Errorf("feed poll 3: %q, %v", out, err)
	}

	bad := []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"feed"}, true, "say what to do"},
		{[]string{"feed", "fetch"}, true, "unknown action"},
		{[]string{"feed", "add", "--db", db}, true, "give one URL"},
		{[]string{"feed", "add", "--db", db, "--every", "often", "https://a.example/f"}, true, "invalid value"},
		{[]string{"feed", "add", "--db", db, "--every", "10s", "https://a.example/f"}, false, "at most once a minute"},
		{[]string{"feed", "add", "--db", db, "gopher://a.example/f"}, false, "only http and https"},
		{[]string{"feed", "add", "--db", db, "--allow-private", srv.URL + "/feed.xml"}, false, "added before"},
		{[]string{"feed", "remove", "--db", db, "x"}, true, "not a feed ID"},
		{[]string{"feed", "remove", "--db", db, "99"}, false, "not found"},
		{[]string{"feed", "poll", "--db", db, "99"}, false, "not found"},
		{[]string{"feed", "list", "--db", db, "extra"}, true, "no arguments"},
	}
	for _, b := range bad {
		_, _, err := runCmd(t, "", b.args...)
		var ue *usageError
		if err == nil || errors.As(err, &ue) != b.usage || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%v: %v (usage error %v), want one saying %q", b.args, err, errors.As(err, &ue), b.want)
		}
	}
}

// TestServePollsFeeds: serve polls a feed added from the shell, imports
// its item, and the digest lists the item's claim with the False
// fact-check "checked before?" found; serve then stops cleanly.
func TestServePollsFeeds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			fmt.Fprintf(w, `<rss><channel><title>Local News</title><item><title>Jobs</title><link>http://%s/jobs</link><guid>jobs</guid></item></channel></rss>`, r.Host)
		case "/jobs":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><body><article><p>The minister said unemployment fell to 4.2 percent in October, the lowest level since 2008.</p></article></body></html>`))
		}
	}))
	t.Cleanup(srv.Close)
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
	if _, _, err := runCmd(t, "", "feed", "add", "--db", db, "--allow-private", srv.URL+"/feed.xml"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	addr, stderr, stop := startServe(t, db)
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, err := apiGet(addr, tok, "/api/v1/digest")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), `"rating": "False"`) && strings.Contains(string(b), `"outlet": "Local News"`) {
			t.Logf("the item's claim and its match were in the digest %v after serve started", time.Since(start).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the digest never listed the feed's claim with its fact-check: %s\n%s", b, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
	f, err := openTestStore(t, db).Feed(ctx, 1)
	if err != nil || f.Imported != 1 || f.LastError != "" || f.Title != "Local News" || f.ETag != "" && f.LastPolledAt.IsZero() {
		t.Errorf("the feed after serve: %+v, %v; want its one item imported", f, err)
	}
}
