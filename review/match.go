package review

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"claimdesk/claims"
)

// matchCandidates is how many earlier claims the full-text index offers
// for each new claim; the similarity then scores only those, so matching
// costs the same on ten thousand claims as on a million.
const matchCandidates = 30

// matchTerms is how many of a claim's words are looked up in the index
// to find its candidates.
const matchTerms = 6

// matchNewClaims compares the claims just imported with the claims already
// in the database and stores "checked before" suggestions. ImportArticle
// calls it inside its transaction, so an article and its suggestions are
// written together or not at all. Candidates (claims under the engine's
// threshold) neither look for matches nor are offered as one: they are
// not yet work. m carries what the articles of one transaction share
// (prepared statements, the words known to be common, the fingerprints
// of earlier claims); nil makes a new one.
func (s *Store) matchNewClaims(ctx context.Context, tx *sql.Tx, m *matcher, articleID int64, claimIDs []int64, texts []string, candidate []bool) error {
	if m == nil {
		m = newMatcher(tx)
		defer m.Close()
	}
	var ids []int64
	var want []string
	for i, id := range claimIDs {
		if !candidate[i] {
			ids = append(ids, id)
			want = append(want, texts[i])
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found, err := m.similar(ctx, want, claimIDs)
	if err != nil {
		return fmt.Errorf("match claims of article %d: %w", articleID, err)
	}
	now := fmtTime(s.now())
	for i, fs := range found {
		for _, f := range fs {
			if _, err := m.exec(ctx, `INSERT INTO matches (claim_id, other_id, score, state, created_at)
				VALUES (?, ?, ?, 'suggested', ?) ON CONFLICT (claim_id, other_id) DO NOTHING`, ids[i], f.id, f.score, now); err != nil {
				return fmt.Errorf("match claim %d: %w", ids[i], err)
			}
		}
	}
	return nil
}

type scored struct {
	id    int64
	score float64
}

// rareCap is where a word stops being rare enough to find candidates by:
// reading its claims stops there, so a common word costs little however
// common it is.
const rareCap = 300

// preparer is what both a transaction and a pool offer to prepare a
// statement once and run it for every claim of an import.
type preparer interface {
	querier
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// matcher finds the earlier claims like new ones. It keeps the
// statements it prepared and the words found common (a word with rareCap
// claims stays common while claims are only added), so the articles of
// one import share them.
type matcher struct {
	q      preparer
	stmts  map[string]*sql.Stmt
	common map[string]bool
	// fps are the fingerprints of earlier claims read so far: the
	// articles of one import often meet the same earlier claims. Claims
	// are only added while a matcher lives, so a claim's text is the one
	// fingerprinted.
	fps map[int64]*claims.Fingerprint
}

// notOffered stands for the fingerprint of a candidate claim, which is
// never offered as a match.
var notOffered = &claims.Fingerprint{}

// maxFingerprints bounds the fingerprints a matcher keeps.
const maxFingerprints = 20000

func newMatcher(q preparer) *matcher {
	return &matcher{q: q, stmts: map[string]*sql.Stmt{}, common: map[string]bool{}, fps: map[int64]*claims.Fingerprint{}}
}

// Close releases the prepared statements.
func (m *matcher) Close() {
	for _, st := range m.stmts {
		st.Close()
	}
}

func (m *matcher) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := m.stmts[query]; ok {
		return st, nil
	}
	st, err := m.q.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	m.stmts[query] = st
	return st, nil
}

func (m *matcher) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := m.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (m *matcher) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	st, err := m.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// idList runs a query answering one comma-separated list of ids (from
// group_concat): one row to cross into Go instead of one per id.
func (m *matcher) idList(ctx context.Context, query string, args ...any) ([]int64, error) {
	st, err := m.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	var list sql.NullString
	if err := st.QueryRowContext(ctx, args...).Scan(&list); err != nil {
		return nil, err
	}
	if list.String == "" {
		return nil, nil
	}
	out := make([]int64, 0, strings.Count(list.String, ",")+1)
	for f := range strings.SplitSeq(list.String, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("read id list: %w", err)
		}
		out = append(out, id)
	}
	return out, nil
}

// similar finds, for each of texts, the claims at or above
// claims.MatchThreshold, leaving out the claims in own (the new
// article's) and candidates. A claim's candidates share one of its
// rarest salient words: the claims of each of its four rarest words
// under rareCap claims are read from the index (once per word for all
// the texts), ranked in Go by the rarity of the words they share (as
// bm25 would, without reading positions), and the best matchCandidates
// are scored by claims.Similarity. When every word of a claim is common,
// the index ranks the claims having all of its four rarest words. So the
// index never ranks a hundred thousand rows for a claim full of everyday
// words, and matching stays fast as the database grows.
func (m *matcher) similar(ctx context.Context, texts []string, own []int64) ([][]scored, error) {
	skip := make(map[int64]bool, len(own))
	for _, id := range own {
		skip[id] = true
	}
	postings := map[string][]int64{} // rare words: their claims
	picks := make([][]int64, len(texts))
	for i, text := range texts {
		terms := claims.SalientTerms(text, matchTerms)
		type termCount struct {
			term string
			n    int
		}
		counts := make([]termCount, 0, len(terms))
		for _, t := range terms {
			if m.common[t] {
				counts = append(counts, termCount{t, rareCap})
				continue
			}
			p, ok := postings[t]
			if !ok {
				// Letters only (SalientTerms): nothing to escape in the
				// quotes. No column filter: reading the claims then needs
				// no positions, and the word anywhere is near enough.
				var err error
				p, err = m.idList(ctx, `SELECT group_concat(rowid) FROM (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)`, `"`+t+`"`, rareCap)
				if err != nil {
					return nil, err
				}
				if len(p) >= rareCap {
					m.common[t] = true
					counts = append(counts, termCount{t, rareCap})
					continue
				}
				postings[t] = p
			}
			if len(p) > 0 {
				counts = append(counts, termCount{t, len(p)})
			}
		}
		if len(counts) == 0 {
			continue
		}
		sort.SliceStable(counts, func(i, j int) bool { return counts[i].n < counts[j].n })
		counts = counts[:min(4, len(counts))]
		if counts[0].n >= rareCap {
			// Every word common: the claims having all four, best bm25
			// first.
			quoted := make([]string, len(counts))
			for j, c := range counts {
				quoted[j] = `"` + c.term + `"`
			}
			ids, err := m.ids(ctx, `SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?`,
				"{text statement} : ("+strings.Join(quoted, " AND ")+")", matchCandidates+len(own)+10)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if !skip[id] && len(picks[i]) < matchCandidates {
					picks[i] = append(picks[i], id)
				}
			}
			continue
		}
		weight := map[int64]float64{}
		for _, c := range counts {
			if c.n >= rareCap {
				continue
			}
			// The rarer the word, the more sharing it says: bm25's idf.
			w := math.Log(float64(10*rareCap) / float64(c.n))
			for _, id := range postings[c.term] {
				if !skip[id] {
					weight[id] += w
				}
			}
		}
		ranked := make([]scored, 0, len(weight))
		for id, w := range weight {
			ranked = append(ranked, scored{id, w})
		}
		// Best first; ties go to the newest claim.
		slices.SortFunc(ranked, func(a, b scored) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(b.id, a.id)
		})
		ids := make([]int64, min(len(ranked), matchCandidates))
		for j := range ids {
			ids[j] = ranked[j].id
		}
		picks[i] = ids[:min(len(ids), matchCandidates)]
	}
	// One read of every claim picked for any of the texts and not yet
	// fingerprinted; a claim picked for several is read and
	// fingerprinted once.
	var all []int64
	seen := map[int64]bool{}
	for _, p := range picks {
		for _, id := range p {
			if !seen[id] && m.fps[id] == nil {
				seen[id] = true
				all = append(all, id)
			}
		}
	}
	out := make([][]scored, len(texts))
	if len(m.fps)+len(all) > maxFingerprints {
		clear(m.fps)
	}
	if err := m.fingerprint(ctx, all); err != nil {
		return nil, err
	}
	for i, text := range texts {
		if len(picks[i]) == 0 {
			continue
		}
		fp := claims.NewFingerprint(text)
		n := 0
		for _, id := range picks[i] {
			ofp := m.fps[id]
			if ofp == nil || ofp == notOffered {
				continue
			}
			if n++; n > matchCandidates {
				break
			}
			if sc := claims.SimilarityOf(fp, ofp); sc >= claims.MatchThreshold {
				out[i] = append(out[i], scored{id, sc})
			}
		}
	}
	return out, nil
}

