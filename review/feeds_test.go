package review

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestAddFeedRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	if _, err := s.AddFeed(ctx, tm.admin, NewFeed{URL: "https://outlet.example/feed.xml"}); err != nil {
		t.Fatalf("add: %v", err)
	}
	tests := []struct {
		name  string
		actor *User
		in    NewFeed
		field string // the field named, or "" for a refusal by role
		want  string
	}{
		{"empty", tm.admin, NewFeed{URL: " "}, "url", "a link is required"},
		{"not http", tm.admin, NewFeed{URL: "ftp://outlet.example/feed"}, "url", "only http and https"},
		{"file", tm.admin, NewFeed{URL: "file:///etc/passwd"}, "url", "only http and https"},
		{"no host", tm.admin, NewFeed{URL: "http:///feed"}, "url", ""},
		{"credentials", tm.admin, NewFeed{URL: "https://user:pw@outlet.example/feed"}, "url", "user name or password"},
		{"twice", tm.admin, NewFeed{URL: "https://outlet.example/feed.xml"}, "url", "added before, as feed 1"},
		{"too often", tm.admin, NewFeed{URL: "https://a.example/f", Every: 30 * time.Second}, "every", "at most once a minute"},
		{"too seldom", tm.admin, NewFeed{URL: "https://a.example/f", Every: 8 * 24 * time.Hour}, "every", "at least once a week"},
		{"an editor", tm.editor, NewFeed{URL: "https://b.example/f"}, "", "only admins may add and remove feeds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := s.AddFeed(ctx, tt.actor, tt.in)
			if err == nil {
				t.Fatalf("AddFeed = %+v, want an error", f)
			}
			if tt.field == "" {
				if !errors.Is(err, ErrForbidden) || !strings.Contains(Reason(err), tt.want) {
					t.Errorf("error %v, want forbidden saying %q", err, tt.want)
				}
				return
			}
			v, ok := AsValidation(err)
			if !ok || v.Fields[tt.field] == "" {
				t.Fatalf("error %v, want a validation error on %s", err, tt.field)
			}
			if !strings.Contains(v.Fields[tt.field], tt.want) {
				t.Errorf("%s: %q, want it to say %q", tt.field, v.Fields[tt.field], tt.want)
			}
		})
	}
	fs, err := s.Feeds(ctx)
	if err != nil || len(fs) != 1 {
		t.Fatalf("Feeds = %d, %v; want only the first", len(fs), err)
	}
	if fs[0].Every != Duration(DefaultFeedEvery) || fs[0].Primed {
		t.Errorf("feed %+v: want the default interval and not primed", fs[0])
	}
}

func TestRecordFeedPoll(t *testing.T) {
	ctx := context.Background()
	s, clock := newTestStore(t)
	f, err := s.AddFeed(ctx, nil, NewFeed{URL: "https://outlet.example/feed", Every: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	due, err := s.DueFeeds(ctx, clock.Now())
	if err != nil || len(due) != 1 {
		t.Fatalf("a new feed is due at once: %d, %v", len(due), err)
	}
	at := clock.Now()
	err = s.RecordFeedPoll(ctx, FeedPoll{FeedID: f.ID, At: at, ETag: `"a"`, LastModified: "Tue, 01 Dec 2026 10:00:00 GMT", Title: "Outlet", Primed: true,
		Items: []FeedItem{{Key: "k1", URL: "https://outlet.example/1", State: FeedItemSeen}, {Key: "k2", State: FeedItemFailed, Error: "the item has no link"}}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Feed(ctx, f.ID)
	if got.ETag != `"a"` || got.Title != "Outlet" || !got.Primed || !got.NextPollAt.Equal(at.Add(time.Hour)) || got.Failed != 1 {
		t.Errorf("after a good poll: %+v", got)
	}
	seen, err := s.SeenFeedItems(ctx, f.ID, []string{"k1", "k2", "k3"})
	if err != nil || !seen["k1"] || !seen["k2"] || seen["k3"] {
		t.Errorf("SeenFeedItems = %v, %v; want k1 and k2", seen, err)
	}
	// A 304 keeps the validators; failures back off, doubling, at most a day.
	if err := s.RecordFeedPoll(ctx, FeedPoll{FeedID: f.ID, At: at, NotModified: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Feed(ctx, f.ID); got.ETag != `"a"` || got.LastModified == "" {
		t.Errorf("a 304 lost the validators: %+v", got)
	}
	for i, wait := range []time.Duration{time.Hour, 2 * time.Hour, 4 * time.Hour} {
		if err := s.RecordFeedPoll(ctx, FeedPoll{FeedID: f.ID, At: at, Err: "the feed answered 500\nInternal"}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Feed(ctx, f.ID)
		if got.Failures != i+1 || !got.NextPollAt.Equal(at.Add(wait)) || got.LastError != "the feed answered 500 Internal" {
			t.Errorf("failure %d: failures %d, next %v, error %q; want %d, %v", i+1, got.Failures, got.NextPollAt, got.LastError, i+1, at.Add(wait))
		}
	}
	if d := FeedBackoff(time.Hour, 30); d != 24*time.Hour {
		t.Errorf("FeedBackoff(1h, 30) = %v, want a day", d)
	}
	if d := FeedBackoff(3*24*time.Hour, 5); d != 3*24*time.Hour {
		t.Errorf("FeedBackoff(3 days, 5) = %v, want never under the interval", d)
	}
	if err := s.RecordFeedPoll(ctx, FeedPoll{FeedID: f.ID, At: at}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Feed(ctx, f.ID); got.Failures != 0 || got.LastError != "" {
		t.Errorf("a good poll after failures: failures %d, error %q", got.Failures, got.LastError)
	}
	if err := s.DeleteFeed(ctx, nil, f.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFeedPoll(ctx, FeedPoll{FeedID: f.ID, At: at}); !errors.Is(err, ErrNotFound) {
		t.Errorf("poll of a deleted feed: %v, want ErrNotFound", err)
	}
	if err := s.DeleteFeed(ctx, nil, f.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting it again: %v, want ErrNotFound", err)
	}
}
