package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/review"
)

// cmdGen builds a large database for measuring search and matching: real
// sentences (the demo article, or the files given with --from) made into
// many different claims by varying their numbers and names. It writes a
// new file only, through the store's Loader, one transaction per batch,
// inside review.(*Store).LoadNew (no syncs; claims' indexes and the
// full-text indexes made after the load).
// Hidden: it is a tool for benchmarks, not for newsrooms.
func cmdGen(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("gen --claims N --db PATH", e.stderr)
	dbPath := dbFlag(fs, e)
	n := fs.Int("claims", 10000, "how many `N` claims to write")
	seed := fs.Int64("seed", 1, "random `SEED` (the same seed gives the same database)")
	per := fs.Int("per-article", 20, "claims per article")
	factChecks := fs.Int("fact-checks", 0, "also write `N` published fact-checks (an imported archive)")
	var from multiFlag
	fs.Var(&from, "from", "read sentences from `FILE` (one or more per line; repeatable); default: the demo article")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n < 1 || *per < 1 {
		return usagef("--claims and --per-article must be at least 1")
	}
	if *factChecks < 0 {
		return usagef("--fact-checks must be 0 or more")
	}
	if fs.NArg() > 0 {
		return usagef("gen takes no arguments (got %q)", fs.Arg(0))
	}
	var texts []string
	if len(from) == 0 {
		texts = []string{demoArticle}
	}
	for _, f := range from {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("gen: %s: %v", f, osReason(err))
		}
		text := string(data)
		if p := review.TextProblem(text); p != "" {
			return fmt.Errorf("gen: %s: %s", f, p)
		}
		texts = append(texts, text)
	}
	sents := genSentences(texts)
	if len(sents) == 0 {
		return fmt.Errorf("gen: no sentences of 6 to 60 words in the input")
	}
	// gen makes a new file and nothing else: it loads it with no syncs and
	// without claims' indexes until the end (review.(*Store).LoadNew),
	// which only a file nobody else has open can be. It writes PATH.partial
	// and gives it the name PATH only when the load is done, so a gen
	// killed part way never leaves a database at PATH that lacks indexes.
	if _, err := os.Lstat(*dbPath); err == nil {
		return fmt.Errorf("gen: %s exists: gen writes a new database (give a path that does not exist)", *dbPath)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("gen: %s: %v", *dbPath, osReason(err))
	}
	partial := *dbPath + ".partial"
	if busy, err := claimdesk.InUse(partial); err != nil {
		return fmt.Errorf("gen: %s: %v", partial, err)
	} else if busy {
		return fmt.Errorf("gen: another gen is writing %s (into %s): wait for it, or stop it", *dbPath, partial)
	}
	if err := linkable(*dbPath); err != nil {
		return err
	}
	for _, f := range partialFiles(partial) {
		if err := os.Remove(f); err == nil {
			fmt.Fprintf(e.stderr, "gen: removed %s, left by a gen that did not finish\n", f)
		}
	}
	store, closeDB, err := openStore(ctx, partial)
	if err != nil {
		return err
	}
	start := time.Now()
	g := newGenerator(sents, *seed)
	err = store.LoadNew(ctx, genCacheMiB, func() error {
		if err := g.write(ctx, store, *n, *per, e.stderr); err != nil {
			return err
		}
		return g.writeFactChecks(ctx, store, *factChecks)
	})
	if cerr := closeDB(); err == nil && cerr != nil {
		err = fmt.Errorf("gen: close %s: %w", partial, cerr)
	}
	if err == nil {
		err = takeName(partial, *dbPath)
	}
	var kept *walLeftError
	if errors.As(err, &kept) {
		return err // whole, but in two files: left for the person to look at
	}
	if err != nil {
		// Half a generated database measures nothing: remove it.
		for _, f := range partialFiles(partial) {
			os.Remove(f)
		}
		return fmt.Errorf("%w (nothing written to %s)", err, *dbPath)
	}
	fmt.Fprintf(e.stdout, "wrote %d claims in %d articles and %d fact-checks from %d sentences in %s\n", *n, (*n+*per-1) / *per, *factChecks, len(sents), time.Since(start).Round(time.Millisecond))
	return nil
}