// fingerprint reads the claims ids that are not candidates and keeps
// their fingerprints.
func (m *matcher) fingerprint(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	st, err := m.stmt(ctx, `SELECT id, candidate, CASE WHEN statement <> '' THEN statement ELSE text END FROM claims WHERE id IN (SELECT value FROM json_each(?))`)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var candidate bool
		var text string
		if err := rows.Scan(&id, &candidate, &text); err != nil {
			return err
		}
		if candidate {
			m.fps[id] = notOffered
			continue
		}
		m.fps[id] = claims.NewFingerprint(text)
	}
	return rows.Err()
}

// SimilarClaim is an earlier claim found like a given text.
type SimilarClaim struct {
	Claim Claim   `json:"claim"`
	Score float64 `json:"score"`
}

// CheckedBefore finds the claims like text that are already in the
// database, best first: the question a person asks before importing, and
// what import asks of each new claim.
func (s *Store) CheckedBefore(ctx context.Context, text string) ([]SimilarClaim, error) {
	m := newMatcher(s.db.Read)
	defer m.Close()
	all, err := m.similar(ctx, []string{text}, nil)
	if err != nil {
		return nil, fmt.Errorf("checked before: %w", err)
	}
	found := all[0]
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	out := make([]SimilarClaim, 0, len(found))
	for _, f := range found {
		c, err := getClaim(ctx, s.db.Read, f.id)
		if err != nil {
			return nil, fmt.Errorf("checked before: %w", err)
		}
		out = append(out, SimilarClaim{Claim: *c, Score: f.score})
	}
	return out, nil
}

