package monitor

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Document is a feed or sitemap as read: its title and its items in the
// document's order.
type Document struct {
	Kind  string // "rss", "atom" or "sitemap"
	Title string
	Items []Item
}

// Item is one entry of a feed or one page of a sitemap.
type Item struct {
	// Key names the item across polls: its guid or id, else its link.
	Key       string
	URL       string // absolute http(s) address, or "" when it has none
	Title     string
	Author    string
	Published time.Time // zero when the feed gives none or an unreadable one
}

// ErrNotAFeed is a document that is XML or HTML but no RSS, Atom or sitemap.
var ErrNotAFeed = errors.New("not an RSS 2.0 or Atom feed or a sitemap")

// maxItems caps how many items one document may list; the rest are
// ignored (a sitemap may list 50,000 pages).
const maxItems = 50000

type rssLink struct {
	XMLName xml.Name
	Href    string `xml:"href,attr"`
	Text    string `xml:",chardata"`
}

type rssItem struct {
	Title   string    `xml:"title"`
	Links   []rssLink `xml:"link"`
	GUID    string    `xml:"guid"`
	PubDate string    `xml:"pubDate"`
	Author  string    `xml:"author"`
	Creator string    `xml:"http://purl.org/dc/elements/1.1/ creator"`
	DCDate  string    `xml:"http://purl.org/dc/elements/1.1/ date"`
}

type rssDoc struct {
	Channel struct {
		Title string    `xml:"title"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
	Items []rssItem `xml:"item"` // RSS 1.0 (RDF) keeps items beside the channel
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Links     []atomLink `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Authors   []struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

type atomDoc struct {
	Title   string      `xml:"title"`
	Entries []atomEntry `xml:"entry"`
}

type sitemapDoc struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    struct {
			Title           string `xml:"title"`
			PublicationDate string `xml:"publication_date"`
		} `xml:"news"`
	} `xml:"url"`
}

type sitemapIndex struct {
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

// Parse reads an RSS 2.0 (or 1.0), Atom or sitemap document; links are
// resolved against base. The encoding the XML declaration names is
// honoured. A document that is not one of these is an error that says
// what it is instead.
func Parse(data []byte, base *url.URL) (*Document, error) {
	root, err := rootElement(data)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(root) {
	case "rss", "rdf":
		var d rssDoc
		if err := decode(data, &d); err != nil {
			return nil, err
		}
		items := append(d.Channel.Items, d.Items...)
		doc := &Document{Kind: "rss", Title: clean(d.Channel.Title)}
		for _, it := range items[:min(len(items), maxItems)] {
			link := ""
			for _, l := range it.Links {
				if l.XMLName.Space == "" || l.XMLName.Space == "http://purl.org/rss/1.0/" {
					link = strings.TrimSpace(l.Text)
					break
				}
			}
			author := clean(it.Creator)
			if author == "" {
				author = clean(it.Author)
			}
			date := it.PubDate
			if strings.TrimSpace(date) == "" {
				date = it.DCDate
			}
			doc.Items = append(doc.Items, newItem(base, strings.TrimSpace(it.GUID), link, it.Title, author, date))
		}
		return doc, nil
	case "feed":
		var d atomDoc
		if err := decode(data, &d); err != nil {
			return nil, err
		}
		doc := &Document{Kind: "atom", Title: clean(d.Title)}
		for _, e := range d.Entries[:min(len(d.Entries), maxItems)] {
			link := ""
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					link = strings.TrimSpace(l.Href)
					break
				}
			}
			var names []string
			for _, a := range e.Authors {
				if n := clean(a.Name); n != "" {
					names = append(names, n)
				}
			}
			date := e.Published
			if strings.TrimSpace(date) == "" {
				date = e.Updated
			}
			doc.Items = append(doc.Items, newItem(base, strings.TrimSpace(e.ID), link, e.Title, strings.Join(names, ", "), date))
		}
		return doc, nil
	case "urlset":
		var d sitemapDoc
		if err := decode(data, &d); err != nil {
			return nil, err
		}
		doc := &Document{Kind: "sitemap"}
		for _, u := range d.URLs[:min(len(d.URLs), maxItems)] {
			date := u.News.PublicationDate
			if strings.TrimSpace(date) == "" {
				date = u.LastMod
			}
			doc.Items = append(doc.Items, newItem(base, "", strings.TrimSpace(u.Loc), u.News.Title, "", date))
		}
		return doc, nil
	case "sitemapindex":
		var d sitemapIndex
		if err := decode(data, &d); err != nil {
			return nil, err
		}
		if len(d.Sitemaps) == 0 {
			return nil, errors.New("this is an empty sitemap index: add one of the outlet's sitemaps instead")
		}
		return nil, fmt.Errorf("this is a sitemap index of %d sitemaps, not a sitemap: add one of them instead, like %s", len(d.Sitemaps), strings.TrimSpace(d.Sitemaps[0].Loc))
	case "html":
		return nil, fmt.Errorf("this is a web page, %w: add the address of the outlet's feed or sitemap", ErrNotAFeed)
	}
	return nil, fmt.Errorf("the document's root is <%s>, %w", root, ErrNotAFeed)
}

// newItem builds an item, its link resolved against base and its key the
// guid or id when there is one, else the link.
func newItem(base *url.URL, key, link, title, author, date string) Item {
	it := Item{Title: clean(title), Author: clean(author), Published: parseDate(date)}
	if link != "" {
		if u, err := base.Parse(link); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			u.Fragment = ""
			it.URL = u.String()
		}
	}
	it.Key = key
	if it.Key == "" {
		it.Key = it.URL
	}
	if it.Key == "" {
		it.Key = it.Title
	}
	return it
}

func newDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset.NewReaderLabel
	// Feeds in the wild use HTML entities (&nbsp;) and unquoted oddities;
	// the non-strict mode with HTML's entities reads them as browsers do.
	d.Strict = false
	d.Entity = xml.HTMLEntity
	return d
}

// rootElement is the local name of the document's first element.
func rootElement(data []byte) (string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return "", fmt.Errorf("the document is empty, %w", ErrNotAFeed)
	}
	d := newDecoder(data)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return "", fmt.Errorf("the document has no element, %w", ErrNotAFeed)
		}
		if err != nil {
			return "", fmt.Errorf("the document is not readable XML (%v), %w", err, ErrNotAFeed)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return "", fmt.Errorf("the document starts with text, not an element, %w", ErrNotAFeed)
			}
		}
	}
}

func decode(data []byte, v any) error {
	if err := newDecoder(data).Decode(v); err != nil {
		return fmt.Errorf("the feed's XML is broken: %v", err)
	}
	return nil
}

// clean makes a one-line text of a title or name.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// dateLayouts are the date forms feeds use: RFC 822/1123 in its variants
// (RSS), RFC 3339 (Atom, sitemaps) and a bare day.
var dateLayouts = []string{
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04 -0700", time.RFC822Z, time.RFC822,
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02",
}

// parseDate reads a feed's date; one it cannot read is zero.
func parseDate(s string) time.Time {
	s = clean(s)
	if s == "" {
		return time.Time{}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
