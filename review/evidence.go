package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// normalizeSourceURL is the key of the source library: trimmed, scheme and
// host in lower case, the fragment dropped (it points into the same
// document). Path and query stay as written: they are case-sensitive.
func normalizeSourceURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return strings.TrimSpace(raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// ValidStance reports whether st is a stance.
func ValidStance(st Stance) bool {
	return st == StanceSupports || st == StanceRefutes || st == StanceContext
}

// lockedIfDone refuses changes to a done claim's research.
func lockedIfDone(c *Claim) error {
	if c.Status == StatusDone {
		return forbidden("claim %d is done: it changes only when an editor reopens it", c.ID)
	}
	return nil
}

// AddEvidence links a source to a claim with a stance and the quoted
// passage. Sources form a library shared by all claims: a URL already
// known (after normalisation) reuses its source, filling a title or
// publisher it lacked. Accessed defaults to today. The same source with
// the same stance and quote on one claim is refused as a duplicate. The
// claim's version goes up and a history row is written; a done claim's
// evidence is locked.
func (s *Store) AddEvidence(ctx context.Context, actor *User, claimID int64, in NewEvidence) (*Evidence, error) {
	if err := authorize(actor, ActionResearch); err != nil {
		return nil, fmt.Errorf("add evidence: %w", err)
	}
	e, err := s.checkEvidence(in)
	if err != nil {
		return nil, fmt.Errorf("add evidence: %w", err)
	}
	var evidenceID int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := getClaim(ctx, tx, claimID)
		if err != nil {
			return err
		}
		if err := lockedIfDone(c); err != nil {
			return err
		}
		if evidenceID, err = s.addEvidenceTx(ctx, tx, actor, claimID, e); err != nil {
			return err
		}
		version, err := s.bumpClaim(ctx, tx, claimID)
		if err != nil {
			return err
		}
		return s.writeHistory(ctx, tx, actor, claimID, version, []historyRow{e.history("")})
	})
	if err != nil {
		return nil, fmt.Errorf("add evidence: %w", err)
	}
	got, err := getEvidence(ctx, s.db.Write, evidenceID)
	if err != nil {
		return nil, fmt.Errorf("add evidence: %w", err)
	}
	return got, nil
}

// checkedEvidence is a NewEvidence that passed checkEvidence: the URL
// normalised, the date filled in, the text trimmed.
type checkedEvidence struct {
	url, title, publisher, accessed, quote string
	stance                                 Stance
}

// history is the claim's history row for linking e, with note.
func (e checkedEvidence) history(note string) historyRow {
	return historyRow{field: "evidence", to: string(e.stance) + " " + e.url, note: note}
}

// checkEvidence validates in before any transaction starts, so a bad
// piece writes nothing: a *ValidationError with a message per field.
func (s *Store) checkEvidence(in NewEvidence) (checkedEvidence, error) {
	v := &ValidationError{}
	for _, f := range []struct{ name, val string }{{"url", in.URL}, {"title", in.Title}, {"publisher", in.Publisher}, {"accessed", in.Accessed}} {
		checkText(v, f.name, f.val)
	}
	var e checkedEvidence
	if v.Fields["url"] == "" {
		if e.url = checkURL(v, "url", in.URL, false); e.url != "" {
			e.url = normalizeSourceURL(e.url)
		}
	}
	if v.Fields["accessed"] == "" {
		e.accessed = checkDate(v, "accessed", in.Accessed)
	}
	if e.accessed == "" {
		e.accessed = s.now().Format("2006-01-02")
	}
	e.title = checkLine(v, "title", in.Title, maxTitleRunes)
	e.publisher = checkLine(v, "publisher", in.Publisher, maxDetailRunes)
	switch {
	case in.Stance == "":
		// No default: whether a source supports or refutes is the
		// reviewer's judgement, never the form's.
		v.Add("stance", "choose the stance (supports, refutes or context): does the source support the claim, refute it, or give context?")
	case !ValidStance(in.Stance):
		v.Add("stance", "the stance is supports, refutes or context")
	}
	e.stance = in.Stance
	e.quote = checkProse(v, "quote", in.Quote, maxQuoteRunes)
	if err := v.Err(); err != nil {
		return checkedEvidence{}, err
	}
	return e, nil
}

