package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"claimdesk/claims"
	"claimdesk/review"
)

// killChildEnv names the database and folder a child process of
// TestImportKilledMidway imports; set only in that child.
const killChildEnv = "CLAIMDESK_KILLED_IMPORT"

// killArticles are the files the killed import reads: articles of six
// sentences of the demo article each, every one unique.
func killArticles(t *testing.T, dir string, n int) map[string]bool {
	t.Helper()
	var sents []string
	for _, s := range strings.SplitAfter(strings.ReplaceAll(demoArticle, "\n", " "), ". ") {
		if s = strings.TrimSpace(s); len(s) > 40 {
			sents = append(sents, s)
		}
	}
	bodies := map[string]bool{}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "Report %d\n\nThe office counted %d cases in district %d.", i, 100+i, i)
		for j := range 6 {
			b.WriteString(" " + sents[(i*5+j*7)%len(sents)])
		}
		text := b.String()
		writeFile(t, filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), text+"\n")
		bodies[text] = true
	}
	return bodies
}

// TestImportKilledMidway kills claimdesk import (a child process, SIGKILL,
// no chance to clean up) after its first batch is stored, while it reads
// and runs the engine on the next batches, stores them and matches, and
// checks the database it left: claimdesk check passes; the articles there
// are the first files in order, in whole batches (a batch prepared ahead
// of its turn is never stored out of order); every one is whole (all the
// claims the engine finds in its text, each with its history row); then
// the same import run again stores the rest, finds the others already
// there and leaves no claim unmatched.
func TestImportKilledMidway(t *testing.T) {
	if spec := os.Getenv(killChildEnv); spec != "" {
		// As main runs it: an interrupt ends the context.
		db, dir, _ := strings.Cut(spec, "\n")
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, []string{"import", "--db", db, dir}, func(string) string { return "" }, strings.NewReader(""), os.Stdout, os.Stderr)
		stop()
		os.Exit(exitCode(err, os.Stderr))
	}
	if testing.Short() {
		t.Skip("starts a child process that imports 320 articles")
	}
	const n = 5 * importBatchSize
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "killed.db")
	bodies := killArticles(t, dir, n)

	cmd, sc := startImportChild(t, db, dir, nil)
	// Each "imported" line follows its batch's commit: past the first
	// batch (64), the second is being stored.
	seen := 0
	for seen < importBatchSize+6 && sc.Scan() {
		if strings.HasPrefix(sc.Text(), "imported ") {
			seen++
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill the import: %v (it ended after %d articles)", err, seen)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the import ended by itself (%v) after %d articles: it should have been killed", err, seen)
	}

	out, errOut, err := runCmd(t, "", "check", "--db", db)
	if err != nil || strings.TrimSpace(out) != "ok" {
		t.Fatalf("check after the kill: %v\n%s%s", err, out, errOut)
	}
	ctx := context.Background()
	store, closeDB, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	model, err := claims.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	arts, err := store.Articles(ctx, review.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) < importBatchSize || len(arts) >= n {
		t.Errorf("%d articles stored after the kill, want at least the first batch (%d) and not all %d", len(arts), importBatchSize, n)
	}
	if len(arts)%importBatchSize != 0 {
		t.Errorf("%d articles stored after the kill, want whole batches of %d", len(arts), importBatchSize)
	}
	stored := map[int]bool{}
	for _, a := range arts {
		full, err := store.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bodies[full.Body] {
			t.Errorf("article %d is not one of the files: %q", a.ID, full.Body)
			continue
		}
		var file int
		if _, err := fmt.Sscanf(full.Body, "Report %d", &file); err != nil {
			t.Fatalf("article %d: %v", a.ID, err)
		}
		stored[file] = true
		cs, err := store.Claims(ctx, review.ClaimFilter{ArticleID: a.ID, IncludeCandidates: true})
		if err != nil {
			t.Fatal(err)
		}
		want := model.Extract(full.Body)
		if len(cs) != len(want) {
			t.Errorf("article %d has %d claims, the engine finds %d: half-written", a.ID, len(cs), len(want))
			continue
		}
		for i, c := range cs {
			if c.Start != want[i].Start || c.End != want[i].End {
				t.Errorf("article %d claim %d spans %d-%d, want %d-%d", a.ID, i, c.Start, c.End, want[i].Start, want[i].End)
			}
			h, err := store.History(ctx, c.ID)
			if err != nil || len(h) != 1 || h[0].Field != "created" {
				t.Errorf("claim %d history %+v (%v), want its one created row", c.ID, h, err)
			}
		}
	}
	for i := range len(arts) {
		if !stored[i] {
			t.Errorf("file a%03d.txt is not stored, though %d articles are: want the first files in order", i, len(arts))
		}
	}
	if err := closeDB(); err != nil {
		t.Fatal(err)
	}

	importTheRest(t, db, dir, n, len(arts))
}

