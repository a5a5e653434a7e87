package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Limits of a feed's schedule.
const (
	// DefaultFeedEvery is how often a feed is polled when nobody says.
	DefaultFeedEvery = 15 * time.Minute
	// MinFeedEvery and MaxFeedEvery bound the schedule: more often than
	// once a minute burdens the outlet, less than once a week is no watch.
	MinFeedEvery = time.Minute
	MaxFeedEvery = 7 * 24 * time.Hour
	// maxFeedBackoff caps how long a failing feed waits for its next try.
	maxFeedBackoff = 24 * time.Hour
	// maxFeedErrorRunes caps a stored error message.
	maxFeedErrorRunes = 500
)

// Feed is an RSS 2.0 or Atom feed or a sitemap that the server polls on
// its schedule, with what its polls left.
type Feed struct {
	ID           int64     `json:"id"`
	URL          string    `json:"url"`
	Title        string    `json:"title"`
	Every        Duration  `json:"every"`
	AllowPrivate bool      `json:"allow_private"`
	ETag         string    `json:"-"`
	LastModified string    `json:"-"`
	Primed       bool      `json:"primed"` // the first poll is done
	NextPollAt   time.Time `json:"next_poll_at"`
	LastPolledAt time.Time `json:"last_polled_at,omitzero"`
	LastOKAt     time.Time `json:"last_ok_at,omitzero"`
	LastError    string    `json:"last_error"`
	Failures     int       `json:"failures"` // failed polls in a row
	CreatedAt    time.Time `json:"created_at"`
	// Imported and Failed count the feed's items by what became of them
	// (filled by Feeds and Feed).
	Imported int `json:"imported"`
	Failed   int `json:"failed"`
}

// Duration is a time.Duration written as "15m0s" in JSON.
type Duration time.Duration

// String writes d as Go writes durations ("15m0s").
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText writes d as String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// NewFeed is a feed an admin adds. Every 0 is DefaultFeedEvery.
type NewFeed struct {
	URL          string
	Every        time.Duration
	AllowPrivate bool
}

// FeedItemState is what became of an item of a feed.
type FeedItemState string

// The item states.
const (
	FeedItemSeen     FeedItemState = "seen"     // passed over (the first poll's older items)
	FeedItemImported FeedItemState = "imported" // fetched and stored as an article (or found stored already)
	FeedItemFailed   FeedItemState = "failed"   // fetched once and refused, with the reason
)

// FeedItem is one item of a feed as the poller recorded it.
type FeedItem struct {
	ID        int64         `json:"id"`
	FeedID    int64         `json:"feed_id"`
	Key       string        `json:"key"` // the guid, id or link that names it in the feed
	URL       string        `json:"url"`
	Title     string        `json:"title"`
	State     FeedItemState `json:"state"`
	ArticleID int64         `json:"article_id,omitzero"`
	Error     string        `json:"error,omitempty"`
	CreatedAt time.Time     `json:"created_at"`
}

// FeedPoll is what one poll of a feed found, recorded in one transaction
// by RecordFeedPoll.
type FeedPoll struct {
	FeedID int64
	At     time.Time
	// Err is why the poll failed as a whole ("" when it did not): the
	// feed's address, its answer or its document. Items' own refusals are
	// in Items.
	Err string
	// NotModified: the outlet answered 304; nothing else changes.
	NotModified bool
	// The new validators and the document's title ("" keeps the old).
	ETag, LastModified, Title string
	// Items are the items this poll saw first; an item recorded before is
	// left as it was.
	Items []FeedItem
	// Primed: the first poll's items are recorded, so later polls import
	// every new item.
	Primed bool
}

// ValidateFeedURL is the rule of what a feed's address may be: an
// absolute http or https address with a host, at most 2048 bytes. It
// returns the address trimmed.
func ValidateFeedURL(raw string) (string, error) {
	return checkRemoteURL(raw, "the feed's address", "https://example.org/feed.xml")
}

