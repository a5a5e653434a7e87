package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// event is one line of `go test -json`: a test event (Package, Test) or a
// build event (ImportPath), told apart by Action.
type event struct {
	Action      string
	Package     string
	Test        string
	Elapsed     float64
	Output      string
	FailedBuild string
	ImportPath  string
}

// quietAfter is how long the printer stays silent before it names what
// still runs.
const quietAfter = time.Minute

// pkgRun is what the printer keeps of a package while its tests run: the
// output of each test (dropped once the test passes or is skipped) and the
// package's own output, in the order printed.
type pkgRun struct {
	started time.Time
	order   []string            // tests in the order they printed, "" for the package
	output  map[string][]string // by test; "" is the package's own output
	ended   map[string]string   // tests that ended: their action
	skipped int
}

// printer turns events into progress lines.
type printer struct {
	w        io.Writer
	now      func() time.Time
	began    time.Time
	lastSaid time.Time
	running  map[string]*pkgRun
	build    map[string][]string // build output by import path
	ok       int
	noTests  int
	pkgFails int      // packages that failed
	failed   []string // what failed (packages and builds), in order
}

func newPrinter(w io.Writer, now func() time.Time) *printer {
	t := now()
	return &printer{w: w, now: now, began: t, lastSaid: t, running: map[string]*pkgRun{}, build: map[string][]string{}}
}

func (p *printer) say(format string, args ...any) {
	fmt.Fprintf(p.w, format, args...)
	p.lastSaid = p.now()
}

// line takes one line of the stream.
func (p *printer) line(l string) {
	var e event
	if !strings.HasPrefix(l, "{") || json.Unmarshal([]byte(l), &e) != nil || e.Action == "" {
		// The go command's own messages (on standard error) are not JSON.
		p.say("%s\n", l)
		return
	}
	switch e.Action {
	case "build-output":
		p.build[e.ImportPath] = append(p.build[e.ImportPath], e.Output)
		return
	case "build-fail":
		p.say("FAIL  build of %s\n%s", e.ImportPath, indent(p.build[e.ImportPath]))
		delete(p.build, e.ImportPath)
		p.failed = append(p.failed, "build of "+e.ImportPath)
		return
	}
	if e.Package == "" {
		return
	}
	r := p.running[e.Package]
	if r == nil {
		r = &pkgRun{started: p.now(), output: map[string][]string{}, ended: map[string]string{}}
		p.running[e.Package] = r
	}
	switch {
	case e.Action == "start":
		p.say("start %s\n", e.Package)
	case e.Action == "output":
		if _, seen := r.output[e.Test]; !seen {
			r.order = append(r.order, e.Test)
		}
		r.output[e.Test] = append(r.output[e.Test], e.Output)
	case e.Test != "" && (e.Action == "pass" || e.Action == "skip" || e.Action == "fail"):
		r.ended[e.Test] = e.Action
		if e.Action == "skip" {
			r.skipped++
		}
		if e.Action != "fail" {
			r.output[e.Test] = nil // a test that passed has nothing to show
		}
	case e.Test == "" && (e.Action == "pass" || e.Action == "skip" || e.Action == "fail"):
		p.end(e, r)
	}
}

// end reports a package's result.
func (p *printer) end(e event, r *pkgRun) {
	delete(p.running, e.Package)
	took := duration(e.Elapsed)
	switch {
	case e.Action == "pass":
		p.ok++
		note := ""
		if r.skipped > 0 {
			note = fmt.Sprintf("  (%d %s skipped)", r.skipped, plural(r.skipped, "test", "tests"))
		}
		p.say("ok    %s  %s%s\n", e.Package, took, note)
	case e.Action == "skip":
		p.noTests++
		p.say("?     %s  [no test files]\n", e.Package)
	case e.FailedBuild != "":
		p.pkgFails++
		p.failed = append(p.failed, e.Package)
		p.say("FAIL  %s  [build failed: %s]\n", e.Package, e.FailedBuild)
	default:
		p.pkgFails++
		p.failed = append(p.failed, e.Package)
		p.say("FAIL  %s  %s\n%s", e.Package, took, indent(r.failureOutput()))
	}
}

// failureOutput is everything a failed package printed except the output
// of the tests that passed or were skipped: the failing tests, tests that
// never ended (a panic or a timeout stops them), and the package's own
// lines, in the order they first printed.
func (r *pkgRun) failureOutput() []string {
	var out []string
	for _, t := range r.order {
		out = append(out, r.output[t]...)
	}
	return out
}

// heartbeat names the packages still running (or says the go command is
// building) once the printer has been quiet for a while, so a long run
// never looks stuck.
func (p *printer) heartbeat() {
	now := p.now()
	if now.Sub(p.lastSaid) < quietAfter {
		return
	}
	if len(p.running) == 0 {
		// Nothing runs: the go command is building test binaries.
		p.say("...   %s in: building\n", duration(now.Sub(p.began).Seconds()))
		return
	}
	names := make([]string, 0, len(p.running))
	for name := range p.running {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%s (%s)", name, duration(now.Sub(p.running[name].started).Seconds()))
	}
	p.say("...   %s in: still running %s\n", duration(now.Sub(p.began).Seconds()), strings.Join(parts, ", "))
}

// readFailed records that the stream could not be read to its end.
func (p *printer) readFailed(err error) {
	p.say("testprogress: reading the test output: %v\n", err)
	p.failed = append(p.failed, "(the test output, read only in part)")
}

// finish prints the summary and returns the exit status.
func (p *printer) finish() int {
	for _, name := range sortedKeys(p.running) {
		// The stream ended mid-package: the go command was stopped.
		p.pkgFails++
		p.failed = append(p.failed, name)
		p.say("FAIL  %s  [no result: the run ended while it was running]\n%s", name, indent(p.running[name].failureOutput()))
	}
	for _, path := range sortedKeys(p.build) {
		// Build output without a failure is a warning; show it.
		p.say("build output of %s:\n%s", path, indent(p.build[path]))
	}
	total := p.ok + p.noTests + p.pkgFails
	p.say("%d %s: %d ok, %d failed, %d without tests; %s\n", total, plural(total, "package", "packages"),
		p.ok, p.pkgFails, p.noTests, duration(p.now().Sub(p.began).Seconds()))
	switch {
	case len(p.failed) > 0:
		p.say("FAILED: %s\n", strings.Join(p.failed, ", "))
		return 1
	case total == 0:
		p.say("FAILED: no test result was read\n")
		return 1
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// indent sets output off under its FAIL line, every line kept.
func indent(chunks []string) string {
	s := strings.Join(chunks, "")
	if s == "" {
		return ""
	}
	s = strings.TrimSuffix(s, "\n")
	return "    " + strings.ReplaceAll(s, "\n", "\n    ") + "\n"
}

// duration writes seconds as 12.3s, or 3m12s from a minute on.
func duration(sec float64) string {
	if sec < 60 {
		return fmt.Sprintf("%.1fs", sec)
	}
	d := time.Duration(sec * float64(time.Second)).Round(time.Second)
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
