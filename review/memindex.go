package review

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The matcher's copy of the match index (match_fts) in memory.
//
// A bulk import ranks thousands of claims, and each FTS5 query computes
// bm25 for every row holding any of its words (about 1,200 rows a query on
// an index of 10,000 claims) before keeping the best match.Candidates: that
// was half the import's time. The matcher keeps instead the index's words
// as FTS5 itself tokenised them (read through fts5vocab; the rows a step
// adds are tokenised in Go where ftsTerms gives FTS5's own terms, by FTS5
// otherwise) and computes bm25 as FTS5's bm25() does, operation for
// operation, so the rows found, their order and their scores are those of
// the SQL query to the bit (TestMemIndexFindsWhatTheIndexFinds).
//
// The copy is exact or not used. It is tied to the index's structure
// record (match_fts_data id 10), which FTS5 rewrites at every change of
// the index: a reader whose snapshot has another record ranks with the
// SQL query, and the next large step takes a new copy. The matcher's own
// index rows are tokenised in the transaction that writes them, which
// then flushes the index and takes the new record (prepareMemAdd), and
// are put in the copy once the step before ends its ranking (apply), so
// a bulk import reads the index once.

// memIndexMinJobs is how many claims a matcher step must look up before
// it takes a copy of the index: a step of a few claims (an edit on the
// desk) is cheaper with the SQL query than with reading the index.
const memIndexMinJobs = 16

// memIndexMaxRows bounds the index the matcher copies into memory (about
// 250 bytes a row): past it, every step uses the SQL query.
const memIndexMaxRows = 300000

// matchTokenize is match_fts's tokenizer (schema.sql); the scratch table
// that tokenises the matcher's new rows and query words uses the same.
const matchTokenize = "porter unicode61 remove_diacritics 2"

// memIndex is match_fts at one structure record.
type memIndex struct {
	structure []byte // match_fts_data id 10 when the copy was taken
	rows      int64  // rows in the index (FTS5's xRowCount)
	tokens    int64  // tokens over every column (xColumnTotalSize(-1))
	docs      []memDoc
	at        map[int64]int32 // rowid -> docs index
	postings  map[string][]memPosting
	// words holds the index terms each query word tokenises to, as FTS5
	// tokenised it.
	words map[string][]string
}

// memDoc is one index row.
type memDoc struct {
	rowid   int64
	article int64 // the claim's article; 0 for a fact-check
	size    int32 // tokens over every column (xColumnSize(-1))
	// text is a claim's statement, or its text when it has none, as the
	// matcher ranks it ("" for a fact-check).
	text string
}

// memPosting is a term's count in each column of one row.
type memPosting struct {
	doc int32
	n   [3]int32
}

// ftsState reads the index's structure record and its totals (the
// averages record: rows, then tokens per column) as q sees them.
func ftsState(ctx context.Context, q querier) (structure []byte, rows, tokens int64, err error) {
	var avg []byte
	err = q.QueryRowContext(ctx, `SELECT (SELECT block FROM match_fts_data WHERE id = 10), (SELECT block FROM match_fts_data WHERE id = 1)`).Scan(&structure, &avg)
	if err != nil {
		return nil, 0, 0, err
	}
	for i := 0; len(avg) > 0; i++ {
		v, n := ftsVarint(avg)
		if n == 0 {
			return nil, 0, 0, errors.New("match_fts: unreadable averages record")
		}
		avg = avg[n:]
		if i == 0 {
			rows = int64(v)
		} else {
			tokens += int64(v)
		}
	}
	return structure, rows, tokens, nil
}

