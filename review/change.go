package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"claimdesk/claims"
)

// What a change to a claim means is decided here, once, for every path
// that changes one: the claim form and the API (UpdateClaim), the bulk
// actions (BulkUpdate) and a copy from a match (CopyFromMatch, through
// UpdateClaim). Each path does three steps:
//
//	checkEdit    the text of what was sent (no database needed)
//	resolveEdit  the verdict and assignee names to rows
//	decideChange what the edit does to one claim, and whether actor may do it
//
// then saveChange writes the claim and its history rows together.

// claimEdit is a ClaimUpdate (without its version) whose text passed the
// checks: trimmed, line ends as LF. Nil fields are left alone.
type claimEdit struct {
	status     *Status
	verdict    *string
	conclusion *string
	assignee   *string
	reviewURL  *string
	statement  *string
	claimantID *int64
	claimant   *string // a name to find or make
	note       string
	// dismissCode and dismissReason as sent (checkDismissal judges them
	// when the edit dismisses the claim).
	dismissCode   *string
	dismissReason *string
	// rescore is a new score by a model: not a person's edit, and it
	// comes alone.
	rescore *rescoreEdit
}

// rescoreEdit is a claim's score by the model in use.
type rescoreEdit struct {
	model int64
	score claims.Score
}

// checkEdit validates the text of u's fields, every wrong field at once,
// before any transaction starts.
func checkEdit(u ClaimUpdate) (claimEdit, error) {
	v := &ValidationError{}
	e := claimEdit{status: u.Status, verdict: u.Verdict, assignee: u.Assignee}
	if u.Conclusion != nil {
		c := checkProse(v, "conclusion", *u.Conclusion, maxConclusionRunes)
		e.conclusion = &c
	}
	if u.ReviewURL != nil {
		r := checkURL(v, "review_url", *u.ReviewURL, true)
		e.reviewURL = &r
	}
	if u.Statement != nil {
		st := checkStatement(v, *u.Statement)
		e.statement = &st
	}
	switch {
	case u.ClaimantID != nil && u.ClaimantName != nil:
		v.Add("claimant_id", "send claimant_id or claimant_name, not both")
	case u.ClaimantID != nil:
		e.claimantID = u.ClaimantID
	case u.ClaimantName != nil:
		checkText(v, "claimant_name", *u.ClaimantName)
		n := checkLine(v, "claimant_name", claimantName(*u.ClaimantName), maxClaimantNameRunes)
		if n == "" && v.Fields["claimant_name"] == "" {
			v.Add("claimant_name", "name the claimant, or send claimant_id 0 to unlink")
		}
		e.claimant = &n
	}
	e.note = checkProse(v, "note", u.Note, maxNoteRunes)
	e.dismissCode = u.DismissCode
	if u.DismissReason != nil {
		r := checkProse(v, "dismiss_reason", *u.DismissReason, maxNoteRunes)
		e.dismissReason = &r
	}
	if u.Verdict != nil {
		checkText(v, "verdict", *u.Verdict)
	}
	if u.Assignee != nil {
		checkText(v, "assignee", *u.Assignee)
	}
	return e, v.Err()
}

// resolvedEdit is a claimEdit with its verdict and assignee found: an id
// of 0 is none ("" clears).
type resolvedEdit struct {
	claimEdit
	verdictID    int64
	verdictName  string
	assigneeID   int64
	assigneeName string
	claimantID   int64
	claimantName string
	// claimantIDSet is non-nil when the edit sets the claimant.
	claimantIDSet *int64
}

// resolveEdit finds the verdict on the scale and the assignee among the
// enabled users; an unknown name is a *ValidationError on its field.
func resolveEdit(ctx context.Context, q querier, e claimEdit) (resolvedEdit, error) {
	r := resolvedEdit{claimEdit: e}
	var err error
	if e.verdict != nil && strings.TrimSpace(*e.verdict) != "" {
		if r.verdictID, r.verdictName, err = verdictByName(ctx, q, *e.verdict); err != nil {
			return r, err
		}
	}
	if e.assignee != nil && strings.TrimSpace(*e.assignee) != "" {
		if r.assigneeID, r.assigneeName, err = assigneeByName(ctx, q, *e.assignee); err != nil {
			return r, err
		}
	}
	if e.claimantID != nil && *e.claimantID != 0 {
		k, err := getClaimant(ctx, q, *e.claimantID)
		if errors.Is(err, ErrNotFound) {
			return r, Invalid("claimant_id", fmt.Sprintf("there is no claimant #%d", *e.claimantID))
		}
		if err != nil {
			return r, err
		}
		r.claimantID, r.claimantName = k.ID, k.Name
	}
	if e.claimant != nil {
		id, err := findClaimant(ctx, q, *e.claimant)
		if err != nil {
			return r, err
		}
		if id == 0 {
			kind := KindPerson
			if k, ok := claims.ClaimantKind(*e.claimant); ok {
				kind = k
			}
			res, err := q.ExecContext(ctx, `INSERT INTO claimants (name, kind, created_at, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'), strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))`, *e.claimant, kind)
			if err != nil {
				return r, err
			}
			if id, err = res.LastInsertId(); err != nil {
				return r, err
			}
		}
		k, err := getClaimant(ctx, q, id)
		if err != nil {
			return r, err
		}
		r.claimantID, r.claimantName = k.ID, k.Name
		one := k.ID
		r.claimantIDSet = &one
	}
	if e.claimantID != nil {
		r.claimantIDSet = e.claimantID
		if *e.claimantID == 0 {
			r.claimantName = ""
		}
	}
	return r, nil
}

