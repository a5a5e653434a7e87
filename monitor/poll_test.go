package monitor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/review"
)

// openStore opens the database at path with the default model.
func openStore(t testing.TB, path string) *review.Store {
	t.Helper()
	db, err := claimdesk.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	m, err := claims.DefaultModel()
	if err != nil {
		t.Fatalf("model: %v", err)
	}
	return review.NewStore(db, m)
}

func newStore(t testing.TB) *review.Store {
	t.Helper()
	return openStore(t, filepath.Join(t.TempDir(), "test.db"))
}

// outlet is a test server playing a news site: an RSS feed of items whose
// pages it serves too, with an ETag, counting what it is asked.
type outlet struct {
	srv *httptest.Server
	mu  sync.Mutex
	// items, newest last; the feed lists them newest first.
	items        []int
	feedGets     int // answered 200
	conditional  int // answered 304
	pageGets     map[string]int
	requestCount atomic.Int64
}

func newOutlet(t *testing.T, n int) *outlet {
	t.Helper()
	o := &outlet{pageGets: map[string]int{}}
	for i := 1; i <= n; i++ {
		o.items = append(o.items, i)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		defer o.mu.Unlock()
		etag := fmt.Sprintf(`"v%d"`, len(o.items))
		if r.Header.Get("If-None-Match") == etag {
			o.conditional++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		o.feedGets++
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Outlet</title>`)
		for k := len(o.items) - 1; k >= 0; k-- {
			i := o.items[k]
			day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
			fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s/story/%d</link><guid>story-%d</guid><pubDate>%s</pubDate><author>Reporter %d</author></item>`,
				i, o.srv.URL, i, i, day.Format(time.RFC1123Z), i)
		}
		b.WriteString(`</channel></rss>`)
		w.Write([]byte(b.String()))
	})
	mux.HandleFunc("/story/{n}", func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.pageGets[r.PathValue("n")]++
		o.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		n := r.PathValue("n")
		fmt.Fprintf(w, `<!doctype html><html><head><title>Story %s</title></head><body><article><h1>Story %s</h1>
<p>The minister said unemployment fell by %s per cent in the last year, the largest fall since 1990.</p>
<p>According to the statistics office, 4.2 million people were in work in October, and story number %s says so plainly.</p>
<p>Critics said the figures for story %s leave out part-time workers who want more hours.</p></article></body></html>`, n, n, n, n, n)
	})
	o.srv = httptest.NewServer(countRequests(&o.requestCount, mux))
	t.Cleanup(o.srv.Close)
	return o
}

func countRequests(n *atomic.Int64, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1); h.ServeHTTP(w, r) })
}

func (o *outlet) add(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for range n {
		o.items = append(o.items, len(o.items)+1)
	}
}

func (o *outlet) page(n string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.pageGets[n]
}

func (o *outlet) stats() (feedGets, conditional, pages int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, v := range o.pageGets {
		pages += v
	}
	return o.feedGets, o.conditional, pages
}

func addFeed(t testing.TB, s *review.Store, u string, allowPrivate bool) *review.Feed {
	t.Helper()
	f, err := s.AddFeed(context.Background(), nil, review.NewFeed{URL: u, AllowPrivate: allowPrivate})
	if err != nil {
		t.Fatalf("add feed %s: %v", u, err)
	}
	return f
}

func feedNow(t *testing.T, s *review.Store, id int64) *review.Feed {
	t.Helper()
	f, err := s.Feed(context.Background(), id)
	if err != nil {
		t.Fatalf("feed %d: %v", id, err)
	}
	return f
}

func TestFirstPollThenNewItemsOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s := openStore(t, path)
	o := newOutlet(t, 25)
	f := addFeed(t, s, o.srv.URL+"/feed.xml", true)

	if err := New(s, Options{}).Poll(ctx, *f); err != nil {
		t.Fatalf("first poll: %v", err)
	}
	got := feedNow(t, s, f.ID)
	if got.Imported != 20 || got.Failed != 0 || !got.Primed || got.LastError != "" || got.Title != "Test Outlet" {
		t.Fatalf("after the first poll: imported %d, failed %d, primed %v, error %q, title %q; want 20, 0, true, none, Test Outlet",
			got.Imported, got.Failed, got.Primed, got.LastError, got.Title)
	}
	if _, _, pages := o.stats(); pages != 20 {
		t.Errorf("first poll fetched %d pages, want the newest 20", pages)
	}
	for _, old := range []string{"1", "2", "3", "4", "5"} {
		if o.page(old) != 0 {
			t.Errorf("story %s (among the 5 oldest) was fetched; it should be marked seen", old)
		}
	}
	items, err := s.FeedItems(ctx, f.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 20 {
		t.Fatalf("FeedItems lists %d, want the 20 imported", len(items))
	}
	a, err := s.Article(ctx, items[0].ArticleID)
	if err != nil {
		t.Fatalf("article of %+v: %v", items[0], err)
	}
	n := strings.TrimPrefix(items[0].Key, "story-")
	if a.URL != o.srv.URL+"/story/"+n || a.Outlet != "Test Outlet" || a.Author != "Reporter "+n || a.Title != "Story "+n || a.Published != time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(mustAtoi(n))*time.Hour).Format("2006-01-02") || a.Format != "html" {
		t.Errorf("article = url %q outlet %q author %q title %q published %q format %q", a.URL, a.Outlet, a.Author, a.Title, a.Published, a.Format)
	}
	if !strings.Contains(a.Body, "unemployment fell by "+n+" per cent") {
		t.Errorf("body %q lacks the story's text (readability)", a.Body)
	}

	// The state is in the database: a new store on the same file and a
	// new monitor send the stored ETag and get 304.
	s2 := openStore(t, path)
	m2 := New(s2, Options{})
	if err := m2.Poll(ctx, *feedNow(t, s2, f.ID)); err != nil {
		t.Fatalf("second poll: %v", err)
	}
	if feedGets, cond, _ := o.stats(); feedGets != 1 || cond != 1 {
		t.Errorf("feed fetched %d times and answered 304 %d times; want 1 and 1", feedGets, cond)
	}

	// Three new items: only they are fetched.
	o.add(3)
	if err := m2.Poll(ctx, *feedNow(t, s2, f.ID)); err != nil {
		t.Fatalf("third poll: %v", err)
	}
	_, _, pages := o.stats()
	if pages != 23 {
		t.Errorf("%d pages fetched in all, want 23 (each new item once)", pages)
	}
	for _, k := range []string{"26", "27", "28"} {
		if got := o.page(k); got != 1 {
			t.Errorf("story %s fetched %d times, want 1", k, got)
		}
	}
	if got := feedNow(t, s2, f.ID); got.Imported != 23 {
		t.Errorf("imported %d, want 23", got.Imported)
	}
}

func mustAtoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}

// TestLoopbackRefusedByDefault: a feed on a private address gets the
// guard's error, the server is never asked, and nothing is imported.
func TestLoopbackRefusedByDefault(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	o := newOutlet(t, 3)
	port := o.srv.Listener.Addr().(*net.TCPAddr).Port
	urls := []string{
		o.srv.URL + "/feed.xml",
		fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/feed.xml", port),
		fmt.Sprintf("http://[::1]:%d/feed.xml", port),
		fmt.Sprintf("http://localhost:%d/feed.xml", port),
	}
	var mu sync.Mutex
	var judged []netip.Addr
	m := New(s, Options{guardSeen: func(a netip.Addr, allowed bool) {
		mu.Lock()
		defer mu.Unlock()
		judged = append(judged, a)
		if allowed {
			t.Errorf("the guard allowed %s", a)
		}
	}})
	for _, u := range urls {
		f := addFeed(t, s, u, false)
		err := m.Poll(ctx, *f)
		var pe *PrivateAddressError
		if !errors.As(err, &pe) {
			t.Errorf("%s: poll error %v, want a PrivateAddressError", u, err)
		}
		got := feedNow(t, s, f.ID)
		if !strings.Contains(got.LastError, "private or local address") || got.Failures != 1 || got.Imported != 0 {
			t.Errorf("%s: last error %q, failures %d, imported %d", u, got.LastError, got.Failures, got.Imported)
		}
	}
	if n := o.requestCount.Load(); n != 0 {
		t.Errorf("the private server was asked %d times, want 0", n)
	}
	if len(judged) < len(urls) {
		t.Errorf("the guard judged %d addresses, want at least %d", len(judged), len(urls))
	}
}