// ftsVarint decodes SQLite's variable-length integer (as FTS5 writes its
// averages record); n is 0 when b ends too soon.
func ftsVarint(b []byte) (v uint64, n int) {
	for i := 0; i < len(b); i++ {
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// ftsColumn returns the index of an fts5vocab column name.
func ftsColumn(name string) (int, error) {
	switch name {
	case "text":
		return 0, nil
	case "title":
		return 1, nil
	case "description":
		return 2, nil
	}
	return 0, fmt.Errorf("match_fts: unknown column %q", name)
}

// readTerms reads an fts5vocab instance table grouped by row and column:
// for each row, the terms of each column in order.
func readTerms(ctx context.Context, tx *sql.Tx, vocab string) (map[int64]*[3][]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT doc, col, group_concat(term, ' ') FROM `+vocab+` GROUP BY doc, col`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]*[3][]string{}
	for rows.Next() {
		var doc int64
		var col, terms string
		if err := rows.Scan(&doc, &col, &terms); err != nil {
			return nil, err
		}
		c, err := ftsColumn(col)
		if err != nil {
			return nil, err
		}
		d := out[doc]
		if d == nil {
			d = &[3][]string{}
			out[doc] = d
		}
		// A term holds letters and digits only (unicode61), never a space.
		d[c] = strings.Split(terms, " ")
	}
	return out, rows.Err()
}

// tokenize returns the terms FTS5 makes of each row's three columns: a
// row of one ASCII column is tokenised in Go (ftsTerms, the same terms;
// known holds those worked out already, by text), every other one by
// FTS5 itself (tokenizeInFTS5).
func tokenize(ctx context.Context, tx *sql.Tx, rows map[int64][3]string, known map[string][]string) (map[int64]*[3][]string, error) {
	out := make(map[int64]*[3][]string, len(rows))
	var rest map[int64][3]string
	for id, r := range rows {
		if r[1] == "" && r[2] == "" {
			ts, ok := known[r[0]]
			if !ok {
				ts, ok = ftsTerms(r[0])
			}
			if ok {
				if len(ts) > 0 { // FTS5's vocabulary holds no row without terms
					out[id] = &[3][]string{ts}
				}
				continue
			}
		}
		if rest == nil {
			rest = map[int64][3]string{}
		}
		rest[id] = r
	}
	if len(rest) == 0 {
		return out, nil
	}
	got, err := tokenizeInFTS5(ctx, tx, rest)
	if err != nil {
		return nil, err
	}
	for id, cols := range got {
		out[id] = cols
	}
	return out, nil
}

// tokenizeInFTS5 returns the terms FTS5 makes of each row's three
// columns, by writing them to a scratch table of match_fts's tokenizer in
// the connection's temporary database and reading its vocabulary back.
func tokenizeInFTS5(ctx context.Context, tx *sql.Tx, rows map[int64][3]string) (map[int64]*[3][]string, error) {
	if len(rows) == 0 {
		return map[int64]*[3][]string{}, nil
	}
	for _, q := range []string{
		`CREATE VIRTUAL TABLE IF NOT EXISTS temp.match_tok USING fts5 (text, title, description, content = '', tokenize = '` + matchTokenize + `')`,
		`CREATE VIRTUAL TABLE IF NOT EXISTS temp.match_tok_terms USING fts5vocab (temp, match_tok, instance)`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	type row struct {
		I int64  `json:"i"`
		A string `json:"a"`
		B string `json:"b"`
		C string `json:"c"`
	}
	list := make([]row, 0, len(rows))
	for id, r := range rows {
		list = append(list, row{id, r[0], r[1], r[2]})
	}
	data, err := json.Marshal(list)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO temp.match_tok (rowid, text, title, description)
		SELECT j.value->>'i', j.value->>'a', j.value->>'b', j.value->>'c' FROM json_each(?) j`, string(data)); err != nil {
		return nil, err
	}
	out, err := readTerms(ctx, tx, "temp.match_tok_terms")
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO temp.match_tok (match_tok) VALUES ('delete-all')`); err != nil {
		return nil, err
	}
	return out, nil
}

// loadMemIndex copies the index as tx sees it.
func loadMemIndex(ctx context.Context, tx *sql.Tx, structure []byte, rows, tokens int64) (*memIndex, error) {
	mi := &memIndex{structure: structure, rows: rows, tokens: tokens, at: map[int64]int32{}, postings: map[string][]memPosting{}, words: map[string][]string{}}
	if _, err := tx.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.match_fts_terms USING fts5vocab (main, match_fts, instance)`); err != nil {
		return nil, err
	}
	terms, err := readTerms(ctx, tx, "temp.match_fts_terms")
	if err != nil {
		return nil, err
	}
	type claimOf struct {
		article int64
		text    string
	}
	claims := map[int64]claimOf{}
	r, err := tx.QueryContext(ctx, `SELECT id, article_id, CASE WHEN statement <> '' THEN statement ELSE text END FROM claims`)
	if err != nil {
		return nil, err
	}
	for r.Next() {
		var id int64
		var c claimOf
		if err := r.Scan(&id, &c.article, &c.text); err != nil {
			r.Close()
			return nil, err
		}
		if terms[id] != nil {
			claims[id] = c
		}
	}
	r.Close()
	if err := r.Err(); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(terms))
	for id := range terms {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		mi.add(memDoc{rowid: id, article: claims[id].article, text: claims[id].text}, terms[id])
	}
	return mi, nil
}

