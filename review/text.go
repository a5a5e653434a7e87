package review

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// normalizeBody is the one shape every stored body has, so that claim
// spans and the duplicate check (a hash of the body) do not depend on how
// the text arrived: a leading byte-order mark dropped, CRLF and CR turned
// into LF, white space trimmed at the end of every line, at most one blank
// line in a row, and no blank lines or spaces at either end.
func normalizeBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	// A byte-order mark is not text: leading ones go with the leading space.
	return strings.TrimRightFunc(strings.TrimLeftFunc(strings.Join(out, "\n"), func(r rune) bool {
		return unicode.IsSpace(r) || r == '\uFEFF'
	}), unicode.IsSpace)
}

// InvalidUTF8At is the byte offset of the first byte of s that is not
// valid UTF-8, or -1 when all of s is; the store and the command line name
// this offset when they refuse a file.
func InvalidUTF8At(s string) int {
	if utf8.ValidString(s) {
		return -1
	}
	for off := 0; off < len(s); {
		r, size := utf8.DecodeRuneInString(s[off:])
		if r == utf8.RuneError && size <= 1 {
			return off
		}
		off += size
	}
	return -1
}

// TextProblem is the one test of what counts as text, asked by every path
// that takes some (the store's fields, the web's forms and uploads, the
// command line's files): "" when s is text, otherwise what is wrong, in
// words a person understands, naming the byte offset. A NUL byte, or
// control characters (other than tab, line feed, carriage return and form
// feed) in more than one byte of a hundred, mean a binary file; then the
// bytes must be valid UTF-8.
func TextProblem(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return fmt.Sprintf("this looks like a binary file (NUL byte at offset %d), not text", i)
	}
	if off := InvalidUTF8At(s); off >= 0 {
		return fmt.Sprintf("invalid UTF-8 at byte offset %d; save it as UTF-8 and try again", off)
	}
	ctrl := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			ctrl++
		}
	}
	if ctrl > 0 && ctrl*100 > len(s) {
		return "this looks like a binary file, not text"
	}
	return ""
}

// checkText records TextProblem of s on field; it reports whether s is text.
func checkText(v *ValidationError, field, s string) bool {
	if p := TextProblem(s); p != "" {
		v.Add(field, p)
		return false
	}
	return true
}

// WebURL parses raw as an absolute http or https address with a host;
// ok is false for anything else. The store, the forms and the exports all
// mean this by "a web address".
func WebURL(raw string) (u *url.URL, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	return u, true
}

// linkName says which link a message is about, in words: a form can show
// the message away from its field (a list of problems, a bulk action).
func linkName(field string) string {
	switch field {
	case "url":
		return "the link"
	case "review_url":
		return "the fact-check link"
	case "same_as":
		return "the claimant's same-as link"
	case "value":
		return "the setting's link"
	}
	return "the " + strings.ReplaceAll(field, "_", " ")
}

// checkURL accepts an absolute http or https link; empty is allowed when
// optional.
func checkURL(v *ValidationError, field, raw string, optional bool) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		if !optional {
			v.Add(field, "a link is required: an address starting with http:// or https://")
		}
		return ""
	}
	if len(raw) > 2048 {
		v.Add(field, "the link is too long (at most 2048 bytes)")
		return ""
	}
	if _, ok := WebURL(raw); !ok || strings.ContainsAny(raw, " \t\n") {
		v.Add(field, linkName(field)+": only http and https links are accepted: an address starting with http:// or https://, like https://example.org/page")
		return ""
	}
	return raw
}

// checkDate accepts YYYY-MM-DD or an RFC 3339 time, and returns the date
// as written (an RFC 3339 time keeps its own day, not UTC's).
func checkDate(v *ValidationError, field, raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if t, err := time.Parse("2006-01-02", raw); err == nil {
		return t.Format("2006-01-02")
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t.Format("2006-01-02")
	}
	v.Add(field, "write the date as YYYY-MM-DD, like 2026-11-26")
	return ""
}