// TestStubResolverNamesArePrivate: a public-looking name that resolves to
// private addresses of every family is refused at connect time, before
// any connection to any address is opened.
func TestStubResolverNamesArePrivate(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	resolved := []netip.Addr{
		netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("192.168.0.7"), netip.MustParseAddr("169.254.169.254"),
		netip.MustParseAddr("::ffff:172.16.0.1"), netip.MustParseAddr("fd00::1"), netip.MustParseAddr("fe80::1"),
		netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1"), netip.MustParseAddr("100.64.0.1"), netip.MustParseAddr("0.0.0.0"),
	}
	var mu sync.Mutex
	var judged []netip.Addr
	m := New(s, Options{
		Resolver: func(ctx context.Context, host string) ([]netip.Addr, error) {
			if host != "news.example" {
				t.Errorf("looked up %q", host)
			}
			return resolved, nil
		},
		guardSeen: func(a netip.Addr, allowed bool) {
			mu.Lock()
			defer mu.Unlock()
			judged = append(judged, a)
			if allowed {
				t.Errorf("the guard allowed %s", a)
			}
		},
	})
	f := addFeed(t, s, "http://news.example/feed.xml", false)
	err := m.Poll(ctx, *f)
	var pe *PrivateAddressError
	if !errors.As(err, &pe) {
		t.Fatalf("poll error %v, want a PrivateAddressError", err)
	}
	if len(judged) != len(resolved) {
		t.Errorf("the guard judged %v, want each of the %d resolved addresses", judged, len(resolved))
	}
}

// TestRedirectsAndItemsAreGuarded: a feed on a "public" server (the test
// server's own port counts as public here) that redirects to, or lists an
// item on, a private one: the private server is never asked.
func TestRedirectsAndItemsAreGuarded(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	private := newOutlet(t, 1)
	var pub *httptest.Server
	pub = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved.xml":
			http.Redirect(w, r, private.srv.URL+"/feed.xml", http.StatusFound)
		case "/feed.xml":
			fmt.Fprintf(w, `<rss><channel><title>P</title><item><link>%s/story/1</link></item><item><link>%s/hop</link></item></channel></rss>`, private.srv.URL, pub.URL)
		case "/hop":
			http.Redirect(w, r, private.srv.URL+"/story/1", http.StatusMovedPermanently)
		}
	}))
	t.Cleanup(pub.Close)
	pubAddr := netip.MustParseAddrPort(pub.Listener.Addr().String())
	m := New(s, Options{guardPublic: func(ap netip.AddrPort) bool { return ap == pubAddr }})

	moved := addFeed(t, s, pub.URL+"/moved.xml", false)
	err := m.Poll(ctx, *moved)
	var pe *PrivateAddressError
	if !errors.As(err, &pe) {
		t.Errorf("redirected feed: %v, want a PrivateAddressError", err)
	}
	f := addFeed(t, s, pub.URL+"/feed.xml", false)
	if err := m.Poll(ctx, *f); err != nil {
		t.Fatalf("feed with private items: %v", err)
	}
	items, err := s.FeedItems(ctx, f.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("%d items recorded, want 2", len(items))
	}
	for _, it := range items {
		if it.State != review.FeedItemFailed || !strings.Contains(it.Error, "private or local address") {
			t.Errorf("item %s: state %s, error %q; want failed by the guard", it.URL, it.State, it.Error)
		}
	}
	if n := private.requestCount.Load(); n != 0 {
		t.Errorf("the private server was asked %d times, want 0", n)
	}
}