// addEvidenceTx links checked evidence e to claimID in tx and returns the
// new evidence's id: the source found by URL (filling a title or
// publisher it lacked) or added to the library, and a duplicate (same
// source, stance and quote) refused. The caller has checked the claim is
// not done, and bumps its version and writes its history in the same
// transaction.
func (s *Store) addEvidenceTx(ctx context.Context, tx *sql.Tx, actor *User, claimID int64, e checkedEvidence) (int64, error) {
	now := fmtTime(s.now())
	var sourceID int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM sources WHERE url = ?", e.url).Scan(&sourceID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, "INSERT INTO sources (url, title, publisher, accessed, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			e.url, e.title, e.publisher, e.accessed, actorID(actor), now)
		if err != nil {
			return 0, err
		}
		sourceID, _ = res.LastInsertId()
	case err != nil:
		return 0, err
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE sources SET
			title = CASE WHEN title = '' THEN ? ELSE title END,
			publisher = CASE WHEN publisher = '' THEN ? ELSE publisher END,
			accessed = ? WHERE id = ?`, e.title, e.publisher, e.accessed, sourceID); err != nil {
			return 0, err
		}
	}
	var dup int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM evidence WHERE claim_id = ? AND source_id = ? AND stance = ? AND quote = ?",
		claimID, sourceID, e.stance, e.quote).Scan(&dup); err != nil {
		return 0, err
	}
	if dup > 0 {
		return 0, Invalid("url", "this source is already evidence for the claim with the same stance and quote")
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO evidence (claim_id, source_id, stance, quote, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		claimID, sourceID, e.stance, e.quote, actorID(actor), now)
	if err != nil {
		return 0, err
	}
	id, _ := res.LastInsertId()
	return id, nil
}

// RemoveEvidence unlinks a piece of evidence (the source stays in the
// library). The claim's version goes up and a history row is written; a
// done claim's evidence is locked.
func (s *Store) RemoveEvidence(ctx context.Context, actor *User, evidenceID int64) error {
	if err := authorize(actor, ActionResearch); err != nil {
		return fmt.Errorf("remove evidence: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		e, err := getEvidence(ctx, tx, evidenceID)
		if err != nil {
			return err
		}
		c, err := getClaim(ctx, tx, e.ClaimID)
		if err != nil {
			return err
		}
		if err := lockedIfDone(c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM evidence WHERE id = ?", evidenceID); err != nil {
			return err
		}
		version, err := s.bumpClaim(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		return s.writeHistory(ctx, tx, actor, c.ID, version, []historyRow{{field: "evidence", from: string(e.Stance) + " " + e.Source.URL}})
	})
	if err != nil {
		return fmt.Errorf("remove evidence: %w", err)
	}
	return nil
}

const evidenceSelect = `SELECT e.id, e.claim_id, e.stance, e.quote, COALESCE(u.name, ''), e.created_at,
	s.id, s.url, s.title, s.publisher, s.accessed, s.created_at
FROM evidence e JOIN sources s ON s.id = e.source_id LEFT JOIN users u ON u.id = e.created_by`

func scanEvidence(row interface{ Scan(...any) error }) (*Evidence, error) {
	var e Evidence
	var created, screated string
	if err := row.Scan(&e.ID, &e.ClaimID, &e.Stance, &e.Quote, &e.CreatedBy, &created,
		&e.Source.ID, &e.Source.URL, &e.Source.Title, &e.Source.Publisher, &e.Source.Accessed, &screated); err != nil {
		return nil, err
	}
	e.CreatedAt, e.Source.CreatedAt = parseTime(created), parseTime(screated)
	return &e, nil
}

func getEvidence(ctx context.Context, q querier, id int64) (*Evidence, error) {
	e, err := scanEvidence(q.QueryRowContext(ctx, evidenceSelect+" WHERE e.id = ?", id))
	if err != nil {
		return nil, notFound(err, "evidence %d", id)
	}
	return e, nil
}

// Evidence lists a claim's evidence, oldest first.
func (s *Store) Evidence(ctx context.Context, claimID int64) ([]Evidence, error) {
	out, err := listEvidence(ctx, s.db.Read, claimID)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	return out, nil
}

// listEvidence lists a claim's evidence, oldest first, as q sees it: a
// transaction reads what it has written so far.
func listEvidence(ctx context.Context, q querier, claimID int64) ([]Evidence, error) {
	rows, err := q.QueryContext(ctx, evidenceSelect+" WHERE e.claim_id = ? ORDER BY e.id", claimID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Evidence{}
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// sourcesWindow is how many of the newest pieces of evidence Sources
// counts uses in.
const sourcesWindow = 5000

// sourcesQuery counts the uses of sources in the newest evidence.
const sourcesQuery = `SELECT s.id, s.url, s.title, s.publisher, s.accessed, s.created_at
	FROM (SELECT source_id, count(*) AS n FROM (SELECT source_id FROM evidence ORDER BY id DESC LIMIT ?) GROUP BY source_id) u
	JOIN sources s ON s.id = u.source_id ORDER BY u.n DESC, s.id DESC LIMIT ?`

// Sources lists the sources the newest pieces of evidence (the last
// sourcesWindow) cite, most cited among them first (then newest): what a
// desk is citing now, read from a bounded slice of the evidence table
// instead of counting every piece of evidence of every source, which grew
// with the archive and was paid on every claim page. Limit 0 means 100.
func (s *Store) Sources(ctx context.Context, limit int) ([]Source, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.Read.QueryContext(ctx, sourcesQuery, sourcesWindow, limit)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	out := []Source{}
	for rows.Next() {
		var src Source
		var created string
		if err := rows.Scan(&src.ID, &src.URL, &src.Title, &src.Publisher, &src.Accessed, &created); err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
		src.CreatedAt = parseTime(created)
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

// AddComment adds a comment to a claim. Comments are discussion, not
// research, so done claims take them too; the claim's version goes up and
// a history row notes the comment.
func (s *Store) AddComment(ctx context.Context, actor *User, claimID int64, body string) (*Comment, error) {
	if err := authorize(actor, ActionComment); err != nil {
		return nil, fmt.Errorf("add comment: %w", err)
	}
	v := &ValidationError{}
	body = checkProse(v, "body", body, maxCommentRunes)
	if body == "" && v.Fields["body"] == "" {
		v.Add("body", "the comment is empty")
	}
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("add comment: %w", err)
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := getClaim(ctx, tx, claimID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO comments (claim_id, user_id, body, created_at) VALUES (?, ?, ?, ?)",
			claimID, actorID(actor), body, fmtTime(s.now()))
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		version, err := s.bumpClaim(ctx, tx, claimID)
		if err != nil {
			return err
		}
		return s.writeHistory(ctx, tx, actor, claimID, version, []historyRow{{field: "comment", to: cutRunes(oneLine(body), 200)}})
	})
	if err != nil {
		return nil, fmt.Errorf("add comment: %w", err)
	}
	cs, err := queryComments(ctx, s.db.Write, "WHERE c.id = ?", id)
	if err != nil || len(cs) != 1 {
		return nil, fmt.Errorf("add comment: read back: %w", errors.Join(err, ErrNotFound))
	}
	return &cs[0], nil
}

func queryComments(ctx context.Context, q querier, where string, args ...any) ([]Comment, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.claim_id, COALESCE(u.name, ''), c.body, c.created_at
		FROM comments c LEFT JOIN users u ON u.id = c.user_id `+where+" ORDER BY c.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Comment{}
	for rows.Next() {
		var c Comment
		var created string
		if err := rows.Scan(&c.ID, &c.ClaimID, &c.User, &c.Body, &created); err != nil {
			return nil, err
		}
		c.CreatedAt = parseTime(created)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Comments lists a claim's comments, oldest first.
func (s *Store) Comments(ctx context.Context, claimID int64) ([]Comment, error) {
	cs, err := queryComments(ctx, s.db.Read, "WHERE c.claim_id = ?", claimID)
	if err != nil {
		return nil, fmt.Errorf("comments: %w", err)
	}
	return cs, nil
}