// AddFeed adds a feed (admins; the shell too), due at once. The same
// address twice is a *ValidationError on "url".
func (s *Store) AddFeed(ctx context.Context, actor *User, in NewFeed) (*Feed, error) {
	if err := authorize(actor, ActionManageFeeds); err != nil {
		return nil, fmt.Errorf("add feed: %w", err)
	}
	u, err := ValidateFeedURL(in.URL)
	if err != nil {
		return nil, fmt.Errorf("add feed: %w", err)
	}
	every := in.Every
	if every == 0 {
		every = DefaultFeedEvery
	}
	if every < MinFeedEvery || every > MaxFeedEvery {
		return nil, fmt.Errorf("add feed: %w", Invalid("every", fmt.Sprintf("poll at most once a minute and at least once a week (got %s)", every)))
	}
	now := fmtTime(s.now())
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var other int64
		switch err := tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE url = ?`, u).Scan(&other); {
		case err == nil:
			return Invalid("url", fmt.Sprintf("this feed was added before, as feed %d", other))
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO feeds (url, every_seconds, allow_private, next_poll_at, created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?)`, u, int64(every/time.Second), in.AllowPrivate, now, actorID(actor), now)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add feed: %w", err)
	}
	return s.Feed(ctx, id)
}

// DeleteFeed removes a feed and its record of items (admins). The
// articles it brought in stay.
func (s *Store) DeleteFeed(ctx context.Context, actor *User, id int64) error {
	if err := authorize(actor, ActionManageFeeds); err != nil {
		return fmt.Errorf("delete feed: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete feed %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delete feed %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

const feedColumns = `f.id, f.url, f.title, f.every_seconds, f.allow_private, f.etag, f.last_modified, f.primed,
 f.next_poll_at, f.last_polled_at, f.last_ok_at, f.last_error, f.failures, f.created_at,
 (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.state = 'imported'),
 (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.state = 'failed')`

func scanFeed(sc interface{ Scan(...any) error }) (*Feed, error) {
	var f Feed
	var every int64
	var next, polled, ok, created string
	if err := sc.Scan(&f.ID, &f.URL, &f.Title, &every, &f.AllowPrivate, &f.ETag, &f.LastModified, &f.Primed,
		&next, &polled, &ok, &f.LastError, &f.Failures, &created, &f.Imported, &f.Failed); err != nil {
		return nil, err
	}
	f.Every = Duration(time.Duration(every) * time.Second)
	f.NextPollAt, f.CreatedAt = parseTime(next), parseTime(created)
	if polled != "" {
		f.LastPolledAt = parseTime(polled)
	}
	if ok != "" {
		f.LastOKAt = parseTime(ok)
	}
	return &f, nil
}

// Feed returns one feed.
func (s *Store) Feed(ctx context.Context, id int64) (*Feed, error) {
	f, err := scanFeed(s.db.Read.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "feed %d", id)
	}
	return f, nil
}

// Feeds lists every feed, oldest first.
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	return s.queryFeeds(ctx, `SELECT `+feedColumns+` FROM feeds f ORDER BY f.id`)
}

// DueFeeds lists the feeds whose next poll is at or before at, the most
// overdue first.
func (s *Store) DueFeeds(ctx context.Context, at time.Time) ([]Feed, error) {
	return s.queryFeeds(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.next_poll_at <= ? ORDER BY f.next_poll_at, f.id`, fmtTime(at))
}

func (s *Store) queryFeeds(ctx context.Context, q string, args ...any) ([]Feed, error) {
	rows, err := s.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	defer rows.Close()
	var out []Feed
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, fmt.Errorf("feeds: %w", err)
		}
		out = append(out, *f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	return out, nil
}

// NextFeedPoll is when the next feed is due; false when there is no feed.
func (s *Store) NextFeedPoll(ctx context.Context) (time.Time, bool, error) {
	var next sql.NullString
	if err := s.db.Read.QueryRowContext(ctx, `SELECT min(next_poll_at) FROM feeds`).Scan(&next); err != nil {
		return time.Time{}, false, fmt.Errorf("next feed poll: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return parseTime(next.String), true, nil
}

// SeenFeedItems returns which of keys the feed has recorded before.
func (s *Store) SeenFeedItems(ctx context.Context, feedID int64, keys []string) (map[string]bool, error) {
	seen := map[string]bool{}
	const chunk = 500
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		args := make([]any, 0, len(part)+1)
		args = append(args, feedID)
		for _, k := range part {
			args = append(args, k)
		}
		rows, err := s.db.Read.QueryContext(ctx, `SELECT key FROM feed_items WHERE feed_id = ? AND key IN (?`+strings.Repeat(", ?", len(part)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("seen feed items: %w", err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, fmt.Errorf("seen feed items: %w", err)
			}
			seen[k] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("seen feed items: %w", err)
		}
	}
	return seen, nil
}

// FeedItems lists a feed's most recent items, newest first (limit 0: 50).
func (s *Store) FeedItems(ctx context.Context, feedID int64, limit int) ([]FeedItem, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, feed_id, key, url, title, state, coalesce(article_id, 0), error, created_at
FROM feed_items WHERE feed_id = ? AND state <> 'seen' ORDER BY id DESC LIMIT ?`, feedID, limit)
	if err != nil {
		return nil, fmt.Errorf("feed items: %w", err)
	}
	defer rows.Close()
	var out []FeedItem
	for rows.Next() {
		var it FeedItem
		var created string
		if err := rows.Scan(&it.ID, &it.FeedID, &it.Key, &it.URL, &it.Title, &it.State, &it.ArticleID, &it.Error, &created); err != nil {
			return nil, fmt.Errorf("feed items: %w", err)
		}
		it.CreatedAt = parseTime(created)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("feed items: %w", err)
	}
	return out, nil
}

// FeedBackoff is how long a feed polled every every waits after failures
// failed polls in a row: its interval, doubled for each failure after the
// first, at most a day (and never less than its interval).
func FeedBackoff(every time.Duration, failures int) time.Duration {
	d := every
	for i := 1; i < failures && d < maxFeedBackoff; i++ {
		d *= 2
	}
	return max(min(d, maxFeedBackoff), every)
}

// RecordFeedPoll stores what one poll found, in one transaction: the
// feed's validators, title, error and next poll (its interval after a
// success, FeedBackoff after a failure), and the items it saw first. A
// feed deleted meanwhile is ErrNotFound and nothing is written.
func (s *Store) RecordFeedPoll(ctx context.Context, p FeedPoll) error {
	at := p.At
	if at.IsZero() {
		at = s.now()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var every int64
		var failures int
		err := tx.QueryRowContext(ctx, `SELECT every_seconds, failures FROM feeds WHERE id = ?`, p.FeedID).Scan(&every, &failures)
		if err != nil {
			return notFound(err, "record feed poll %d", p.FeedID)
		}
		interval := time.Duration(every) * time.Second
		if p.Err != "" {
			failures++
			msg := cutRunes(oneLine(p.Err), maxFeedErrorRunes)
			_, err = tx.ExecContext(ctx, `UPDATE feeds SET last_polled_at = ?, last_error = ?, failures = ?, next_poll_at = ? WHERE id = ?`,
				fmtTime(at), msg, failures, fmtTime(at.Add(FeedBackoff(interval, failures))), p.FeedID)
			if err != nil {
				return fmt.Errorf("record feed poll %d: %w", p.FeedID, err)
			}
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE feeds SET last_polled_at = ?, last_ok_at = ?, last_error = '', failures = 0, next_poll_at = ?,
 etag = CASE WHEN ? THEN etag ELSE ? END, last_modified = CASE WHEN ? THEN last_modified ELSE ? END,
 title = CASE WHEN ? = '' THEN title ELSE ? END, primed = max(primed, ?) WHERE id = ?`,
			fmtTime(at), fmtTime(at), fmtTime(at.Add(interval)),
			p.NotModified, p.ETag, p.NotModified, p.LastModified,
			p.Title, cutRunes(oneLine(p.Title), maxDetailRunes), p.Primed, p.FeedID)
		if err != nil {
			return fmt.Errorf("record feed poll %d: %w", p.FeedID, err)
		}
		for _, it := range p.Items {
			_, err := tx.ExecContext(ctx, `INSERT INTO feed_items (feed_id, key, url, title, state, article_id, error, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, key) DO NOTHING`,
				p.FeedID, it.Key, it.URL, cutRunes(oneLine(it.Title), maxTitleRunes), it.State, nullInt(it.ArticleID),
				cutRunes(oneLine(it.Error), maxFeedErrorRunes), fmtTime(at))
			if err != nil {
				return fmt.Errorf("record feed poll %d: item %q: %w", p.FeedID, it.Key, err)
			}
		}
		return nil
	})
}