// TestBadFeedsDoNotStopOthers: each broken feed gets its own error and a
// back-off; the good feed beside them imports its items.
func TestBadFeedsDoNotStopOthers(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	s.MaxArticleBytes = 4 << 10
	good := newOutlet(t, 2)
	release := make(chan struct{})
	var bad *httptest.Server
	bad = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/garbage":
			w.Write([]byte("\x00\x9f garbage, not a feed"))
		case "/html":
			w.Write([]byte("<!doctype html><html><body>Our news</body></html>"))
		case "/gone":
			http.Error(w, "gone", http.StatusGone)
		case "/loop":
			http.Redirect(w, r, "/loop2", http.StatusFound)
		case "/loop2":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/slow":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		case "/huge-feed":
			w.Write([]byte("<rss><channel>" + strings.Repeat("<item><title>x</title></item>", 1000) + "</channel></rss>"))
		case "/big-item-feed":
			fmt.Fprintf(w, `<rss><channel><item><link>%s/big</link></item><item><link>%s/pdf</link></item><item><title>no link</title></item></channel></rss>`, bad.URL, bad.URL)
		case "/big":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body><p>" + strings.Repeat("A claim that is far too long. ", 500) + "</p></body></html>"))
		case "/pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.4"))
		}
	}))
	t.Cleanup(bad.Close)
	t.Cleanup(func() { close(release) })
	want := map[string]string{
		"/garbage":       "not readable XML",
		"/html":          "web page",
		"/gone":          "410 Gone",
		"/loop":          "too many redirects",
		"/slow":          "did not answer in time",
		"/huge-feed":     "over the limit of 20000 bytes",
		"/big-item-feed": "",
	}
	ids := map[string]int64{}
	for p := range want {
		ids[p] = addFeed(t, s, bad.URL+p, true).ID
	}
	goodFeed := addFeed(t, s, good.srv.URL+"/feed.xml", true)
	m := New(s, Options{Timeout: 300 * time.Millisecond, MaxFeedBytes: 20000, Workers: 2})
	n, err := m.PollDue(ctx)
	if err != nil || n != len(want)+1 {
		t.Fatalf("PollDue = %d, %v; want %d feeds polled", n, err, len(want)+1)
	}
	if g := feedNow(t, s, goodFeed.ID); g.Imported != 2 || g.LastError != "" {
		t.Errorf("good feed: imported %d, error %q; want 2 and none", g.Imported, g.LastError)
	}
	for p, msg := range want {
		f := feedNow(t, s, ids[p])
		if msg == "" {
			if f.LastError != "" || f.Failures != 0 {
				t.Errorf("%s: error %q, failures %d; want the feed itself fine", p, f.LastError, f.Failures)
			}
			continue
		}
		if !strings.Contains(f.LastError, msg) || f.Failures != 1 {
			t.Errorf("%s: last error %q (failures %d), want it to say %q", p, f.LastError, f.Failures, msg)
		}
		if wantNext := f.LastPolledAt.Add(time.Duration(f.Every)); !f.NextPollAt.Equal(wantNext) {
			t.Errorf("%s: next poll %v, want one interval later %v", p, f.NextPollAt, wantNext)
		}
	}
	items, err := s.FeedItems(ctx, ids["/big-item-feed"], 10)
	if err != nil {
		t.Fatal(err)
	}
	itemWant := map[string]string{bad.URL + "/big": "article size limit", bad.URL + "/pdf": "application/pdf, not a web page", "": "no http or https link"}
	if len(items) != len(itemWant) {
		t.Fatalf("%d items recorded, want %d: %+v", len(items), len(itemWant), items)
	}
	for _, it := range items {
		if it.State != review.FeedItemFailed || !strings.Contains(it.Error, itemWant[it.URL]) {
			t.Errorf("item %q: %s %q, want failed saying %q", it.URL, it.State, it.Error, itemWant[it.URL])
		}
	}
	// A second failure in a row doubles the wait.
	f := feedNow(t, s, ids["/gone"])
	if err := m.Poll(ctx, *f); err == nil {
		t.Fatal("second poll of /gone: no error")
	}
	f = feedNow(t, s, ids["/gone"])
	if f.Failures != 2 || !f.NextPollAt.Equal(f.LastPolledAt.Add(2*time.Duration(f.Every))) {
		t.Errorf("after two failures: failures %d, next %v (polled %v); want 2 and twice the interval", f.Failures, f.NextPollAt, f.LastPolledAt)
	}
}

