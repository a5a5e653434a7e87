package review

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// repetitiveArticle is about 1 MiB of a few near-identical sentences,
// over and over: the article that once froze the desk. i makes it unique.
func repetitiveArticle(i int) string {
	sentences := []string{
		"Wind turbines kill more birds than any other human activity, the report said.",
		"The report said wind turbines kill more birds than any other human activity.",
		"Unemployment in Ohio rose 10 percent in 2020, the governor said.",
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Report %d\n\n", i)
	for j := 0; b.Len() < 1<<20; j++ {
		b.WriteString(sentences[j%len(sentences)])
		if j%4 == 3 {
			b.WriteString("\n\n")
		} else {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// BenchmarkWritesDuringLargeImport measures what other reviewers feel
// while a 1 MiB repetitive article is imported and matched: one op is the
// article stored, then every claim of it matched (MatchPending), while a
// second goroutine saves claim edits back to back. It reports the edits'
// p50 and p99 latency, the longest, and how long the import and the
// matching took.
func BenchmarkWritesDuringLargeImport(b *testing.B) {
	s, _ := newTestStore(&testing.T{})
	ctx := context.Background()
	if _, err := s.ImportFactChecks(ctx, nil, sampleChecks); err != nil {
		b.Fatal(err)
	}
	_, cs, err := s.ImportArticle(ctx, nil, NewArticle{Text: benchArticle(-1)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.MatchPending(ctx, nil); err != nil {
		b.Fatal(err)
	}
	c := cs[0]
	texts := make([]string, b.N)
	for i := range texts {
		texts[i] = repetitiveArticle(i)
	}
	// Each edit is counted in the phase it started in: while the article
	// is stored (its one transaction), or while it is matched.
	var load editLoad
	var importTime, matchTime time.Duration
	claims := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stop := load.edit(ctx, b, s, &c, i)
		t0 := time.Now()
		_, got, err := s.ImportArticle(ctx, nil, NewArticle{Text: texts[i]})
		if err != nil {
			b.Fatal(err)
		}
		claims += len(got)
		load.matching.Store(true)
		t1 := time.Now()
		if _, err := s.MatchPending(ctx, nil); err != nil {
			b.Fatal(err)
		}
		importTime += t1.Sub(t0)
		matchTime += time.Since(t1)
		stop()
	}
	b.StopTimer()
	load.report(b)
	b.ReportMetric(float64(claims)/float64(b.N), "claims/op")
	b.ReportMetric(importTime.Seconds()/float64(b.N), "import-s/op")
	b.ReportMetric(matchTime.Seconds()/float64(b.N), "match-s/op")
}

// bulkSources are real news texts: the demo article and the extractor's
// invented news reports. Each is split into its paragraphs.
func bulkSources(b *testing.B) [][]string {
	b.Helper()
	var out [][]string
	for _, name := range []string{
		filepath.Join("..", "cmd", "claimdesk", "demo", "article.txt"),
		filepath.Join("..", "claims", "testdata", "news_inflation.txt"),
		filepath.Join("..", "claims", "testdata", "news_floods.txt"),
		filepath.Join("..", "claims", "testdata", "news_measles.txt"),
	} {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		var paras []string
		for _, p := range strings.Split(string(data), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		out = append(out, paras)
	}
	return out
}

var bulkNumber = regexp.MustCompile(`[0-9]+`)

// bulkArticle is the i-th article of a bulk import: one of the real texts
// with every number changed, one of its later paragraphs left out and a
// paragraph of another text added, so that articles differ as a wire's
// copies do (the same stories, other figures) and none is a duplicate.
func bulkArticle(src [][]string, i int) string {
	base := src[i%len(src)]
	other := src[(i+1)%len(src)]
	drop := 1 + (i/len(src))%(len(base)-1)
	paras := make([]string, 0, len(base)+1)
	paras = append(paras, fmt.Sprintf("Wire copy %d", i))
	for j, p := range base {
		if j != drop {
			paras = append(paras, p)
		}
	}
	paras = append(paras, other[1+i%(len(other)-1)])
	text := strings.Join(paras, "\n\n")
	return bulkNumber.ReplaceAllStringFunc(text, func(n string) string {
		v, _ := strconv.Atoi(n)
		return strconv.Itoa(v + i%97 + 1)
	})
}

// bulkBatchSize is how many articles claimdesk import hands to
// ImportBatch at a time (cmd/claimdesk's importBatchSize).
const bulkBatchSize = 64

// BenchmarkWritesDuringBulkImport measures what other reviewers feel
// while a bulk import runs: one op is 1,000 articles stored as claimdesk
// import stores them (ImportBatch, 64 articles a transaction), then every
// claim of them matched (MatchPending), while a second goroutine saves
// claim edits back to back. Each edit is counted in the phase it started
// in. It reports the edits' p50 and p99 latency, the longest, and how
// long storing and matching took.
func BenchmarkWritesDuringBulkImport(b *testing.B) {
	const articles = 1000
	s, _ := newTestStore(&testing.T{})
	ctx := context.Background()
	if _, err := s.ImportFactChecks(ctx, nil, sampleChecks); err != nil {
		b.Fatal(err)
	}
	_, cs, err := s.ImportArticle(ctx, nil, NewArticle{Text: benchArticle(-1)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.MatchPending(ctx, nil); err != nil {
		b.Fatal(err)
	}
	c := cs[0]
	src := bulkSources(b)
	ins := make([][]NewArticle, b.N)
	for i := range ins {
		ins[i] = make([]NewArticle, articles)
		for j := range ins[i] {
			ins[i][j] = NewArticle{Text: bulkArticle(src, i*articles+j)}
		}
	}
	var load editLoad
	var importTime, matchTime time.Duration
	claims := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stop := load.edit(ctx, b, s, &c, i)
		t0 := time.Now()
		for k := 0; k < articles; k += bulkBatchSize {
			res, err := s.ImportBatch(ctx, nil, ins[i][k:min(k+bulkBatchSize, articles)])
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range res {
				if r.Err != nil {
					b.Fatal(r.Err)
				}
				claims += len(r.Claims)
			}
		}
		load.matching.Store(true)
		t1 := time.Now()
		if _, err := s.MatchPending(ctx, nil); err != nil {
			b.Fatal(err)
		}
		importTime += t1.Sub(t0)
		matchTime += time.Since(t1)
		stop()
	}
	b.StopTimer()
	load.report(b)
	b.ReportMetric(float64(claims)/float64(b.N), "claims/op")
	b.ReportMetric(importTime.Seconds()/float64(b.N), "import-s/op")
	b.ReportMetric(matchTime.Seconds()/float64(b.N), "match-s/op")
}

// editLoad is another reviewer saving edits to one claim back to back
// while a benchmark imports and matches; each edit's latency is counted in
// the phase it started in: while articles are stored, or while they are
// matched (matching set).
type editLoad struct {
	matching                atomic.Bool
	lat, storeLat, matchLat []time.Duration
}

// edit starts the reviewer on claim c for round i; the function it
// returns stops them and waits until they have stopped.
func (l *editLoad) edit(ctx context.Context, b *testing.B, s *Store, c *Claim, i int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		version := c.Version
		for n := 0; ; n++ {
			select {
			case <-done:
				c.Version = version
				return
			default:
			}
			t0 := time.Now()
			inMatch := l.matching.Load()
			got, err := s.UpdateClaim(ctx, nil, c.ID, ClaimUpdate{Version: version, Conclusion: new(fmt.Sprint("edit ", i, n))})
			if err != nil {
				b.Error(err)
				return
			}
			d := time.Since(t0)
			l.lat = append(l.lat, d)
			if inMatch {
				l.matchLat = append(l.matchLat, d)
			} else {
				l.storeLat = append(l.storeLat, d)
			}
			version = got.Version
			time.Sleep(2 * time.Millisecond) // a reviewer's pace, many times over
		}
	})
	return func() {
		close(done)
		wg.Wait()
		l.matching.Store(false)
	}
}

// report gives the edits' latencies, overall and by phase, and their
// counts per op.
func (l *editLoad) report(b *testing.B) {
	pct := func(lat []time.Duration, p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		slices.Sort(lat)
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(l.lat, 0.5), "edit-p50-ms")
	b.ReportMetric(pct(l.lat, 0.99), "edit-p99-ms")
	b.ReportMetric(pct(l.lat, 1), "edit-max-ms")
	b.ReportMetric(pct(l.storeLat, 0.5), "storing-edit-p50-ms")
	b.ReportMetric(pct(l.storeLat, 0.99), "storing-edit-p99-ms")
	b.ReportMetric(pct(l.storeLat, 1), "storing-edit-max-ms")
	b.ReportMetric(pct(l.matchLat, 0.5), "matching-edit-p50-ms")
	b.ReportMetric(pct(l.matchLat, 0.99), "matching-edit-p99-ms")
	b.ReportMetric(pct(l.matchLat, 1), "matching-edit-max-ms")
	b.ReportMetric(float64(len(l.lat))/float64(b.N), "edits/op")
	b.ReportMetric(float64(len(l.storeLat))/float64(b.N), "storing-edits/op")
	b.ReportMetric(float64(len(l.matchLat))/float64(b.N), "matching-edits/op")
}
