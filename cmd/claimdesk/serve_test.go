package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"claimdesk"
)

// lockedBuffer collects what a goroutine writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runCmd runs the program with args on its own environment: CLAIMDESK_DB
// unset, stdin as given. It returns stdout, stderr and the error.
func runCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb strings.Builder
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

// startServe runs serve on a free port in a goroutine and returns its
// address; stop cancels it and returns what run returned.
func startServe(t *testing.T, db string, extra ...string) (addr string, stderr *lockedBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr = &lockedBuffer{}
	done := make(chan error, 1)
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, extra...)
	go func() {
		err := run(ctx, args, func(string) string { return "" }, strings.NewReader(""), io.Discard, io.MultiWriter(pw, stderr))
		pw.Close()
		done <- err
	}()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "listening on http://"); ok {
				lines <- a
			}
		}
		io.Copy(io.Discard, pr)
		close(lines)
	}()
	select {
	case a, ok := <-lines:
		if !ok {
			cancel()
			t.Fatalf("serve stopped before listening: %v\n%s", <-done, stderr.String())
		}
		addr = a
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("serve did not say where it listens:\n%s", stderr.String())
	}
	var once sync.Once
	var result error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case result = <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("serve did not stop after cancel")
			}
		})
		return result
	}
	t.Cleanup(func() { stop() })
	return addr, stderr, stop
}

func TestServeEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	addr, stderr, stop := startServe(t, db, "--demo")
	if !strings.Contains(stderr.String(), "open http://"+addr+"/setup") {
		t.Errorf("a new database does not point to /setup; stderr:\n%s", stderr.String())
	}

	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Fatalf("GET /healthz: %d %q, want 200 \"ok\"", resp.StatusCode, body)
	}

	// Nobody exists yet: the site sends people to /setup.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noRedirect.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Location"); got != "/setup" {
		t.Errorf("GET / on a new database: Location %q, want /setup", got)
	}

	// An admin and a token from the shell, while the server runs.
	if _, errOut, err := runCmd(t, "password-ada\n", "user", "add", "--role", "admin", "--db", db, "ada"); err != nil {
		t.Fatalf("user add: %v (%s)", err, errOut)
	}
	tok, _, err := runCmd(t, "", "token", "create", "--db", db, "ada")
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/articles", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Articles []struct {
			ID     int64  `json:"id"`
			Outlet string `json:"outlet"`
			Title  string `json:"title"`
		} `json:"articles"`
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/articles: status %d, decode error %v", resp.StatusCode, err)
	}
	// The title is the headline, not the site's menu line the text opens with.
	if len(list.Articles) != 1 || list.Articles[0].Outlet != "TASS" || list.Articles[0].Title != "US, French representatives will come to Moscow soon to discuss Karabakh" {
		t.Errorf("articles after --demo: %+v, want the one TASS sample article", list.Articles)
	}
	if !strings.Contains(stderr.String(), "path=/healthz") {
		t.Errorf("no request log line for /healthz in:\n%s", stderr.String())
	}

	if err := stop(); err != nil {
		t.Errorf("serve returned %v after cancel, want nil", err)
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Errorf("the server still answers after shutdown")
	}
	// The request path only noted the token's use; shutdown wrote it.
	if used := tokenLastUsed(t, db); !used.Valid {
		t.Errorf("the token's last_used_at is empty after shutdown, want the GET's time")
	}

	// A second start with --demo on the same database loads nothing more,
	// and the first-run line is gone.
	addr, stderr, stop = startServe(t, db, "--demo")
	if strings.Contains(stderr.String(), "/setup") {
		t.Errorf("with a user, serve still points to /setup:\n%s", stderr.String())
	}
	req, _ = http.NewRequest("GET", "http://"+addr+"/api/v1/articles", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || len(list.Articles) != 1 {
		t.Errorf("after a second --demo start: %d articles (err %v), want 1", len(list.Articles), err)
	}
	if err := stop(); err != nil {
		t.Errorf("second serve returned %v, want nil", err)
	}
}

func TestServeBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"extra argument", []string{"serve", "--db", db, "now"}, "no arguments"},
		{"unknown flag", []string{"serve", "--db", db, "--port", "80"}, "flag provided but not defined"},
		{"tiny body limit", []string{"serve", "--db", db, "--max-body", "10"}, "at least 1024"},
		{"bad address", []string{"serve", "--db", db, "--addr", "127.0.0.1:notaport"}, "cannot listen"},
		{"bad proxy range", []string{"serve", "--db", db, "--trusted-proxy", "10.0.0.0/33"}, "neither a CIDR range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runCmd(t, "", tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one that says %q", err, tc.want)
			}
		})
	}
}

// tokenLastUsed reads the only API token's last_used_at.
func tokenLastUsed(t *testing.T, path string) sql.NullString {
	t.Helper()
	db, err := claimdesk.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var used sql.NullString
	if err := db.Read.QueryRow("SELECT last_used_at FROM api_tokens").Scan(&used); err != nil {
		t.Fatal(err)
	}
	return used
}

// apiGet asks the server at addr for path with the API token tok and
// returns the body of its answer.
func apiGet(addr, tok, path string) ([]byte, error) {
	req, err := http.NewRequest("GET", "http://"+addr+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
