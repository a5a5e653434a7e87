package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimdesk/review"
)

func writeFile(t *testing.T, path string, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportFolder(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	in := filepath.Join(dir, "in")
	writeFile(t, filepath.Join(in, "a.txt"), "Exports rose 7 percent in 2019, the ministry said.\n")
	writeFile(t, filepath.Join(in, "sub", "b.md"), "# Budget\n\nThe deficit reached **$40 billion** in 2019.\n")
	writeFile(t, filepath.Join(in, "sub", "c.html"), "<html><head><title>Fuel</title></head><body><article><p>Fuel prices rose 12 percent in 2021, drivers said.</p></article></body></html>")
	writeFile(t, filepath.Join(in, "dup.txt"), "Exports rose 7 percent in 2019, the ministry said.\n")
	writeFile(t, filepath.Join(in, "binary.txt"), "GIF89a\x00\x01\x02")
	writeFile(t, filepath.Join(in, "latin1.txt"), "Caf\xe9 prices rose 3 percent in 2020.")
	writeFile(t, filepath.Join(in, "empty.md"), "  \n")
	writeFile(t, filepath.Join(in, "notes.pdf"), "%PDF")
	writeFile(t, filepath.Join(in, ".hidden.txt"), "Hidden files are left alone, 5 of them.")
	writeFile(t, filepath.Join(in, "feed.jsonl"), strings.Join([]string{
		`{"title": "Wages", "url": "https://news.example/wages", "outlet": "Example", "author": "Ann", "published": "2026-11-20", "text": "Wages grew 4 percent in 2025, the statistics office said."}`,
		`{"title": "Broken", "text": "unterminated`,
		``,
		`{"title": "Both", "text": "x", "html": "<p>y</p>"}`,
		`{"title": "Odd", "body": "a field nobody knows"}`,
		`{"title": "Rents", "html": "<p>Rents rose 9 percent in 2024 in Berlin.</p>"}`,
	}, "\n"))
	writeFile(t, filepath.Join(in, "bad.jsonl"), "not json at all\n")

	out, errOut, err := runCmd(t, "", "import", "--db", db, in, filepath.Join(dir, "missing.txt"))
	if code(err) != 1 {
		t.Fatalf("exit status %d (%v), want 1 when files are refused\nstdout:\n%s\nstderr:\n%s", code(err), err, out, errOut)
	}
	if !strings.Contains(out, "imported 5 article(s)") || !strings.Contains(out, "1 duplicate(s)") {
		t.Errorf("summary:\n%s\nwant 5 imported (a, b, c, two JSON lines) and 1 duplicate", out)
	}
	refused := map[string]string{
		"binary.txt":        "binary",
		"latin1.txt":        "UTF-8",
		"empty.md":          "empty",
		"feed.jsonl line 2": "JSON",
		"feed.jsonl line 4": "",
		"feed.jsonl line 5": "body",
		"bad.jsonl line 1":  "JSON",
		"missing.txt":       "no such file",
	}
	for name, why := range refused {
		found := false
		for line := range strings.SplitSeq(out, "\n") {
			if strings.HasPrefix(line, "refused ") && strings.Contains(line, name+":") && strings.Contains(line, why) {
				found = true
			}
		}
		if !found {
			t.Errorf("summary does not refuse %s with a reason mentioning %q:\n%s", name, why, out)
		}
	}
	if !strings.Contains(out, "8 refused") {
		t.Errorf("summary:\n%s\nwant 8 refused", out)
	}
	if !strings.Contains(out, "notes.pdf") || strings.Contains(out, ".hidden") {
		t.Errorf("summary:\n%s\nwant notes.pdf listed as skipped and hidden files left alone", out)
	}
	// Not a terminal: one plain line per article, no redraws.
	if strings.Contains(errOut, "\r") || !strings.Contains(errOut, "imported ") || !strings.Contains(errOut, "duplicate ") {
		t.Errorf("stderr is not plain lines:\n%q", errOut)
	}
	s := openTestStore(t, db)
	arts, err := s.Articles(context.Background(), review.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]review.Article{}
	for _, a := range arts {
		titles[a.Title] = a
	}
	if len(arts) != 5 {
		t.Errorf("got %d articles, want 5: %v", len(arts), titles)
	}
	if w, ok := titles["Wages"]; !ok || w.URL != "https://news.example/wages" || w.Author != "Ann" || w.Published != "2026-11-20" {
		t.Errorf("the JSON Lines article: %+v", w)
	}
	if _, ok := titles["Fuel"]; !ok {
		t.Errorf("the HTML page's title is not used: %v", titles)
	}
	// A second run finds everything already there, and exits 0.
	out, _, err = runCmd(t, "", "import", "--db", db, "--quiet", filepath.Join(in, "a.txt"), filepath.Join(in, "sub"))
	if err != nil || !strings.Contains(out, "imported 0 article(s)") || !strings.Contains(out, "3 duplicate(s)") {
		t.Errorf("re-import: %v\n%s", err, out)
	}
}

func TestImportUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"nothing to import", []string{"import", "--db", db}, 2},
		{"json and paths", []string{"import", "--db", db, "--json", "x.json", "a.txt"}, 2},
		{"wrong kind of file", []string{"import", "--db", db, "photo.png"}, 1},
		{"json file missing", []string{"import", "--db", db, "--json", filepath.Join(t.TempDir(), "none.json")}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, "", tt.args...)
			if got := code(err); got != tt.want {
				t.Errorf("exit status %d (%v), want %d", got, err, tt.want)
			}
		})
	}
}

func TestSearchCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "claimdesk.db")
	writeFile(t, filepath.Join(dir, "a.txt"), "The ceasefire in Nagorno-Karabakh started on 10 November 2020, after 44 days of <b>fighting</b>.")
	writeFile(t, filepath.Join(dir, "b.txt"), "Fuel prices rose 12 percent in 2021, drivers said.")
	if _, _, err := runCmd(t, "", "import", "--db", db, dir); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "search", "--db", db, "fighting")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "claim #1 [new]") || !strings.Contains(out, "<b>»fighting«</b>") || strings.Contains(out, "Fuel") {
		t.Errorf("search fighting:\n%s", out)
	}
	out, _, err = runCmd(t, "", "search", "--db", db, "--json", "--status", "new", `"fuel`, "prices")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, `{`) || !strings.Contains(out, `"results": [`) || !strings.Contains(out, `"kind": "claim"`) || !strings.Contains(out, `<mark>Fuel</mark>`) {
		t.Errorf("search --json:\n%s", out)
	}
	out, _, err = runCmd(t, "", "search", "--db", db, "--status", "done", "fuel")
	if err != nil || !strings.Contains(out, "nothing found") {
		t.Errorf("search with a status nobody has: %v\n%s", err, out)
	}
	for _, tt := range []struct {
		args []string
		want int
		msg  string
	}{
		{[]string{"search", "--db", db}, 2, "give the words"},
		{[]string{"search", "--db", db, "--", "-"}, 1, "type a word"},
		{[]string{"search", "--db", db, "--status", "closed", "fuel"}, 1, "not a status"},
		{[]string{"search", "--db", db, "--since", "yesterday", "fuel"}, 2, "YYYY-MM-DD"},
	} {
		_, _, err := runCmd(t, "", tt.args...)
		if code(err) != tt.want || err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%q: exit %d (%v), want %d with %q", tt.args, code(err), err, tt.want, tt.msg)
		}
	}
}