// partialFiles are gen's scratch database and the files SQLite and Open
// keep beside it.
func partialFiles(partial string) []string {
	return []string{partial, partial + "-wal", partial + "-shm", partial + "-journal", partial + "-lock"}
}

// walLeftError: the finished database is still partly in its
// write-ahead log after closing, so the file alone is not all of it.
type walLeftError struct{ partial string }

func (e *walLeftError) Error() string {
	return fmt.Sprintf("gen: the database was not wholly written into %s when it closed (is another program holding it open?); it is left there with %s-wal, which holds the rest", e.partial, e.partial)
}

// linkable checks, before any work, that the folder of path exists and
// takes a second name for a file (a hard link), which gen gives its
// finished database; some file systems (FAT, some network shares) do not.
func linkable(path string) error {
	dir := filepath.Dir(path)
	probe, err := os.CreateTemp(dir, ".claimdesk-gen-*")
	if err != nil {
		return fmt.Errorf("gen: cannot write in the folder %s: %v", dir, osReason(err))
	}
	probe.Close()
	defer os.Remove(probe.Name())
	if err := os.Link(probe.Name(), probe.Name()+"-link"); err != nil {
		return fmt.Errorf("gen: the file system of %s cannot give a file a second name (a hard link), which gen needs to finish the database in one step: write it on another disk", dir)
	}
	os.Remove(probe.Name() + "-link")
	return nil
}

// takeName gives the finished database at partial the name path, which
// must still not exist (a link, not a rename, so a file made at path in
// the meantime is not replaced), and removes the scratch names. Closing
// the last connection has written the write-ahead log into the file; a
// log left with content means the file alone is not the database.
func takeName(partial, path string) error {
	if fi, err := os.Stat(partial + "-wal"); err == nil && fi.Size() > 0 {
		return &walLeftError{partial}
	}
	if err := os.Link(partial, path); err != nil {
		return fmt.Errorf("gen: %s: %v", path, osReason(err))
	}
	for _, f := range partialFiles(partial) {
		os.Remove(f)
	}
	return nil
}

var genRatings = []string{"False", "Mostly false", "Misleading", "Half true", "True", "Pants on Fire!", "Unproven"}

var genPublishers = []string{"Fact Desk", "CheckWire", "Verify Now", "Truth Meter", "Claim Watch"}

