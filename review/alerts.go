package review

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// AlertKind is what an alert rule watches for.
type AlertKind string

// The kinds of alert rules.
const (
	// AlertFalseMatch: a claim with a confident "checked before?" match
	// rated false or misleading (ratingMeaning.judge, the digest's
	// repeats_false).
	AlertFalseMatch AlertKind = "false_match"
	// AlertClaimant: a claim by one claimant.
	AlertClaimant AlertKind = "claimant"
	// AlertScore: a claim scored above a threshold in an article from one
	// feed, or from any feed.
	AlertScore AlertKind = "score"
)

// AlertRule is a rule an editor set: which new claims raise an alert.
type AlertRule struct {
	ID         int64     `json:"id"`
	Kind       AlertKind `json:"kind"`
	ClaimantID int64     `json:"claimant_id,omitzero"`
	Claimant   string    `json:"claimant,omitempty"`
	// FeedID is the feed of a score rule; 0 is any feed.
	FeedID int64  `json:"feed_id,omitzero"`
	Feed   string `json:"feed,omitempty"`
	// Threshold is a score rule's: a claim scored above it fires.
	Threshold   *float64  `json:"threshold,omitempty"`
	Description string    `json:"description"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	Alerts      int       `json:"alerts"` // alerts it raised
}

// NewAlertRule is a rule as an editor writes it. A claimant rule names
// its claimant by ClaimantID or by Claimant (the name); a score rule needs
// Threshold and may name a feed (FeedID 0: any feed).
type NewAlertRule struct {
	Kind       string
	ClaimantID int64
	Claimant   string
	FeedID     int64
	Threshold  *float64
}

// Alert is a notice that a rule fired on a claim: shown in the bell list
// and sent to every webhook.
type Alert struct {
	ID        int64     `json:"id"`
	RuleID    int64     `json:"rule_id,omitzero"` // 0 once the rule is deleted
	Kind      AlertKind `json:"kind"`
	Text      string    `json:"text"`
	ClaimID   int64     `json:"claim_id"`
	Statement string    `json:"statement"`
	Score     float64   `json:"score"`
	Claimant  string    `json:"claimant"`
	ArticleID int64     `json:"article_id"`
	Outlet    string    `json:"outlet"`
	// URL is the claim's page, as a path ("/claims/12").
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
	// Read: the user who asked has read it (lists for a user only).
	Read bool `json:"read"`
}

// alertState is the store's part of alert evaluation: the claims whose
// evaluation failed (tried again with the next), and the wake of the
// webhook sender.
type alertState struct {
	mu    sync.Mutex
	retry []int64
	once  sync.Once
	wake  chan struct{}
}

// maxAlertRetry bounds the claims kept for another evaluation; past it
// the start's catch-up (EvaluateAlertsSince) finds them.
const maxAlertRetry = 10000

func (a *alertState) wakeChan() chan struct{} {
	a.once.Do(func() { a.wake = make(chan struct{}, 1) })
	return a.wake
}

// AlertsStored is signalled after a transaction stored new alerts (and
// their deliveries): the webhook sender's wake.
func (s *Store) AlertsStored() <-chan struct{} { return s.alerts.wakeChan() }

// WakeAlerts tells the webhook sender to look at the outbox (a webhook or
// a retry changed it).
func (s *Store) WakeAlerts() {
	select {
	case s.alerts.wakeChan() <- struct{}{}:
	default:
	}
}

// alertMatched is the matcher's one call, after each step's commit:
// the step's claims (and any whose evaluation failed before) are
// evaluated against the alert rules, outside the matcher's transaction.
func (s *Store) alertMatched(ctx context.Context, ids []int64) error {
	s.alerts.mu.Lock()
	ids = append(s.alerts.retry, ids...)
	s.alerts.retry = nil
	s.alerts.mu.Unlock()
	if _, err := s.EvaluateAlerts(ctx, ids); err != nil {
		s.alerts.mu.Lock()
		if len(s.alerts.retry)+len(ids) <= maxAlertRetry {
			s.alerts.retry = append(s.alerts.retry, ids...)
		}
		s.alerts.mu.Unlock()
		return fmt.Errorf("alerts: %w", err)
	}
	return nil
}

// ruleColumns reads a rule with its names and count.
const ruleColumns = `r.id, r.kind, coalesce(r.claimant_id, 0), coalesce(k.name, ''), coalesce(r.feed_id, 0),
 coalesce(nullif(f.title, ''), f.url, ''), r.threshold, coalesce(u.name, ''), r.created_at,
 (SELECT count(*) FROM alerts a WHERE a.rule_id = r.id)
FROM alert_rules r LEFT JOIN claimants k ON k.id = r.claimant_id LEFT JOIN feeds f ON f.id = r.feed_id
LEFT JOIN users u ON u.id = r.created_by`

func scanRule(sc interface{ Scan(...any) error }) (*AlertRule, error) {
	var r AlertRule
	var th sql.NullFloat64
	var created string
	if err := sc.Scan(&r.ID, &r.Kind, &r.ClaimantID, &r.Claimant, &r.FeedID, &r.Feed, &th, &r.CreatedBy, &created, &r.Alerts); err != nil {
		return nil, err
	}
	if th.Valid {
		r.Threshold = &th.Float64
	}
	r.CreatedAt = parseTime(created)
	r.Description = r.describe()
	return &r, nil
}

// describe says what the rule watches, in a sentence.
func (r *AlertRule) describe() string {
	switch r.Kind {
	case AlertFalseMatch:
		return "A claim matches (confidently) a fact-check or a desk verdict rated false or misleading"
	case AlertClaimant:
		return fmt.Sprintf("A claim by %s", r.Claimant)
	case AlertScore:
		from := "any feed"
		if r.FeedID != 0 {
			from = fmt.Sprintf("the feed %q", r.Feed)
		}
		return fmt.Sprintf("A claim scored above %.2f in an article from %s", *r.Threshold, from)
	}
	return string(r.Kind)
}

// AlertRules lists the rules, oldest first.
func (s *Store) AlertRules(ctx context.Context) ([]AlertRule, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+ruleColumns+` ORDER BY r.id`)
	if err != nil {
		return nil, fmt.Errorf("alert rules: %w", err)
	}
	defer rows.Close()
	out := []AlertRule{}
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, fmt.Errorf("alert rules: %w", err)
		}
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("alert rules: %w", err)
	}
	return out, nil
}

// AlertRule returns one rule.
func (s *Store) AlertRule(ctx context.Context, id int64) (*AlertRule, error) {
	r, err := scanRule(s.db.Read.QueryRowContext(ctx, `SELECT `+ruleColumns+` WHERE r.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "alert rule %d", id)
	}
	return r, nil
}