// claimChange is what an edit does to one claim: the claim before and
// after, and one history row per field that changed. No rows: nothing to
// write, and the version stays.
type claimChange struct {
	before *Claim
	after  Claim
	rows   []historyRow
	// scoreOnly: a re-score, which keeps the version (see saveChange).
	scoreOnly bool
}

// decideChange is the one function that says what edit e means for claim c
// when actor makes it, whichever path it came by. It writes nothing. The
// rules (rules.go holds who may do what and the workflow of statuses):
//   - proposing a verdict or a conclusion is research; assigning follows
//     checkAssign; a fact-check link is an editor's;
//   - a status change follows checkTransition; a sign-off needs a verdict,
//     a conclusion and evidence after the edit (and, with the switch
//     review.second_signoff on, a second person: checkSecondSignOff), and
//     records who and when; its note is the sign-off note;
//     leaving done clears that;
//   - a statement is research on an open claim; on a done claim it is
//     what the review publishes, and an editor may set it like the link;
//   - a done claim is locked: only its reopening or dismissal moves it,
//     and an editor may set its link and statement; other fields change
//     only in the edit that reopens it;
//   - dismissing takes a code and a reason (checkDismissal; the note is
//     the reason when none is sent); restoring clears them;
//   - the note goes on the status row when the status changes, otherwise
//     on every row;
//   - any change to a candidate promotes it (a "candidate" row), so a
//     claim being worked on never hides among the candidates;
//   - a re-score by a model (the system's, never a person's) changes an
//     open claim's score with a "score" row that names the model, and its
//     candidate flag only when the engine found it and nobody has touched
//     it (still at version 1): a person's decision is never undone by a
//     model. It keeps the version, so nobody's open form goes stale.
func (s *Store) decideChange(ctx context.Context, q querier, actor *User, c *Claim, e resolvedEdit) (*claimChange, error) {
	ch := &claimChange{before: c, after: *c}
	if e.rescore != nil {
		if actor != nil {
			return nil, forbidden("only the system re-scores claims")
		}
		ch.rescore(*e.rescore)
		return ch, nil
	}
	if err := ch.editFields(actor, e); err != nil {
		return nil, err
	}
	contentChanged := false
	for _, r := range ch.rows {
		contentChanged = contentChanged || r.field != "review_url" && r.field != "statement" && r.field != "claimant"
	}
	if err := ch.moveStatus(actor, e.status, e.note); err != nil {
		return nil, err
	}
	if c.Status == StatusDone && ch.after.Status == StatusDone && contentChanged {
		return nil, forbidden("a done claim changes only when an editor reopens it")
	}
	if len(ch.rows) == 0 {
		return ch, nil
	}
	ch.promote()
	if err := s.signOff(ctx, q, actor, ch); err != nil {
		return nil, err
	}
	if err := ch.dismissal(e); err != nil {
		return nil, err
	}
	if e.status == nil || *e.status == c.Status {
		for i := range ch.rows {
			ch.rows[i].note = e.note
		}
	}
	return ch, nil
}