func TestGen(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gen.db")
	out, _, err := runCmd(t, "", "gen", "--db", db, "--claims", "250", "--per-article", "20", "--seed", "7", "--fact-checks", "120")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "wrote 250 claims in 13 articles and 120 fact-checks") {
		t.Errorf("gen said %q", out)
	}
	s := openTestStore(t, db)
	ctx := context.Background()
	cs, err := s.Claims(ctx, review.ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 250 {
		t.Fatalf("got %d claims, want 250", len(cs))
	}
	distinct := map[string]bool{}
	for _, c := range cs {
		distinct[c.Text] = true
		a, err := s.Article(ctx, c.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Body[c.Start:c.End] != c.Text {
			t.Fatalf("claim %d is not its article's bytes [%d:%d]", c.ID, c.Start, c.End)
		}
	}
	// 15 sentences of the demo article, varied: far more distinct claims.
	if len(distinct) < 150 {
		t.Errorf("only %d distinct claims of 250", len(distinct))
	}
	// The index follows the rows.
	rs, err := s.Search(ctx, review.SearchQuery{Q: "ceasefire", Limit: 200})
	if err != nil || len(rs) == 0 {
		t.Errorf("search the generated database: %d results, %v", len(rs), err)
	}
	if n, err := s.CountFactChecks(ctx); err != nil || n != 120 {
		t.Errorf("got %d fact-checks (%v), want 120", n, err)
	}
	// A generated fact-check is found by "checked before?" as an imported one is.
	fc, err := s.FactCheck(ctx, 60)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.MatchText(ctx, fc.ClaimText, 5)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range ms {
		found = found || (m.Kind == "fact_check" && m.ID == 60)
	}
	if !found {
		t.Errorf("matching fact-check 60's own text does not find it: %+v", ms)
	}
	if problems, err := s.CheckCounts(ctx); err != nil || len(problems) > 0 {
		t.Errorf("the counters after gen: %v %v", problems, err)
	}
	if help, _, _ := runCmd(t, "", "help"); strings.Contains(help, "gen ") {
		t.Errorf("gen shows in help:\n%s", help)
	}
}

func TestProgressOnATerminal(t *testing.T) {
	var b strings.Builder
	p := &progress{w: &b, tty: true, total: 2}
	tally := &importTally{imported: 1}
	p.line("imported %s", "a.txt") // a terminal shows the bar only
	p.step("a.txt", tally)
	tally.duplicates++
	p.step("b.txt", tally)
	p.done()
	out := b.String()
	if strings.Contains(out, "imported a.txt") || !strings.Contains(out, "\r[###############...............] 1/2 files") ||
		!strings.Contains(out, "\r[##############################] 2/2 files  1 imported  1 duplicates") || strings.Contains(out, "\n") {
		t.Errorf("progress on a terminal: %q", out)
	}
	b.Reset()
	p = &progress{w: &b, total: 1}
	p.line("imported %s", "a.txt")
	p.step("a.txt", tally)
	if b.String() != "imported a.txt\n" {
		t.Errorf("progress not on a terminal: %q, want plain lines", b.String())
	}
}

// An import longer than a batch: the refused and duplicate lines cost
// nothing to the articles around them, in their batch or another, and
// the summary lists refusals in the order of the file.
func TestImportManyBatches(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	n := 2*importBatchSize + 22
	var lines []string
	for i := 1; i <= n; i++ {
		line := fmt.Sprintf(`{"title": "Port %d", "text": "The harbour handled %d million tonnes in %d, the port authority said."}`, i, i, 1900+i)
		switch i {
		case 70:
			line = `{"title": "Bad link", "url": "ftp://x", "text": "Exports rose 7 percent in 2019."}`
		case 100:
			line = `{"title": "Again", "text": "The harbour handled 3 million tonnes in 1903, the port authority said."}`
		case 140:
			line = `{"title": "Broken", "text": `
		}
		lines = append(lines, line)
	}
	writeFile(t, filepath.Join(dir, "feed.jsonl"), strings.Join(lines, "\n"))
	writeFile(t, filepath.Join(dir, "z.txt"), "Fuel prices rose 12 percent in 2021, drivers said.\n")
	out, errOut, err := runCmd(t, "", "import", "--db", db, filepath.Join(dir, "feed.jsonl"), filepath.Join(dir, "z.txt"))
	if code(err) != 1 {
		t.Fatalf("exit status %d (%v), want 1\nstdout:\n%s\nstderr:\n%s", code(err), err, out, errOut)
	}
	want := fmt.Sprintf("imported %d article(s)", n-3+1)
	if !strings.Contains(out, want) || !strings.Contains(out, "1 duplicate(s), 2 refused") {
		t.Errorf("summary:\n%s\nwant %q, 1 duplicate and 2 refused", out, want)
	}
	i70, i140 := strings.Index(out, "feed.jsonl line 70: "), strings.Index(out, "feed.jsonl line 140: ")
	if i70 < 0 || i140 < 0 || i70 > i140 {
		t.Errorf("summary:\n%s\nwant lines 70 and 140 refused, in that order", out)
	}
	if !strings.Contains(errOut, "duplicate "+filepath.Join(dir, "feed.jsonl")+" line 100 (already article #3)") {
		t.Errorf("progress:\n%s\nwant line 100 a duplicate of article #3", errOut)
	}
	s := openTestStore(t, db)
	arts, err := s.Articles(context.Background(), review.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(arts), n-3+1; got != want {
		t.Fatalf("got %d articles, want %d", got, want)
	}
	for _, a := range arts {
		if a.Title == "Bad link" || a.Title == "Again" || a.Title == "Broken" {
			t.Errorf("refused or duplicate line stored as %+v", a)
		}
		if a.Total == 0 {
			t.Errorf("article %q stored without its claim", a.Title)
		}
	}
}

// A JSON Lines line is refused with a reason naming its field by its JSON
// name, and the API's format field is not one of a line's.
func TestImportJSONLFieldReasons(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"a number for the title", `{"title": 3, "text": "Wages grew 4 percent in 2025."}`, `"title" should be string`},
		{"a string for markdown", `{"markdown": "yes", "text": "Wages grew 4 percent in 2025."}`, `"markdown" should be bool`},
		{"the API's format field", `{"format": "markdown", "text": "Wages grew 4 percent in 2025."}`, `unknown field "format"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "claimdesk.db")
			feed := filepath.Join(dir, "feed.jsonl")
			writeFile(t, feed, tt.line+"\n")
			out, _, err := runCmd(t, "", "import", "--db", db, feed)
			if code(err) != 1 {
				t.Fatalf("exit status %d (%v), want 1\n%s", code(err), err, out)
			}
			if !strings.Contains(out, "feed.jsonl line 1: ") || !strings.Contains(out, tt.want) {
				t.Errorf("got:\n%s\nwant line 1 refused with %q", out, tt.want)
			}
		})
	}
}
