package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims"
)

// bulkDocs is how many documents the bulk import benchmark reads.
const bulkDocs = 500

// bulkFiles are the files the bulk import benchmark imports: the first
// 500 documents of the UD English train split (../shared/data/sentences/ud/train,
// in its manifest's order, one file each), or, when the shared data is
// absent, 500 generated articles of real sentences (benchFiles, from the
// committed demo article and pairs) written to a temporary folder.
func bulkFiles(b *testing.B) (paths []string, what string) {
	b.Helper()
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	for _, d := range []string{os.Getenv("CLAIMDESK_SHARED"), filepath.Join(root, "..", "shared"), filepath.Join(root, "..", "..", "shared")} {
		if d == "" {
			continue
		}
		dir := filepath.Join(d, "data", "sentences", "ud", "train")
		data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
		if err != nil {
			continue
		}
		var docs []struct {
			File string `json:"file"`
		}
		if err := json.Unmarshal(data, &docs); err != nil {
			b.Fatal(err)
		}
		for _, doc := range docs[:min(bulkDocs, len(docs))] {
			paths = append(paths, filepath.Join(dir, doc.File))
		}
		return paths, "UD train documents"
	}
	dir := b.TempDir()
	for i, text := range benchFiles(b, bulkDocs) {
		p := filepath.Join(dir, fmt.Sprintf("article%03d.txt", i))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths, "generated articles (the shared data is absent)"
}

// BenchmarkBulkImport compares, in one run on the same files: the claim
// engine alone (what claimdesk extract does for each file, one after the
// other), claimdesk import with matching and without (each into a new
// database), and the storage floor: a plain database/sql program that
// inserts the rows the import wrote (articles, claimants, claims, history,
// the match index, matches) into a new database of the same schema, with
// prepared statements and one transaction per 64 articles. One op is the
// whole comparison; run it with -benchtime=1x.
//
// The import with matching is timed twice: "import" until it ends, every
// claim's "checked before?" answers stored; "import-stored" until its
// summary is printed, every article stored and searchable, with the
// matcher beside it still at work on the last batches.
func BenchmarkBulkImport(b *testing.B) {
	files, what := bulkFiles(b)
	b.Logf("%d %s", len(files), what)
	ctx := context.Background()
	m, err := claims.DefaultModel()
	if err != nil {
		b.Fatal(err)
	}
	// Each phase's wall time and CPU time (the process's, all threads):
	// on a machine shared with other work the CPU figures move less.
	var wall, cpu [5]time.Duration
	const engine, withMatch, noMatch, floor, stored = 0, 1, 2, 3, 4
	// Each phase's samples carry its name as the pprof label "phase"
	// (go tool pprof -tagfocus phase=import): goroutines started in a
	// phase, such as the matcher beside the import, carry it too.
	names := [...]string{"engine", "import", "import-nomatch", "floor"}
	phase := func(k int, f func()) {
		t0, c0 := time.Now(), cpuTime()
		pprof.Do(ctx, pprof.Labels("phase", names[k]), func(context.Context) { f() })
		wall[k] += time.Since(t0)
		cpu[k] += cpuTime() - c0
	}
	var claimRows int
	for i := 0; i < b.N; i++ {
		phase(engine, func() {
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					b.Fatal(err)
				}
				m.Extract(string(data))
			}
		})
		dir := b.TempDir()
		matched := filepath.Join(dir, "matched.db")
		summary := &firstWrite{}
		phase(withMatch, func() {
			t0, c0 := time.Now(), cpuTime()
			runImport(b, ctx, matched, files, true, summary)
			wall[stored] += summary.at.Sub(t0)
			cpu[stored] += summary.cpu - c0
		})
		phase(noMatch, func() { runImport(b, ctx, filepath.Join(dir, "stored.db"), files, false, io.Discard) })
		rows := readBulkRows(b, ctx, matched)
		claimRows = len(rows.tables["claims"].rows)
		phase(floor, func() { insertBulkRows(b, ctx, filepath.Join(dir, "floor.db"), rows) })
	}
	n := float64(len(files) * b.N)
	for k, name := range []string{"engine", "import", "import-nomatch", "floor", "import-stored"} {
		b.ReportMetric(n/wall[k].Seconds(), name+"-articles/s")
		b.ReportMetric(n/cpu[k].Seconds(), name+"-articles/cpu-s")
	}
	b.ReportMetric(wall[engine].Seconds()/wall[withMatch].Seconds(), "import/engine")
	b.ReportMetric(wall[floor].Seconds()/wall[withMatch].Seconds(), "import/floor")
	b.ReportMetric(wall[floor].Seconds()/wall[noMatch].Seconds(), "nomatch/floor")
	b.ReportMetric(wall[engine].Seconds()/wall[stored].Seconds(), "stored/engine")
	b.ReportMetric(wall[floor].Seconds()/wall[stored].Seconds(), "stored/floor")
	b.ReportMetric(cpu[engine].Seconds()/cpu[withMatch].Seconds(), "import/engine-cpu")
	b.ReportMetric(cpu[floor].Seconds()/cpu[withMatch].Seconds(), "import/floor-cpu")
	b.ReportMetric(float64(claimRows), "claims")
}