// TestImportInterrupted interrupts claimdesk import (SIGINT, as Ctrl-C
// does) after its first batch is stored, while later batches are read and
// the matcher runs beside: the command ends with the interruption said,
// and what it says holds: the articles it listed as imported are the ones
// stored, no other; claimdesk check passes; an import of the same folder
// then stores the rest and leaves no claim unmatched.
func TestImportInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process that imports 320 articles")
	}
	const n = 5 * importBatchSize
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "interrupted.db")
	killArticles(t, dir, n)

	var stdout strings.Builder
	cmd, sc := startImportChild(t, db, dir, &stdout)
	listed := map[int64]bool{}
	interrupted := false
	for sc.Scan() {
		var name string
		var id int64
		var worthy int
		if _, err := fmt.Sscanf(sc.Text(), "imported %s as article #%d (%d claims)", &name, &id, &worthy); err == nil {
			listed[id] = true
		}
		if len(listed) == importBatchSize+6 && !interrupted {
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatalf("interrupt the import: %v", err)
			}
			interrupted = true
		}
	}
	err := cmd.Wait()
	if !interrupted {
		t.Fatalf("the import ended (%v) after %d articles, before it was interrupted", err, len(listed))
	}
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stdout.String(), "interrupted before the end") {
		t.Fatalf("interrupted import: exit %d, want 1, and the summary saying so:\n%s", code, stdout.String())
	}

	out, errOut, err := runCmd(t, "", "check", "--db", db)
	if err != nil || strings.TrimSpace(out) != "ok" {
		t.Fatalf("check after the interruption: %v\n%s%s", err, out, errOut)
	}
	ctx := context.Background()
	store, closeDB, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	arts, err := store.Articles(ctx, review.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != len(listed) || len(arts) >= n {
		t.Errorf("%d articles stored, %d listed as imported (of %d): want the listed ones only", len(arts), len(listed), n)
	}
	for _, a := range arts {
		if !listed[a.ID] {
			t.Errorf("article #%d is stored but was not listed as imported", a.ID)
		}
	}
	if err := closeDB(); err != nil {
		t.Fatal(err)
	}

	importTheRest(t, db, dir, n, len(arts))
}

// startImportChild starts claimdesk import of dir into db in a child
// process (TestImportKilledMidway's child, which runs it as main does),
// its standard output to stdout (nil: discarded), and returns it with a
// scanner of its standard error, where the progress lines go.
func startImportChild(t *testing.T, db, dir string, stdout io.Writer) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportKilledMidway$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+db+"\n"+dir)
	cmd.Stdout = stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(stderr)
}

// importTheRest imports dir into db again after an import of its n files
// ended with stored of them stored: the others are imported, those found
// duplicates, and no claim is left unmatched.
func importTheRest(t *testing.T, db, dir string, n, stored int) {
	t.Helper()
	out, errOut, err := runCmd(t, "", "import", "--quiet", "--db", db, dir)
	if err != nil {
		t.Fatalf("import again: %v\n%s%s", err, out, errOut)
	}
	if want := fmt.Sprintf("imported %d article(s)", n-stored); !strings.Contains(out, want) || !strings.Contains(out, fmt.Sprintf("%d duplicate(s)", stored)) {
		t.Errorf("import again:\n%s\nwant %q and %d duplicates", out, want, stored)
	}
	ctx := context.Background()
	store, closeDB, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	if p, err := store.MatchPending(ctx, nil); err != nil || p.Claims != 0 {
		t.Errorf("after the second import %d claims were still pending (%v), want none", p.Claims, err)
	}
}