// editFields applies the verdict, conclusion, assignee and link of e,
// each by the rule of who may change it.
func (ch *claimChange) editFields(actor *User, e resolvedEdit) error {
	c, next := ch.before, &ch.after
	research := false
	if e.verdict != nil && e.verdictID != c.VerdictID {
		next.VerdictID, next.Verdict = e.verdictID, e.verdictName
		ch.rows = append(ch.rows, historyRow{field: "verdict", from: c.Verdict, to: next.Verdict})
		research = true
	}
	if e.conclusion != nil && *e.conclusion != c.Conclusion {
		next.Conclusion = *e.conclusion
		ch.rows = append(ch.rows, historyRow{field: "conclusion", from: c.Conclusion, to: next.Conclusion})
		research = true
	}
	if e.assignee != nil && e.assigneeID != c.AssigneeID {
		if err := checkAssign(actor, c.AssigneeID, e.assigneeID); err != nil {
			return err
		}
		next.AssigneeID, next.Assignee = e.assigneeID, e.assigneeName
		ch.rows = append(ch.rows, historyRow{field: "assignee", from: c.Assignee, to: next.Assignee})
	}
	if e.reviewURL != nil && *e.reviewURL != c.ReviewURL {
		if err := authorize(actor, ActionSetReviewURL); err != nil {
			return err
		}
		next.ReviewURL = *e.reviewURL
		ch.rows = append(ch.rows, historyRow{field: "review_url", from: c.ReviewURL, to: next.ReviewURL})
	}
	if e.claimantIDSet != nil && e.claimantID != c.ClaimantID {
		action := ActionResearch
		if c.Status == StatusDone {
			action = ActionSetStatement
		}
		if err := authorize(actor, action); err != nil {
			return err
		}
		next.ClaimantID, next.Claimant = e.claimantID, e.claimantName
		ch.rows = append(ch.rows, historyRow{field: "claimant", from: c.Claimant, to: next.Claimant})
	}
	if e.statement != nil && *e.statement != c.Statement {
		action := ActionResearch
		if c.Status == StatusDone {
			action = ActionSetStatement
		}
		if err := authorize(actor, action); err != nil {
			return err
		}
		next.Statement = *e.statement
		ch.rows = append(ch.rows, historyRow{field: "statement", from: c.Statement, to: next.Statement})
	}
	if research {
		return authorize(actor, ActionResearch)
	}
	return nil
}

// moveStatus applies a status change by the workflow (checkTransition).
func (ch *claimChange) moveStatus(actor *User, to *Status, note string) error {
	if to == nil || *to == ch.before.Status {
		return nil
	}
	if err := checkTransition(actor, ch.before.Status, *to, note); err != nil {
		return err
	}
	ch.after.Status = *to
	ch.rows = append(ch.rows, historyRow{field: "status", from: string(ch.before.Status), to: string(*to), note: note})
	return nil
}

// rescore applies a model's new score to an open claim.
func (ch *claimChange) rescore(r rescoreEdit) {
	c, next := ch.before, &ch.after
	if c.Status == StatusDone || c.Status == StatusDismissed || c.ModelVersion == r.model {
		return
	}
	ch.scoreOnly = true
	note := fmt.Sprintf("re-scored by model %d", r.model)
	next.Score, next.Reasons, next.ModelVersion = r.score.P, r.score.Reasons, r.model
	if next.Reasons == nil {
		next.Reasons = []claims.Reason{}
	}
	ch.rows = append(ch.rows, historyRow{field: "score", from: fmt.Sprintf("%.4f", c.Score), to: fmt.Sprintf("%.4f", next.Score), note: note})
	untouched := c.Origin == "engine" && c.Version == 1 && c.Status == StatusNew
	if untouched && c.Candidate == r.score.Worthy {
		next.Candidate = !r.score.Worthy
		ch.rows = append(ch.rows, historyRow{field: "candidate", from: yesNo(c.Candidate), to: yesNo(next.Candidate), note: note})
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// promote makes a candidate a claim: otherwise a claim being worked on
// would vanish from every list that leaves candidates out.
func (ch *claimChange) promote() {
	if ch.before.Candidate {
		ch.after.Candidate = false
		ch.rows = append(ch.rows, historyRow{field: "candidate", from: "yes", to: "no"})
	}
}

// signOff records a sign-off (after checking what it needs) and clears it
// when a done claim leaves done.
func (s *Store) signOff(ctx context.Context, q querier, actor *User, ch *claimChange) error {
	was, is := ch.before.Status == StatusDone, ch.after.Status == StatusDone
	switch {
	case is && !was:
		if err := checkSignOff(ctx, q, &ch.after); err != nil {
			return err
		}
		if err := checkSecondSignOff(ctx, q, actor, ch); err != nil {
			return err
		}
		now := s.now()
		ch.after.SignedOffAt = &now
		ch.after.SignedOffByID, ch.after.SignedOffBy = 0, ""
		if actor != nil {
			ch.after.SignedOffByID, ch.after.SignedOffBy = actor.ID, actor.Name
		}
	case was && !is:
		ch.after.SignedOffAt, ch.after.SignedOffByID, ch.after.SignedOffBy = nil, 0, ""
	}
	return nil
}

// dismissal records the code and reason of a dismissal (checkDismissal
// says what they must be) and clears them on a restored claim.
func (ch *claimChange) dismissal(e resolvedEdit) error {
	was, is := ch.before.Status == StatusDismissed, ch.after.Status == StatusDismissed
	switch {
	case is && !was:
		reason := e.note
		if e.dismissReason != nil {
			reason = *e.dismissReason
		}
		code, reason, err := checkDismissal(e.dismissCode, reason)
		if err != nil {
			return err
		}
		ch.after.DismissCode, ch.after.DismissReason = string(code), reason
		ch.rows = append(ch.rows, historyRow{field: "dismiss_code", from: ch.before.DismissCode, to: string(code)})
		if reason != "" {
			ch.rows = append(ch.rows, historyRow{field: "dismiss_reason", from: ch.before.DismissReason, to: reason})
		}
	case was && !is:
		ch.after.DismissCode, ch.after.DismissReason = "", ""
	}
	return nil
}

// checkSignOff refuses a sign-off of a claim without a verdict, a
// conclusion or evidence, naming every missing piece.
func checkSignOff(ctx context.Context, q querier, c *Claim) error {
	v := &ValidationError{}
	if c.VerdictID == 0 {
		v.Add("verdict", "choose a verdict before signing off")
	}
	if strings.TrimSpace(c.Conclusion) == "" {
		v.Add("conclusion", "write a conclusion before signing off")
	}
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM evidence WHERE claim_id = ?", c.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		v.Add("evidence", "add at least one piece of evidence before signing off")
	}
	return v.Err()
}

// checkSecondSignOff is the rule of the review.second_signoff switch: when
// it is on, an editor may not sign off a claim assigned to them, nor one
// whose verdict they proposed (the last verdict change was theirs, or the
// sign-off itself sets the verdict). The shell (actor nil) is not a person.
func checkSecondSignOff(ctx context.Context, q querier, actor *User, ch *claimChange) error {
	if actor == nil {
		return nil
	}
	var on string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", SettingSecondSignOff).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) || err == nil && on != "on" {
		return nil
	}
	if err != nil {
		return err
	}
	if ch.before.AssigneeID == actor.ID || ch.after.AssigneeID == actor.ID {
		return forbidden("a second person signs off: you were assigned this claim, so another editor signs it off")
	}
	for _, r := range ch.rows {
		if r.field == "verdict" {
			return forbidden("a second person signs off: you are setting its verdict, so another editor signs it off")
		}
	}
	var proposer sql.NullInt64
	err = q.QueryRowContext(ctx, "SELECT user_id FROM history WHERE claim_id = ? AND field = 'verdict' ORDER BY id DESC LIMIT 1", ch.before.ID).Scan(&proposer)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if proposer.Valid && proposer.Int64 == actor.ID {
		return forbidden("a second person signs off: you proposed its verdict, so another editor signs it off")
	}
	return nil
}