// writeFactChecks stores n published fact-checks of generated claims
// through the store's loader, 20,000 a transaction.
func (g *generator) writeFactChecks(ctx context.Context, store *review.Store, n int) error {
	const batch = 20000
	for done := 0; done < n; {
		err := store.Load(ctx, func(l *review.Loader) error {
			fcs := make([]review.NewFactCheck, 0, min(batch, n-done))
			for i := done; i < n && len(fcs) < batch; i++ {
				day := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.Intn(2900))
				fcs = append(fcs, review.NewFactCheck{ClaimText: g.claim(), Rating: genRatings[g.rng.Intn(len(genRatings))],
					Publisher: genPublishers[g.rng.Intn(len(genPublishers))], Published: day.Format("2006-01-02"),
					URL: "https://factchecks.example/" + strconv.Itoa(i+1), Language: "en"})
			}
			if err := l.AddFactChecks(fcs); err != nil {
				return fmt.Errorf("gen: %w", err)
			}
			done += len(fcs)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// genSentences splits texts into sentences of 6 to 60 words; a TSV line
// counts by its longest column, so the checkworthy and pairs files serve.
func genSentences(texts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range texts {
		sc := bufio.NewScanner(strings.NewReader(t))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.Contains(line, "\t") {
				best := ""
				for c := range strings.SplitSeq(line, "\t") {
					if len(c) > len(best) {
						best = c
					}
				}
				line = best
			}
			line = strings.Trim(strings.TrimSpace(line), `"`)
			for _, s := range claims.Segment(line) {
				w := line[s.Start:s.End]
				if n := len(strings.Fields(w)); n >= 6 && n <= 60 && !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
		}
	}
	return out
}

type generator struct {
	rng   *rand.Rand
	sents []string
	names []string
}

var genNames = strings.Fields(`Moscow Paris Berlin Ankara Baku Yerevan Washington London Madrid Rome Vienna Warsaw
	Kyiv Tbilisi Ohio Texas Florida Iowa Nevada Arizona Lavrov Putin Aliyev Pashinyan Macron Merkel Johnson Smith
	Garcia Martin Rossi Novak Kowalski Jensen Larsen Silva Costa Tanaka Kim Chen Singh Okafor Mensah Dubois`)

func newGenerator(sents []string, seed int64) *generator {
	g := &generator{rng: rand.New(rand.NewSource(seed)), sents: sents}
	seen := map[string]bool{}
	for _, n := range genNames {
		seen[n] = true
		g.names = append(g.names, n)
	}
	for _, s := range sents {
		for i, w := range strings.Fields(s) {
			if name, ok := nameWord(w, i); ok && !seen[name] {
				seen[name] = true
				g.names = append(g.names, name)
			}
		}
	}
	return g
}

// nameWord returns the i-th word of a sentence without its punctuation
// and whether it reads as a name: capitalised, more than three letters
// and letters only, and not the first word (which is capitalised anyway).
// The generator takes such words as names and swaps them.
func nameWord(word string, i int) (string, bool) {
	w := strings.Trim(word, `,.;:'"?!()`)
	if i == 0 || len(w) <= 3 || !unicode.IsUpper([]rune(w)[0]) {
		return w, false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return w, false
		}
	}
	return w, true
}

var genDigits = strings.NewReplacer(",", "", ".", "")

var genNumber = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// claim makes one claim from a random sentence: every number changed, and
// a name swapped now and then, so claims differ as real ones do.
func (g *generator) claim() string {
	s := g.sents[g.rng.Intn(len(g.sents))]
	s = genNumber.ReplaceAllStringFunc(s, func(m string) string {
		v, err := strconv.Atoi(genDigits.Replace(m))
		if err != nil || v == 0 {
			return m
		}
		if v >= 1900 && v <= 2030 {
			return strconv.Itoa(1990 + g.rng.Intn(36))
		}
		return strconv.Itoa(1 + g.rng.Intn(v*2+10))
	})
	// Swap up to two names (most sentences name someone or somewhere).
	words := strings.Fields(s)
	swapped := 0
	for tries := 0; tries < 8 && swapped < 1+g.rng.Intn(2); tries++ {
		i := g.rng.Intn(len(words))
		if w, ok := nameWord(words[i], i); ok {
			words[i] = strings.Replace(words[i], w, g.names[g.rng.Intn(len(g.names))], 1)
			swapped++
		}
	}
	return strings.Join(words, " ")
}

var genStatuses = []review.Status{review.StatusNew, review.StatusNew, review.StatusNew, review.StatusNew,
	review.StatusResearching, review.StatusResearching, review.StatusNeedsReview, review.StatusDone, review.StatusDone, review.StatusDismissed}

// genCacheMiB is the page cache gen's load runs with: the claims'
// indexes (score-ordered, so each new claim lands anywhere in them) of a
// million claims fit in it, and are not written out and read back
// between statements.
const genCacheMiB = 1024

// genArticlesPerStatement is how many articles gen hands the loader at
// once (review.(*Loader).AddArticles writes them in a statement or two).
const genArticlesPerStatement = 50

// write stores n claims in articles of per claims through the store's
// loader, a batch of articles per transaction. One goroutine makes the
// records (the random numbers drawn in the same order as ever, so a seed
// keeps its database) while this one writes the last batch.
func (g *generator) write(ctx context.Context, store *review.Store, n, per int, progress io.Writer) error {
	users, verdicts, err := genPeople(ctx, store)
	if err != nil {
		return err
	}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	// Articles per transaction: each commit writes out every page its
	// transaction touched, and new claims land all over the indexes in
	// score order, so a commit rewrites most of their pages whatever its
	// size. 2,500 articles (50,000 claims) a commit wrote a third of what
	// 250 did, for 28 % less CPU, at 200,000 claims.
	const batch = 2500
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []review.ArticleClaims, 8)
	go func() {
		defer close(batches)
		for written := 0; written < n; {
			as := make([]review.ArticleClaims, 0, genArticlesPerStatement)
			for len(as) < genArticlesPerStatement && written < n {
				k := min(per, n-written)
				as = append(as, g.article(base, users, verdicts, k, written))
				written += k
			}
			select {
			case batches <- as:
			case <-ctx.Done():
				return
			}
		}
	}()
	written, articles, shown := 0, 0, 0
	for more := true; more; {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := store.Load(ctx, func(l *review.Loader) error {
			for a := 0; a < batch; {
				as, ok := <-batches
				if !ok {
					more = false
					return nil
				}
				if _, err := l.AddArticles(as); err != nil {
					return fmt.Errorf("gen: %w", err)
				}
				for _, x := range as {
					written += len(x.Claims)
				}
				a += len(as)
				articles += len(as)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if written != shown && (articles%(batch*2) == 0 || written == n) {
			fmt.Fprintf(progress, "%d/%d claims\n", written, n)
			shown = written
		}
	}
	if written != n {
		return fmt.Errorf("gen: wrote %d claims of %d", written, n)
	}
	return nil
}

// article makes one article of k claims, the first numbered done+1.
func (g *generator) article(base time.Time, users, verdicts []string, k, done int) review.ArticleClaims {
	var body strings.Builder
	spans := make([][2]int, k)
	texts := make([]string, k)
	for i := range k {
		if i > 0 {
			if i%3 == 0 {
				body.WriteString("\n\n")
			} else {
				body.WriteString(" ")
			}
		}
		t := g.claim()
		texts[i] = t
		spans[i] = [2]int{body.Len(), body.Len() + len(t)}
		body.WriteString(t)
	}
	at := base.Add(time.Duration(g.rng.Int63n(int64(700 * 24 * time.Hour)))).Format(review.TimeLayout)
	title := texts[0]
	if len(title) > 80 {
		title = title[:strings.LastIndexByte(title[:80], ' ')+1] + "…"
	}
	recs := make([]*review.ClaimRecord, k)
	for i := range k {
		st := genStatuses[g.rng.Intn(len(genStatuses))]
		c := &review.ClaimRecord{Start: spans[i][0], End: spans[i][1], Text: texts[i],
			Kind: "other", Status: string(st), Slug: "c-" + strconv.Itoa(done+i+1), CreatedAt: at, UpdatedAt: at, Matched: true}
		if st == review.StatusDone && len(verdicts) > 0 {
			c.Verdict = verdicts[g.rng.Intn(len(verdicts))]
		}
		if st != review.StatusNew && len(users) > 0 {
			c.Assignee = users[g.rng.Intn(len(users))]
		}
		c.Score = 0.5 + g.rng.Float64()/2 // drawn last, as ever: a seed keeps its database
		recs[i] = c
	}
	return review.ArticleClaims{Article: review.ArticleRecord{Title: title, Outlet: "Generated News", Published: at[:10], Format: "text",
		Text: body.String(), CreatedAt: at, UpdatedAt: at}, Claims: recs}
}

// genPeople lists the users and the verdicts generated claims are given,
// each in the order of their names (without regard to ASCII case), the
// order gen has always drawn them in: a seed keeps its database.
func genPeople(ctx context.Context, store *review.Store) (users, verdicts []string, err error) {
	us, err := store.Users(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("gen: %w", err)
	}
	for _, u := range us {
		users = append(users, u.Name)
	}
	vs, err := store.Verdicts(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("gen: %w", err)
	}
	for _, v := range vs {
		verdicts = append(verdicts, v.Name)
	}
	byName := func(a, b string) int { return cmp.Compare(asciiLower(a), asciiLower(b)) }
	slices.SortFunc(users, byName)
	slices.SortFunc(verdicts, byName)
	return users, verdicts, nil
}

// asciiLower folds ASCII letters only, as SQLite's NOCASE does.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
