package web

import (
	"bytes"
	"context"
	"log/slog"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"claimdesk/review"
)

// upload is a file part of a multipart form.
type upload struct {
	name    string
	content []byte
}

// postMultipart posts fields (and the file, when given) to path as the
// new-article form does.
func (c *client) postMultipart(t *testing.T, path string, fields map[string]string, file *upload) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != nil {
		fw, err := mw.CreateFormFile("file", file.name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file.content)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.env.url+path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.env.url)
	return c.do(t, req)
}

// countArticles counts the stored articles.
func (e *testEnv) countArticles(t *testing.T) int {
	t.Helper()
	as, err := e.store.Articles(context.Background(), review.ArticleFilter{})
	if err != nil {
		t.Fatalf("list articles: %v", err)
	}
	return len(as)
}

// claimVersion reads the version the claim page's form carries.
func claimVersion(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`id="claim-form"[\s\S]*?name="version" value="(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no version in the claim form:\n%s", page)
	}
	return m[1]
}

// mustStatus fails unless resp has status want; it returns the body.
func mustStatus(t *testing.T, resp *http.Response, want int) string {
	t.Helper()
	body := readBody(t, resp)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want, trimPage(body))
	}
	return body
}

// trimPage keeps a failure message readable: the main part of a page.
func trimPage(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000] + "…"
	}
	return s
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// testLog is a logger that writes to the test's log, for tests whose
// failures need the server's side of the story.
func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