// Matches returns the "checked before" matches of a claim, best first, in
// both directions: the earlier claims it was matched with at its import,
// and the later claims matched with it. Each carries the other claim.
func (s *Store) Matches(ctx context.Context, claimID int64) ([]Match, error) {
	if _, err := getClaim(ctx, s.db.Read, claimID); err != nil {
		return nil, fmt.Errorf("matches: %w", err)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, claim_id, other_id, score, state FROM matches
		WHERE claim_id = ? OR other_id = ? ORDER BY score DESC, id`, claimID, claimID)
	if err != nil {
		return nil, fmt.Errorf("matches: %w", err)
	}
	type row struct {
		m    Match
		a, b int64
	}
	var rs []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.m.ID, &r.a, &r.b, &r.m.Score, &r.m.State); err != nil {
			rows.Close()
			return nil, fmt.Errorf("matches: %w", err)
		}
		rs = append(rs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("matches: %w", err)
	}
	out := []Match{}
	for _, r := range rs {
		other := r.b
		if r.b == claimID {
			other = r.a
		}
		c, err := getClaim(ctx, s.db.Read, other)
		if err != nil {
			return nil, fmt.Errorf("matches: %w", err)
		}
		m := r.m
		m.ClaimID = claimID
		m.Other = *c
		m.OtherID = c.ID
		m.Text = c.Text
		m.Verdict = c.Verdict
		out = append(out, m)
	}
	return out, nil
}

// Match returns one match as seen from claimID (which must be one of its
// two claims): ErrNotFound otherwise.
func (s *Store) Match(ctx context.Context, claimID, matchID int64) (*Match, error) {
	ms, err := s.Matches(ctx, claimID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.ID == matchID {
			return &m, nil
		}
	}
	return nil, fmt.Errorf("match %d of claim %d: %w", matchID, claimID, ErrNotFound)
}

// ConfirmMatch records that a reviewer agrees claim claimID was checked
// before as the match's other claim. Nothing of the earlier claim is
// copied: the claim page offers its verdict, conclusion and evidence, and
// the reviewer copies what fits. The decision goes into the history of
// claimID.
func (s *Store) ConfirmMatch(ctx context.Context, actor *User, claimID, matchID int64) (*Match, error) {
	return s.decideMatch(ctx, actor, claimID, matchID, MatchConfirmed)
}

// RejectMatch records that the match is not the same claim; it stays
// listed as rejected so nobody is offered it again as new.
func (s *Store) RejectMatch(ctx context.Context, actor *User, claimID, matchID int64) (*Match, error) {
	return s.decideMatch(ctx, actor, claimID, matchID, MatchRejected)
}

func (s *Store) decideMatch(ctx context.Context, actor *User, claimID, matchID int64, state MatchState) (*Match, error) {
	op := "confirm match"
	if state == MatchRejected {
		op = "reject match"
	}
	if err := authorize(actor, ActionResearch); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var a, b int64
		var cur MatchState
		err := tx.QueryRowContext(ctx, "SELECT claim_id, other_id, state FROM matches WHERE id = ?", matchID).Scan(&a, &b, &cur)
		if err != nil {
			return notFound(err, "match %d", matchID)
		}
		if a != claimID && b != claimID {
			return fmt.Errorf("match %d is not a match of claim %d: %w", matchID, claimID, ErrNotFound)
		}
		if cur == state {
			return nil
		}
		other := b
		if b == claimID {
			other = a
		}
		var version int64
		if err := tx.QueryRowContext(ctx, "SELECT version FROM claims WHERE id = ?", claimID).Scan(&version); err != nil {
			return notFound(err, "claim %d", claimID)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE matches SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?",
			state, actorID(actor), fmtTime(s.now()), matchID); err != nil {
			return err
		}
		// The history row says which claim, so it reads on its own.
		return s.writeHistory(ctx, tx, actor, claimID, version, []historyRow{{
			field: "match", from: string(cur), to: string(state), note: fmt.Sprintf("claim #%d", other),
		}})
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	m, err := s.Match(ctx, claimID, matchID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return m, nil
}

// What CopyFromMatch copies.
const (
	CopyVerdict    = "verdict"
	CopyConclusion = "conclusion"
	CopyEvidence   = "evidence"
)

// CopyFromMatch copies one thing of a confirmed match's earlier claim to
// claimID when a reviewer asks for it: its verdict or conclusion (at
// version, as any edit: a stale version is a *ConflictError), or its
// evidence (each piece added that the claim does not have from the same
// source with the same stance, all in one transaction). Confirming a match copies nothing by
// itself: a reviewer takes what fits.
func (s *Store) CopyFromMatch(ctx context.Context, actor *User, claimID, matchID, version int64, what string) (*Claim, error) {
	m, err := s.Match(ctx, claimID, matchID)
	if err != nil {
		return nil, fmt.Errorf("copy from match: %w", err)
	}
	if m.State != MatchConfirmed {
		return nil, fmt.Errorf("copy from match: %w", Invalid("match", "confirm the match before copying from it"))
	}
	note := fmt.Sprintf("copied from claim #%d", m.OtherID)
	switch what {
	case CopyVerdict, CopyConclusion:
		u := ClaimUpdate{Version: version, Note: note}
		if what == CopyVerdict {
			if m.Other.Verdict == "" {
				return nil, fmt.Errorf("copy from match: %w", Invalid("verdict", "the earlier claim has no verdict"))
			}
			u.Verdict = &m.Other.Verdict
		} else {
			if strings.TrimSpace(m.Other.Conclusion) == "" {
				return nil, fmt.Errorf("copy from match: %w", Invalid("conclusion", "the earlier claim has no conclusion"))
			}
			u.Conclusion = &m.Other.Conclusion
		}
		return s.UpdateClaim(ctx, actor, claimID, u)
	case CopyEvidence:
		if err := s.copyEvidence(ctx, actor, claimID, m.OtherID, note); err != nil {
			return nil, fmt.Errorf("copy from match: %w", err)
		}
		return s.Claim(ctx, claimID)
	}
	return nil, fmt.Errorf("copy from match: %w", Invalid("what", "copy the verdict, the conclusion or the evidence"))
}

// copyEvidence adds to claimID each piece of otherID's evidence that it
// lacks from the same source with the same stance, in one transaction: a
// failure half-way leaves no piece copied. The claim's version goes up
// once, with a history row per piece; nothing lacking changes nothing.
func (s *Store) copyEvidence(ctx context.Context, actor *User, claimID, otherID int64, note string) error {
	if err := authorize(actor, ActionResearch); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := getClaim(ctx, tx, claimID)
		if err != nil {
			return err
		}
		theirs, err := listEvidence(ctx, tx, otherID)
		if err != nil {
			return fmt.Errorf("evidence of claim %d: %w", otherID, err)
		}
		if len(theirs) == 0 {
			return Invalid("evidence", "the earlier claim has no evidence")
		}
		ours, err := listEvidence(ctx, tx, claimID)
		if err != nil {
			return fmt.Errorf("evidence of claim %d: %w", claimID, err)
		}
		have := map[string]bool{}
		for _, e := range ours {
			have[e.Source.URL+"\x00"+string(e.Stance)] = true
		}
		var lacking []Evidence
		for _, e := range theirs {
			if !have[e.Source.URL+"\x00"+string(e.Stance)] {
				lacking = append(lacking, e)
			}
		}
		if len(lacking) == 0 {
			return nil
		}
		if err := lockedIfDone(c); err != nil {
			return err
		}
		history := make([]historyRow, 0, len(lacking))
		for _, e := range lacking {
			in, err := s.checkEvidence(NewEvidence{URL: e.Source.URL, Title: e.Source.Title,
				Publisher: e.Source.Publisher, Accessed: e.Source.Accessed, Stance: e.Stance, Quote: e.Quote})
			if err != nil {
				return fmt.Errorf("evidence %d: %w", e.ID, err)
			}
			if _, err := s.addEvidenceTx(ctx, tx, actor, claimID, in); err != nil {
				return fmt.Errorf("evidence %d: %w", e.ID, err)
			}
			history = append(history, in.history(note))
		}
		version, err := s.bumpClaim(ctx, tx, claimID)
		if err != nil {
			return err
		}
		return s.writeHistory(ctx, tx, actor, claimID, version, history)
	})
}