// add puts one index row in the copy, its size worked out from cols (rows
// and tokens are the caller's).
func (mi *memIndex) add(doc memDoc, cols *[3][]string) {
	d := int32(len(mi.docs))
	size := 0
	counts := map[string]*memPosting{}
	var order []string
	for c, ts := range cols {
		size += len(ts)
		for _, t := range ts {
			p := counts[t]
			if p == nil {
				p = &memPosting{doc: d}
				counts[t] = p
				order = append(order, t)
			}
			p.n[c]++
		}
	}
	doc.size = int32(size)
	mi.docs = append(mi.docs, doc)
	mi.at[doc.rowid] = d
	for _, t := range order {
		mi.postings[t] = append(mi.postings[t], *counts[t])
	}
}

// The constants of FTS5's bm25(), as variables so that Go computes with
// them at run time as C does (k1 + 1.0 included).
var bm25K1, bm25B = 1.2, 0.75

// memScratch is one reader's working space for search.
type memScratch struct {
	slot    []int32 // docs index -> 1 + its place in touched (0: not touched)
	touched []int32
	freq    []float64
	hits    []memHit // search's answer, until the next search
}

// memScratches keeps the readers' working spaces from one step to the
// next.
var memScratches = sync.Pool{New: func() any { return new(memScratch) }}

// memHit is one row found, with its bm25() as FTS5 returns it.
type memHit struct {
	rowid int64
	bm25  float64
}

