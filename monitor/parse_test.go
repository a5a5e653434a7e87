package monitor

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestParseFeeds(t *testing.T) {
	base := mustURL(t, "https://outlet.example/news/feed.xml")
	tests := []struct {
		name      string
		doc       string
		kind      string
		title     string
		wantItems []Item
	}{
		{
			name: "rss 2.0 with an atom self link, dc:creator and a relative link",
			doc: `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The  Outlet</title><atom:link href="https://outlet.example/news/feed.xml" rel="self"/>
<item><title>First &amp; foremost</title><link>/news/1#top</link><guid isPermaLink="false">id-1</guid>
<pubDate>Tue, 01 Dec 2026 09:30:00 +0000</pubDate><dc:creator>Ann Reporter</dc:creator><atom:link href="https://elsewhere.example/"/></item>
<item><title>No guid</title><link>https://outlet.example/news/2</link><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate><author>desk@outlet.example (Bob)</author></item>
</channel></rss>`,
			kind: "rss", title: "The Outlet",
			wantItems: []Item{
				{Key: "id-1", URL: "https://outlet.example/news/1", Title: "First & foremost", Author: "Ann Reporter", Published: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)},
				{Key: "https://outlet.example/news/2", URL: "https://outlet.example/news/2", Title: "No guid", Author: "desk@outlet.example (Bob)", Published: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)},
			},
		},
		{
			name: "atom with alternate and self links and two authors",
			doc: `<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><id>tag:outlet.example,2026:1</id><title>Entry one</title><link rel="self" href="https://outlet.example/api/1"/><link rel="alternate" href="https://outlet.example/a/1"/>
<updated>2026-12-01T10:00:00Z</updated><author><name>Cy</name></author><author><name>Di</name></author></entry>
<entry><id>e2</id><title>Entry two</title><link href="a/2"/><published>2026-11-29T10:00:00+01:00</published></entry>
</feed>`,
			kind: "atom", title: "Atom Desk",
			wantItems: []Item{
				{Key: "tag:outlet.example,2026:1", URL: "https://outlet.example/a/1", Title: "Entry one", Author: "Cy, Di", Published: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)},
				{Key: "e2", URL: "https://outlet.example/news/a/2", Title: "Entry two", Published: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)},
			},
		},
		{
			name: "news sitemap",
			doc: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://outlet.example/s/1</loc><news:news><news:title>Sitemap story</news:title><news:publication_date>2026-12-01</news:publication_date></news:news></url>
<url><loc>https://outlet.example/s/2</loc><lastmod>2026-11-30T12:00:00Z</lastmod></url>
<url><loc>javascript:alert(1)</loc></url>
</urlset>`,
			kind: "sitemap",
			wantItems: []Item{
				{Key: "https://outlet.example/s/1", URL: "https://outlet.example/s/1", Title: "Sitemap story", Published: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
				{Key: "https://outlet.example/s/2", URL: "https://outlet.example/s/2", Published: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)},
				{},
			},
		},
		{
			name: "latin-1 rss with an HTML entity",
			doc:  "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9&nbsp;News</title><item><title>Se\xf1or</title><link>https://outlet.example/x</link><pubDate>not a date</pubDate></item></channel></rss>",
			kind: "rss", title: "Café News",
			wantItems: []Item{{Key: "https://outlet.example/x", URL: "https://outlet.example/x", Title: "Señor"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.doc), base)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if doc.Kind != tt.kind || doc.Title != tt.title {
				t.Errorf("kind, title = %q, %q; want %q, %q", doc.Kind, doc.Title, tt.kind, tt.title)
			}
			if len(doc.Items) != len(tt.wantItems) {
				t.Fatalf("got %d items %+v, want %d", len(doc.Items), doc.Items, len(tt.wantItems))
			}
			for i, want := range tt.wantItems {
				got := doc.Items[i]
				if want == (Item{}) {
					if got.URL != "" {
						t.Errorf("item %d: URL %q, want none (not http)", i, got.URL)
					}
					continue
				}
				if got.Key != want.Key || got.URL != want.URL || got.Title != want.Title || got.Author != want.Author || !got.Published.Equal(want.Published) {
					t.Errorf("item %d:\n got %+v\nwant %+v", i, got, want)
				}
			}
		})
	}
}

func TestParseRefusesWhatIsNoFeed(t *testing.T) {
	base := mustURL(t, "https://outlet.example/feed")
	tests := []struct {
		name, doc, want string
		notAFeed        bool
	}{
		{"empty", "  \n", "empty", true},
		{"garbage text", "this is not a feed at all", "starts with text", true},
		{"binary", "\x00\x01\x02\xff\xfe", "", true},
		{"a web page", "<!doctype html><html><head><title>x</title></head><body>hi</body></html>", "web page", true},
		{"another XML", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>`, "<svg>", true},
		{"a sitemap index", `<sitemapindex><sitemap><loc>https://outlet.example/s1.xml</loc></sitemap></sitemapindex>`, "sitemap index of 1 sitemaps", false},
		{"broken XML", `<rss><channel><title>x</title><item><title>cut`, "XML is broken", false},
		{"JSON", `{"items": []}`, "starts with text", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.doc), base)
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", doc)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if got := errors.Is(err, ErrNotAFeed); got != tt.notAFeed {
				t.Errorf("errors.Is(ErrNotAFeed) = %v, want %v (%v)", got, tt.notAFeed, err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<rss><channel><item><link>https://a.example/1</link></item></channel></rss>`))
	f.Add([]byte(`<feed><entry><id>x</id><link href="/a"/></entry></feed>`))
	f.Add([]byte(`<urlset><url><loc>https://a.example/</loc></url></urlset>`))
	base, _ := url.Parse("https://outlet.example/feed")
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := Parse(b, base)
		if err != nil {
			return
		}
		for _, it := range doc.Items {
			if it.URL != "" && !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Fatalf("item URL %q is not http(s)", it.URL)
			}
		}
	})
}
