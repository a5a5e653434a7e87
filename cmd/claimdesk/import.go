package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"claimdesk/review"
)

// importExts are the files import reads, by extension.
var importExts = map[string]string{
	".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
	".html": "html", ".htm": "html", ".jsonl": "jsonl",
}

// importTally is what an import did, for the summary.
type importTally struct {
	imported, duplicates, claims int
	refused                      []string // "NAME: reason"
	skipped                      []string // files in folders that are not articles
}

// jsonlArticle is one line of a JSON Lines file: the fields the API's
// POST body has too, and markdown instead of its format.
type jsonlArticle struct {
	review.ArticleFields
	Markdown bool `json:"markdown"`
}

// cmdImport brings in many articles at once: text, Markdown and HTML
// files, folders (recursively), and JSON Lines files (one article per
// line). Articles are stored in batches (see importBatch); a bad file
// never stops or half-writes the rest. The exit status is 0 when every article was
// imported or already there, 1 when any file or line was refused.
func cmdImport(ctx context.Context, e *env, args []string) error {
	fset := newFlagSet("import [--json FILE | --claimreview FILE...] PATH...", e.stderr)
	dbPath := dbFlag(fset, e)
	jsonFile := fset.String("json", "", "load a JSON export `FILE` (claimdesk export --format json) instead")
	claimReview := fset.Bool("claimreview", false, "the FILEs are published fact-checks: ClaimReview JSON-LD (DataFeed, array, object or JSON Lines) or Fact Check Tools JSON, .gz too")
	quiet := fset.Bool("quiet", false, "print only the summary")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if *claimReview {
		if *jsonFile != "" {
			return usagef("give either --json FILE or --claimreview FILE..., not both")
		}
		if fset.NArg() == 0 {
			return usagef("give the ClaimReview files to import (see claimdesk import -h)")
		}
		store, closeDB, err := openStore(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer closeDB()
		return importFactChecks(ctx, store, fset.Args(), e.stdout, e.stderr, *quiet)
	}
	if *jsonFile != "" {
		if fset.NArg() > 0 {
			return usagef("give either --json FILE or PATHs, not both")
		}
		store, closeDB, err := openStore(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer closeDB()
		return importJSONFile(ctx, store, *jsonFile, e.stdout, e.stderr)
	}
	if fset.NArg() == 0 {
		return usagef("give the files or folders to import (see claimdesk import -h)")
	}
	files, tally, err := collectImportFiles(fset.Args())
	if err != nil {
		return err
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	return importArticles(ctx, store, files, tally, e.stdout, e.stderr, *quiet, true)
}

// importArticles stores the articles of files, reports each and prints
// the summary; with match, it then finds their "checked before?" matches
// (Store.MatchImported). Without, their claims stay pending for the next import
// or serve's matcher (the benchmark's "matching off").
//
// Reading and storing overlap: one goroutine reads the files and runs the
// engine on a batch (on every core) while this one stores the batch
// before it, in file order. At most importPipeline prepared batches wait
// between the two, so memory stays bounded whatever the files.
func importArticles(ctx context.Context, store *review.Store, files []string, tally *importTally, stdout, stderr io.Writer, quiet, match bool) error {
	p := newProgress(stderr, len(files), quiet)
	// The matcher runs beside the import: each batch is searchable once
	// committed, and its matches follow while the next batches are read.
	var along *review.Along
	if match {
		along = store.MatchAlong(ctx)
	}
	ready := make(chan importReady, importPipeline)
	r := &importBatch{store: store, ready: ready}
	go func() {
		defer close(ready)
		for _, f := range files {
			if ctx.Err() != nil {
				break
			}
			importFile(ctx, r, f)
			r.fileDone(ctx, f)
		}
		r.flush(ctx)
	}()
	w := &importWriter{store: store, t: tally, p: p}
	for batch := range ready {
		w.write(ctx, batch)
	}
	p.done()
	printSummary(stdout, tally, ctx.Err() != nil)
	if ctx.Err() != nil {
		if along != nil {
			along.Stop()
		}
		return fmt.Errorf("import interrupted: the articles listed as imported are stored, the rest are not")
	}
	if match {
		// The matcher beside the import matches what is left, in the pass
		// it has under way (its copy of the search index is still in step);
		// a failure of it is met again, and reported, by the last pass of
		// matchPending, which also matches whatever it left.
		mp := newProgress(stderr, 0, quiet)
		done, _ := along.Finish(matchDrawer(mp, 0))
		mp.done()
		if err := matchPending(ctx, store, stdout, stderr, quiet, done); err != nil {
			return err
		}
	}
	if len(tally.refused) > 0 {
		return fmt.Errorf("%d file(s) or line(s) refused (listed above)", len(tally.refused))
	}
	return nil
}

// collectImportFiles expands folders (recursively, hidden entries left
// out) and checks named files. A named file that does not exist is
// refused; a file of another kind inside a folder is skipped and listed.
func collectImportFiles(paths []string) ([]string, *importTally, error) {
	t := &importTally{}
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			t.refused = append(t.refused, fmt.Sprintf("%s: %s", p, osReason(err)))
			continue
		}
		if !fi.IsDir() {
			if _, ok := importExts[strings.ToLower(filepath.Ext(p))]; !ok {
				t.refused = append(t.refused, fmt.Sprintf("%s: not a .txt, .md, .html or .jsonl file", p))
				continue
			}
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				t.refused = append(t.refused, fmt.Sprintf("%s: %s", path, osReason(err)))
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			if _, ok := importExts[strings.ToLower(filepath.Ext(path))]; !ok {
				t.skipped = append(t.skipped, path)
				return nil
			}
			files = append(files, path)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return files, t, nil
}

func osReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// importFile imports one file: one article, or one per line of a .jsonl.
func importFile(ctx context.Context, b *importBatch, path string) {
	kind := importExts[strings.ToLower(filepath.Ext(path))]
	// An HTML page carries more than its text: allow it room; the store
	// checks the text's own limit.
	limit := int64(b.store.MaxArticleBytes)*4 + 1<<20
	if kind == "jsonl" {
		importJSONL(ctx, b, path, limit)
		return
	}
	data, err := readLimited(path, limit)
	if err != nil {
		b.refuse(fmt.Sprintf("%s: %s", path, err))
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		b.refuse(fmt.Sprintf("%s: the file is empty", path))
		return
	}
	text := string(data)
	if p := review.TextProblem(text); p != "" {
		b.refuse(fmt.Sprintf("%s: %s", path, p))
		return
	}
	in := review.NewArticle{}
	switch kind {
	case "html":
		in.HTML = text
	case "markdown":
		in.Text, in.Markdown = text, true
	default:
		in.Text = text
	}
	b.add(ctx, path, in)
}

// readLimited reads a file up to max bytes; more is refused, not cut.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.New(osReason(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("larger than %d MiB", max>>20)
	}
	return data, nil
}

// importJSONL imports each line of a JSON Lines file as an article,
// reading line by line so a large file never sits in memory whole.
func importJSONL(ctx context.Context, b *importBatch, path string, maxLine int64) {
	f, err := os.Open(path)
	if err != nil {
		b.refuse(fmt.Sprintf("%s: %s", path, osReason(err)))
		return
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	seen := false
	for n := 1; ctx.Err() == nil; n++ {
		line, err := readLine(r, maxLine)
		if err == io.EOF && line == nil {
			break
		}
		where := fmt.Sprintf("%s line %d", path, n)
		if err != nil && err != io.EOF {
			b.refuse(fmt.Sprintf("%s: %v", where, err))
			if errors.Is(err, errLineTooLong) {
				continue
			}
			break
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		seen = true
		if p := review.TextProblem(string(line)); p != "" {
			b.refuse(fmt.Sprintf("%s: %s", where, p))
			continue
		}
		var a jsonlArticle
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			b.refuse(fmt.Sprintf("%s: not a JSON article (%s); each line is one object with title, url, outlet, author, published, and text or html", where, review.JSONProblem(err)))
			continue
		}
		if dec.More() {
			b.refuse(fmt.Sprintf("%s: more than one JSON value on the line", where))
			continue
		}
		b.add(ctx, where, a.NewArticle(a.Markdown))
	}
	if !seen {
		b.refuse(fmt.Sprintf("%s: the file holds no articles", path))
	}
}

var errLineTooLong = errors.New("the line is too long for one article")

// readLine reads one line of at most max bytes; a longer one is skipped
// to its end and reported.
func readLine(r *bufio.Reader, max int64) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if int64(len(line)+len(chunk)) > max {
			for err == bufio.ErrBufferFull {
				_, err = r.ReadSlice('\n')
			}
			return []byte{}, errLineTooLong
		}
		line = append(line, chunk...)
		switch err {
		case nil:
			return line, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			if len(line) == 0 {
				return nil, io.EOF
			}
			return line, nil
		default:
			return line, err
		}
	}
}

