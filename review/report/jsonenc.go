package report

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"
)

// The claims of a JSON export are encoded by hand: they are most of the
// file, and building each line directly costs a fraction of encoding/json's
// reflection. The output is byte for byte what encoding/json writes with
// SetEscapeHTML(false) (a test compares them on every field and a fuzz
// target on strings).

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, as encoding/json does without
// HTML escaping: invalid UTF-8 becomes U+FFFD, U+2028 and U+2029 are
// escaped for JavaScript's sake.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFloat appends f as encoding/json writes a float64.
func appendFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, '0') // never stored: SQLite has no NaN, scores are finite
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// field appends ,"name": (or "name": first).
func field(b []byte, name string, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

func strField(b []byte, name, v string) []byte { return appendString(field(b, name, false), v) }

func intField(b []byte, name string, v int64) []byte {
	return strconv.AppendInt(field(b, name, false), v, 10)
}

// appendClaim appends c as one line of the export, ending in a newline.
func appendClaim(b []byte, c *jsonClaim) []byte {
	b = append(b, '{')
	b = strconv.AppendInt(field(b, "id", true), c.ID, 10)
	b = intField(b, "article_id", c.ArticleID)
	b = intField(b, "start", int64(c.Start))
	b = intField(b, "end", int64(c.End))
	b = strField(b, "text", c.Text)
	b = appendFloat(field(b, "score", false), c.Score)
	b = append(field(b, "reasons", false), c.Reasons...)
	b = strField(b, "kind", c.Kind)
	b = strField(b, "speaker", c.Speaker)
	b = strField(b, "statement", c.Statement)
	b = strconv.AppendBool(field(b, "candidate", false), c.Candidate)
	b = strField(b, "origin", c.Origin)
	b = strField(b, "status", c.Status)
	b = strField(b, "verdict", c.Verdict)
	b = strField(b, "conclusion", c.Conclusion)
	b = strField(b, "dismiss_reason", c.DismissReason)
	b = strField(b, "assignee", c.Assignee)
	b = strField(b, "signed_off_by", c.SignedOffBy)
	b = strField(b, "signed_off_at", c.SignedOffAt)
	b = strField(b, "review_url", c.ReviewURL)
	b = strField(b, "slug", c.Slug)
	b = intField(b, "version", c.Version)
	b = strField(b, "created_at", c.CreatedAt)
	b = strField(b, "updated_at", c.UpdatedAt)
	b = append(field(b, "evidence", false), '[')
	for i, e := range c.Evidence {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(field(append(b, '{'), "source", true), '{')
		b = appendString(field(b, "url", true), e.Source.URL)
		b = strField(b, "title", e.Source.Title)
		b = strField(b, "publisher", e.Source.Publisher)
		b = strField(b, "accessed", e.Source.Accessed)
		b = strField(b, "created_by", e.Source.CreatedBy)
		b = strField(b, "created_at", e.Source.CreatedAt)
		b = append(b, '}')
		b = strField(b, "stance", e.Stance)
		b = strField(b, "quote", e.Quote)
		b = strField(b, "created_by", e.CreatedBy)
		b = strField(b, "created_at", e.CreatedAt)
		b = append(b, '}')
	}
	b = append(field(append(b, ']'), "comments", false), '[')
	for i, m := range c.Comments {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(field(append(b, '{'), "user", true), m.User)
		b = strField(b, "body", m.Body)
		b = strField(b, "created_at", m.CreatedAt)
		b = append(b, '}')
	}
	b = append(field(append(b, ']'), "history", false), '[')
	for i, h := range c.History {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(field(append(b, '{'), "user", true), h.User)
		b = strField(b, "at", h.At)
		b = strField(b, "field", h.Field)
		b = strField(b, "from", h.From)
		b = strField(b, "to", h.To)
		b = strField(b, "note", h.Note)
		b = append(b, '}')
	}
	b = append(field(append(b, ']'), "matches", false), '[')
	for i, m := range c.Matches {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(field(append(b, '{'), "other_id", true), m.OtherID, 10)
		b = appendFloat(field(b, "score", false), m.Score)
		b = strField(b, "state", m.State)
		b = strField(b, "decided_by", m.DecidedBy)
		b = strField(b, "decided_at", m.DecidedAt)
		b = strField(b, "created_at", m.CreatedAt)
		b = append(b, '}')
	}
	return append(b, ']', '}', '\n')
}

// compactReasons returns the stored reasons as compact JSON ([] when
// they are not JSON), as encoding/json would write a RawMessage; buf is
// reused between calls.
func compactReasons(buf *bytes.Buffer, s string) []byte {
	buf.Reset()
	if err := json.Compact(buf, []byte(s)); err != nil {
		return []byte("[]")
	}
	return buf.Bytes()
}
