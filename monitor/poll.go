package monitor

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"claimdesk/review"
)

// Defaults of Options.
const (
	// DefaultFirstPoll is how many of its newest items a feed's first
	// poll imports; the older ones are marked seen.
	DefaultFirstPoll = 20
	// DefaultMaxFeedBytes caps a feed or sitemap document.
	DefaultMaxFeedBytes = 10 << 20
	// DefaultMaxNewPerPoll caps the items one poll fetches; the rest wait
	// for the next poll.
	DefaultMaxNewPerPoll = 50
	// DefaultWorkers is how many feeds are polled at once.
	DefaultWorkers = 4
	// maxIdle is the longest the loop sleeps before it looks for due
	// feeds again (a feed added meanwhile is due at once).
	maxIdle   = 10 * time.Second
	userAgent = "claimdesk-monitor/1 (feed reader)"
)

// Options tune a Monitor; zero values take the defaults.
type Options struct {
	Logger        *slog.Logger
	Resolver      Resolver      // how host names are looked up (tests: a stub)
	Timeout       time.Duration // one request, redirects and body included
	FirstPoll     int
	MaxFeedBytes  int
	MaxNewPerPoll int
	Workers       int
	// guardSeen, when set (tests), hears of every address the guard judged.
	guardSeen func(addr netip.Addr, allowed bool)
	// guardPublic, when set (tests), says which addresses count as public.
	guardPublic func(netip.AddrPort) bool
}

// Monitor polls the store's feeds and imports their new items.
type Monitor struct {
	store *review.Store
	opt   Options
	// public refuses private addresses; private (for feeds added with
	// --allow-private) does not. Each keeps its connections for reuse.
	public, private *http.Client
}

// New returns a Monitor over store.
func New(store *review.Store, opt Options) *Monitor {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	opt.FirstPoll = cmp.Or(opt.FirstPoll, DefaultFirstPoll)
	opt.MaxFeedBytes = cmp.Or(opt.MaxFeedBytes, DefaultMaxFeedBytes)
	opt.MaxNewPerPoll = cmp.Or(opt.MaxNewPerPoll, DefaultMaxNewPerPoll)
	opt.Workers = cmp.Or(opt.Workers, DefaultWorkers)
	co := clientOptions{resolve: opt.Resolver, timeout: opt.Timeout, seen: opt.guardSeen, public: opt.guardPublic}
	m := &Monitor{store: store, opt: opt, public: newClient(co)}
	co.allowPrivate = true
	m.private = newClient(co)
	return m
}