// importBatchSize is how many articles share one transaction: one wait
// for the disk, and the engine on every core, for all of them.
const importBatchSize = 64

// importBatchBytes caps the text a batch holds in memory.
const importBatchBytes = 16 << 20

// importPipeline is how many prepared batches may wait to be stored while
// the next is read: with the one being stored and the one being read, an
// import holds at most importPipeline+2 batches.
const importPipeline = 1

// importBatch gathers the articles of an import into batches, runs the
// engine on each (review.Store.PrepareBatch) and hands it on to be stored
// (importWriter). Refusals found while reading and the ends of files go
// into the same queue, so the summary and the progress keep the order of
// the files.
type importBatch struct {
	store *review.Store
	ready chan<- importReady
	queue []importItem
	ins   []review.NewArticle
	bytes int
}

// importReady is a batch read and prepared, with the queue it came from.
type importReady struct {
	queue []importItem
	batch *review.PreparedBatch // nil when the queue holds no article
}

// importItem is one entry of the queue: an article (article), a refusal
// found while reading (refuse), or the end of a file (done).
type importItem struct {
	name    string
	article bool
	refuse  string
	done    bool
}

func (b *importBatch) refuse(msg string) {
	b.queue = append(b.queue, importItem{refuse: msg})
}

func (b *importBatch) add(ctx context.Context, name string, in review.NewArticle) {
	b.queue = append(b.queue, importItem{name: name, article: true})
	b.ins = append(b.ins, in)
	b.bytes += len(in.Text) + len(in.HTML)
	if len(b.ins) >= importBatchSize || b.bytes >= importBatchBytes {
		b.flush(ctx)
	}
}

