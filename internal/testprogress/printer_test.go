package main

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// clock is the printer's time in tests: it moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// replay feeds the recorded `go test -json` output in file to a printer and
// returns what it printed and its exit status.
func replay(t *testing.T, file string, extra ...string) (string, int) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	c := &clock{t: time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)}
	p := newPrinter(&out, c.now)
	lines := append(strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"), extra...)
	for _, l := range lines {
		p.line(l)
	}
	code := p.finish()
	return out.String(), code
}

// TestMixedRun replays a recorded run of packages that pass, fail, panic,
// fail to build, skip a test, have no tests and exit from TestMain.
func TestMixedRun(t *testing.T) {
	out, code := replay(t, "testdata/mixed.jsonl")
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	for _, tt := range []struct{ what, want string }{
		{"a package starting", "start example.com/tp/passing\n"},
		{"a package passing, with its time", "ok    example.com/tp/passing  0.1s\n"},
		{"a skipped test counted", "ok    example.com/tp/skipping  0.2s  (1 test skipped)\n"},
		{"a package without tests", "?     example.com/tp/notests  [no test files]\n"},
		{"a failing package", "FAIL  example.com/tp/failing  0.1s\n"},
		{"a failing test's log", "the context a reader needs"},
		{"a failing test's message", "got 3, want 4"},
		{"a failing subtest", "the second case is wrong"},
		{"a panic", "panic: assignment to entry in nil map"},
		{"the panic's stack", "/src/tp/panicking/x_test.go:8"},
		{"the build's error", "broken/b.go:3:35: undefined: undefinedName"},
		{"the package of the failed build", "FAIL  example.com/tp/broken  [build failed: example.com/tp/broken [example.com/tp/broken.test]]\n"},
		{"what TestMain printed", "TestMain: the shared browser did not close"},
		{"the exit from TestMain", "FAIL  example.com/tp/exiting"},
		{"the summary", "7 packages: 2 ok, 4 failed, 1 without tests;"},
		{"the failures named last", "FAILED: example.com/tp/failing, build of example.com/tp/broken [example.com/tp/broken.test], example.com/tp/panicking, example.com/tp/broken, example.com/tp/exiting\n"},
	} {
		if !strings.Contains(out, tt.want) {
			t.Errorf("%s: the output lacks %q:\n%s", tt.what, tt.want, out)
		}
	}
	// What passed stays quiet: its logs are not repeated.
	for _, quiet := range []string{"two and two", "in parallel", "this one passes; its log stays quiet", "=== RUN   TestGood"} {
		if strings.Contains(out, quiet) {
			t.Errorf("the output repeats %q from a test that passed:\n%s", quiet, out)
		}
	}
	if n := strings.Count(out, "undefined: undefinedName"); n != 1 {
		t.Errorf("the build error is printed %d times, want once", n)
	}
}

