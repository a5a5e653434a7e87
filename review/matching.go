package review

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"claimdesk/claims/match"
)

// Kinds of a "checked before?" answer.
const (
	KindClaim     = "claim"      // one of the desk's own claims
	KindFactCheck = "fact_check" // a fact-check published elsewhere
)

// MatchKeep is how many matches the matcher stores for each claim: its
// top-k.
const MatchKeep = 5

// matchBatch is how many pending claims one step of the matcher takes:
// its two writes (index, then matches) each hold the writer for this many
// claims only.
const matchBatch = 128

// matchAlongBatch is the step of the matcher after a bulk import
// (MatchImported): each step commits twice, and the import's own batches
// hold the writer longer than such a step does, so larger steps cost the
// other writers no more waiting and the import fewer waits for the disk.
const matchAlongBatch = 512

// matchBesideBatch is the most claims a step of the matcher beside a bulk
// import takes (MatchAlong). The matcher gets the writer about once per
// stored batch of the import, which holds a thousand claims or more, so
// steps of matchAlongBatch fell behind: two thirds of the claims were left
// for after the summary, a step at a time. A step takes what is pending up
// to this bound, and its write holds the writer for less time than an
// import batch does (at most 180 ms against 450 ms on the bulk benchmark).
const matchBesideBatch = 4096

// MatchBudget bounds the distinct texts of one article the matcher ranks.
// An article of a thousand sentences, or one sentence repeated, costs at
// most this many queries; its claims past the budget are marked matched
// with no matches (a reviewer can still ask for any of them on the claim
// page).
const MatchBudget = 500

// Answer is one ranked answer to "has this been checked before?": a
// published fact-check or one of the desk's claims.
type Answer struct {
	Kind      string  `json:"kind"`
	ID        int64   `json:"id"`
	Text      string  `json:"text"`
	Score     float64 `json:"score"`
	Confident bool    `json:"confident"`
	// URL is the fact-check's page, or the claim's page path.
	URL string `json:"url"`
	// Rating is a fact-check's rating in its publisher's words; null for
	// a claim.
	Rating *string `json:"rating"`
	// Verdict is a claim's verdict once an editor signed it off (status
	// done); null otherwise: a verdict in progress is not a verdict.
	Verdict *string `json:"verdict"`
	// Status is where a claim is in the work; null for a fact-check.
	Status *string `json:"status"`
	// Publisher names who published a fact-check.
	Publisher string `json:"publisher,omitempty"`
}

// Asked is a text and its answers, best first: a line of `claimdesk
// match --json` and the answer of GET /api/v1/match.
type Asked struct {
	Text    string   `json:"text"`
	Matches []Answer `json:"matches"`
}

// docInfo is what an answer shows beside the ranker's document.
type docInfo struct {
	url, rating, publisher, status, verdict string
}

// matchTextCache bounds the texts the ranker keeps read (a few kilobytes
// each): a bulk import's claims come back as each other's candidates.
const matchTextCache = 16384

// candidateReader reads the index's candidates for many texts in one read
// transaction, with its statements prepared once: the index query, and
// the claims and fact-checks behind the rows it finds.
type candidateReader struct {
	ctx                   context.Context
	tx                    *sql.Tx
	query, skip, cls, fcs *sql.Stmt
	// mem, when not nil, is the index as tx sees it, in memory: rows are
	// found there rather than by the query.
	mem *memIndex
	sc  *memScratch // with mem, from memScratches
	// read holds the documents read so far by index rowid (nil: no
	// longer there).
	read map[int64]*readDoc
}

// newCandidateReader begins a read transaction on the read pool; Close
// ends it.
func (s *Store) newCandidateReader(ctx context.Context) (*candidateReader, error) {
	tx, err := s.db.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	r := &candidateReader{ctx: ctx, tx: tx}
	const q = `SELECT rowid, bm25(match_fts, ?, ?, ?) AS r FROM match_fts WHERE match_fts MATCH ?`
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{
		{&r.query, q + ` ORDER BY r LIMIT ?`},
		{&r.skip, q + ` AND rowid NOT IN (SELECT id FROM claims WHERE article_id = ?) ORDER BY r LIMIT ?`},
		{&r.cls, `SELECT c.id, CASE WHEN c.statement <> '' THEN c.statement ELSE c.text END, c.status, COALESCE(v.name, '')
			FROM claims c LEFT JOIN verdicts v ON v.id = c.verdict_id WHERE c.id IN (SELECT value FROM json_each(?))`},
		{&r.fcs, `SELECT id, claim_text, title, description, url, rating, publisher
			FROM fact_checks WHERE id IN (SELECT value FROM json_each(?))`},
	} {
		if *p.st, err = tx.PrepareContext(ctx, p.sql); err != nil {
			r.Close()
			return nil, err
		}
	}
	return r, nil
}

// Close ends the read transaction.
func (r *candidateReader) Close() {
	for _, st := range []*sql.Stmt{r.query, r.skip, r.cls, r.fcs} {
		if st != nil {
			st.Close()
		}
	}
	r.tx.Rollback()
}

// candidates reads the index's best rows for text (match.Query, bm25
// with the ranker's column weights, match.Candidates rows) and the
// documents behind them. skipArticle, when not 0, leaves out that
// article's claims (a claim is not "checked before" by its neighbours).
func (r *candidateReader) candidates(text string, skipArticle int64) ([]match.Doc, map[string]docInfo, error) {
	return r.candidatesOf(text, nil, skipArticle)
}