// AddAlertRule adds a rule (editors and admins). It fires on the claims
// matched from now on. A bad kind, an unknown claimant or feed, a
// threshold outside 0..1, a field the kind does not take or the same
// rule twice is a *ValidationError naming the field; nothing is stored.
func (s *Store) AddAlertRule(ctx context.Context, actor *User, in NewAlertRule) (*AlertRule, error) {
	if err := authorize(actor, ActionManageAlerts); err != nil {
		return nil, fmt.Errorf("add alert rule: %w", err)
	}
	kind := AlertKind(strings.TrimSpace(in.Kind))
	name := strings.TrimSpace(in.Claimant)
	v := &ValidationError{}
	switch kind {
	case AlertFalseMatch, AlertClaimant, AlertScore:
	default:
		v.Add("kind", `choose what the rule watches: "false_match" (a claim repeats one rated false or misleading), "claimant" (a claim by a claimant) or "score" (a claim scored above a threshold)`)
	}
	if kind == AlertClaimant && name == "" && in.ClaimantID == 0 {
		v.Add("claimant", "name the claimant whose claims raise an alert")
	}
	if kind != AlertClaimant && (name != "" || in.ClaimantID != 0) {
		v.Add("claimant", "only a claimant rule names a claimant")
	}
	if kind != AlertScore && in.FeedID != 0 {
		v.Add("feed", "only a score rule names a feed")
	}
	if kind != AlertScore && in.Threshold != nil {
		v.Add("threshold", "only a score rule has a threshold")
	}
	if kind == AlertScore {
		switch t := in.Threshold; {
		case t == nil:
			v.Add("threshold", "give the score above which a claim raises an alert, from 0 to 1, like 0.8")
		case math.IsNaN(*t) || *t < 0 || *t > 1:
			v.Add("threshold", fmt.Sprintf("the threshold is a score from 0 to 1, like 0.8 (got %v)", *t))
		}
	}
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("add alert rule: %w", err)
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		claimant := in.ClaimantID
		if kind == AlertClaimant {
			var err error
			if claimant != 0 {
				err = tx.QueryRowContext(ctx, `SELECT id FROM claimants WHERE id = ?`, claimant).Scan(&claimant)
			} else {
				err = tx.QueryRowContext(ctx, `SELECT id FROM claimants WHERE name = ?`, name).Scan(&claimant)
			}
			if errors.Is(err, sql.ErrNoRows) {
				if in.ClaimantID != 0 {
					return Invalid("claimant", fmt.Sprintf("there is no claimant %d", in.ClaimantID))
				}
				return Invalid("claimant", fmt.Sprintf("there is no claimant named %q: pick one from the claimants list", name))
			}
			if err != nil {
				return err
			}
		}
		if in.FeedID != 0 {
			switch err := tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE id = ?`, in.FeedID).Scan(new(int64)); {
			case errors.Is(err, sql.ErrNoRows):
				return Invalid("feed", fmt.Sprintf("there is no feed %d", in.FeedID))
			case err != nil:
				return err
			}
		}
		var same int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM alert_rules WHERE kind = ? AND claimant_id IS ? AND feed_id IS ? AND threshold IS ?`,
			kind, nullInt(claimant), nullInt(in.FeedID), in.Threshold).Scan(&same)
		switch {
		case err == nil:
			return Invalid("kind", fmt.Sprintf("the same rule exists: rule %d", same))
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO alert_rules (kind, claimant_id, feed_id, threshold, created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, kind, nullInt(claimant), nullInt(in.FeedID), in.Threshold, actorID(actor), fmtTime(s.now())).Scan(&id)
	})
	if err != nil {
		return nil, fmt.Errorf("add alert rule: %w", err)
	}
	return s.AlertRule(ctx, id)
}

