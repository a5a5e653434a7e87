package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims/match"
	"claimdesk/review"
	"claimdesk/review/report"
)

// sharedMatching is the folder of the shared matching data (14,231
// Snopes fact-checks as ClaimReview JSON Lines and the CheckThat dev
// queries): CLAIMDESK_SHARED/data/matching, else ../shared beside the
// module root (or one directory further up, for a second checkout). "" when
// absent.
func sharedMatching(tb testing.TB) string {
	tb.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return ""
	}
	dirs := []string{filepath.Join(root, "..", "shared"), filepath.Join(root, "..", "..", "shared")}
	if p := os.Getenv("CLAIMDESK_SHARED"); p != "" {
		dirs = append([]string{p}, dirs...)
	}
	for _, d := range dirs {
		p := filepath.Join(d, "data", "matching")
		if _, err := os.Stat(filepath.Join(p, "snopes-factchecks.claimreview.jsonl")); err == nil {
			return p
		}
	}
	return ""
}

// readFactChecks reads a ClaimReview file whole.
func readFactChecks(tb testing.TB, path string) []review.NewFactCheck {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []review.NewFactCheck
	if err := report.ReadClaimReview(f, func(r report.FactCheckRecord) error {
		if r.Err == nil {
			out = append(out, r.FactCheck)
		}
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkImportFactChecks reads and stores the 14,231 Snopes
// fact-checks (JSON Lines) into a new database, as import --claimreview
// does: one op is the whole file. The target is 2,000 fact-checks a
// second or more.
func BenchmarkImportFactChecks(b *testing.B) {
	dir := sharedMatching(b)
	if dir == "" {
		b.Skip("the shared matching data (../shared/data/matching) is absent")
	}
	path := filepath.Join(dir, "snopes-factchecks.claimreview.jsonl")
	ctx := context.Background()
	n := 0
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, closeDB, err := openStore(ctx, filepath.Join(b.TempDir(), "fc.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0, cpu0 := time.Now(), cpuTime()
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		var batch []review.NewFactCheck
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			_, err := s.ImportFactChecks(ctx, nil, batch)
			n += len(batch)
			batch = batch[:0]
			return err
		}
		err = report.ReadClaimReview(f, func(r report.FactCheckRecord) error {
			if r.Err != nil {
				return nil
			}
			batch = append(batch, r.FactCheck)
			if len(batch) == factCheckBatch {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(t0)
		cpu += cpuTime() - cpu0
		b.StopTimer()
		closeDB()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)/elapsed.Seconds(), "factchecks/s")
	// On a shared machine the wall clock includes waiting for a core.
	b.ReportMetric(float64(n)/cpu.Seconds(), "factchecks/cpu-s")
}

var archiveDB struct {
	once sync.Once
	path string
	err  error
}

// archiveStore is a database holding the 14,231 Snopes fact-checks, made
// once per run (never kept from an earlier run: the index holds
// match.Clean's text, which changes with the ranker). With
// CLAIMDESK_MATCH_DB it is that database instead (for example one made
// by claimdesk gen --claims 1000000), given the Snopes fact-checks
// CLAIMDESK_MATCH_COPIES times (default 7, about 100,000 rows: each copy
// but the first with its URL changed) when it has fewer fact-checks.
func archiveStore(b *testing.B, dir string) *review.Store {
	b.Helper()
	if p := os.Getenv("CLAIMDESK_MATCH_DB"); p != "" {
		archiveDB.once.Do(func() { archiveDB.path, archiveDB.err = p, fillArchive(b, p, dir) })
	}
	archiveDB.once.Do(func() {
		archiveDB.path = filepath.Join(os.TempDir(), "claimdesk-bench-snopes.db")
		tmp := archiveDB.path + ".new"
		os.Remove(tmp)
		s, closeDB, err := openStore(context.Background(), tmp)
		if err != nil {
			archiveDB.err = err
			return
		}
		_, archiveDB.err = s.ImportFactChecks(context.Background(), nil, readFactChecks(b, filepath.Join(dir, "snopes-factchecks.claimreview.jsonl")))
		if archiveDB.err == nil {
			_, archiveDB.err = s.MatchPending(context.Background(), nil)
		}
		closeDB()
		if archiveDB.err == nil {
			archiveDB.err = os.Rename(tmp, archiveDB.path)
		}
	})
	if archiveDB.err != nil {
		b.Fatal(archiveDB.err)
	}
	s, closeDB, err := openStore(context.Background(), archiveDB.path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { closeDB() })
	return s
}

// fillArchive adds the Snopes fact-checks to the database at path,
// copies times, unless it holds that many fact-checks already. Nothing
// is matched: the claims keep their state.
func fillArchive(b *testing.B, path, dir string) error {
	copies := 7
	if c := os.Getenv("CLAIMDESK_MATCH_COPIES"); c != "" {
		if _, err := fmt.Sscan(c, &copies); err != nil {
			return err
		}
	}
	s, closeDB, err := openStore(context.Background(), path)
	if err != nil {
		return err
	}
	defer closeDB()
	fcs := readFactChecks(b, filepath.Join(dir, "snopes-factchecks.claimreview.jsonl"))
	if n, err := s.CountFactChecks(context.Background()); err != nil || n >= copies*len(fcs) {
		return err
	}
	for k := 0; k < copies; k++ {
		batch := make([]review.NewFactCheck, 0, factCheckBatch)
		for i, fc := range fcs {
			if k > 0 {
				fc.URL += fmt.Sprintf("#copy-%d", k)
			}
			batch = append(batch, fc)
			if len(batch) == factCheckBatch || i == len(fcs)-1 {
				if _, err := s.ImportFactChecks(context.Background(), nil, batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
	}
	return nil
}

// devQueries reads the CheckThat dev tweets and the URL of each one's
// answer.
func devQueries(b *testing.B, dir string) (texts, answers []string) {
	b.Helper()
	qrels := map[string]string{}
	f, err := os.Open(filepath.Join(dir, "dev.qrels.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if p := strings.Split(sc.Text(), "\t"); len(p) == 4 {
			if _, ok := qrels[p[0]]; !ok {
				qrels[p[0]] = "https://www.snopes.com/fact-check/" + strings.TrimPrefix(p[2], "vclaim-sno-") + "/"
			}
		}
	}
	f.Close()
	f, err = os.Open(filepath.Join(dir, "dev.queries.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc = bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		id, text, ok := strings.Cut(sc.Text(), "\t")
		if ok && qrels[id] != "" {
			texts, answers = append(texts, text), append(answers, qrels[id])
		}
	}
	return texts, answers
}

// BenchmarkMatchArchive asks "checked before?" for the CheckThat dev
// tweets against the 14,231 Snopes fact-checks: one op is one tweet. It
// reports queries a second (target 20 or more), the CPU time of a match
// and of the plain FTS5 bm25 query for the same words in the same run
// (target: at most 5 times), and R@1: how often the right fact-check
// comes first.
func BenchmarkMatchArchive(b *testing.B) {
	dir := sharedMatching(b)
	if dir == "" {
		b.Skip("the shared matching data (../shared/data/matching) is absent")
	}
	s := archiveStore(b, dir)
	texts, answers := devQueries(b, dir)
	ctx := context.Background()
	raw, err := claimdesk.Open(ctx, archiveDB.path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	db := raw.Read
	w := match.BM25Weights()
	// The plain query first, for every tweet once: its CPU per query.
	cpu0 := cpuTime()
	rounds := max(1, b.N/len(texts)+1)
	plain := 0
	for r := 0; r < rounds; r++ {
		for _, t := range texts {
			q := match.Query(t)
			if q == "" {
				continue
			}
			rows, err := db.QueryContext(ctx, `SELECT rowid FROM match_fts WHERE match_fts MATCH ? ORDER BY bm25(match_fts, ?, ?, ?) LIMIT ?`,
				q, w[0], w[1], w[2], match.Candidates)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			rows.Close()
			plain++
		}
	}
	plainCPU := float64((cpuTime() - cpu0).Microseconds()) / 1000 / float64(plain)
	hits := 0
	cpu0 = cpuTime()
	b.ResetTimer()
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		k := i % len(texts)
		as, err := s.MatchText(ctx, texts[k], 5)
		if err != nil {
			b.Fatal(err)
		}
		if len(as) > 0 && as[0].URL == answers[k] {
			hits++
		}
	}
	elapsed := time.Since(t0)
	b.StopTimer()
	matchCPU := float64((cpuTime() - cpu0).Microseconds()) / 1000 / float64(b.N)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "queries/s")
	b.ReportMetric(matchCPU, "match-cpu-ms")
	b.ReportMetric(plainCPU, "fts-cpu-ms")
	b.ReportMetric(matchCPU/plainCPU, "cpu-ratio")
	if b.N >= len(texts) {
		b.ReportMetric(float64(hits)/float64(b.N), "R@1")
	}
}