// search is FTS5's `WHERE match_fts MATCH '"w1" OR "w2" ...' [AND rowid
// NOT IN (the claims of skipArticle)] ORDER BY bm25(match_fts, w...) LIMIT
// limit` on the copy. ok is false when a word is not known, or does not
// make exactly one term: the caller asks the index itself.
func (mi *memIndex) search(sc *memScratch, words []string, weights []float64, skipArticle int64, limit int) (hits []memHit, ok bool) {
	if mi.rows <= 0 {
		return nil, false
	}
	phrases := make([]string, len(words))
	for i, w := range words {
		ts, known := mi.words[w]
		if !known || len(ts) != 1 {
			return nil, false
		}
		phrases[i] = ts[0]
	}
	np := len(phrases)
	if len(sc.slot) < len(mi.docs) {
		// Every slot is 0 between searches; room for the rows of a few
		// more steps.
		sc.slot = make([]int32, len(mi.docs)+len(mi.docs)/4+1024)
	}
	sc.touched, sc.freq = sc.touched[:0], sc.freq[:0]
	idf := make([]float64, np)
	for i, t := range phrases {
		ps := mi.postings[t]
		// fts5Bm25GetData: log((nRow - nHit + 0.5) / (nHit + 0.5)), at
		// least 1e-6.
		v := cLog((float64(mi.rows-int64(len(ps))) + 0.5) / (float64(len(ps)) + 0.5))
		if v <= 0 {
			v = 1e-6
		}
		idf[i] = v
		for _, p := range ps {
			s := sc.slot[p.doc]
			if s == 0 {
				sc.touched = append(sc.touched, p.doc)
				s = int32(len(sc.touched))
				sc.slot[p.doc] = s
				for range np {
					sc.freq = append(sc.freq, 0)
				}
			}
			// aFreq[phrase] += the column's weight, once an instance, in
			// the order FTS5 visits instances (column, then offset).
			f := &sc.freq[int(s-1)*np+i]
			for c := range 3 {
				w := 1.0
				if c < len(weights) {
					w = weights[c]
				}
				for range p.n[c] {
					*f += w
				}
			}
		}
	}
	avgdl := float64(mi.tokens) / float64(mi.rows)
	k1, b := bm25K1, bm25B
	// ORDER BY bm25 LIMIT n: the best n, ties in the order FTS5 reads
	// rows (rowid), kept in order as they come.
	hits = sc.hits[:0]
	for k, d := range sc.touched {
		sc.slot[d] = 0
		doc := mi.docs[d]
		if skipArticle != 0 && doc.rowid > 0 && doc.article == skipArticle {
			continue
		}
		// The explicit conversions round each step as C does: no fused
		// multiply-add.
		D := float64(doc.size)
		score := 0.0
		for i := range np {
			f := sc.freq[k*np+i]
			den := f + float64(k1*float64(float64(1-b)+float64(float64(b*D)/avgdl)))
			score += float64(idf[i] * float64(float64(f*float64(k1+1.0))/den))
		}
		h := memHit{doc.rowid, -1.0 * score}
		if len(hits) == limit && !h.before(hits[limit-1]) {
			continue
		}
		at := len(hits)
		for at > 0 && h.before(hits[at-1]) {
			at--
		}
		if len(hits) < limit {
			hits = append(hits, memHit{})
		}
		copy(hits[at+1:], hits[at:len(hits)-1])
		hits[at] = h
	}
	sc.hits = hits
	return hits, true
}

// before orders hits as ORDER BY bm25 does over FTS5's rows: lower bm25
// first, then lower rowid.
func (h memHit) before(o memHit) bool {
	if h.bm25 != o.bm25 {
		return h.bm25 < o.bm25
	}
	return h.rowid < o.rowid
}

// memIndexState is the store's copy of the index and who may use it.
type memIndexState struct {
	mu  sync.Mutex // held by a matcher pass (matchPending) while its steps write and rank
	cur *memIndex
}

// current returns the copy when its structure record is the one q sees;
// nil otherwise.
func (st *memIndexState) current(ctx context.Context, q querier) *memIndex {
	mi := st.cur
	if mi == nil {
		return nil
	}
	structure, _, _, err := ftsState(ctx, q)
	if err != nil || !bytes.Equal(structure, mi.structure) {
		return nil
	}
	return mi
}

// errMemIndexDrift says the copy's totals are not the index's: the copy
// is dropped and the step goes on with the SQL query.
var errMemIndexDrift = errors.New("the match index copy is not the index")

// newIndexRow is an index row the matcher writes: a claim's cleaned text.
type newIndexRow struct {
	id, article int64
	raw, text   string // the claim's text as ranked, and as indexed (cleaned)
}

// syncMemIndex runs inside the transaction of a matcher step's index
// write, before it: it keeps the copy if the index is still the one it was
// taken of, or, when the step looks up at least memIndexMinJobs claims,
// takes a new copy. It returns the copy to keep in step (nil: none).
func (st *memIndexState) syncMemIndex(ctx context.Context, tx *sql.Tx, jobs int) (*memIndex, error) {
	structure, rows, tokens, err := ftsState(ctx, tx)
	if err != nil {
		return nil, err
	}
	if mi := st.cur; mi != nil && bytes.Equal(mi.structure, structure) {
		return mi, nil
	}
	st.cur = nil
	if jobs < memIndexMinJobs || rows > memIndexMaxRows {
		return nil, nil
	}
	return loadMemIndex(ctx, tx, structure, rows, tokens)
}