// saveChange writes ch, decided by decideChange, inside tx: the claim's
// fields at the next version and its history rows carrying that version.
// A change without rows writes nothing.
func (s *Store) saveChange(ctx context.Context, tx *sql.Tx, actor *User, ch *claimChange) error {
	if len(ch.rows) == 0 {
		return nil
	}
	if ch.scoreOnly {
		return s.saveScore(ctx, tx, ch)
	}
	n := &ch.after
	var signedAt any
	if n.SignedOffAt != nil {
		signedAt = fmtTime(*n.SignedOffAt)
	}
	version := ch.before.Version + 1
	now := s.now()
	_, err := tx.ExecContext(ctx, `UPDATE claims SET candidate = ?, status = ?, verdict_id = ?, conclusion = ?, assignee_id = ?, review_url = ?,
		dismiss_code = ?, dismiss_reason = ?, signed_off_by = ?, signed_off_at = ?, version = ?, updated_at = ?, statement = ?, claimant_id = ? WHERE id = ?`,
		n.Candidate, n.Status, nullInt(n.VerdictID), n.Conclusion, nullInt(n.AssigneeID), n.ReviewURL,
		n.DismissCode, n.DismissReason, nullInt(n.SignedOffByID), signedAt, version, fmtTime(now), n.Statement, nullInt(n.ClaimantID), n.ID)
	if err != nil {
		return err
	}
	n.Version, n.UpdatedAt = version, now
	return s.writeHistory(ctx, tx, actor, n.ID, version, ch.rows)
}

// saveScore writes a re-score: the score, its reasons, the model and the
// candidate flag, with history rows at the claim's current version.
func (s *Store) saveScore(ctx context.Context, tx *sql.Tx, ch *claimChange) error {
	n := &ch.after
	rj, err := json.Marshal(n.Reasons)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE claims SET score = ?, reasons = ?, model_version = ?, candidate = ? WHERE id = ?",
		n.Score, string(rj), n.ModelVersion, n.Candidate, n.ID); err != nil {
		return err
	}
	return s.writeHistory(ctx, tx, nil, n.ID, n.Version, ch.rows)
}
