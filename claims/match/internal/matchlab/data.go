package main

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"claimdesk/claims/match"

	_ "github.com/mattn/go-sqlite3" // FTS5 as the store runs it, built with -tags sqlite_fts5
)

// factCheck is one line of the shared ClaimReview archive.
type factCheck struct {
	ID                                    string // vclaim-sno-SLUG
	Claim, Headline, Description, RawBody string
}

type query struct {
	ID, Text string
	Answers  map[string]bool
}

type dataset struct {
	FactChecks  []factCheck
	byID        map[string]int64 // vclaim id -> rowid (1-based)
	Train, Dev  []query
	archive     []match.Doc
	db          *sql.DB
	bm25Weights []float64
	dir         string
}

// sharedDir finds shared/data/matching beside the module root, or beside
// the directory that holds it (a second checkout of the repository in a
// folder of its own), or where CLAIMDESK_MATCHING_DATA says.
func sharedDir() (string, error) {
	if d := os.Getenv("CLAIMDESK_MATCHING_DATA"); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			near := filepath.Join(d, "..", "shared", "data", "matching")
			if _, err := os.Stat(filepath.Join(d, "..", "..", "shared", "data", "matching")); err == nil {
				if _, err := os.Stat(near); err != nil {
					return filepath.Join(d, "..", "..", "shared", "data", "matching"), nil
				}
			}
			return near, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("no go.mod above the working directory")
		}
	}
}