// TestTimeout: a test stopped by -timeout never ends; the whole panic,
// with the test's name and stack, is printed.
func TestTimeout(t *testing.T) {
	out, code := replay(t, "testdata/timeout.jsonl")
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	for _, want := range []string{"FAIL  example.com/tp/hanging  2.1s", "panic: test timed out after 2s", "TestWaitsForever", "hanging/h_test.go"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
}

// TestAllPass: a run with nothing failing exits 0 and says so.
func TestAllPass(t *testing.T) {
	b, err := os.ReadFile("testdata/mixed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var passing []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, `"example.com/tp/passing"`) || strings.Contains(l, `"example.com/tp/notests"`) {
			passing = append(passing, l)
		}
	}
	var out strings.Builder
	c := &clock{t: time.Now()}
	p := newPrinter(&out, c.now)
	for _, l := range passing {
		p.line(l)
	}
	if code := p.finish(); code != 0 {
		t.Errorf("exit status %d, want 0:\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "2 packages: 1 ok, 0 failed, 1 without tests;") {
		t.Errorf("no summary of a good run:\n%s", out.String())
	}
}

// TestNothingRead: an empty stream (go test stopped before any package,
// e.g. a pattern that matched nothing) is a failure, not "0 failed".
func TestNothingRead(t *testing.T) {
	var out strings.Builder
	c := &clock{t: time.Now()}
	p := newPrinter(&out, c.now)
	p.line("go: pattern ./nothing/...: directory prefix nothing does not contain main module")
	if code := p.finish(); code != 1 {
		t.Errorf("exit status %d, want 1:\n%s", code, out.String())
	}
	for _, want := range []string{"directory prefix nothing", "FAILED: no test result was read"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestStreamEndsMidPackage: when the stream stops while a package runs
// (the go command was killed), that package is a failure with what it
// printed so far.
func TestStreamEndsMidPackage(t *testing.T) {
	b, err := os.ReadFile("testdata/timeout.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	var out strings.Builder
	c := &clock{t: time.Now()}
	p := newPrinter(&out, c.now)
	for _, l := range lines[:4] { // start, run, the first output lines
		p.line(l)
	}
	if code := p.finish(); code != 1 {
		t.Errorf("exit status %d, want 1:\n%s", code, out.String())
	}
	for _, want := range []string{"FAIL  example.com/tp/hanging  [no result: the run ended while it was running]", "=== RUN   TestWaitsForever"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestHeartbeat: after a minute without a line, the printer says the
// binaries are building, or names what still runs and for how long;
// before that it stays quiet.
func TestHeartbeat(t *testing.T) {
	var out strings.Builder
	c := &clock{t: time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)}
	p := newPrinter(&out, c.now)
	c.t = c.t.Add(61 * time.Second)
	p.heartbeat()
	if !strings.Contains(out.String(), "...   1m01s in: building\n") {
		t.Fatalf("no word while the test binaries build:\n%s", out.String())
	}
	c.t = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	p = newPrinter(&out, c.now)
	p.line(`{"Action":"start","Package":"claimdesk/web"}`)
	c.t = c.t.Add(30 * time.Second)
	p.line(`{"Action":"start","Package":"claimdesk/review"}`)
	c.t = c.t.Add(59 * time.Second)
	p.heartbeat()
	if strings.Contains(out.String(), "still running") {
		t.Fatalf("a heartbeat before a minute of quiet:\n%s", out.String())
	}
	c.t = c.t.Add(2 * time.Second)
	p.heartbeat()
	want := "...   1m31s in: still running claimdesk/review (1m01s), claimdesk/web (1m31s)\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("the output lacks %q:\n%s", want, out.String())
	}
}

// TestNonJSONPassesThrough: lines the go command prints itself are shown
// as they are.
func TestNonJSONPassesThrough(t *testing.T) {
	out, _ := replay(t, "testdata/mixed.jsonl", "# claimdesk/web", "go: downloading example.com/x v1.0.0")
	for _, want := range []string{"# claimdesk/web\n", "go: downloading example.com/x v1.0.0\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
}

func TestDuration(t *testing.T) {
	for _, tt := range []struct {
		sec  float64
		want string
	}{{0, "0.0s"}, {12.34, "12.3s"}, {59.9, "59.9s"}, {60, "1m00s"}, {192.4, "3m12s"}, {1500, "25m00s"}} {
		if got := duration(tt.sec); got != tt.want {
			t.Errorf("duration(%v) = %q, want %q", tt.sec, got, tt.want)
		}
	}
}

// TestReadFailed: a stream that could not be read to its end fails the run
// even when everything read so far passed.
func TestReadFailed(t *testing.T) {
	var out strings.Builder
	c := &clock{t: time.Now()}
	p := newPrinter(&out, c.now)
	p.line(`{"Action":"start","Package":"claimdesk"}`)
	p.line(`{"Action":"pass","Package":"claimdesk","Elapsed":1.5}`)
	p.readFailed(errors.New("bufio.Scanner: token too long"))
	if code := p.finish(); code != 1 {
		t.Errorf("exit status %d, want 1:\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "token too long") {
		t.Errorf("the output does not say why:\n%s", out.String())
	}
}