// oneLine collapses white space runs (new lines too) into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkLine validates a one-line detail such as a title or an outlet.
func checkLine(v *ValidationError, field, raw string, max int) string {
	s := oneLine(raw)
	if utf8.RuneCountInString(s) > max {
		v.Add(field, fmt.Sprintf("too long (at most %d characters)", max))
	}
	return s
}

// cutRunes cuts s to at most n runes, at a word boundary when one is near.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}

// htmlToText extracts an HTML page's main text with readability (which
// drops scripts, navigation and other clutter), paragraphs separated by a
// blank line, and the page's title, author, site name and date.
func htmlToText(page, pageURL string) (text string, meta htmlMeta, err error) {
	var base *url.URL
	if pageURL != "" {
		base, _ = url.Parse(pageURL)
	}
	a, err := readability.FromReader(strings.NewReader(page), base)
	if err != nil {
		return "", meta, err
	}
	meta = htmlMeta{title: a.Title(), byline: a.Byline(), site: a.SiteName()}
	if t, err := a.PublishedTime(); err == nil {
		meta.published = t.Format("2006-01-02")
	}
	if a.Node == nil {
		return "", meta, nil
	}
	var b strings.Builder
	if err := a.RenderText(&b); err != nil {
		return "", meta, err
	}
	return b.String(), meta, nil
}

type htmlMeta struct{ title, byline, site, published string }

// markdownToText turns Markdown (CommonMark with ~~strike-through~~) into
// the plain text that is stored and that claim spans refer to: goldmark
// parses it, and the text of the tree is written out. Blocks (paragraphs,
// headings, list items, quotes, code) keep the layout of the source: a
// blank line between two of them where the source had one, else a line
// break, so the segmenter sees the same boundaries; the lines of a
// paragraph stay lines. Headings lose their marks, emphasis and links keep
// their text without markup or address, images and link definitions are
// dropped, code (fenced, indented or inline) and HTML are kept as written,
// backslash escapes are resolved and entities kept as written.
func markdownToText(md string) string {
	src := []byte(strings.ReplaceAll(strings.ReplaceAll(md, "\r\n", "\n"), "\r", "\n"))
	doc := goldmark.New(goldmark.WithExtensions(extension.Strikethrough)).Parser().Parse(text.NewReader(src))
	var b strings.Builder
	b.Grow(len(md))
	writeBlocks(&b, doc, src)
	return b.String()
}

// writeBlocks writes the blocks under n, each apart from the one before by
// a blank line when the source had one there, else by a line break.
func writeBlocks(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c != n.FirstChild() {
			if c.HasBlankPreviousLines() {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		switch c := c.(type) {
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
			writeInlines(b, c, src)
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			writeLines(b, c.Lines(), src)
		case *ast.HTMLBlock:
			writeLines(b, c.Lines(), src)
			if c.HasClosure() {
				b.WriteByte('\n')
				b.Write(c.ClosureLine.Value(src))
			}
		case *ast.ThematicBreak:
		default: // quotes, lists and their items
			writeBlocks(b, c, src)
		}
	}
}

// writeLines writes the lines of a code or HTML block as they are written,
// without the line break after the last.
func writeLines(b *strings.Builder, lines *text.Segments, src []byte) {
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := seg.Value(src)
		if i == lines.Len()-1 {
			v = bytes.TrimSuffix(v, []byte("\n"))
		}
		b.Write(v)
	}
}

// writeInlines writes the text of the inline nodes under n: text (escapes
// resolved) and code as written, the text of emphasis and links, the
// address of an autolink, raw HTML as written; an image is dropped. A line
// break inside a paragraph stays a line break.
func writeInlines(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				b.Write(c.Value(src))
			} else {
				b.Write(util.UnescapePunctuations(c.Value(src)))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				b.Write(seg.Value(src))
			}
		case *ast.Image:
		default: // emphasis, strike-through, links, code spans
			writeInlines(b, c, src)
		}
	}
}
