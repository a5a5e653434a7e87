package report

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"claimdesk/review"
)

// FactCheckRecord is one review read from a feed: where it was (a line of
// JSON Lines, an item of an array, with the path inside a feed or an API
// answer) and the review, or why it cannot be read.
type FactCheckRecord struct {
	Where     string
	FactCheck review.NewFactCheck
	Err       error
}

// MaxFeedBytes bounds a feed that is one JSON document (JSON Lines are
// read a line at a time and have no bound but the line's).
const MaxFeedBytes = 1 << 30

// maxFeedLine bounds one line of JSON Lines.
const maxFeedLine = 16 << 20

// ReadClaimReview reads published fact-checks and calls fn for each
// review, in order: schema.org ClaimReview JSON-LD as fact-checkers
// publish it (a DataFeed whose dataFeedElement items hold ClaimReviews, an
// @graph, a JSON array, one object, or JSON Lines, one object a line),
// and the JSON of Google's Fact Check Tools API ({"claims": [{"text",
// "claimant", "claimDate", "claimReview": [...]}]}). Gzipped input is
// recognised by its first bytes. A record that cannot be read goes to fn
// with its Err and never stops the rest; the error returned is for the
// input as a whole (unreadable, not JSON at all) or fn's own.
func ReadClaimReview(r io.Reader, fn func(FactCheckRecord) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("read gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	first, err := readFeedLine(br)
	if err != nil && err != io.EOF {
		return err
	}
	for len(bytes.TrimSpace(first)) == 0 && err == nil {
		first, err = readFeedLine(br)
	}
	if len(bytes.TrimSpace(first)) == 0 {
		return errors.New("the file holds no fact-checks")
	}
	if t := bytes.TrimSpace(first); t[0] == '{' && (json.Valid(t) || t[len(t)-1] == '}') {
		// One object on its first line (or what tries to be one): JSON
		// Lines, or a document that fits on a line; both read as lines,
		// so a bad line costs only itself.
		line := 1
		for {
			if t := bytes.TrimSpace(first); len(t) > 0 {
				if err := readDocument(t, fmt.Sprintf("line %d", line), fn); err != nil {
					return err
				}
			}
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			first, err = readFeedLine(br)
			line++
			if errors.Is(err, errFeedLineTooLong) {
				if ferr := fn(FactCheckRecord{Where: fmt.Sprintf("line %d", line), Err: err}); ferr != nil {
					return ferr
				}
				first, err = nil, nil
			}
		}
	}
	rest, rerr := io.ReadAll(io.LimitReader(br, MaxFeedBytes))
	if rerr != nil {
		return fmt.Errorf("read: %w", rerr)
	}
	doc := append(first, rest...)
	if len(doc) >= MaxFeedBytes {
		return fmt.Errorf("the file is larger than %d MiB; split it or write it as JSON Lines", MaxFeedBytes>>20)
	}
	return readDocument(bytes.TrimSpace(doc), "", fn)
}

var errFeedLineTooLong = fmt.Errorf("the line is longer than %d MiB", maxFeedLine>>20)

func readFeedLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > maxFeedLine {
			for err == bufio.ErrBufferFull {
				_, err = br.ReadSlice('\n')
			}
			if err == io.EOF {
				return nil, io.EOF
			}
			return nil, errFeedLineTooLong
		}
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, err
	}
}

// readDocument reads one JSON document (a line, or the whole file) and
// calls fn for each review in it. where names the document ("line 3",
// or "" for the whole file).
func readDocument(doc []byte, where string, fn func(FactCheckRecord) error) error {
	var v any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		if where == "" {
			return fmt.Errorf("not JSON: %s", review.JSONProblem(err))
		}
		return fn(FactCheckRecord{Where: where, Err: fmt.Errorf("not JSON: %s", review.JSONProblem(err))})
	}
	if dec.More() {
		err := errors.New("more than one JSON value; write one object a line (JSON Lines) or one array")
		if where == "" {
			return err
		}
		return fn(FactCheckRecord{Where: where, Err: err})
	}
	if arr, ok := v.([]any); ok {
		for i, item := range arr {
			w := fmt.Sprintf("item %d", i+1)
			if where != "" {
				w = where + " " + w
			}
			if err := walk(item, w, fn); err != nil {
				return err
			}
		}
		return nil
	}
	if where == "" {
		where = "the document"
	}
	return walk(v, where, fn)
}