// memAdd is what a step's index write adds to the copy: worked out in the
// write's transaction without changing the copy (the step before may
// still be ranking with it), and put in it by apply.
type memAdd struct {
	added     []newIndexRow
	cols      []*[3][]string // the terms of added[i]
	order     []string       // the query words the copy did not know
	terms     map[int64]*[3][]string
	structure []byte
}

// prepareMemAdd tokenises the rows the step just wrote and its query
// words the copy does not know (known: the terms of those tokenised
// before the transaction), flushes the index so its structure record is
// final inside the transaction, and checks that the copy with the rows
// added has FTS5's own totals. It reads mi and changes nothing of it.
func prepareMemAdd(ctx context.Context, tx *sql.Tx, mi *memIndex, added []newIndexRow, queries []string, known map[string][]string) (*memAdd, error) {
	// One pass through the scratch table: the new rows under their ids
	// (claims, above 0), the new query words under ids below 0.
	toks, order := wordRows(mi, queries)
	for _, r := range added {
		toks[r.id] = [3]string{r.text, "", ""}
	}
	terms, err := tokenize(ctx, tx, toks, known)
	if err != nil {
		return nil, err
	}
	a := &memAdd{added: added, cols: make([]*[3][]string, len(added)), order: order, terms: terms}
	rows, tokens := mi.rows, mi.tokens
	for i, r := range added {
		cols := terms[r.id]
		if cols == nil {
			cols = &[3][]string{}
		}
		a.cols[i] = cols
		rows++
		for _, ts := range cols {
			tokens += int64(len(ts))
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO match_fts (match_fts) VALUES ('flush')`); err != nil {
		return nil, err
	}
	structure, frows, ftokens, err := ftsState(ctx, tx)
	if err != nil {
		return nil, err
	}
	if frows != rows || ftokens != tokens {
		return nil, fmt.Errorf("%w: %d rows and %d tokens, the index %d and %d", errMemIndexDrift, rows, tokens, frows, ftokens)
	}
	a.structure = structure
	return a, nil
}

// apply puts a step's rows and words (prepareMemAdd) in the copy.
func (mi *memIndex) apply(a *memAdd) {
	for i, r := range a.added {
		mi.add(memDoc{rowid: r.id, article: r.article, text: r.raw}, a.cols[i])
		mi.rows++
		mi.tokens += int64(mi.docs[len(mi.docs)-1].size)
	}
	mi.structure = a.structure
	setWords(mi, a.order, a.terms)
}

// learnWords tokenises the query words the copy does not know yet.
func learnWords(ctx context.Context, tx *sql.Tx, mi *memIndex, queries []string) error {
	toks, order := wordRows(mi, queries)
	terms, err := tokenize(ctx, tx, toks, nil)
	if err != nil {
		return err
	}
	setWords(mi, order, terms)
	return nil
}

// wordRows gives each query word the copy does not know a row of its own
// (ids -1, -2, ...), so a word FTS5 splits shows as several terms (and is
// then left to the SQL query).
func wordRows(mi *memIndex, queries []string) (map[int64][3]string, []string) {
	rows := map[int64][3]string{}
	var order []string
	seen := map[string]bool{}
	for _, w := range queries {
		if _, ok := mi.words[w]; ok || seen[w] {
			continue
		}
		seen[w] = true
		order = append(order, w)
		rows[-int64(len(order))] = [3]string{w, "", ""}
	}
	return rows, order
}

// setWords records the terms FTS5 made of each word of wordRows.
func setWords(mi *memIndex, order []string, terms map[int64]*[3][]string) {
	for i, w := range order {
		var ts []string
		if cols := terms[-int64(i+1)]; cols != nil {
			ts = cols[0]
		}
		mi.words[w] = ts
	}
}