// candidatesOf is candidates with text's match.QueryTerms when the caller
// has them (nil: worked out here). Through the matcher's copy of the
// index (r.mem), a claim found is read from the copy and the answers'
// details (info) are left out: the matcher stores no more than kinds, ids
// and scores.
func (r *candidateReader) candidatesOf(text string, words []string, skipArticle int64) ([]match.Doc, map[string]docInfo, error) {
	ctx := r.ctx
	var hits []memHit
	var claimIDs, fcIDs []int64
	found := false
	if r.mem != nil {
		if words == nil {
			words = match.QueryTerms(text)
		}
		if len(words) == 0 {
			return nil, nil, nil
		}
		hits, found = r.mem.search(r.sc, words, match.BM25Weights(), skipArticle, match.Candidates)
	}
	if !found {
		var err error
		if hits, err = r.queryHits(text, skipArticle); err != nil || hits == nil {
			return nil, nil, err
		}
	}
	// The reader's snapshot does not change, so a document read for one
	// text serves every later one.
	if r.read == nil {
		r.read = map[int64]*readDoc{}
	}
	for _, h := range hits {
		if _, ok := r.read[h.rowid]; ok {
			continue
		}
		r.read[h.rowid] = nil // deleted since the index was read, unless found below
		if found && h.rowid > 0 {
			// The copy holds the claim's text as indexed: a change of it
			// changes the index, and the copy is then not used.
			r.read[h.rowid] = &readDoc{doc: match.Doc{Kind: KindClaim, ID: h.rowid, Text: r.mem.docs[r.mem.at[h.rowid]].text}}
			continue
		}
		if h.rowid > 0 {
			claimIDs = append(claimIDs, h.rowid)
		} else {
			fcIDs = append(fcIDs, -h.rowid)
		}
	}
	if len(claimIDs) > 0 {
		list, _ := json.Marshal(claimIDs)
		rows, err := r.cls.QueryContext(ctx, string(list))
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			d := &readDoc{doc: match.Doc{Kind: KindClaim}}
			in := &d.info
			if err := rows.Scan(&d.doc.ID, &d.doc.Text, &in.status, &in.verdict); err != nil {
				rows.Close()
				return nil, nil, err
			}
			if !HasVerdict(Status(in.status), in.verdict) {
				in.verdict = "" // a verdict in progress is not a verdict
			}
			in.url = fmt.Sprintf("/claims/%d", d.doc.ID)
			r.read[d.doc.ID] = d
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	if len(fcIDs) > 0 {
		list, _ := json.Marshal(fcIDs)
		rows, err := r.fcs.QueryContext(ctx, string(list))
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			d := &readDoc{doc: match.Doc{Kind: KindFactCheck}}
			in := &d.info
			if err := rows.Scan(&d.doc.ID, &d.doc.Text, &d.doc.Title, &d.doc.Description, &in.url, &in.rating, &in.publisher); err != nil {
				rows.Close()
				return nil, nil, err
			}
			r.read[-d.doc.ID] = d
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	out := make([]match.Doc, 0, len(hits))
	var info map[string]docInfo
	if !found {
		info = make(map[string]docInfo, len(hits))
	}
	for _, h := range hits {
		d := r.read[h.rowid]
		if d == nil {
			continue // deleted since the index was read
		}
		doc := d.doc
		doc.BM25 = h.bm25
		out = append(out, doc)
		if info != nil {
			info[docKey(doc.Kind, doc.ID)] = d.info
		}
	}
	return out, info, nil
}

// readDoc is a document behind an index row, as a reader read it.
type readDoc struct {
	doc  match.Doc
	info docInfo
}

// queryHits asks the index itself for text's best rows (see candidates).
func (r *candidateReader) queryHits(text string, skipArticle int64) ([]memHit, error) {
	q := match.Query(text)
	if q == "" {
		return nil, nil
	}
	w := match.BM25Weights()
	var rows *sql.Rows
	var err error
	if skipArticle != 0 {
		rows, err = r.skip.QueryContext(r.ctx, w[0], w[1], w[2], q, skipArticle, match.Candidates)
	} else {
		rows, err = r.query.QueryContext(r.ctx, w[0], w[1], w[2], q, match.Candidates)
	}
	if err != nil {
		return nil, fmt.Errorf("match query %q: %w", q, err)
	}
	defer rows.Close()
	hits := []memHit{}
	for rows.Next() {
		var h memHit
		if err := rows.Scan(&h.rowid, &h.bm25); err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

func docKey(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// rank answers text: the index's candidates re-ranked by the ranker,
// best first.
func (s *Store) rank(r *candidateReader, text string, words []string, skipArticle int64) ([]match.Match, map[string]docInfo, error) {
	docs, info, err := r.candidatesOf(text, words, skipArticle)
	if err != nil || len(docs) == 0 {
		return nil, nil, err
	}
	return s.ranker.RankCached(s.texts, text, docs), info, nil
}

// DefaultMatchLimit is how many answers MatchText gives when asked for 0.
const DefaultMatchLimit = 5

// MaxMatchLimit bounds the answers of one question.
const MaxMatchLimit = match.Candidates

// MaxMatchText bounds the text of one question, in bytes.
const MaxMatchText = 10000

// MatchText answers "has this been checked before?" for any text: the
// desk's claims (candidates included) and the published fact-checks,
// best first, at most limit (DefaultMatchLimit when 0). Reads only.
func (s *Store) MatchText(ctx context.Context, text string, limit int) ([]Answer, error) {
	v := &ValidationError{}
	checkText(v, "text", text)
	if len(text) > MaxMatchText {
		v.Add("text", fmt.Sprintf("the text is longer than %d bytes", MaxMatchText))
	}
	if limit < 0 || limit > MaxMatchLimit {
		v.Add("limit", fmt.Sprintf("ask for 1 to %d answers", MaxMatchLimit))
	}
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	if limit == 0 {
		limit = DefaultMatchLimit
	}
	r, err := s.newCandidateReader(ctx)
	if err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	defer r.Close()
	ms, info, err := s.rank(r, text, nil, 0)
	if err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	out := make([]Answer, 0, min(limit, len(ms)))
	for _, m := range ms[:min(limit, len(ms))] {
		out = append(out, answer(m, info[docKey(m.Kind, m.ID)]))
	}
	return out, nil
}

func answer(m match.Match, in docInfo) Answer {
	a := Answer{Kind: m.Kind, ID: m.ID, Text: m.Text, Score: m.Score, Confident: m.Confident, URL: in.url}
	if m.Kind == KindFactCheck {
		a.Rating, a.Publisher = &in.rating, in.publisher
		return a
	}
	a.Status = &in.status
	if in.verdict != "" {
		a.Verdict = &in.verdict
	}
	return a
}

// MatchProgress counts what the matcher did.
type MatchProgress struct {
	Claims     int // claims whose matches were stored, candidates included
	LookedUp   int // of Claims, those looked up: not candidates (indexed only)
	Confident  int // of LookedUp, those with a confident answer stored
	Texts      int // distinct texts ranked
	FactChecks int // fact-checks whose possible claims were marked for matching
	Pending    int // claims still pending when the count was taken
}

// Plus is p with q's work counted in (Pending, a count taken at one
// time, is p's).
func (p MatchProgress) Plus(q MatchProgress) MatchProgress {
	p.add(q)
	return p
}

// add counts q's work in p (Pending, a count taken at one time, is
// left).
func (p *MatchProgress) add(q MatchProgress) {
	p.Claims += q.Claims
	p.LookedUp += q.LookedUp
	p.Confident += q.Confident
	p.Texts += q.Texts
	p.FactChecks += q.FactChecks
}

// MatchPending finds and stores the matches of every pending claim
// (matched_at NULL), and first marks for matching again the open claims
// that newly imported fact-checks may answer. It works outside any
// import's transaction, in steps of matchBatch claims: the ranking reads
// on the read pool; each step writes twice, briefly (the claims' index
// rows, then their top MatchKeep matches with matched_at), so other
// writers wait at most one short step. Identical texts of one article are
// ranked once; MatchBudget bounds the ranking an article costs. A crash
// loses nothing: a claim stays pending until its matches are stored in
// the same transaction that marks it matched. progress, when not nil, is
// called after each step.
func (s *Store) MatchPending(ctx context.Context, progress func(MatchProgress)) (MatchProgress, error) {
	return s.matchPending(ctx, progress, matchBatch)
}

// MatchImported is MatchPending for the end of a bulk import, in the
// larger steps of the matcher beside it (matchAlongBatch): fewer waits
// for the disk, each write holding the writer a little longer.
func (s *Store) MatchImported(ctx context.Context, progress func(MatchProgress)) (MatchProgress, error) {
	return s.matchPending(ctx, progress, matchAlongBatch)
}

// matchPending is MatchPending in steps of up to step claims.
//
// The steps overlap. A step's one write stores the matches of the steps
// ranked before it and writes its own index rows; it commits only once
// the ranking of the step before holds its snapshot, so that ranking
// reads the index without this step's rows, and the write runs while it
// ranks. Each step thus ranks against the index with its own rows and
// those of every step before, no others: the answers are those of steps
// run one after the other (matchSerial, which tests compare). Claims
// whose matches are not stored yet stay pending, and the next step's
// claims are read after them in the same order (article_id, id). Before
// newly imported fact-checks mark claims for matching again, and when no
// claims are left after them, the steps ranked are stored on their own.
func (s *Store) matchPending(ctx context.Context, progress func(MatchProgress), step int) (MatchProgress, error) {
	var p MatchProgress
	cache := &articleCache{}
	// The copy of the index is kept in step by this pass's writes and
	// read by its rankings until the pass ends.
	s.mem.mu.Lock()
	defer s.mem.mu.Unlock()
	var ranked []*rankedStep // ranked, their matches not stored yet
	var run *rankRun         // the ranking under way
	var next *prefetch       // the next step, prepared meanwhile
	finish := func() error {
		if run == nil {
			return nil
		}
		r := run
		run = nil
		done, err := r.wait()
		if err != nil {
			return err
		}
		p.Texts += r.texts
		ranked = append(ranked, done)
		if s.matchHook != nil {
			s.matchHook("ranked")
		}
		return nil
	}
	stored := func(steps []*rankedStep) error {
		for _, r := range steps {
			p.Claims += len(r.ids())
			l, c := r.answered()
			p.LookedUp += l
			p.Confident += c
			if err := s.alertMatched(ctx, r.ids()); err != nil {
				return err
			}
			if progress != nil {
				if err := s.db.Read.QueryRowContext(ctx, "SELECT count(*) FROM claims WHERE matched_at IS NULL").Scan(&p.Pending); err != nil {
					return err
				}
				progress(p)
			}
		}
		return nil
	}
	storeRanked := func() error {
		steps := ranked
		ranked = nil
		if len(steps) == 0 {
			return nil
		}
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			for _, r := range steps {
				if err := s.storeMatches(ctx, tx, r); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("store matches: %w", err)
		}
		return stored(steps)
	}
	fail := func(err error) (MatchProgress, error) {
		if run != nil {
			run.wait() // its workers end before the pass does
			run = nil
		}
		if next != nil {
			<-next.done
			next = nil
		}
		return p, fmt.Errorf("match pending: %w", err)
	}
	for {
		if s.matchSerial {
			if err := finish(); err != nil {
				return fail(err)
			}
		}
		if run != nil || len(ranked) > 0 {
			waiting, err := s.factChecksWaiting(ctx)
			if err != nil {
				return fail(err)
			}
			if waiting {
				if err := finish(); err != nil {
					return fail(err)
				}
				if err := storeRanked(); err != nil {
					return fail(err)
				}
			}
		}
		if run == nil && len(ranked) == 0 {
			n, err := s.markForFactChecks(ctx)
			if err != nil {
				return fail(err)
			}
			p.FactChecks += n
			if n > 0 {
				continue
			}
		}
		var after *pendingClaim
		if run != nil {
			after = &run.step.batch[len(run.step.batch)-1]
		} else if len(ranked) > 0 {
			last := ranked[len(ranked)-1].batch
			after = &last[len(last)-1]
		}
		prep, err := next.take(ctx, s, step, after)
		next = nil
		if err != nil {
			return fail(err)
		}
		batch := prep.batch
		if len(batch) == 0 {
			if err := finish(); err != nil {
				return fail(err)
			}
			if len(ranked) == 0 {
				return p, nil
			}
			// Store the last steps, then look again from the start: a
			// claim made pending meanwhile may sort before them.
			if err := storeRanked(); err != nil {
				return fail(err)
			}
			continue
		}
		if run != nil {
			run.ready.Wait()
		}
		storing := ranked
		w, err := s.writeStep(ctx, prep, storing)
		if err != nil {
			return fail(err)
		}
		ranked = nil
		if err := stored(storing); err != nil {
			return fail(err)
		}
		// The ranking before ends before the copy of the index changes.
		if err := finish(); err != nil {
			return fail(err)
		}
		if w.mi != nil && w.add != nil {
			w.mi.apply(w.add)
		}
		s.mem.cur = w.mi
		run = s.startRank(ctx, cache, batch, w)
		// The next step's claims are read and prepared while this one
		// ranks and the next write waits for its snapshot.
		next = s.prefetchStep(ctx, step, &batch[len(batch)-1])
	}
}

// factChecksWaiting reports whether fact-checks wait for markForFactChecks.
func (s *Store) factChecksWaiting(ctx context.Context) (bool, error) {
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM fact_checks INDEXED BY fact_checks_unmatched WHERE matched_at IS NULL LIMIT 1)`).Scan(&n)
	return n > 0, err
}

// articleCache keeps the answers of the texts of the article being
// matched: a text repeated across steps is ranked once, and the budget
// counts the article's distinct texts.
type articleCache struct {
	article int64
	ranked  map[string]*rankJob
}

// rankJob is one distinct text of an article to rank, and its top
// MatchKeep answers once ranked.
type rankJob struct {
	text           string
	words          []string // match.QueryTerms(text)
	article, claim int64
	keep           []storedMatch
}

// rankJobs ranks jobs on up to GOMAXPROCS workers, each reading the index
// in its own read transaction (through mi, the matcher's copy of the
// index, when the transaction sees the index it was taken of). Each job's answer depends only on its text,
// its article and the index, so the order they run in changes nothing.
//
// ready, when not nil, is done once per worker (rankWorkers(jobs) of
// them) when its read transaction holds its snapshot: a write committed
// after ready is waited for changes nothing the ranking reads.
func (s *Store) rankJobs(ctx context.Context, jobs []*rankJob, mi *memIndex, ready *sync.WaitGroup) error {
	workers := rankWorkers(jobs)
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			snapped := false
			snap := func() {
				if !snapped && ready != nil {
					snapped = true
					ready.Done()
				}
			}
			defer snap()
			r, err := s.newCandidateReader(ctx)
			if err != nil {
				errs[w] = err
				return
			}
			defer r.Close()
			// The first read takes the transaction's snapshot.
			structure, _, _, err := ftsState(ctx, r.tx)
			if err != nil {
				errs[w] = err
				return
			}
			snap()
			// The copy serves only a snapshot of the index it was taken
			// of; another writer's change since leaves this worker with
			// the query.
			if mi != nil && bytes.Equal(structure, mi.structure) {
				r.mem, r.sc = mi, memScratches.Get().(*memScratch)
				defer memScratches.Put(r.sc)
			}
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) || ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				j := jobs[i]
				ms, _, err := s.rank(r, j.text, j.words, j.article)
				if err != nil {
					errs[w] = fmt.Errorf("claim %d: %w", j.claim, err)
					return
				}
				for _, m := range ms {
					if len(j.keep) == MatchKeep {
						break
					}
					if m.Score <= 0 {
						continue
					}
					j.keep = append(j.keep, storedMatch{kind: m.Kind, id: m.ID, score: m.Score, confident: m.Confident})
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// rankWorkers is how many workers rankJobs runs for jobs.
func rankWorkers(jobs []*rankJob) int { return min(runtime.GOMAXPROCS(0), len(jobs)) }

type storedMatch struct {
	kind      string
	id        int64
	score     float64
	confident bool
}

// pendingClaim is a claim the matcher takes.
type pendingClaim struct {
	id, article int64
	text        string
	candidate   bool
}

// rankedStep is a step whose claims are ranked: each claim's top matches
// (found[i] of batch[i]), to store.
type rankedStep struct {
	batch []pendingClaim
	found [][]storedMatch
	// stale are the claims changed since they were read (storeMatches
	// finds them): their matches are not stored and they stay pending.
	stale map[int64]bool
}

// ids are the step's claims that storeMatches marks matched.
func (r *rankedStep) ids() []int64 {
	ids := make([]int64, 0, len(r.batch))
	for _, c := range r.batch {
		if !r.stale[c.id] {
			ids = append(ids, c.id)
		}
	}
	return ids
}

// answered counts the step's claims that storeMatches marks matched and
// that were looked up (not candidates), and of those the ones with a
// confident answer.
func (r *rankedStep) answered() (lookedUp, confident int) {
	for i, c := range r.batch {
		if c.candidate || r.stale[c.id] {
			continue
		}
		lookedUp++
		for _, m := range r.found[i] {
			if m.confident {
				confident++
				break
			}
		}
	}
	return lookedUp, confident
}

// changedSince returns the claims of batch that, in tx, are no longer as
// they were read: another text to match (statement or text), promoted
// from candidate, or deleted. An edit while a step is ranked makes its
// claim pending again (the triggers of schema.sql), and the step must not
// then write the old text's index row or matches, or mark it matched.
func changedSince(ctx context.Context, tx *sql.Tx, batch []pendingClaim) (map[int64]bool, error) {
	ids := make([]int64, len(batch))
	for i, c := range batch {
		ids[i] = c.id
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, CASE WHEN statement <> '' THEN statement ELSE text END, candidate FROM claims
		WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type state struct {
		text      string
		candidate bool
	}
	now := make(map[int64]state, len(batch))
	for rows.Next() {
		var id int64
		var st state
		if err := rows.Scan(&id, &st.text, &st.candidate); err != nil {
			return nil, err
		}
		now[id] = st
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var changed map[int64]bool
	for _, c := range batch {
		if st, ok := now[c.id]; !ok || st.text != c.text || st.candidate != c.candidate {
			if changed == nil {
				changed = map[int64]bool{}
			}
			changed[c.id] = true
		}
	}
	return changed, nil
}

// pendingBatch reads the next step's claims: up to step pending claims in
// (article_id, id) order, after the claim after when it is not nil (the
// last claim of a step ranked, still pending).
func (s *Store) pendingBatch(ctx context.Context, step int, after *pendingClaim) ([]pendingClaim, error) {
	q := `SELECT id, article_id, CASE WHEN statement <> '' THEN statement ELSE text END, candidate FROM claims INDEXED BY claims_unmatched
		WHERE matched_at IS NULL ORDER BY article_id, id LIMIT ?`
	args := []any{step}
	if after != nil {
		last := *after
		q = `SELECT id, article_id, CASE WHEN statement <> '' THEN statement ELSE text END, candidate FROM claims INDEXED BY claims_unmatched
		WHERE matched_at IS NULL AND (article_id > ? OR article_id = ? AND id > ?) ORDER BY article_id, id LIMIT ?`
		args = []any{last.article, last.article, last.id, step}
	}
	rows, err := s.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var batch []pendingClaim
	for rows.Next() {
		var c pendingClaim
		if err := rows.Scan(&c.id, &c.article, &c.text, &c.candidate); err != nil {
			return nil, err
		}
		batch = append(batch, c)
	}
	return batch, rows.Err()
}

// writtenStep is a step whose index rows are written: the copy of the
// index it ranks with (nil: none) and what the write adds to it (nil:
// nothing), and its claims' query words.
type writtenStep struct {
	mi    *memIndex
	add   *memAdd
	words map[string][]string
}

// indexRow is a claim's row of the match index as a step writes it.
type indexRow struct {
	ID   int64  `json:"i"`
	Text string `json:"t"`
}

// preparedStep is a step's claims with what its write needs that no
// transaction does: each claim's index row (its text cleaned), the query
// words of the claims it looks up, and the terms FTS5 makes of both where
// ftsTerms gives them. The matcher prepares the next step while the
// current one writes.
type preparedStep struct {
	batch    []pendingClaim
	after    *pendingClaim // the claim the batch was read after (nil: from the start)
	rows     []indexRow
	rowsJSON []byte              // rows as JSON
	words    map[string][]string // match.QueryTerms of each text looked up
	allWords []string
	lookups  int
	terms    map[string][]string // ftsTerms of rows' texts and of words, where known
}

// prepareStep reads the next step's claims (pendingBatch after after) and
// prepares them.
func (s *Store) prepareStep(ctx context.Context, step int, after *pendingClaim) (*preparedStep, error) {
	batch, err := s.pendingBatch(ctx, step, after)
	if err != nil {
		return nil, err
	}
	p := &preparedStep{batch: batch, after: after, rows: make([]indexRow, len(batch)), words: map[string][]string{}, terms: map[string][]string{}}
	cleaned := map[string]string{}
	known := func(text string) {
		if _, ok := p.terms[text]; !ok {
			if ts, ok := ftsTerms(text); ok {
				p.terms[text] = ts
			}
		}
	}
	for i, c := range batch {
		t, ok := cleaned[c.text]
		if !ok {
			t = match.Clean(c.text)
			cleaned[c.text] = t
			known(t)
		}
		p.rows[i] = indexRow{c.id, t}
		if c.candidate {
			continue
		}
		p.lookups++
		if _, ok := p.words[c.text]; !ok {
			ws := match.QueryTerms(c.text)
			p.words[c.text] = ws
			p.allWords = append(p.allWords, ws...)
			for _, w := range ws {
				known(w)
			}
		}
	}
	if p.rowsJSON, err = json.Marshal(p.rows); err != nil {
		return nil, err
	}
	return p, nil
}

// prefetch is a step prepared on its own goroutine.
type prefetch struct {
	done chan struct{}
	p    *preparedStep
	err  error
}

// prefetchStep starts preparing the step after after.
func (s *Store) prefetchStep(ctx context.Context, step int, after *pendingClaim) *prefetch {
	f := &prefetch{done: make(chan struct{})}
	go func() {
		defer close(f.done)
		f.p, f.err = s.prepareStep(ctx, step, after)
	}()
	return f
}

// take returns the prefetched step when it was read after after, or
// prepares that step now.
func (f *prefetch) take(ctx context.Context, s *Store, step int, after *pendingClaim) (*preparedStep, error) {
	if f != nil {
		<-f.done
		if f.err == nil && samePlace(f.p.after, after) {
			return f.p, nil
		}
	}
	return s.prepareStep(ctx, step, after)
}

// samePlace reports whether two "read after" places are the same claim.
func samePlace(a, b *pendingClaim) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.id == b.id && a.article == b.article
}

// writeStep writes the step's index rows, in one transaction with the
// matches of the steps ranked before (storing). It works out the rows'
// additions to the copy of the index without changing it: a ranking may
// still read it.
func (s *Store) writeStep(ctx context.Context, p *preparedStep, storing []*rankedStep) (*writtenStep, error) {
	// The claims' index rows, so that claims of other articles in this
	// step find each other. One statement for the step: the index takes
	// the rows at once, not one flush per row.
	batch := p.batch
	w := &writtenStep{words: p.words}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// The steps before's matches first, in the same transaction as
		// this step's index rows.
		for _, r := range storing {
			if err := s.storeMatches(ctx, tx, r); err != nil {
				return fmt.Errorf("store matches: %w", err)
			}
		}
		// A claim edited since it was read is indexed by the step that
		// reads it again, with its new text.
		stale, err := changedSince(ctx, tx, batch)
		if err != nil {
			return err
		}
		list := p.rowsJSON
		if len(stale) > 0 {
			var rows []indexRow
			for _, r := range p.rows {
				if !stale[r.ID] {
					rows = append(rows, r)
				}
			}
			data, err := json.Marshal(rows)
			if err != nil {
				return err
			}
			list = data
		}
		if w.mi, err = s.mem.syncMemIndex(ctx, tx, p.lookups); err != nil {
			return err
		}
		var added []newIndexRow
		if w.mi != nil {
			// The rows this step adds: those not in the index already.
			have := map[int64]bool{}
			rows, err := tx.QueryContext(ctx, `SELECT rowid FROM match_fts WHERE rowid IN (SELECT j.value->>'i' FROM json_each(?) j)`, string(list))
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				have[id] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for i, c := range batch {
				if !have[c.id] && !stale[c.id] {
					added = append(added, newIndexRow{id: c.id, article: c.article, raw: c.text, text: p.rows[i].Text})
				}
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO match_fts (rowid, text, title, description)
			SELECT j.value->>'i', j.value->>'t', '', '' FROM json_each(?) j
			WHERE NOT EXISTS (SELECT 1 FROM match_fts WHERE rowid = j.value->>'i')`, string(list))
		if err != nil || w.mi == nil {
			return err
		}
		if w.add, err = prepareMemAdd(ctx, tx, w.mi, added, p.allWords, p.terms); err != nil {
			if !errors.Is(err, errMemIndexDrift) {
				return err
			}
			w.mi, w.add = nil, nil
		}
		return nil
	})
	if err != nil {
		s.mem.cur = nil
		return nil, fmt.Errorf("index claims: %w", err)
	}
	return w, nil
}

// rankRun is a step's ranking, under way on its own goroutines.
type rankRun struct {
	step   *rankedStep
	answer []*rankJob // each claim's job (nil: none)
	texts  int        // distinct texts ranked
	ready  sync.WaitGroup
	done   chan struct{}
	err    error
}

// startRank starts ranking the step's claims against the index with its
// rows (w.mi, the copy, or the index's query).
func (s *Store) startRank(ctx context.Context, cache *articleCache, batch []pendingClaim, w *writtenStep) *rankRun {
	// Which distinct texts to rank, in claim order (the budget counts an
	// article's distinct texts as they come); then rank them on every
	// core, each worker with its own read transaction.
	var jobs []*rankJob
	answer := make([]*rankJob, len(batch))
	for i, c := range batch {
		if cache.article != c.article {
			cache.article, cache.ranked = c.article, map[string]*rankJob{}
		}
		// A candidate (under the check-worthiness threshold) is indexed,
		// so it answers other claims, but not looked up itself: most
		// sentences of an import are candidates, and nobody asks whether
		// they were checked before until one is promoted, which makes it
		// pending again (the trigger match_claim_promoted).
		if c.candidate {
			continue
		}
		if j, ok := cache.ranked[c.text]; ok {
			answer[i] = j
			continue
		}
		if len(cache.ranked) >= MatchBudget {
			continue
		}
		j := &rankJob{text: c.text, words: w.words[c.text], article: c.article, claim: c.id}
		cache.ranked[c.text] = j
		jobs = append(jobs, j)
		answer[i] = j
	}
	run := &rankRun{step: &rankedStep{batch: batch}, answer: answer, texts: len(jobs), done: make(chan struct{})}
	run.ready.Add(rankWorkers(jobs))
	go func() {
		defer close(run.done)
		run.err = s.rankJobs(ctx, jobs, w.mi, &run.ready)
	}()
	return run
}

// wait waits for the ranking to end and returns the step with its
// matches.
func (r *rankRun) wait() (*rankedStep, error) {
	<-r.done
	if r.err != nil {
		return nil, r.err
	}
	r.step.found = make([][]storedMatch, len(r.step.batch))
	for i, j := range r.answer {
		if j != nil {
			r.step.found[i] = j.keep
		}
	}
	return r.step, nil
}

// storeMatches writes a ranked step's matches in tx and marks its claims
// matched: a few statements for the whole step, not one per match.
func (s *Store) storeMatches(ctx context.Context, tx *sql.Tx, r *rankedStep) error {
	now := fmtTime(s.now())
	var err error
	if r.stale, err = changedSince(ctx, tx, r.batch); err != nil {
		return err
	}
	ids, err := json.Marshal(r.ids())
	if err != nil {
		return err
	}
	// The suggestions found before go; a decided match stays, and is
	// given its new score when it is found again.
	if _, err := tx.ExecContext(ctx, `DELETE FROM matches WHERE state = 'suggested' AND claim_id IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
		return err
	}
	var toClaims, toFactChecks []any
	for i, c := range r.batch {
		if r.stale[c.id] {
			continue
		}
		for _, m := range r.found[i] {
			if m.kind == KindFactCheck {
				toFactChecks = append(toFactChecks, c.id, m.id, m.score, m.confident)
			} else {
				toClaims = append(toClaims, c.id, m.id, m.score, m.confident)
			}
		}
	}
	if err := insertMatches(ctx, tx, "other_id", "claims", toClaims, now); err != nil {
		return err
	}
	if err := insertMatches(ctx, tx, "fact_check_id", "fact_checks", toFactChecks, now); err != nil {
		return err
	}
	// The claims marked matched in one statement: no trigger reads
	// matched_at, and the matches above do not depend on it.
	_, err = tx.ExecContext(ctx, "UPDATE claims SET matched_at = ? WHERE id IN (SELECT value FROM json_each(?))", now, string(ids))
	return err
}

// matchInsertRows is how many matches one insert statement writes at most.
const matchInsertRows = 256

// insertMatches inserts matches (claim, other, score, confident: four
// values a match) to rows of table, through the column col (other_id or
// fact_check_id), matchInsertRows a statement. A match whose other claim
// or fact-check was deleted since it was ranked is left out; one found
// again keeps its decision and takes the new score.
func insertMatches(ctx context.Context, tx *sql.Tx, col, table string, vals []any, now string) error {
	const per = 4
	for len(vals) > 0 {
		n := min(len(vals)/per, matchInsertRows)
		q := `INSERT INTO matches (claim_id, ` + col + `, score, confident, created_at)
			SELECT v.column1, v.column2, v.column3, v.column4, ? FROM (VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", n), ", ") + `) v
			WHERE EXISTS (SELECT 1 FROM ` + table + ` WHERE id = v.column2)
			ON CONFLICT (claim_id, ` + col + `) DO UPDATE SET score = excluded.score, confident = excluded.confident`
		args := append([]any{now}, vals[:per*n]...)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		vals = vals[per*n:]
	}
	return nil
}

// factCheckBatch is how many newly imported fact-checks one step of the
// matcher looks at.
const factCheckBatch = 256

// markForFactChecks takes the pending fact-checks (new or updated) and
// marks for matching again the open claims (neither done nor dismissed)
// each may answer: the claims the index offers for its text. When there
// are more pending fact-checks than open claims, every open claim is
// marked instead, which costs less. It returns how many fact-checks it
// took.
func (s *Store) markForFactChecks(ctx context.Context) (int, error) {
	var ids []int64
	var texts []string
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, claim_text FROM fact_checks INDEXED BY fact_checks_unmatched
		WHERE matched_at IS NULL ORDER BY id LIMIT ?`, factCheckBatch)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			rows.Close()
			return 0, err
		}
		ids, texts = append(ids, id), append(texts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return 0, err
	}
	var open int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM claims
		WHERE matched_at IS NOT NULL AND candidate = 0 AND status NOT IN ('done', 'dismissed') LIMIT ?)`, len(ids)+1).Scan(&open); err != nil {
		return 0, err
	}
	var claimIDs []int64
	all := open <= len(ids)
	if !all {
		w := match.BM25Weights()
		seen := map[int64]bool{}
		for _, t := range texts {
			q := match.Query(t)
			if q == "" {
				continue
			}
			rows, err := s.db.Read.QueryContext(ctx, `SELECT rowid FROM match_fts WHERE match_fts MATCH ? AND rowid > 0
				ORDER BY bm25(match_fts, ?, ?, ?) LIMIT ?`, q, w[0], w[1], w[2], match.Candidates)
			if err != nil {
				return 0, fmt.Errorf("match query %q: %w", q, err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return 0, err
				}
				if !seen[id] {
					seen[id] = true
					claimIDs = append(claimIDs, id)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return 0, err
			}
		}
	}
	fcList, _ := json.Marshal(ids)
	claimList, _ := json.Marshal(claimIDs)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		q := `UPDATE claims SET matched_at = NULL WHERE matched_at IS NOT NULL AND candidate = 0 AND status NOT IN ('done', 'dismissed')`
		args := []any{}
		if !all {
			q += " AND id IN (SELECT value FROM json_each(?))"
			args = append(args, string(claimList))
		}
		if all || len(claimIDs) > 0 {
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE fact_checks SET matched_at = ? WHERE id IN (SELECT value FROM json_each(?))", fmtTime(s.now()), string(fcList))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("mark claims for new fact-checks: %w", err)
	}
	return len(ids), nil
}

// wakeMatcher tells a running RunMatcher that something may be pending.
func (s *Store) wakeMatcher() {
	select {
	case s.matchWake <- struct{}{}:
	default:
	}
}

// Along is the matcher running beside a bulk import (MatchAlong).
type Along struct {
	store  *Store
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	total    MatchProgress // of the passes ended
	failed   error
	progress func(MatchProgress) // set by Finish
	final    bool                // set by Finish: end after the pass under way
}

// MatchAlong runs the matcher beside a bulk import: MatchPending at once
// and again whenever a write transaction of this store commits, so that
// the claims of the batches already stored get their matches while later
// ones are read and stored. Once the import has stored its last batch,
// Finish lets it match what is left; Stop ends it at once.
func (s *Store) MatchAlong(ctx context.Context) *Along {
	mctx, cancel := context.WithCancel(ctx)
	a := &Along{store: s, cancel: cancel, done: make(chan struct{})}
	// Each step's progress, counted with the passes before, once Finish
	// asks for it.
	report := func(m MatchProgress) {
		a.mu.Lock()
		f, base := a.progress, a.total
		a.mu.Unlock()
		if f != nil {
			m.add(base)
			f(m)
		}
	}
	go func() {
		defer close(a.done)
		for {
			p, err := s.matchPending(mctx, report, matchBesideBatch)
			a.mu.Lock()
			a.total.add(p)
			final := a.final
			if err != nil && mctx.Err() == nil {
				a.failed = err
			}
			a.mu.Unlock()
			if err != nil || mctx.Err() != nil || final {
				return
			}
			select {
			case <-mctx.Done():
				return
			case <-s.matchWake:
			}
		}
	}()
	return a
}

// Finish lets the matcher match every claim pending once the pass under
// way ends, reporting each step to progress (counted from the start of
// MatchAlong), and returns what it matched and its error. A pass under
// way when the last batch was stored reads every claim pending after it
// before it ends; a matcher waiting for a write runs one more pass.
func (a *Along) Finish(progress func(MatchProgress)) (MatchProgress, error) {
	a.mu.Lock()
	a.progress, a.final = progress, true
	a.mu.Unlock()
	a.store.wakeMatcher()
	<-a.done
	a.cancel()
	return a.total, a.failed
}

// Stop ends the matcher between two steps (what a step under way wrote
// stays; its claims not yet stored stay pending) and returns what it
// matched and its error.
func (a *Along) Stop() (MatchProgress, error) {
	a.cancel()
	<-a.done
	return a.total, a.failed
}

// matchPoll is how often RunMatcher looks for pending work it was not
// told about (claims written by another process, such as claimdesk
// import beside the server).
const matchPoll = time.Minute

// RunMatcher runs MatchPending whenever a write may have left work
// pending (and every matchPoll), until ctx ends; it then returns nil. A
// failed pass is reported to onErr and tried again at the next wake.
func (s *Store) RunMatcher(ctx context.Context, onErr func(error)) error {
	t := time.NewTicker(matchPoll)
	defer t.Stop()
	for {
		if _, err := s.MatchPending(ctx, nil); err != nil && ctx.Err() == nil && onErr != nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.matchWake:
		case <-t.C:
		}
	}
}