// walk finds the reviews in one JSON value: a ClaimReview, a DataFeed,
// an @graph, a DataFeedItem, or a Fact Check Tools answer.
func walk(v any, where string, fn func(FactCheckRecord) error) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return fn(FactCheckRecord{Where: where, Err: errors.New("not a JSON object")})
	}
	switch {
	case hasType(obj, "ClaimReview") || obj["claimReviewed"] != nil:
		fc, err := claimReview(obj)
		return fn(FactCheckRecord{Where: where, FactCheck: fc, Err: err})
	case obj["dataFeedElement"] != nil:
		return walkList(obj["dataFeedElement"], where, "dataFeedElement", fn)
	case obj["@graph"] != nil:
		return walkList(obj["@graph"], where, "@graph", fn)
	case obj["item"] != nil:
		return walkList(obj["item"], where, "item", fn)
	case obj["claims"] != nil:
		claims, ok := obj["claims"].([]any)
		if !ok {
			return fn(FactCheckRecord{Where: where, Err: errors.New(`"claims" is not a list`)})
		}
		for i, c := range claims {
			if err := apiClaim(c, fmt.Sprintf("%s claims[%d]", where, i), fn); err != nil {
				return err
			}
		}
		return nil
	case obj["claimReview"] != nil:
		// One claim of a Fact Check Tools answer on its own.
		return apiClaim(obj, where, fn)
	}
	return fn(FactCheckRecord{Where: where, Err: errors.New("not a ClaimReview (no claimReviewed), a DataFeed (dataFeedElement) or a Fact Check Tools answer (claims)")})
}

func walkList(v any, where, name string, fn func(FactCheckRecord) error) error {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	for i, item := range list {
		if err := walk(item, fmt.Sprintf("%s %s[%d]", where, name, i), fn); err != nil {
			return err
		}
	}
	return nil
}

func hasType(obj map[string]any, want string) bool {
	switch t := obj["@type"].(type) {
	case string:
		return t == want || strings.HasSuffix(t, "/"+want)
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok && (s == want || strings.HasSuffix(s, "/"+want)) {
				return true
			}
		}
	}
	return false
}

// claimReview reads one schema.org ClaimReview.
func claimReview(obj map[string]any) (review.NewFactCheck, error) {
	fc := review.NewFactCheck{
		ClaimText:   text(obj["claimReviewed"]),
		Title:       first(text(obj["headline"]), text(obj["name"])),
		Description: text(obj["description"]),
		URL:         text(obj["url"]),
		Published:   text(obj["datePublished"]),
		Language:    first(text(obj["inLanguage"]), text(obj["language"])),
		Publisher:   first(name(obj["author"]), name(obj["publisher"])),
	}
	if rr, ok := obj["reviewRating"].(map[string]any); ok {
		fc.Rating = first(text(rr["alternateName"]), text(rr["name"]), text(rr["textualRating"]))
	}
	fc.Rating = first(fc.Rating, text(obj["textualRating"]))
	if item, ok := obj["itemReviewed"].(map[string]any); ok {
		fc.Claimant = name(item["author"])
		if fc.ClaimText == "" {
			fc.ClaimText = first(text(item["text"]), text(item["name"]))
		}
	}
	return fc, recordProblem(fc)
}

// apiClaim reads one claim of a Fact Check Tools answer: one review per
// element of its claimReview, sharing the claim's text and claimant.
func apiClaim(v any, where string, fn func(FactCheckRecord) error) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return fn(FactCheckRecord{Where: where, Err: errors.New("not a JSON object")})
	}
	reviews, ok := obj["claimReview"].([]any)
	if !ok || len(reviews) == 0 {
		return fn(FactCheckRecord{Where: where, Err: errors.New("the claim has no claimReview")})
	}
	for j, r := range reviews {
		w := fmt.Sprintf("%s claimReview[%d]", where, j)
		ro, ok := r.(map[string]any)
		if !ok {
			if err := fn(FactCheckRecord{Where: w, Err: errors.New("not a JSON object")}); err != nil {
				return err
			}
			continue
		}
		fc := review.NewFactCheck{
			ClaimText: text(obj["text"]),
			Claimant:  text(obj["claimant"]),
			Title:     text(ro["title"]),
			URL:       text(ro["url"]),
			Published: first(text(ro["reviewDate"]), text(obj["claimDate"])),
			Rating:    text(ro["textualRating"]),
			Language:  text(ro["languageCode"]),
			Publisher: name(ro["publisher"]),
		}
		if p, ok := ro["publisher"].(map[string]any); ok && fc.Publisher == "" {
			fc.Publisher = text(p["site"])
		}
		if err := fn(FactCheckRecord{Where: w, FactCheck: fc, Err: recordProblem(fc)}); err != nil {
			return err
		}
	}
	return nil
}

// recordProblem says what keeps a record from being a review at all,
// before the store's own checks.
func recordProblem(fc review.NewFactCheck) error {
	var missing []string
	if strings.TrimSpace(fc.ClaimText) == "" {
		missing = append(missing, "the claim reviewed")
	}
	if strings.TrimSpace(fc.URL) == "" {
		missing = append(missing, "the url")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s missing", strings.Join(missing, " and "))
	}
	return nil
}

// text is a JSON string (or number) as text; anything else is "".
func text(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return x.String()
	case []any:
		if len(x) > 0 {
			return text(x[0])
		}
	}
	return ""
}

// name is the name of a Person or Organization (or a plain string, or
// the first of a list).
func name(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return first(text(x["name"]), text(x["alternateName"]), text(x["url"]))
	case []any:
		for _, y := range x {
			if n := name(y); n != "" {
				return n
			}
		}
		return ""
	}
	return text(v)
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
