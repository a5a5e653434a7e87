package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"claimdesk/claims"
)

// trimSpan narrows [start, end) of body to exclude white space at either end.
func trimSpan(body string, start, end int) (int, int) {
	for start < end {
		r, size := utf8.DecodeRuneInString(body[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(body[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return start, end
}

// checkSpan validates a byte span of body and returns it trimmed of white
// space: 0 ≤ start < end ≤ len(body), both ends on character boundaries,
// and some text inside.
func checkSpan(body string, start, end int) (int, int, error) {
	if start < 0 || end > len(body) || start >= end {
		return 0, 0, Invalid("span", fmt.Sprintf("the selection %d–%d is outside the article's text (0–%d)", start, end, len(body)))
	}
	if !utf8.RuneStart(body[start]) || end < len(body) && !utf8.RuneStart(body[end]) {
		return 0, 0, Invalid("span", "the selection cuts a character in two")
	}
	start, end = trimSpan(body, start, end)
	if start == end {
		return 0, 0, Invalid("span", "the selection holds no text")
	}
	return start, end, nil
}

// FindSpan is the rule that turns what a person gives for a new claim into
// a byte span of body: the offsets start and end when given (a selection
// in the page), checked against quote when that is given too — when they
// disagree (the page and the text differ in some character) the quoted
// words are what the person saw — else the quoted words where they occur
// exactly once. White space at either end is dropped, so a claim never
// starts or ends with it. A problem is a *ValidationError on "start",
// "end" or "quote".
func FindSpan(body, start, end, quote string) (int, int, error) {
	quote = strings.TrimSpace(strings.ReplaceAll(quote, "\r\n", "\n"))
	if start != "" || end != "" {
		s, e, err := spanAt(body, start, end)
		if err != nil {
			return 0, 0, err
		}
		if quote == "" || strings.TrimSpace(body[s:e]) == quote {
			if s, e = trimSpan(body, s, e); s == e {
				return 0, 0, Invalid("start", "the selection holds only white space")
			}
			return s, e, nil
		}
	}
	if quote == "" {
		return 0, 0, Invalid("quote", "select the claim's words in the text, or paste them here exactly as they appear")
	}
	if p := TextProblem(quote); p != "" {
		return 0, 0, Invalid("quote", p)
	}
	switch n := strings.Count(body, quote); n {
	case 0:
		return 0, 0, Invalid("quote", "these words do not appear in the article's text exactly as written; copy them from the text")
	case 1:
		i := strings.Index(body, quote)
		return i, i + len(quote), nil
	default:
		return 0, 0, Invalid("quote", fmt.Sprintf("these words appear %d times in the text; select the one you mean in the text, or quote a longer passage", n))
	}
}

// spanAt reads the offsets of a selection: whole numbers, in order, inside
// body and on character boundaries.
func spanAt(body, startS, endS string) (int, int, error) {
	start, err1 := strconv.Atoi(strings.TrimSpace(startS))
	end, err2 := strconv.Atoi(strings.TrimSpace(endS))
	switch {
	case err1 != nil || start < 0:
		return 0, 0, Invalid("start", "give the start as a byte offset (a whole number, 0 or more)")
	case err2 != nil:
		return 0, 0, Invalid("end", "give the end as a byte offset (a whole number)")
	case end <= start || end > len(body):
		return 0, 0, Invalid("end", fmt.Sprintf("the end must be after the start and at most %d, the length of the text", len(body)))
	case !utf8.RuneStart(body[start]) || end < len(body) && !utf8.RuneStart(body[end]):
		return 0, 0, Invalid("start", "these offsets cut a character in two; select the text again")
	}
	return start, end, nil
}

// engineView scores a span with the model; kind and speaker come from the
// engine when it extracts the very same span, else the kind is other and
// the speaker unknown (the engine decides those from a sentence's context).
func (s *Store) engineView(body string, start, end int) newClaim {
	text := body[start:end]
	m := s.scoring()
	sc := m.scorer.Score(text)
	nc := newClaim{start: start, end: end, text: text, score: sc.P, reasons: sc.Reasons, kind: claims.KindOther, model: m.version}
	for _, c := range m.scorer.Extract(body) {
		if c.Start == start && c.End == end {
			nc.kind, nc.speaker = c.Kind, c.Speaker
			if c.Reasons != nil {
				nc.score, nc.reasons = c.Score, c.Reasons
			}
			break
		}
	}
	return nc
}

// AddClaim stores a span of an article's text as a claim (origin manual),
// trimmed of surrounding white space and scored with the model. Claims may
// overlap, but the exact span of an existing claim is refused — unless that
// claim is a candidate, which is then promoted instead and returned.
func (s *Store) AddClaim(ctx context.Context, actor *User, articleID int64, start, end int) (*Claim, error) {
	if err := authorize(actor, ActionEditClaims); err != nil {
		return nil, fmt.Errorf("add claim: %w", err)
	}
	// An article's body never changes, so the span is checked and scored
	// before the write transaction: the engine's pass over a long text
	// does not hold up other writers.
	body, err := articleBody(ctx, s.db.Read, articleID)
	if err != nil {
		return nil, fmt.Errorf("add claim: %w", err)
	}
	start, end, err = checkSpan(body, start, end)
	if err != nil {
		return nil, fmt.Errorf("add claim: %w", err)
	}
	nc := s.engineView(body, start, end)
	nc.articleID, nc.origin = articleID, "manual"
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var existing int64
		var candidate bool
		var status Status
		err := tx.QueryRowContext(ctx, "SELECT id, candidate, status FROM claims WHERE article_id = ? AND start_byte = ? AND end_byte = ? ORDER BY status = 'dismissed', id LIMIT 1",
			articleID, start, end).Scan(&existing, &candidate, &status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case candidate:
			id = existing
			return s.promote(ctx, tx, actor, existing)
		case status == StatusDismissed:
			return Invalid("span", fmt.Sprintf("this text is claim #%d, which was dismissed: restore it instead", existing))
		default:
			return Invalid("span", fmt.Sprintf("this text is claim #%d already", existing))
		}
		id, err = s.insertClaim(ctx, tx, actor, nc, "")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add claim: %w", err)
	}
	c, err := getClaim(ctx, s.db.Write, id)
	if err != nil {
		return nil, fmt.Errorf("add claim: %w", err)
	}
	return c, nil
}

// PromoteClaim makes a candidate (a claim the engine scored under its
// threshold) a claim to work on, at version.
func (s *Store) PromoteClaim(ctx context.Context, actor *User, id, version int64) (*Claim, error) {
	if err := authorize(actor, ActionEditClaims); err != nil {
		return nil, fmt.Errorf("promote claim: %w", err)
	}
	var out *Claim
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := getClaim(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkVersion(ctx, tx, c, version); err != nil {
			return err
		}
		if c.Candidate {
			if err := s.promote(ctx, tx, actor, id); err != nil {
				return err
			}
		}
		out, err = getClaim(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("promote claim: %w", err)
	}
	return out, nil
}

func (s *Store) promote(ctx context.Context, tx *sql.Tx, actor *User, id int64) error {
	if _, err := tx.ExecContext(ctx, "UPDATE claims SET candidate = 0 WHERE id = ?", id); err != nil {
		return err
	}
	version, err := s.bumpClaim(ctx, tx, id)
	if err != nil {
		return err
	}
	return s.writeHistory(ctx, tx, actor, id, version, []historyRow{{field: "candidate", from: "yes", to: "no"}})
}

// setSpan moves claim c to [start, end) of body, rescoring it, and returns
// the history rows of the change.
func (s *Store) setSpan(ctx context.Context, tx *sql.Tx, c *Claim, body string, start, end int, origin string) ([]historyRow, error) {
	nc := s.engineView(body, start, end)
	rj, err := json.Marshal(nc.reasons)
	if err != nil {
		return nil, err
	}
	if nc.reasons == nil {
		rj = []byte("[]")
	}
	kind, speaker := c.Kind, c.Speaker
	if nc.kind != claims.KindOther {
		kind, speaker = nc.kind, nc.speaker
	}
	// A statement nobody edited follows the new text; one a reviewer
	// wrote stays theirs.
	statement := c.Statement
	if statement == "" || statement == suggestStatement(c.Text, c.Speaker) {
		statement = suggestStatement(nc.text, speaker)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE claims SET start_byte = ?, end_byte = ?, text = ?, score = ?, reasons = ?, kind = ?, speaker = ?, origin = ?, statement = ? WHERE id = ?",
		start, end, nc.text, nc.score, string(rj), kind, speaker, origin, statement, c.ID); err != nil {
		return nil, err
	}
	rows := []historyRow{
		{field: "span", from: fmt.Sprintf("%d-%d", c.Start, c.End), to: fmt.Sprintf("%d-%d", start, end)},
		{field: "text", from: c.Text, to: nc.text},
	}
	if statement != c.Statement {
		rows = append(rows, historyRow{field: "statement", from: c.Statement, to: statement})
	}
	return rows, nil
}

// editable refuses span edits of a done or dismissed claim.
func editable(c *Claim) error {
	if err := lockedIfDone(c); err != nil {
		return err
	}
	if c.Status == StatusDismissed {
		return Invalid("status", fmt.Sprintf("claim #%d is dismissed: restore it first", c.ID))
	}
	return nil
}

// MergeClaims joins two claims of one article into the first, which then
// spans both (from the lower start to the higher end, text = those bytes of
// the body, rescored, origin merge); the second is dismissed with the
// reason "merged into #ID", and its evidence and comments move to the
// first. The first keeps its status, verdict, conclusion and assignee.
// Both versions are checked; neither may be done or dismissed.
func (s *Store) MergeClaims(ctx context.Context, actor *User, id, otherID int64, version, otherVersion int64) (*Claim, error) {
	if err := authorize(actor, ActionEditClaims); err != nil {
		return nil, fmt.Errorf("merge claims: %w", err)
	}
	if id == otherID {
		return nil, fmt.Errorf("merge claims: %w", Invalid("other", "choose two different claims to merge"))
	}
	var out *Claim
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		a, err := getClaim(ctx, tx, id)
		if err != nil {
			return err
		}
		b, err := getClaim(ctx, tx, otherID)
		if err != nil {
			return err
		}
		if err := checkVersion(ctx, tx, a, version); err != nil {
			return err
		}
		if err := checkVersion(ctx, tx, b, otherVersion); err != nil {
			return err
		}
		if a.ArticleID != b.ArticleID {
			return Invalid("other", "only claims of the same article can be merged")
		}
		if err := editable(a); err != nil {
			return err
		}
		if err := editable(b); err != nil {
			return err
		}
		body, err := articleBody(ctx, tx, a.ArticleID)
		if err != nil {
			return err
		}
		rows, err := s.setSpan(ctx, tx, a, body, min(a.Start, b.Start), max(a.End, b.End), "merge")
		if err != nil {
			return err
		}
		if a.Candidate && !b.Candidate {
			if _, err := tx.ExecContext(ctx, "UPDATE claims SET candidate = 0 WHERE id = ?", a.ID); err != nil {
				return err
			}
		}
		for _, table := range []string{"evidence", "comments"} {
			if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET claim_id = ? WHERE claim_id = ?", a.ID, b.ID); err != nil {
				return err
			}
		}
		rows = append(rows, historyRow{field: "merged", to: fmt.Sprintf("#%d", b.ID), note: fmt.Sprintf("merged with #%d", b.ID)})
		va, err := s.bumpClaim(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if err := s.writeHistory(ctx, tx, actor, a.ID, va, rows); err != nil {
			return err
		}
		reason := fmt.Sprintf("merged into #%d", a.ID)
		if _, err := tx.ExecContext(ctx, "UPDATE claims SET status = 'dismissed', dismiss_code = 'duplicate', dismiss_reason = ? WHERE id = ?", reason, b.ID); err != nil {
			return err
		}
		vb, err := s.bumpClaim(ctx, tx, b.ID)
		if err != nil {
			return err
		}
		if err := s.writeHistory(ctx, tx, actor, b.ID, vb, []historyRow{
			{field: "status", from: string(b.Status), to: string(StatusDismissed), note: reason},
			{field: "dismiss_code", from: b.DismissCode, to: string(DismissDuplicate)},
			{field: "dismiss_reason", from: b.DismissReason, to: reason},
		}); err != nil {
			return err
		}
		out, err = getClaim(ctx, tx, a.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("merge claims: %w", err)
	}
	return out, nil
}

// SplitClaim splits a claim at byte offset at of the article's body
// (strictly inside the claim, on a character boundary, with text on both
// sides after trimming white space). The claim keeps its id, status,
// verdict, conclusion, evidence and comments with the first part; a new
// claim (origin split, same status — researching at most — and assignee,
// no verdict) gets the second. Both are rescored.
func (s *Store) SplitClaim(ctx context.Context, actor *User, id int64, version int64, at int) (*Claim, *Claim, error) {
	if err := authorize(actor, ActionEditClaims); err != nil {
		return nil, nil, fmt.Errorf("split claim: %w", err)
	}
	var first, second *Claim
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := getClaim(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkVersion(ctx, tx, c, version); err != nil {
			return err
		}
		if err := editable(c); err != nil {
			return err
		}
		body, err := articleBody(ctx, tx, c.ArticleID)
		if err != nil {
			return err
		}
		if at <= c.Start || at >= c.End {
			return Invalid("at", fmt.Sprintf("split inside the claim (between bytes %d and %d)", c.Start, c.End))
		}
		if !utf8.RuneStart(body[at]) {
			return Invalid("at", "the split point cuts a character in two")
		}
		s1, e1 := trimSpan(body, c.Start, at)
		s2, e2 := trimSpan(body, at, c.End)
		if s1 == e1 || s2 == e2 {
			return Invalid("at", "both parts of a split need some text")
		}
		rows, err := s.setSpan(ctx, tx, c, body, s1, e1, c.Origin)
		if err != nil {
			return err
		}
		nc := s.engineView(body, s2, e2)
		nc.articleID, nc.origin, nc.candidate, nc.assignee = c.ArticleID, "split", c.Candidate, c.AssigneeID
		nc.status = c.Status
		if nc.status == StatusNeedsReview {
			nc.status = StatusResearching // the new part has no verdict to review yet
		}
		newID, err := s.insertClaim(ctx, tx, actor, nc, fmt.Sprintf("split from #%d", c.ID))
		if err != nil {
			return err
		}
		rows = append(rows, historyRow{field: "split", to: fmt.Sprintf("#%d", newID), note: fmt.Sprintf("second part is #%d", newID)})
		v, err := s.bumpClaim(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if err := s.writeHistory(ctx, tx, actor, c.ID, v, rows); err != nil {
			return err
		}
		if first, err = getClaim(ctx, tx, c.ID); err != nil {
			return err
		}
		second, err = getClaim(ctx, tx, newID)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("split claim: %w", err)
	}
	return first, second, nil
}

// Context returns up to n sentences before and after a claim in its
// article, as they stand in the text (line breaks kept). Sentences that
// overlap the claim belong to neither side.
func (s *Store) Context(ctx context.Context, c *Claim, n int) (before, after string, err error) {
	if c == nil || n <= 0 {
		return "", "", nil
	}
	body, err := articleBody(ctx, s.db.Read, c.ArticleID)
	if err != nil {
		return "", "", fmt.Errorf("claim context: %w", err)
	}
	if c.End > len(body) {
		return "", "", fmt.Errorf("claim context: claim %d lies outside its article's text", c.ID)
	}
	sents := claims.Segment(body)
	var pre, post []claims.Sentence
	for _, st := range sents {
		switch {
		case st.End <= c.Start:
			pre = append(pre, st)
		case st.Start >= c.End:
			post = append(post, st)
		}
	}
	if len(pre) > n {
		pre = pre[len(pre)-n:]
	}
	if len(post) > n {
		post = post[:n]
	}
	if len(pre) > 0 {
		before = body[pre[0].Start:pre[len(pre)-1].End]
	}
	if len(post) > 0 {
		after = body[post[0].Start:post[len(post)-1].End]
	}
	return before, after, nil
}