// TestRunStopsOnShutdown: Run returns soon after its context ends, also
// with a poll hanging, and records nothing of the abandoned poll.
func TestRunStopsOnShutdown(t *testing.T) {
	s := newStore(t)
	asked := make(chan struct{}, 1)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	f := addFeed(t, s, srv.URL+"/feed.xml", true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); New(s, Options{}).Run(ctx) }()
	select {
	case <-asked:
	case <-time.After(10 * time.Second):
		t.Fatal("the feed was not polled")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if got := feedNow(t, s, f.ID); !got.LastPolledAt.IsZero() || got.LastError != "" {
		t.Errorf("the abandoned poll was recorded: polled %v, error %q", got.LastPolledAt, got.LastError)
	}
}

func TestPublicAddr(t *testing.T) {
	tests := []struct {
		addr   string
		public bool
	}{
		{"93.184.215.14", true},
		{"2606:2800:21f:cb07:6820:80da:af6b:8b2c", true},
		{"127.0.0.1", false}, {"127.8.9.10", false}, {"10.0.0.1", false}, {"172.16.5.4", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"100.64.0.1", false}, {"0.0.0.0", false}, {"255.255.255.255", false}, {"224.0.0.1", false},
		{"::1", false}, {"::", false}, {"fe80::1", false}, {"fc00::1", false}, {"fd12:3456::1", false}, {"ff02::1", false},
		{"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false}, {"::ffff:93.184.215.14", true},
		{"64:ff9b::7f00:1", false}, {"2002:7f00:1::", false},
	}
	for _, tt := range tests {
		if got := PublicAddr(netip.MustParseAddr(tt.addr)); got != tt.public {
			t.Errorf("PublicAddr(%s) = %v, want %v", tt.addr, got, tt.public)
		}
	}
}

// TestLastModified: an outlet that sends Last-Modified and no ETag gets
// it back as If-Modified-Since, and its 304 changes nothing stored.
func TestLastModified(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	const stamp = "Tue, 01 Dec 2026 10:00:00 GMT"
	var asked []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.Header.Get("If-Modified-Since")+"|"+r.Header.Get("If-None-Match"))
		mu.Unlock()
		if r.Header.Get("If-Modified-Since") == stamp {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", stamp)
		w.Write([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title></feed>`))
	}))
	t.Cleanup(srv.Close)
	f := addFeed(t, s, srv.URL+"/atom", true)
	m := New(s, Options{})
	for range 2 {
		if err := m.Poll(ctx, *feedNow(t, s, f.ID)); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 2 || asked[0] != "|" || asked[1] != stamp+"|" {
		t.Errorf("conditional headers sent: %q, want none and then If-Modified-Since alone", asked)
	}
	if got := feedNow(t, s, f.ID); got.LastModified != stamp || got.Title != "A" || got.LastError != "" {
		t.Errorf("after the 304: last modified %q, title %q, error %q", got.LastModified, got.Title, got.LastError)
	}
}