// fileDone marks the end of a file: the progress moves once its articles
// are stored.
func (b *importBatch) fileDone(ctx context.Context, name string) {
	b.queue = append(b.queue, importItem{name: name, done: true})
	if len(b.ins) == 0 {
		b.flush(ctx)
	}
}

// flush prepares the queued articles and hands them on; it waits while
// importPipeline batches are waiting already. An interrupted import
// prepares nothing more.
func (b *importBatch) flush(ctx context.Context) {
	r := importReady{queue: b.queue}
	if len(b.ins) > 0 && ctx.Err() == nil {
		r.batch = b.store.PrepareBatch(b.ins)
	}
	b.ready <- r
	b.queue, b.ins, b.bytes = nil, nil, 0
}

// importWriter stores the prepared batches in order, counts and reports
// them.
type importWriter struct {
	store *review.Store
	t     *importTally
	p     *progress
}

// write stores a prepared batch. When the batch's transaction fails as a
// whole (the database, not an article), StoreBatch tries each article
// again on its own, so one cannot cost the others. An interrupted import stores
// nothing more.
func (w *importWriter) write(ctx context.Context, r importReady) {
	var results []review.ImportResult
	if r.batch != nil && ctx.Err() == nil {
		var err error
		results, err = w.store.StoreBatch(ctx, nil, r.batch)
		if err != nil && ctx.Err() == nil {
			// StoreBatch has already tried each article on its own where
			// the batch was refused; an error here (reading back what it
			// stored) is every article's: storing them again would only
			// make each a duplicate of itself.
			results = make([]review.ImportResult, r.batch.Len())
			for k := range results {
				results[k].Err = err
			}
		}
	}
	i := 0
	for _, it := range r.queue {
		switch {
		case it.refuse != "":
			w.t.refused = append(w.t.refused, it.refuse)
		case it.done:
			if ctx.Err() == nil {
				w.p.step(it.name, w.t)
			}
		case i < len(results):
			w.record(it.name, results[i])
			i++
		}
	}
}

