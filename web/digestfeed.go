package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"claimdesk/review"
)

// atomFeed is the digest as an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Link    atomLink    `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Summary string `xml:"summary"`
}

// baseURL is the server's own address as the request reached it.
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleDigestAtom serves GET /digest.atom?key=KEY: the digest of the
// last day (or ?since=) as an Atom feed for a feed reader, which cannot
// log in; the key is the user's secret, made and revoked on /digest. An
// unknown or revoked key is 404: the address names no feed.
func (s *Server) handleDigestAtom(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.UserByDigestKey(r.Context(), r.URL.Query().Get("key")); err != nil {
		return fmt.Errorf("digest feed: %w", review.ErrNotFound)
	}
	since, err := s.digestSince(r)
	if err != nil {
		return err
	}
	cs, err := s.store.Digest(r.Context(), since, 0)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	updated := since
	f := atomFeed{ID: base + "/digest", Title: "claimdesk: new claims", Link: atomLink{Href: base + "/digest", Rel: "alternate"}}
	for _, c := range cs {
		if c.CreatedAt.After(updated) {
			updated = c.CreatedAt
		}
		e := atomEntry{ID: fmt.Sprintf("%s/claims/%d", base, c.ID), Title: c.Statement, Updated: c.CreatedAt.UTC().Format(time.RFC3339),
			Link: atomLink{Href: fmt.Sprintf("%s/claims/%d", base, c.ID), Rel: "alternate"}}
		if e.Title == "" {
			e.Title = c.Text
		}
		e.Author.Name = c.Claimant
		if e.Author.Name == "" {
			e.Author.Name = c.Outlet
		}
		if e.Author.Name == "" {
			e.Author.Name = "unknown"
		}
		var sum strings.Builder
		fmt.Fprintf(&sum, "Score %.2f. %s (%s).", c.Score, c.Text, c.ArticleTitle)
		for _, m := range c.Matches {
			switch {
			case m.Rating != "":
				fmt.Fprintf(&sum, " Fact-check rated %s: %s <%s>.", m.Rating, m.Text, m.URL)
			case m.Verdict != "":
				fmt.Fprintf(&sum, " Desk verdict %s: %s.", m.Verdict, m.Text)
			}
		}
		e.Summary = sum.String()
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Write(buf.Bytes())
	return nil
}

// handleDigestKey serves POST /digest/key: a new secret address of the
// digest's Atom feed for the person (the old one stops working), shown on
// this answer only, since only its hash is kept.
func (s *Server) handleDigestKey(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	key, err := s.store.NewDigestKey(r.Context(), userFrom(r.Context()))
	if err != nil {
		return err
	}
	d, err := s.digestPage(r, "")
	if err != nil {
		return err
	}
	d.NewFeedURL = s.baseURL(r) + "/digest.atom?" + url.Values{"key": {key}}.Encode()
	return s.render(w, r, http.StatusOK, "digest", d)
}

// handleDigestKeyRevoke serves POST /digest/key/revoke: the person's
// digest feed address stops working.
func (s *Server) handleDigestKeyRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.store.RevokeDigestKey(r.Context(), userFrom(r.Context())); err != nil {
		return err
	}
	s.flash(w, r, "Your digest feed's address was revoked; it no longer answers.")
	s.redirect(w, r, "/digest")
	return nil
}