// Run polls each feed when it is due until ctx ends; a poll in flight is
// abandoned (nothing of it is recorded, so it runs again after a restart).
func (m *Monitor) Run(ctx context.Context) {
	for {
		if _, err := m.PollDue(ctx); err != nil && ctx.Err() == nil {
			m.opt.Logger.Error("feeds", "err", err)
		}
		wait := maxIdle
		if next, ok, err := m.store.NextFeedPoll(ctx); err == nil && ok {
			wait = min(max(next.Sub(m.store.Now()), 0), maxIdle)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// PollDue polls every feed that is due, a few at once, and returns how
// many it polled. One feed's failure is recorded on it and never stops
// the others; the error is for the list of feeds itself.
func (m *Monitor) PollDue(ctx context.Context) (int, error) {
	feeds, err := m.store.DueFeeds(ctx, m.store.Now())
	if err != nil {
		return 0, err
	}
	next := make(chan review.Feed)
	var wg sync.WaitGroup
	for range min(m.opt.Workers, len(feeds)) {
		wg.Go(func() {
			for f := range next {
				if err := m.Poll(ctx, f); err != nil && ctx.Err() == nil {
					m.opt.Logger.Warn("feed poll", "feed", f.ID, "url", f.URL, "err", err)
				}
			}
		})
	}
	n := 0
	for _, f := range feeds {
		if ctx.Err() != nil {
			break
		}
		next <- f
		n++
	}
	close(next)
	wg.Wait()
	return n, ctx.Err()
}

// Poll polls one feed now and records the result on it: its new items
// imported (the first poll: the newest FirstPoll, the rest marked seen),
// or the reason the poll failed, which also backs its next poll off. The
// error returned is the recorded reason, or the store's failure.
func (m *Monitor) Poll(ctx context.Context, f review.Feed) error {
	rec, pollErr := m.poll(ctx, f)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	rec.FeedID, rec.At = f.ID, m.store.Now()
	if pollErr != nil {
		rec = review.FeedPoll{FeedID: f.ID, At: rec.At, Err: pollErr.Error()}
	}
	if err := m.store.RecordFeedPoll(ctx, rec); err != nil {
		if errors.Is(err, review.ErrNotFound) {
			return nil // deleted while it was polled
		}
		return err
	}
	return pollErr
}

// poll fetches and reads the feed and imports its new items.
func (m *Monitor) poll(ctx context.Context, f review.Feed) (review.FeedPoll, error) {
	client := m.client(f)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return review.FeedPoll{}, fmt.Errorf("the feed's address cannot be requested: %v", err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if f.ETag != "" {
		req.Header.Set("If-None-Match", f.ETag)
	}
	if f.LastModified != "" {
		req.Header.Set("If-Modified-Since", f.LastModified)
	}
	resp, err := client.Do(req)
	if err != nil {
		return review.FeedPoll{}, fetchError("the feed", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return review.FeedPoll{NotModified: true}, nil
	}
	if resp.StatusCode != http.StatusOK {
		return review.FeedPoll{}, fmt.Errorf("the feed answered %s", resp.Status)
	}
	body, err := readCapped(resp.Body, m.opt.MaxFeedBytes)
	if err != nil {
		return review.FeedPoll{}, fmt.Errorf("the feed: %w", err)
	}
	doc, err := Parse(body, resp.Request.URL)
	if err != nil {
		return review.FeedPoll{}, err
	}
	rec := review.FeedPoll{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Title: doc.Title, Primed: true}
	fresh, err := m.newItems(ctx, f.ID, doc.Items)
	if err != nil {
		return review.FeedPoll{}, err
	}
	// Newest first; items without a date keep the document's order (feeds
	// list the newest first).
	slices.SortStableFunc(fresh, func(a, b Item) int { return b.Published.Compare(a.Published) })
	limit := m.opt.MaxNewPerPoll
	if !f.Primed {
		limit = m.opt.FirstPoll
		for _, it := range fresh[min(limit, len(fresh)):] {
			rec.Items = append(rec.Items, review.FeedItem{Key: it.Key, URL: it.URL, Title: it.Title, State: review.FeedItemSeen})
		}
	}
	take := fresh[:min(limit, len(fresh))]
	outlet := cmp.Or(doc.Title, f.Title, resp.Request.URL.Hostname())
	rec.Items = append(rec.Items, m.importItems(ctx, client, outlet, take)...)
	return rec, nil
}

// newItems are the items of the document the feed has not recorded, each
// key once.
func (m *Monitor) newItems(ctx context.Context, feedID int64, items []Item) ([]Item, error) {
	keys := make([]string, 0, len(items))
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	seen, err := m.store.SeenFeedItems(ctx, feedID, keys)
	if err != nil {
		return nil, err
	}
	var fresh []Item
	for _, it := range items {
		if it.Key == "" || seen[it.Key] {
			continue
		}
		seen[it.Key] = true
		fresh = append(fresh, it)
	}
	return fresh, nil
}

// importItems fetches each item's page once and imports the pages in one
// batch through the store's import (readability for HTML, as an upload);
// each item's outcome, imported or refused with its reason, is returned.
func (m *Monitor) importItems(ctx context.Context, client *http.Client, outlet string, items []Item) []review.FeedItem {
	out := make([]review.FeedItem, len(items))
	var ins []review.NewArticle
	var at []int
	for i, it := range items {
		out[i] = review.FeedItem{Key: it.Key, URL: it.URL, Title: it.Title, State: review.FeedItemFailed}
		in, err := m.fetchItem(ctx, client, it)
		if err != nil {
			out[i].Error = err.Error()
			continue
		}
		in.Outlet = outlet
		ins = append(ins, in)
		at = append(at, i)
	}
	if len(ins) == 0 {
		return out
	}
	res, err := m.store.ImportBatch(ctx, nil, ins)
	if err != nil {
		for _, i := range at {
			out[i].Error = "the import failed: " + err.Error()
		}
		return out
	}
	for k, r := range res {
		i := at[k]
		var dup *review.DuplicateError
		switch {
		case r.Err == nil:
			out[i].State, out[i].ArticleID = review.FeedItemImported, r.Article.ID
		case errors.As(r.Err, &dup):
			out[i].State, out[i].ArticleID = review.FeedItemImported, dup.Article.ID
		case errors.Is(r.Err, review.ErrTooLarge):
			out[i].Error = "the page is over the article size limit: " + r.Err.Error()
		default:
			out[i].Error = cmp.Or(review.Reason(r.Err), r.Err.Error())
		}
	}
	return out
}

// fetchItem fetches an item's page: HTML (read by the import with
// readability) or plain text, at most the store's article size.
func (m *Monitor) fetchItem(ctx context.Context, client *http.Client, it Item) (review.NewArticle, error) {
	if it.URL == "" {
		return review.NewArticle{}, errors.New("the item has no http or https link to fetch")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, it.URL, nil)
	if err != nil {
		return review.NewArticle{}, fmt.Errorf("the item's link cannot be requested: %v", err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, text/plain;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		return review.NewArticle{}, fetchError("the item", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return review.NewArticle{}, fmt.Errorf("the item answered %s", resp.Status)
	}
	limit := m.store.MaxArticleBytes
	if resp.ContentLength > int64(limit) {
		return review.NewArticle{}, fmt.Errorf("the item's page is %d bytes, over the article size limit of %d bytes", resp.ContentLength, limit)
	}
	body, err := readCapped(resp.Body, limit)
	if err != nil {
		return review.NewArticle{}, fmt.Errorf("the item's page: %w (the article size limit)", err)
	}
	in := review.NewArticle{URL: it.URL, Title: it.Title, Author: it.Author}
	if !it.Published.IsZero() {
		in.Published = it.Published.Format(time.RFC3339)
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case ct == "text/html" || ct == "application/xhtml+xml" || ct == "":
		in.HTML = string(body)
	case ct == "text/plain":
		in.Text = string(body)
	default:
		return review.NewArticle{}, fmt.Errorf("the item's link is %s, not a web page", ct)
	}
	return in, nil
}

// readCapped reads all of r, refusing more than limit bytes.
func readCapped(r io.Reader, limit int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("reading it failed: %v", err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("it is over the limit of %d bytes", limit)
	}
	return b, nil
}

// fetchError turns a failed request into a sentence: the guard's refusal
// and a redirect loop by name, a timeout as such.
func fetchError(what string, err error) error {
	var pe *PrivateAddressError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", what, pe)
	}
	if errors.Is(err, ErrRedirectLoop) {
		return fmt.Errorf("%s: %w", what, ErrRedirectLoop)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("%s did not answer in time (%s)", what, ue.URL)
		}
		return fmt.Errorf("%s could not be reached: %v", what, strings.TrimPrefix(ue.Err.Error(), "dial tcp: "))
	}
	return fmt.Errorf("%s could not be reached: %v", what, err)
}

// client is the HTTP client for f: the guarded one unless f allows
// private addresses.
func (m *Monitor) client(f review.Feed) *http.Client {
	if f.AllowPrivate {
		return m.private
	}
	return m.public
}
