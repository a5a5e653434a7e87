package report

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/review"
)

// The export benchmarks run on a generated database: articles of 100
// claims each, every claim with two pieces of evidence (from a library of
// sources shared between claims) and a history row, a third of them done
// with a verdict and conclusion. It is written with direct SQL inserts in
// one transaction (the store's import would run the claim engine on every
// article, which is not what is measured here), once per size, and kept
// for the whole run.

var (
	benchMu  sync.Mutex
	benchDBs = map[int]string{}
	benchDir string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" && os.Getenv("CLAIMDESK_BENCH_DIR") == "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchDB returns the path of a database with n claims.
func benchDB(b *testing.B, n int) string {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if p, ok := benchDBs[n]; ok {
		return p
	}
	if benchDir == "" {
		// CLAIMDESK_BENCH_DIR keeps the generated files, for a look with
		// sqlite3 and for the next run.
		benchDir = os.Getenv("CLAIMDESK_BENCH_DIR")
		if benchDir == "" {
			d, err := os.MkdirTemp("", "claimdesk-bench-")
			if err != nil {
				b.Fatal(err)
			}
			benchDir = d
		}
	}
	path := filepath.Join(benchDir, fmt.Sprintf("claims-%d.db", n))
	if _, err := os.Stat(path); err == nil && os.Getenv("CLAIMDESK_BENCH_DIR") != "" {
		benchDBs[n] = path
		return path
	}
	start := time.Now()
	if err := generate(path, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d claims in %v", n, time.Since(start).Round(time.Millisecond))
	benchDBs[n] = path
	return path
}

const perArticle = 100

func generate(path string, n int) error {
	ctx := context.Background()
	db, err := claimdesk.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := "2026-11-20T09:00:00.000000Z"
	if _, err := tx.Exec("INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('ed', 'editor', 'x', ?, ?), ('rita', 'reviewer', 'x', ?, ?)", now, now, now, now); err != nil {
		return err
	}
	prep := func(q string) (*stmt, error) {
		s, err := tx.Prepare(q)
		return &stmt{s}, err
	}
	art, err := prep("INSERT INTO articles (title, url, outlet, author, published, body, body_hash, created_by, created_at, updated_at) VALUES (?, ?, 'Example News', 'Jo Reporter', '2026-11-20', ?, ?, 1, ?, ?)")
	if err != nil {
		return err
	}
	// The store gives every claim its slug at import; so does this.
	cl, err := prep(`INSERT INTO claims (article_id, start_byte, end_byte, text, score, kind, speaker, status, verdict_id, conclusion, assignee_id, signed_off_by, signed_off_at, created_at, updated_at, slug)
		VALUES (?, ?, ?, ?, ?, 'statistic', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	src, err := prep("INSERT INTO sources (url, title, publisher, accessed, created_by, created_at) VALUES (?, ?, 'Statistics Office', '2026-11-25', 2, ?)")
	if err != nil {
		return err
	}
	ev, err := prep("INSERT INTO evidence (claim_id, source_id, stance, quote, created_by, created_at) VALUES (?, ?, ?, 'the table on page 4', 2, ?)")
	if err != nil {
		return err
	}
	hi, err := prep("INSERT INTO history (claim_id, user_id, at, field, from_value, to_value) VALUES (?, NULL, ?, 'status', '', 'new')")
	if err != nil {
		return err
	}
	nsources := n/10 + 1
	for i := 1; i <= nsources; i++ {
		if err := src.exec(fmt.Sprintf("https://stats.example.gov/table/%d", i), fmt.Sprintf("Table %d", i), now); err != nil {
			return err
		}
	}
	claimID := int64(0)
	for a := 0; a*perArticle < n; a++ {
		var body strings.Builder
		spans := make([][2]int, 0, perArticle)
		for j := 0; j < perArticle && a*perArticle+j < n; j++ {
			s := fmt.Sprintf("Officials said exports in region %d rose by %d.%d percent in %d, the minister claimed. ", a, j, a%10, 2000+j%25)
			spans = append(spans, [2]int{body.Len(), body.Len() + len(s) - 1})
			body.WriteString(s)
		}
		text := body.String()
		res, err := art.s.Exec(fmt.Sprintf("Article %d on exports", a), fmt.Sprintf("https://news.example.com/%d", a), text, strconv.Itoa(a), now, now)
		if err != nil {
			return err
		}
		aid, _ := res.LastInsertId()
		for j, sp := range spans {
			claimID++
			var verdict, signer, signedAt, assignee any
			status, conclusion := "researching", ""
			switch j % 3 {
			case 0:
				status, verdict, conclusion, signer, signedAt = "done", 1+j%7, "The official table says otherwise, and the trend is flat.", 1, now
			case 1:
				assignee = 2
			}
			if err := cl.exec(aid, sp[0], sp[1], text[sp[0]:sp[1]], 0.5+float64(j%50)/100, "The minister", status, verdict, conclusion,
				assignee, signer, signedAt, now, now, Slug(claimID, text[sp[0]:sp[1]], "")); err != nil {
				return err
			}
			for k := range 2 {
				stance := []string{"supports", "refutes", "context"}[(j+k)%3]
				if err := ev.exec(claimID, 1+(claimID*2+int64(k))%int64(nsources), stance, now); err != nil {
					return err
				}
			}
			if err := hi.exec(claimID, now); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

type stmt struct{ s *sql.Stmt }

func (s *stmt) exec(args ...any) error { _, err := s.s.Exec(args...); return err }

// benchStore opens a store on path.
func benchStore(b *testing.B, path string) *review.Store {
	b.Helper()
	db, err := claimdesk.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	m, _ := claims.DefaultModel()
	return review.NewStore(db, m)
}

// csvJoin is the CSV export's query written for the sqlite3 shell: the
// same rows, columns and evidence, in the same order.
const csvJoin = `SELECT c.id, a.title, a.url, c.text, c.start_byte, c.end_byte, c.speaker, c.kind, c.score, c.status,
 v.name, c.conclusion, u.name,
 (SELECT group_concat(e.stance || ': ' || CASE WHEN s.title <> '' THEN s.title || ' ' ELSE '' END || '<' || s.url || '>', ' | ') FROM evidence e JOIN sources s ON s.id = e.source_id WHERE e.claim_id = c.id),
 c.created_at, c.updated_at, c.signed_off_at, us.name, c.statement, k.name
FROM claims c JOIN articles a ON a.id = c.article_id
LEFT JOIN verdicts v ON v.id = c.verdict_id LEFT JOIN users u ON u.id = c.assignee_id LEFT JOIN users us ON us.id = c.signed_off_by
LEFT JOIN claimants k ON k.id = c.claimant_id
WHERE c.candidate = 0 ORDER BY c.article_id, c.start_byte, c.id;`

// sqliteRate runs the sqlite3 shell on the join (best of three) and
// returns its rows per second; 0 when sqlite3 is not installed.
func sqliteRate(b *testing.B, path string, mode string, rows int) (wall, cpu float64) {
	b.Helper()
	bin, err := osexec.LookPath("sqlite3")
	if err != nil {
		b.Log("sqlite3 not found: no comparison")
		return 0, 0
	}
	best, bestCPU := time.Duration(0), time.Duration(0)
	for range 3 {
		cmd := osexec.Command(bin, "-readonly", mode, path, csvJoin)
		var stderr strings.Builder
		cmd.Stdout, cmd.Stderr = io.Discard, &stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("sqlite3: %v %s", err, stderr.String())
		}
		if d := time.Since(start); best == 0 || d < best {
			best = d
		}
		if c := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(); bestCPU == 0 || c < bestCPU {
			bestCPU = c
		}
	}
	return float64(rows) / best.Seconds(), float64(rows) / bestCPU.Seconds()
}

// cpuTime is the CPU time this process has used (all threads, user and
// system): on a shared machine it says more than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// childRun is what one export in a fresh process measured.
type childRun struct {
	peakMB    float64 // peak resident memory of the whole process
	wall, cpu time.Duration
}

// child runs one export of path in a fresh process (this test binary,
// TestExportChild), as the sqlite3 shell runs in one: the figures hold the
// export alone, not the data generation, and both programs meet the same
// machine. Best of three.
func child(b *testing.B, path, format string) childRun {
	b.Helper()
	var best childRun
	for i := range 3 {
		cmd := osexec.Command(os.Args[0], "-test.run=^TestExportChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CLAIMDESK_EXPORT_CHILD="+path, "CLAIMDESK_EXPORT_FORMAT="+format)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child export: %v\n%s", err, out)
		}
		var r childRun
		for line := range strings.SplitSeq(string(out), "\n") {
			f := strings.Fields(line)
			if len(f) != 2 {
				continue
			}
			v, _ := strconv.ParseFloat(f[1], 64)
			switch f[0] {
			case "peak-kB":
				r.peakMB = v / 1024
			case "wall-ns":
				r.wall = time.Duration(v)
			case "cpu-ns":
				r.cpu = time.Duration(v)
			}
		}
		if r.peakMB == 0 || r.wall == 0 {
			b.Fatalf("the child printed no figures:\n%s", out)
		}
		if i == 0 || r.wall < best.wall {
			best.wall = r.wall
		}
		if i == 0 || r.cpu < best.cpu {
			best.cpu = r.cpu
		}
		best.peakMB = max(best.peakMB, r.peakMB)
	}
	return best
}

// TestExportChild is the process childPeak starts; on its own it does
// nothing.
func TestExportChild(t *testing.T) {
	path := os.Getenv("CLAIMDESK_EXPORT_CHILD")
	if path == "" {
		t.Skip("run by the export benchmarks to measure peak memory")
	}
	db, err := claimdesk.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, _ := claims.DefaultModel()
	s := review.NewStore(db, m)
	f, err := FormatByName(os.Getenv("CLAIMDESK_EXPORT_FORMAT"))
	if err != nil {
		t.Fatal(err)
	}
	start, cpu0 := time.Now(), cpuTime()
	if _, err := Write(context.Background(), s, f, Filter{}, io.Discard, Options{}); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("wall-ns %d\ncpu-ns %d\n", time.Since(start), cpuTime()-cpu0)
	st, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc: peak memory is not measured here")
	}
	defer st.Close()
	sc := bufio.NewScanner(st)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			fmt.Printf("peak-kB %s\n", strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
}

func benchExport(b *testing.B, format string, sqliteMode string) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("claims=%d", n), func(b *testing.B) {
			path := benchDB(b, n)
			s := benchStore(b, path)
			f, _ := FormatByName(format)
			var written countWriter
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				written = 0
				if _, err := Write(context.Background(), s, f, Filter{}, &written, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			elapsed, cpu := b.Elapsed(), cpuTime()-cpu0
			b.StopTimer()
			ours, oursCPU := float64(n*b.N)/elapsed.Seconds(), float64(n*b.N)/cpu.Seconds()
			b.ReportMetric(ours, "rows/s")
			b.ReportMetric(oursCPU, "rows/cpu-s")
			b.ReportMetric(float64(written)/1e6, "MB-out")
			theirs, theirsCPU := sqliteRate(b, path, sqliteMode, n)
			if theirs > 0 {
				b.ReportMetric(theirs, "sqlite3-rows/s")
				b.ReportMetric(theirsCPU, "sqlite3-rows/cpu-s")
				b.ReportMetric(ours/theirs, "ratio")
				b.ReportMetric(oursCPU/theirsCPU, "cpu-ratio")
			}
			c := child(b, path, format)
			b.ReportMetric(c.peakMB, "peak-MB")
			b.ReportMetric(float64(n)/c.wall.Seconds(), "fresh-rows/s")
			if theirs > 0 {
				b.ReportMetric(float64(n)/c.wall.Seconds()/theirs, "fresh-ratio")
			}
		})
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// BenchmarkExportCSV measures the CSV export against `sqlite3 -csv` running
// the same join on the same file.
func BenchmarkExportCSV(b *testing.B) { benchExport(b, "csv", "-csv") }

// BenchmarkExportJSON measures the JSON export (every claim with evidence,
// comments, history and matches) against `sqlite3 -json` running the
// CSV's join on the same file.
func BenchmarkExportJSON(b *testing.B) { benchExport(b, "json", "-json") }
