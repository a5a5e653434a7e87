package review

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"claimdesk/claims"
)

// matchCandidates is how many earlier claims the full-text index offers
// for each new claim; the similarity then scores only those, so matching
// costs the same on ten thousand claims as on a million.
const matchCandidates = 30

// matchTerms is how many of a claim's words go into its candidate query.
const matchTerms = 6

// matchNewClaims compares the claims just imported with the claims already
// in the database and stores "checked before" suggestions. ImportArticle
// calls it inside its transaction, so an article and its suggestions are
// written together or not at all. Candidates (claims under the engine's
// threshold) neither look for matches nor are offered as one: they are
// not yet work.
func (s *Store) matchNewClaims(ctx context.Context, tx *sql.Tx, articleID int64, claimIDs []int64) error {
	now := fmtTime(s.now())
	counts := map[string]int{} // the claims of an article share many words
	for _, id := range claimIDs {
		var text string
		var candidate bool
		if err := tx.QueryRowContext(ctx, "SELECT text, candidate FROM claims WHERE id = ?", id).Scan(&text, &candidate); err != nil {
			return fmt.Errorf("match claim %d: %w", id, err)
		}
		if candidate {
			continue
		}
		found, err := similarClaims(ctx, tx, text, articleID, counts)
		if err != nil {
			return fmt.Errorf("match claim %d: %w", id, err)
		}
		for _, f := range found {
			if _, err := tx.ExecContext(ctx, `INSERT INTO matches (claim_id, other_id, score, state, created_at)
				VALUES (?, ?, ?, 'suggested', ?) ON CONFLICT (claim_id, other_id) DO NOTHING`, id, f.id, f.score, now); err != nil {
				return fmt.Errorf("match claim %d: %w", id, err)
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
// counting its claims stops there, so the count costs little however
// common the word is.
const rareCap = 300

// similarClaims finds the claims of other articles at or above
// claims.MatchThreshold: candidates from the full-text index, then scored
// by claims.Similarity. The candidates share one of the claim's rarest
// salient words (any of up to four with fewer than rareCap claims, best
// bm25 first) or, when every word is common, all of the four rarest: so
// the index never ranks a hundred thousand rows for a claim full of
// everyday words, and matching stays fast as the database grows.
func similarClaims(ctx context.Context, q querier, text string, articleID int64, known map[string]int) ([]scored, error) {
	terms := claims.SalientTerms(text, matchTerms)
	if len(terms) == 0 {
		return nil, nil
	}
	type termCount struct {
		term string
		n    int
	}
	counts := make([]termCount, 0, len(terms))
	for _, t := range terms {
		n, ok := known[t]
		if ok {
			if n > 0 {
				counts = append(counts, termCount{t, n})
			}
			continue
		}
		// Letters only (SalientTerms): nothing to escape in the quotes.
		// No column filter: counting then needs no positions, and a
		// count of claims with the word anywhere is near enough.
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)`,
			`"`+t+`"`, rareCap).Scan(&n); err != nil {
			return nil, err
		}
		known[t] = n
		if n > 0 {
			counts = append(counts, termCount{t, n})
		}
	}
	if len(counts) == 0 {
		return nil, nil
	}
	sort.SliceStable(counts, func(i, j int) bool { return counts[i].n < counts[j].n })
	counts = counts[:min(4, len(counts))]
	var quoted []string
	op := " OR "
	for _, c := range counts {
		if c.n < rareCap {
			quoted = append(quoted, `"`+c.term+`"`)
		}
	}
	if len(quoted) == 0 {
		op = " AND "
		for _, c := range counts {
			quoted = append(quoted, `"`+c.term+`"`)
		}
	}
	match := "text : (" + strings.Join(quoted, op) + ")"
	// The inner query lets FTS5 keep only the best rows while ranking;
	// the join and filters then run on those few.
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.text FROM
		(SELECT rowid, rank FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?) f
		JOIN claims c ON c.id = f.rowid
		WHERE c.article_id <> ? AND c.candidate = 0
		ORDER BY f.rank`, match, matchCandidates+20, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	fp := claims.NewFingerprint(text)
	var out []scored
	n := 0
	for rows.Next() && n < matchCandidates {
		var id int64
		var other string
		if err := rows.Scan(&id, &other); err != nil {
			return nil, err
		}
		n++
		if sc := claims.SimilarityOf(fp, claims.NewFingerprint(other)); sc >= claims.MatchThreshold {
			out = append(out, scored{id, sc})
		}
	}
	return out, rows.Err()
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
	found, err := similarClaims(ctx, s.db.Read, text, 0, map[string]int{})
	if err != nil {
		return nil, fmt.Errorf("checked before: %w", err)
	}
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
		m        Match
		a, b     int64
		otherOne int64
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
// source with the same stance). Confirming a match copies nothing by
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
		theirs, err := s.Evidence(ctx, m.OtherID)
		if err != nil {
			return nil, fmt.Errorf("copy from match: %w", err)
		}
		if len(theirs) == 0 {
			return nil, fmt.Errorf("copy from match: %w", Invalid("evidence", "the earlier claim has no evidence"))
		}
		ours, err := s.Evidence(ctx, claimID)
		if err != nil {
			return nil, fmt.Errorf("copy from match: %w", err)
		}
		have := map[string]bool{}
		for _, e := range ours {
			have[e.Source.URL+"\x00"+string(e.Stance)] = true
		}
		for _, e := range theirs {
			if have[e.Source.URL+"\x00"+string(e.Stance)] {
				continue
			}
			if _, err := s.AddEvidence(ctx, actor, claimID, NewEvidence{URL: e.Source.URL, Title: e.Source.Title,
				Publisher: e.Source.Publisher, Accessed: e.Source.Accessed, Stance: e.Stance, Quote: e.Quote}); err != nil {
				return nil, fmt.Errorf("copy from match: %w", err)
			}
		}
		return s.Claim(ctx, claimID)
	}
	return nil, fmt.Errorf("copy from match: %w", Invalid("what", "copy the verdict, the conclusion or the evidence"))
}