// record counts one article's result and reports it.
func (w *importWriter) record(name string, r review.ImportResult) {
	t, p := w.t, w.p
	var dup *review.DuplicateError
	switch {
	case errors.As(r.Err, &dup):
		t.duplicates++
		p.line("duplicate %s (already article #%d)", name, dup.Article.ID)
	case r.Err != nil:
		t.refused = append(t.refused, fmt.Sprintf("%s: %s", name, fieldMessage(r.Err)))
		p.line("refused %s", name)
	default:
		t.imported++
		t.claims += r.Worthy
		p.line("imported %s as article #%d (%d claims)", name, r.Article.ID, r.Worthy)
	}
}

func printSummary(w io.Writer, t *importTally, interrupted bool) {
	fmt.Fprintf(w, "imported %d article(s) with %d claim(s), %d duplicate(s), %d refused\n", t.imported, t.claims, t.duplicates, len(t.refused))
	for _, r := range t.refused {
		fmt.Fprintf(w, "refused %s\n", r)
	}
	if len(t.skipped) > 0 {
		fmt.Fprintf(w, "skipped %d file(s) in folders that are not .txt, .md, .html or .jsonl:\n", len(t.skipped))
		for _, s := range t.skipped {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
	if interrupted {
		fmt.Fprintln(w, "interrupted before the end")
	}
}

// progress shows how far an import is: a bar redrawn in place on a
// terminal, one line per article otherwise (a log reads better than a
// bar's redraws).
type progress struct {
	w      io.Writer
	tty    bool
	quiet  bool
	total  int
	n      int
	start  time.Time
	drawn  bool
	lastAt time.Time
}

func newProgress(w io.Writer, total int, quiet bool) *progress {
	p := &progress{w: w, total: total, quiet: quiet, start: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

// line reports one article: on a terminal only the bar shows.
func (p *progress) line(format string, a ...any) {
	if p.tty || p.quiet {
		return
	}
	fmt.Fprintf(p.w, format+"\n", a...)
}

func (p *progress) step(file string, t *importTally) {
	p.n++
	p.draw(p.n, p.total, "files", fmt.Sprintf("%d imported  %d duplicates  %d refused", t.imported, t.duplicates, len(t.refused)), filepath.Base(file))
}

// draw redraws the bar on a terminal (at most ten times a second, and
// always at the end): n of total units, what was done, and a name.
func (p *progress) draw(n, total int, unit, counts, name string) {
	if !p.tty || p.quiet {
		return
	}
	if now := time.Now(); n < total && now.Sub(p.lastAt) < 100*time.Millisecond {
		return
	} else {
		p.lastAt = now
	}
	const width = 30
	done := width
	if total > 0 {
		done = min(n*width/total, width)
	}
	if len(name) > 24 {
		name = name[:21] + "..."
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d %s  %s  %-24s",
		strings.Repeat("#", done), strings.Repeat(".", width-done), n, total, unit, counts, name)
	p.drawn = true
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 110))
	}
}