// DeleteAlertRule removes a rule (editors and admins). The alerts it
// raised stay, and so do their deliveries.
func (s *Store) DeleteAlertRule(ctx context.Context, actor *User, id int64) error {
	if err := authorize(actor, ActionManageAlerts); err != nil {
		return fmt.Errorf("delete alert rule: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM alert_rules WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete alert rule %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delete alert rule %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// ruleRow is a rule as evaluation needs it.
type ruleRow struct {
	id, claimant, feed int64
	kind               AlertKind
	threshold          float64
	created            string
}

// alertClaim is a claim as evaluation needs it.
type alertClaim struct {
	id, article, claimantID int64
	statement, claimant     string
	score                   float64
	open                    bool   // neither a candidate nor dismissed
	matchedAt               string // "" while pending
	createdAt               string
	feeds                   map[int64]string
}

// newAlert is an alert evaluation raised.
type newAlert struct {
	rule  ruleRow
	claim int64
	text  string
}

// EvaluateAlerts applies every rule to the claims ids and stores an alert
// for each rule a claim meets, at most one per rule and claim ever (a
// claim matched again raises nothing new), with a pending delivery for
// each webhook, all in one transaction. A claimant or score rule fires
// on the claims created after it; a false_match rule on the claims
// matched after it (an older claim too, once a new fact-check matches
// it). Claims are evaluated once matched; candidates and dismissed claims
// never fire. It returns how many alerts were new.
func (s *Store) EvaluateAlerts(ctx context.Context, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	rules, err := s.ruleRows(ctx)
	if err != nil || len(rules) == 0 {
		return 0, err
	}
	claimsByID, err := s.alertClaims(ctx, ids)
	if err != nil {
		return 0, err
	}
	var found []newAlert
	var meaning *ratingMeaning
	var confident map[int64]bool
	for _, id := range ids {
		c, ok := claimsByID[id]
		if !ok || !c.open || c.matchedAt == "" {
			continue
		}
		for _, r := range rules {
			// A claimant or score rule watches new claims; a false match
			// may also come later, to an older claim, with a new
			// fact-check or a verdict signed off.
			if c.createdAt < r.created && r.kind != AlertFalseMatch || c.matchedAt < r.created {
				continue
			}
			var text string
			switch r.kind {
			case AlertClaimant:
				if c.claimantID == r.claimant {
					text = fmt.Sprintf("Claim %d by %s: “%s”", c.id, c.claimant, c.statement)
				}
			case AlertScore:
				from, ok := c.feeds[r.feed]
				if r.feed == 0 && len(c.feeds) > 0 {
					from, ok = c.feeds[slices.Min(slices.Collect(maps.Keys(c.feeds)))], true
				}
				if ok && c.score > r.threshold {
					text = fmt.Sprintf("Claim %d scored %.2f (above %.2f) in an article from %s: “%s”", c.id, c.score, r.threshold, from, c.statement)
				}
			case AlertFalseMatch:
				if confident == nil {
					if confident, err = s.confidentlyMatched(ctx, ids); err != nil {
						return 0, err
					}
					if meaning, err = s.ratingMeaning(ctx); err != nil {
						return 0, err
					}
				}
				if confident[c.id] {
					if text, err = s.falseMatchText(ctx, meaning, c); err != nil {
						return 0, err
					}
				}
			}
			if text != "" {
				found = append(found, newAlert{rule: r, claim: c.id, text: text})
			}
		}
	}
	if len(found) == 0 {
		return 0, nil
	}
	type row struct {
		Rule  int64     `json:"r"`
		Kind  AlertKind `json:"k"`
		Claim int64     `json:"c"`
		Text  string    `json:"t"`
	}
	rows := make([]row, len(found))
	for i, a := range found {
		rows[i] = row{a.rule.id, a.rule.kind, a.claim, cutRunes(a.text, 1000)}
	}
	list, err := json.Marshal(rows)
	if err != nil {
		return 0, err
	}
	n := 0
	now := fmtTime(s.now())
	// Two statements whatever the number of alerts: the alerts not raised
	// before (a claim or rule deleted meanwhile is left out), then their
	// deliveries, in the order raised, so each rule's alerts queue in order.
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		added, err := tx.QueryContext(ctx, `INSERT INTO alerts (rule_id, kind, claim_id, text, created_at)
SELECT j.value->>'r', j.value->>'k', j.value->>'c', j.value->>'t', ? FROM json_each(?) j
WHERE EXISTS (SELECT 1 FROM claims WHERE id = j.value->>'c') AND EXISTS (SELECT 1 FROM alert_rules WHERE id = j.value->>'r')
ORDER BY j.key ON CONFLICT (rule_id, claim_id) DO NOTHING RETURNING id, rule_id`, now, string(list))
		if err != nil {
			return err
		}
		type queued struct {
			Alert int64 `json:"a"`
			Rule  int64 `json:"r"`
		}
		var q []queued
		for added.Next() {
			var a queued
			if err := added.Scan(&a.Alert, &a.Rule); err != nil {
				added.Close()
				return err
			}
			q = append(q, a)
		}
		added.Close()
		if err := added.Err(); err != nil {
			return err
		}
		n = len(q)
		if n == 0 {
			return nil
		}
		slices.SortFunc(q, func(a, b queued) int { return cmp.Compare(a.Alert, b.Alert) })
		ql, err := json.Marshal(q)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, alert_id, rule_id, next_attempt_at, created_at)
SELECT w.id, j.value->>'a', j.value->>'r', ?, ? FROM json_each(?) j CROSS JOIN webhooks w ORDER BY j.key, w.id`, now, now, string(ql))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("evaluate alerts: %w", err)
	}
	if n > 0 {
		s.WakeAlerts()
	}
	return n, nil
}

// EvaluateAlertsSince evaluates the claims created at or after since
// (by the claims_created index), a batch at a time: serve's catch-up at
// start, for claims whose evaluation a stop cut short.
func (s *Store) EvaluateAlertsSince(ctx context.Context, since time.Time) (int, error) {
	if rules, err := s.ruleRows(ctx); err != nil || len(rules) == 0 {
		return 0, err
	}
	total := 0
	after := int64(0)
	for {
		rows, err := s.db.Read.QueryContext(ctx, `SELECT id FROM claims WHERE created_at >= ? AND id > ? AND candidate = 0 AND matched_at IS NOT NULL
ORDER BY id LIMIT 500`, fmtTime(since), after)
		if err != nil {
			return total, fmt.Errorf("evaluate alerts: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return total, fmt.Errorf("evaluate alerts: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return total, fmt.Errorf("evaluate alerts: %w", err)
		}
		if len(ids) == 0 {
			return total, nil
		}
		n, err := s.EvaluateAlerts(ctx, ids)
		total += n
		if err != nil {
			return total, err
		}
		after = ids[len(ids)-1]
	}
}

func (s *Store) ruleRows(ctx context.Context) ([]ruleRow, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, kind, coalesce(claimant_id, 0), coalesce(feed_id, 0), coalesce(threshold, 0), created_at FROM alert_rules ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("alert rules: %w", err)
	}
	defer rows.Close()
	var out []ruleRow
	for rows.Next() {
		var r ruleRow
		if err := rows.Scan(&r.id, &r.kind, &r.claimant, &r.feed, &r.threshold, &r.created); err != nil {
			return nil, fmt.Errorf("alert rules: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// idList is ids as the JSON array json_each reads.
func idList(ids []int64) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

// alertClaims reads the claims ids and the feeds their articles came from.
func (s *Store) alertClaims(ctx context.Context, ids []int64) (map[int64]*alertClaim, error) {
	list := idList(ids)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT c.id, c.article_id, CASE WHEN c.statement <> '' THEN c.statement ELSE c.text END, c.score,
 coalesce(c.claimant_id, 0), coalesce(k.name, ''), c.candidate = 0 AND c.status <> 'dismissed', coalesce(c.matched_at, ''), c.created_at
FROM claims c LEFT JOIN claimants k ON k.id = c.claimant_id WHERE c.id IN (SELECT value FROM json_each(?))`, list)
	if err != nil {
		return nil, fmt.Errorf("alert claims: %w", err)
	}
	out := map[int64]*alertClaim{}
	byArticle := map[int64][]*alertClaim{}
	var articles []int64
	for rows.Next() {
		c := &alertClaim{feeds: map[int64]string{}}
		if err := rows.Scan(&c.id, &c.article, &c.statement, &c.score, &c.claimantID, &c.claimant, &c.open, &c.matchedAt, &c.createdAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("alert claims: %w", err)
		}
		c.statement = cutRunes(oneLine(c.statement), 300)
		out[c.id] = c
		if byArticle[c.article] == nil {
			articles = append(articles, c.article)
		}
		byArticle[c.article] = append(byArticle[c.article], c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("alert claims: %w", err)
	}
	rows, err = s.db.Read.QueryContext(ctx, `SELECT i.article_id, f.id, coalesce(nullif(f.title, ''), f.url) FROM feed_items i JOIN feeds f ON f.id = i.feed_id
WHERE i.article_id IN (SELECT value FROM json_each(?)) AND i.state = 'imported'`, idList(articles))
	if err != nil {
		return nil, fmt.Errorf("alert claims: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var article, feed int64
		var title string
		if err := rows.Scan(&article, &feed, &title); err != nil {
			return nil, fmt.Errorf("alert claims: %w", err)
		}
		for _, c := range byArticle[article] {
			c.feeds[feed] = title
		}
	}
	return out, rows.Err()
}

// confidentlyMatched says which of ids have a confident stored match,
// either way round, with something that can carry a rating: a
// fact-check or a done desk claim. Only those can repeat a claim rated
// false (judge decides); the rest are not read further.
func (s *Store) confidentlyMatched(ctx context.Context, ids []int64) (map[int64]bool, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT m.claim_id FROM matches m LEFT JOIN claims o ON o.id = m.other_id
WHERE m.confident = 1 AND m.state <> 'rejected' AND m.claim_id IN (SELECT value FROM json_each(?1)) AND (m.fact_check_id IS NOT NULL OR o.status = 'done')
UNION SELECT m.other_id FROM matches m JOIN claims o ON o.id = m.claim_id
WHERE m.confident = 1 AND m.state <> 'rejected' AND m.other_id IN (SELECT value FROM json_each(?1)) AND o.status = 'done'`, idList(ids))
	if err != nil {
		return nil, fmt.Errorf("alert matches: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("alert matches: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// falseMatchText is the alert of a claim that repeats one rated false,
// naming its best such match; "" when it has none.
func (s *Store) falseMatchText(ctx context.Context, meaning *ratingMeaning, c *alertClaim) (string, error) {
	ms, err := s.Matches(ctx, c.id)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return "", nil
		}
		return "", err
	}
	for _, m := range ms {
		if m.State == MatchRejected {
			continue
		}
		if _, repeats := meaning.judge(m); !repeats {
			continue
		}
		if m.Kind == KindFactCheck {
			by := ""
			if m.FactCheck != nil && m.FactCheck.Publisher != "" {
				by = " by " + m.FactCheck.Publisher
			}
			return fmt.Sprintf("Claim %d repeats a claim rated %q%s: “%s” matches “%s”", c.id, m.Rating, by, c.statement, cutRunes(oneLine(m.Text), 300)), nil
		}
		return fmt.Sprintf("Claim %d repeats claim %d, signed off as %s: “%s” matches “%s”", c.id, m.OtherID, m.Verdict, c.statement, cutRunes(oneLine(m.Text), 300)), nil
	}
	return "", nil
}

// alertColumns reads an alert with its claim; ?1 is the user whose read
// marks count (0: none). CROSS JOIN keeps alerts the outer loop: the
// list walks them by id, newest first, whatever the tables' sizes.
const alertColumns = `a.id, coalesce(a.rule_id, 0), a.kind, a.text, a.claim_id, CASE WHEN c.statement <> '' THEN c.statement ELSE c.text END,
 c.score, coalesce(k.name, ''), c.article_id, ar.outlet, a.created_at,
 a.id <= coalesce((SELECT read_upto FROM alert_marks m WHERE m.user_id = ?1), 0)
  OR EXISTS (SELECT 1 FROM alert_reads r WHERE r.user_id = ?1 AND r.alert_id = a.id)
FROM alerts a CROSS JOIN claims c ON c.id = a.claim_id CROSS JOIN articles ar ON ar.id = c.article_id LEFT JOIN claimants k ON k.id = c.claimant_id`

func scanAlert(sc interface{ Scan(...any) error }) (*Alert, error) {
	var a Alert
	var created string
	if err := sc.Scan(&a.ID, &a.RuleID, &a.Kind, &a.Text, &a.ClaimID, &a.Statement, &a.Score, &a.Claimant, &a.ArticleID, &a.Outlet, &created, &a.Read); err != nil {
		return nil, err
	}
	a.CreatedAt = parseTime(created)
	a.URL = fmt.Sprintf("/claims/%d", a.ClaimID)
	return &a, nil
}

// alertsListQuery is the bell list's page: ?1 the user, ?2 the id to
// list before, ?3 the limit.
const alertsListQuery = `SELECT ` + alertColumns + ` WHERE a.id < ?2 ORDER BY a.id DESC LIMIT ?3`

// Alerts lists alerts newest first, before the alert before (0: from the
// newest), at most limit (0: 50), each marked read or not for userID.
func (s *Store) Alerts(ctx context.Context, userID int64, before int64, limit int) ([]Alert, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.db.Read.QueryContext(ctx, alertsListQuery, userID, before, limit)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	defer rows.Close()
	out := []Alert{}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("alerts: %w", err)
		}
		out = append(out, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}

// GetAlert returns one alert (as userID sees it).
func (s *Store) GetAlert(ctx context.Context, userID, id int64) (*Alert, error) {
	a, err := scanAlert(s.db.Read.QueryRowContext(ctx, `SELECT `+alertColumns+` WHERE a.id = ?2`, userID, id))
	if err != nil {
		return nil, notFound(err, "alert %d", id)
	}
	return a, nil
}

// unreadAlertsQuery is the bell's number for the user ?1.
const unreadAlertsQuery = `WITH m AS (SELECT coalesce((SELECT read_upto FROM alert_marks WHERE user_id = ?1), 0) AS upto)
SELECT (SELECT count(*) FROM alerts, m WHERE id > m.upto) - (SELECT count(*) FROM alert_reads, m WHERE user_id = ?1 AND alert_id > m.upto)`

// UnreadAlerts counts the alerts userID has not read: the bell's number.
// It reads two ranges of ids above the user's "all read" mark.
func (s *Store) UnreadAlerts(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.Read.QueryRowContext(ctx, unreadAlertsQuery, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("unread alerts: %w", err)
	}
	return n, nil
}

// MarkAlertRead marks one alert read for actor.
func (s *Store) MarkAlertRead(ctx context.Context, actor *User, id int64) error {
	if actor == nil {
		return fmt.Errorf("mark alert read: %w", forbidden("only a signed-in user reads alerts"))
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT id FROM alerts WHERE id = ?`, id).Scan(new(int64)); err != nil {
			return notFound(err, "alert %d", id)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO alert_reads (user_id, alert_id) SELECT ?1, ?2
WHERE ?2 > coalesce((SELECT read_upto FROM alert_marks WHERE user_id = ?1), 0) ON CONFLICT DO NOTHING`, actor.ID, id)
		return err
	})
}

// MarkAllAlertsRead marks every alert there is read for actor; it returns
// how many were unread.
func (s *Store) MarkAllAlertsRead(ctx context.Context, actor *User) (int, error) {
	if actor == nil {
		return 0, fmt.Errorf("mark alerts read: %w", forbidden("only a signed-in user reads alerts"))
	}
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var top int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM alerts`).Scan(&top); err != nil {
			return err
		}
		var upto int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT read_upto FROM alert_marks WHERE user_id = ?), 0)`, actor.ID).Scan(&upto); err != nil {
			return err
		}
		var read int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM alerts WHERE id > ?2) - (SELECT count(*) FROM alert_reads WHERE user_id = ?1 AND alert_id > ?2)`,
			actor.ID, upto).Scan(&read); err != nil {
			return err
		}
		n = read
		if top <= upto {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO alert_marks (user_id, read_upto) VALUES (?, ?)
ON CONFLICT (user_id) DO UPDATE SET read_upto = excluded.read_upto`, actor.ID, top); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM alert_reads WHERE user_id = ? AND alert_id <= ?`, actor.ID, top)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("mark alerts read: %w", err)
	}
	return n, nil
}
