package review

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Matches returns the stored "checked before?" matches of a claim
// (candidates too), best first: its own top matches (claims and
// fact-checks) and the claims whose top matches hold it. A pair stored
// both ways is shown once: the row a reviewer decided, else the claim's
// own.
func (s *Store) Matches(ctx context.Context, claimID int64) ([]Match, error) {
	var one int
	if err := s.db.Read.QueryRowContext(ctx, "SELECT 1 FROM claims WHERE id = ?", claimID).Scan(&one); err != nil {
		return nil, fmt.Errorf("matches: %w", notFound(err, "claim %d", claimID))
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, claim_id, COALESCE(other_id, 0), COALESCE(fact_check_id, 0), score, confident, state FROM matches
		WHERE claim_id = ? OR other_id = ? ORDER BY score DESC, id`, claimID, claimID)
	if err != nil {
		return nil, fmt.Errorf("matches: %w", err)
	}
	type row struct {
		m       Match
		a, b, f int64
	}
	var rs []row
	var claimIDs, factCheckIDs []any
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.m.ID, &r.a, &r.b, &r.f, &r.m.Score, &r.m.Confident, &r.m.State); err != nil {
			rows.Close()
			return nil, fmt.Errorf("matches: %w", err)
		}
		switch {
		case r.f != 0:
			factCheckIDs = append(factCheckIDs, r.f)
		case r.b == claimID:
			claimIDs = append(claimIDs, r.a)
		default:
			claimIDs = append(claimIDs, r.b)
		}
		rs = append(rs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("matches: %w", err)
	}
	// The other claims and fact-checks, each kind in one query.
	others := map[int64]*Claim{}
	if len(claimIDs) > 0 {
		cs, err := queryClaims(ctx, s.db.Read, claimSelect+" WHERE c.id IN ("+inList(len(claimIDs))+")", claimIDs...)
		if err != nil {
			return nil, fmt.Errorf("matches: %w", err)
		}
		for i := range cs {
			others[cs[i].ID] = &cs[i]
		}
	}
	factChecks := map[int64]*FactCheck{}
	if len(factCheckIDs) > 0 {
		fr, err := s.db.Read.QueryContext(ctx, "SELECT "+factCheckColumns+" FROM fact_checks WHERE id IN ("+inList(len(factCheckIDs))+")", factCheckIDs...)
		if err != nil {
			return nil, fmt.Errorf("matches: %w", err)
		}
		for fr.Next() {
			f, err := scanFactCheck(fr)
			if err != nil {
				fr.Close()
				return nil, fmt.Errorf("matches: %w", err)
			}
			factChecks[f.ID] = f
		}
		fr.Close()
		if err := fr.Err(); err != nil {
			return nil, fmt.Errorf("matches: %w", err)
		}
	}
	out := []Match{}
	at := map[int64]int{} // other claim -> its index in out
	for _, r := range rs {
		m := r.m
		m.ClaimID = claimID
		if r.f != 0 {
			f, ok := factChecks[r.f]
			if !ok {
				return nil, fmt.Errorf("matches: fact-check %d: %w", r.f, ErrNotFound)
			}
			m.Kind, m.FactCheck, m.OtherID, m.Text, m.Rating, m.URL = KindFactCheck, f, f.ID, f.ClaimText, f.Rating, f.URL
			out = append(out, m)
			continue
		}
		other := r.b
		if r.b == claimID {
			other = r.a
		}
		if i, ok := at[other]; ok {
			if out[i].State == MatchSuggested && (m.State != MatchSuggested) {
				m.Kind, m.Other, m.OtherID, m.Text, m.Verdict, m.URL = out[i].Kind, out[i].Other, out[i].OtherID, out[i].Text, out[i].Verdict, out[i].URL
				out[i] = m
			}
			continue
		}
		c, ok := others[other]
		if !ok {
			return nil, fmt.Errorf("matches: claim %d: %w", other, ErrNotFound)
		}
		m.Kind, m.Other, m.OtherID, m.Text, m.URL = KindClaim, *c, c.ID, c.Text, fmt.Sprintf("/claims/%d", c.ID)
		if c.HasVerdict() {
			m.Verdict = c.Verdict
		}
		at[other] = len(out)
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
		var a, b, f int64
		var cur MatchState
		err := tx.QueryRowContext(ctx, "SELECT claim_id, COALESCE(other_id, 0), COALESCE(fact_check_id, 0), state FROM matches WHERE id = ?", matchID).Scan(&a, &b, &f, &cur)
		if err != nil {
			return notFound(err, "match %d", matchID)
		}
		if a != claimID && b != claimID {
			return fmt.Errorf("match %d is not a match of claim %d: %w", matchID, claimID, ErrNotFound)
		}
		if cur == state {
			return nil
		}
		note := fmt.Sprintf("fact-check #%d", f)
		if f == 0 {
			other := b
			if b == claimID {
				other = a
			}
			note = fmt.Sprintf("claim #%d", other)
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
			field: "match", from: string(cur), to: string(state), note: note,
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
	if m.Kind != KindClaim {
		return nil, fmt.Errorf("copy from match: %w", Invalid("match", "a published fact-check has no verdict, conclusion or evidence of the desk's to copy; link it as evidence instead"))
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

// inList is the placeholders of an IN list of n values.
func inList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