// firstWrite notes when, and at what CPU time of the process, it is
// first written to.
type firstWrite struct {
	at  time.Time
	cpu time.Duration
}

func (w *firstWrite) Write(p []byte) (int, error) {
	if w.at.IsZero() {
		w.at, w.cpu = time.Now(), cpuTime()
	}
	return len(p), nil
}

// runImport runs claimdesk import's article path on files into a new
// database at path, quietly, its summary written to stdout.
func runImport(b *testing.B, ctx context.Context, path string, files []string, match bool, stdout io.Writer) {
	b.Helper()
	store, closeDB, err := openStore(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	tally := &importTally{}
	if err := importArticles(ctx, store, files, tally, stdout, io.Discard, true, match); err != nil {
		b.Fatal(err)
	}
	if err := closeDB(); err != nil {
		b.Fatal(err)
	}
	if tally.imported == 0 || len(tally.refused) > 0 {
		b.Fatalf("imported %d, refused %v", tally.imported, tally.refused)
	}
}

// bulkTable is the rows of one table, read whole.
type bulkTable struct {
	cols []string
	rows [][]any
}

// bulkRows is what an import wrote, grouped so it can be inserted the way
// the import inserts it: by article.
type bulkRows struct {
	tables map[string]*bulkTable
}

// bulkTables are the tables an import writes, in the order of their
// foreign keys. match_fts holds the match index's own columns.
var bulkTables = []struct{ name, cols, order string }{
	{"claimants", "*", "id"},
	{"articles", "*", "id"},
	{"claims", "*", "id"},
	{"history", "*", "id"},
	{"match_fts", "rowid, text, title, description", "rowid"},
	{"matches", "*", "claim_id, id"},
}

func readBulkRows(b *testing.B, ctx context.Context, path string) *bulkRows {
	b.Helper()
	db, err := claimdesk.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	out := &bulkRows{tables: map[string]*bulkTable{}}
	for _, t := range bulkTables {
		rows, err := db.Read.QueryContext(ctx, "SELECT "+t.cols+" FROM "+t.name+" ORDER BY "+t.order)
		if err != nil {
			b.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			b.Fatal(err)
		}
		bt := &bulkTable{cols: cols}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			bt.rows = append(bt.rows, vals)
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		out.tables[t.name] = bt
	}
	return out
}

// insertBulkRows is the storage floor: rows inserted through database/sql
// into a new database of the same schema (schema.sql, the same settings),
// 64 articles with their claims, history and index rows a transaction,
// every statement prepared once per transaction, opening the database
// included.
func insertBulkRows(b *testing.B, ctx context.Context, path string, r *bulkRows) {
	b.Helper()
	db, err := claimdesk.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	col := func(t *bulkTable, name string) int {
		for i, c := range t.cols {
			if c == name {
				return i
			}
		}
		b.Fatalf("no column %s", name)
		return -1
	}
	arts, cls, hist, idx := r.tables["articles"], r.tables["claims"], r.tables["history"], r.tables["match_fts"]
	claimArticle := map[int64]int64{}
	claimsOf := map[int64][][]any{}
	for _, row := range cls.rows {
		a := row[col(cls, "article_id")].(int64)
		claimArticle[row[0].(int64)] = a
		claimsOf[a] = append(claimsOf[a], row)
	}
	histOf := map[int64][][]any{}
	for _, row := range hist.rows {
		a := claimArticle[row[col(hist, "claim_id")].(int64)]
		histOf[a] = append(histOf[a], row)
	}
	idxOf := map[int64][][]any{}
	for _, row := range idx.rows {
		a := claimArticle[row[0].(int64)]
		idxOf[a] = append(idxOf[a], row)
	}
	insert := func(tx *sql.Tx, name string, t *bulkTable) *sql.Stmt {
		q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", name, strings.Join(t.cols, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", "))
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		return st
	}
	exec := func(st *sql.Stmt, rows [][]any) {
		for _, row := range rows {
			if _, err := st.ExecContext(ctx, row...); err != nil {
				b.Fatal(err)
			}
		}
	}
	inTx := func(f func(tx *sql.Tx)) {
		tx, err := db.Write.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		f(tx)
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	inTx(func(tx *sql.Tx) {
		st := insert(tx, "claimants", r.tables["claimants"])
		defer st.Close()
		exec(st, r.tables["claimants"].rows)
	})
	for i := 0; i < len(arts.rows); i += importBatchSize {
		inTx(func(tx *sql.Tx) {
			sa, sc, sh, si := insert(tx, "articles", arts), insert(tx, "claims", cls), insert(tx, "history", hist), insert(tx, "match_fts", idx)
			defer func() { sa.Close(); sc.Close(); sh.Close(); si.Close() }()
			for _, row := range arts.rows[i:min(i+importBatchSize, len(arts.rows))] {
				a := row[0].(int64)
				exec(sa, [][]any{row})
				exec(sc, claimsOf[a])
				exec(sh, histOf[a])
				exec(si, idxOf[a])
			}
		})
	}
	ms := r.tables["matches"]
	for i := 0; i < len(ms.rows); i += 4096 {
		inTx(func(tx *sql.Tx) {
			st := insert(tx, "matches", ms)
			defer st.Close()
			exec(st, ms.rows[i:min(i+4096, len(ms.rows))])
		})
	}
}
