package main

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"claimdesk/claims"
	"claimdesk/review"
)

// The benchmarks of search, matching and import run on a generated
// database: 20,000 claims by default (made once per run, so make bench
// stays quick), or the database at CLAIMDESK_BENCH_DB (for example one
// made with claimdesk gen --claims 1000000; see docs/BENCHMARKS.md).

var benchDB struct {
	once sync.Once
	path string
	err  error
}

// benchSentences are real sentences: the demo article and the labelled
// pairs (debate sentences and their rewordings).
func benchSentences(b *testing.B) []string {
	b.Helper()
	texts := []string{demoArticle}
	if data, err := os.ReadFile(filepath.Join("..", "..", "claims", "testdata", "pairs.tsv")); err == nil {
		texts = append(texts, string(data))
	}
	return genSentences(texts)
}

// benchStore opens the benchmark database; with copyTo, a copy of it
// there (for benchmarks that write).
func benchStore(b *testing.B, copyTo string) *review.Store {
	b.Helper()
	if p := os.Getenv("CLAIMDESK_BENCH_DB"); p != "" && copyTo == "" {
		s, closeDB, err := openStore(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { closeDB() })
		return s
	}
	benchDB.once.Do(func() {
		// Made once and kept in the temporary folder: the generator is
		// seeded, so the file is the same on every run.
		benchDB.path = filepath.Join(os.TempDir(), "claimdesk-bench-20k-2.db")
		if _, err := os.Stat(benchDB.path); err == nil {
			return
		}
		tmp := benchDB.path + ".new"
		os.Remove(tmp)
		s, closeDB, err := openStore(context.Background(), tmp)
		if err != nil {
			benchDB.err = err
			return
		}
		benchDB.err = newGenerator(benchSentences(b), 1).write(context.Background(), s, 20000, 20, new(strings.Builder))
		closeDB()
		if benchDB.err == nil {
			benchDB.err = os.Rename(tmp, benchDB.path)
		}
	})
	if benchDB.err != nil {
		b.Fatal(benchDB.err)
	}
	if copyTo != "" {
		data, err := os.ReadFile(benchDB.path)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(copyTo, data, 0o644); err != nil {
			b.Fatal(err)
		}
		s, closeDB, err := openStore(context.Background(), copyTo)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { closeDB() })
		return s
	}
	s, closeDB, err := openStore(context.Background(), benchDB.path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { closeDB() })
	return s
}

// benchQueries are one to three words of real claims, as people type them.
func benchQueries(sents []string, n int) []string {
	rng := rand.New(rand.NewSource(3))
	var out []string
	for len(out) < n {
		terms := claims.SalientTerms(sents[rng.Intn(len(sents))], 6)
		if len(terms) == 0 {
			continue
		}
		k := 1 + rng.Intn(min(3, len(terms)))
		rng.Shuffle(len(terms), func(i, j int) { terms[i], terms[j] = terms[j], terms[i] })
		out = append(out, strings.Join(terms[:k], " "))
	}
	return out
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), d...)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// BenchmarkSearch runs searches of one to three words of real claims and
// reports the median and 99th percentile latency.
func BenchmarkSearch(b *testing.B) {
	s := benchStore(b, "")
	qs := benchQueries(benchSentences(b), 500)
	ctx := context.Background()
	var lat []time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		// A page of the search page: 20 results.
		if _, err := s.Search(ctx, review.SearchQuery{Q: qs[i%len(qs)], Limit: 20}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.ReportMetric(float64(percentile(lat, 0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
	// CPU time per search (this process, SQLite included): on a shared
	// machine wall time includes waiting for the CPU.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// benchArticle is a new article of 30 claims made from real sentences,
// its numbers and names varied as the generator does.
func benchArticle(b *testing.B, seed int64) []string {
	g := newGenerator(benchSentences(b), seed)
	out := make([]string, 30)
	for i := range out {
		out[i] = g.claim()
	}
	return out
}

// BenchmarkMatch asks "checked before?" for each claim of a new 30-claim
// article: one op is the whole article.
func BenchmarkMatch(b *testing.B) {
	s := benchStore(b, "")
	art := benchArticle(b, 99)
	ctx := context.Background()
	found := 0
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range art {
			ms, err := s.MatchText(ctx, c, 5)
			if err != nil {
				b.Fatal(err)
			}
			found += len(ms)
		}
	}
	b.ReportMetric(float64(found)/float64(b.N), "matches/article")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// benchFiles are the article texts import and the engine are compared on:
// 15 real sentences each.
func benchFiles(b *testing.B, n int) []string {
	sents := benchSentences(b)
	rng := rand.New(rand.NewSource(5))
	out := make([]string, n)
	for i := range out {
		var sb strings.Builder
		for j := range 15 {
			if j > 0 {
				sb.WriteString(" ")
			}
			sb.WriteString(sents[rng.Intn(len(sents))])
		}
		// A line that makes each article unique, as a dateline would.
		out[i] = fmt.Sprintf("Report %d, %d November.\n\n%s", i, 1+i%28, sb.String())
	}
	return out
}

// BenchmarkEngine is the claim engine alone on the files: articles/s.
func BenchmarkEngine(b *testing.B) {
	m, err := claims.DefaultModel()
	if err != nil {
		b.Fatal(err)
	}
	files := benchFiles(b, 200)
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Extract(files[i%len(files)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu0).Seconds(), "articles/cpu-s")
}

// BenchmarkImport is ImportArticle on the same files into a copy of the
// 20,000-claim database (engine, storage, history, matching): articles/s. Each file is
// imported once; the files run out only past 100,000 iterations.
func BenchmarkImport(b *testing.B) {
	s := benchStore(b, filepath.Join(b.TempDir(), "import.db"))
	files := benchFiles(b, 200)
	ctx := context.Background()
	salt := time.Now().UnixNano()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := files[i%len(files)] + fmt.Sprintf("\n\nRef %d-%d.", salt, i)
		if _, _, err := s.ImportArticle(ctx, nil, review.NewArticle{Title: "bench", Text: text}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu0).Seconds(), "articles/cpu-s")
}

// BenchmarkImportBatch is what claimdesk import does with the same files:
// Store.ImportBatch, importBatchSize articles per transaction, the engine
// on every core. One op is one article.
func BenchmarkImportBatch(b *testing.B) {
	s := benchStore(b, filepath.Join(b.TempDir(), "import.db"))
	files := benchFiles(b, 200)
	ctx := context.Background()
	salt := time.Now().UnixNano()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i += importBatchSize {
		var ins []review.NewArticle
		for j := i; j < min(b.N, i+importBatchSize); j++ {
			text := files[j%len(files)] + fmt.Sprintf("\n\nRef %d-%d.", salt, j)
			ins = append(ins, review.NewArticle{Title: "bench", Text: text})
		}
		rs, err := s.ImportBatch(ctx, nil, ins)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rs {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu0).Seconds(), "articles/cpu-s")
}