func loadDataset(dir, tmp string) (*dataset, error) {
	ds := &dataset{byID: map[string]int64{}, dir: dir, bm25Weights: match.BM25Weights()}
	f, err := os.Open(filepath.Join(dir, "snopes-factchecks.claimreview.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var cr struct {
			URL, ClaimReviewed, Headline, Description string
		}
		if err := json.Unmarshal(sc.Bytes(), &cr); err != nil {
			return nil, fmt.Errorf("archive line %d: %w", len(ds.FactChecks)+1, err)
		}
		slug := strings.TrimSuffix(strings.TrimPrefix(cr.URL, "https://www.snopes.com/fact-check/"), "/")
		fc := factCheck{ID: "vclaim-sno-" + slug, Claim: cr.ClaimReviewed, Headline: cr.Headline, Description: cr.Description}
		ds.FactChecks = append(ds.FactChecks, fc)
		ds.byID[fc.ID] = int64(len(ds.FactChecks))
		ds.archive = append(ds.archive, match.Doc{Kind: "fact_check", ID: int64(len(ds.FactChecks)), Text: fc.Claim, Title: fc.Headline, Description: fc.Description})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, split := range []struct {
		name string
		dst  *[]query
	}{{"train", &ds.Train}, {"dev", &ds.Dev}} {
		qs, err := readQueries(filepath.Join(dir, split.name+".queries.tsv"), filepath.Join(dir, split.name+".qrels.tsv"), ds.byID)
		if err != nil {
			return nil, err
		}
		*split.dst = qs
	}
	if err := ds.index(filepath.Join(tmp, "matching.db")); err != nil {
		return nil, err
	}
	return ds, nil
}

func readQueries(qpath, rpath string, ids map[string]int64) ([]query, error) {
	qb, err := os.ReadFile(qpath)
	if err != nil {
		return nil, err
	}
	rb, err := os.ReadFile(rpath)
	if err != nil {
		return nil, err
	}
	var qs []query
	at := map[string]int{}
	for _, l := range strings.Split(strings.TrimRight(string(qb), "\n"), "\n") {
		id, t, ok := strings.Cut(l, "\t")
		if !ok {
			return nil, fmt.Errorf("%s: no tab in %q", qpath, l)
		}
		at[id] = len(qs)
		qs = append(qs, query{ID: id, Text: t, Answers: map[string]bool{}})
	}
	for _, l := range strings.Split(strings.TrimRight(string(rb), "\n"), "\n") {
		fs := strings.Split(l, "\t")
		if len(fs) != 4 {
			return nil, fmt.Errorf("%s: want 4 fields in %q", rpath, l)
		}
		qi, ok := at[fs[0]]
		if _, known := ids[fs[2]]; !ok || !known {
			return nil, fmt.Errorf("%s: unknown tweet or fact-check in %q", rpath, l)
		}
		qs[qi].Answers[fs[2]] = true
	}
	return qs, nil
}

// index builds the two FTS5 tables: fc as the store builds it (cleaned
// text, title and description; porter stems), and raw for the plain
// baseline (claim and headline as given, lower-cased words, no stems).
func (ds *dataset) index(path string) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=OFF")
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	ds.db = db
	if _, err := db.Exec(`CREATE VIRTUAL TABLE fc USING fts5(text, title, description, tokenize = 'porter unicode61 remove_diacritics 2');
		CREATE VIRTUAL TABLE raw USING fts5(body, tokenize = 'unicode61')`); err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	for i, fc := range ds.FactChecks {
		if _, err := tx.Exec(`INSERT INTO fc(rowid, text, title, description) VALUES (?, ?, ?, ?)`, i+1, match.Clean(fc.Claim), match.Clean(fc.Headline), match.Clean(fc.Description)); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO raw(rowid, body) VALUES (?, ?)`, i+1, fc.Claim+" "+fc.Headline); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// candidates runs the store's query: Query(text) over fc, ordered by
// bm25 with BM25Weights, Candidates rows. With removed, the query's
// answers are deleted first in a transaction that is rolled back, so
// bm25's statistics are those of an archive without them.
func (ds *dataset) candidates(q query, removed bool, w []float64) ([]match.Doc, error) {
	mq := match.Query(q.Text)
	if mq == "" {
		return nil, nil
	}
	tx, err := ds.db.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if removed {
		for id := range q.Answers {
			if _, err := tx.Exec(`DELETE FROM fc WHERE rowid = ?`, ds.byID[id]); err != nil {
				return nil, err
			}
		}
	}
	bm := fmt.Sprintf("bm25(fc, %g, %g, %g)", w[0], w[1], w[2])
	rows, err := tx.Query(`SELECT rowid, `+bm+` FROM fc WHERE fc MATCH ? ORDER BY `+bm+`, rowid LIMIT ?`, mq, match.Candidates)
	if err != nil {
		return nil, err
	}
	return ds.docs(rows)
}

// rawCandidates is the plain baseline: every word of the tweet as given,
// any of them, over claim and headline.
func (ds *dataset) rawCandidates(q query) ([]match.Doc, error) {
	seen := map[string]bool{}
	var terms []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q.Text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && isLetterOrDigit(r))
	}) {
		if !seen[w] {
			seen[w] = true
			terms = append(terms, `"`+w+`"`)
		}
	}
	if len(terms) == 0 {
		return nil, nil
	}
	rows, err := ds.db.Query(`SELECT rowid, bm25(raw) FROM raw WHERE raw MATCH ? ORDER BY bm25(raw), rowid LIMIT ?`, strings.Join(terms, " OR "), match.Candidates)
	if err != nil {
		return nil, err
	}
	return ds.docs(rows)
}

// docs reads rows of (rowid, bm25) into the archive's fact-checks with
// their BM25 scores.
func (ds *dataset) docs(rows *sql.Rows) ([]match.Doc, error) {
	defer rows.Close()
	var out []match.Doc
	for rows.Next() {
		var id int64
		var score float64
		if err := rows.Scan(&id, &score); err != nil {
			return nil, err
		}
		d := ds.archive[id-1]
		d.BM25 = score
		out = append(out, d)
	}
	return out, rows.Err()
}

func (ds *dataset) idOf(d match.Doc) string { return ds.FactChecks[d.ID-1].ID }

// examples gathers the trainer's examples for qs: candidates as given and
// with the answers removed.
func (ds *dataset) examples(qs []query) ([]match.Example, error) {
	out := make([]match.Example, len(qs))
	for i, q := range qs {
		cands, err := ds.candidates(q, false, ds.bm25Weights)
		if err != nil {
			return nil, err
		}
		rem, err := ds.candidates(q, true, ds.bm25Weights)
		if err != nil {
			return nil, err
		}
		ans := make([]bool, len(cands))
		for j, c := range cands {
			ans[j] = q.Answers[ds.idOf(c)]
		}
		out[i] = match.Example{Query: q.Text, Cands: cands, Answer: ans, Removed: rem}
	}
	return out, nil
}
