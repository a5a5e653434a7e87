package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"claimdesk/claims"
)

// querier is what both a transaction and a pool offer, so a read helper
// serves inside a write transaction and on the read pool alike.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

const claimSelect = `SELECT c.id, c.article_id, c.start_byte, c.end_byte, c.text, c.score, c.reasons, c.kind, c.speaker,
	c.candidate, c.origin, c.status, COALESCE(c.verdict_id, 0), COALESCE(v.name, ''), c.conclusion, c.dismiss_code, c.dismiss_reason,
	COALESCE(c.assignee_id, 0), COALESCE(ua.name, ''), COALESCE(c.signed_off_by, 0), COALESCE(us.name, ''), COALESCE(c.signed_off_at, ''),
	c.review_url, c.slug, c.version, c.created_at, c.updated_at, a.title, c.statement,
	COALESCE(c.claimant_id, 0), COALESCE(k.name, ''), c.model_version
FROM claims c
LEFT JOIN claimants k ON k.id = c.claimant_id
JOIN articles a ON a.id = c.article_id
LEFT JOIN verdicts v ON v.id = c.verdict_id
LEFT JOIN users ua ON ua.id = c.assignee_id
LEFT JOIN users us ON us.id = c.signed_off_by`

func scanClaim(row interface{ Scan(...any) error }) (*Claim, error) {
	var c Claim
	var reasons, signedAt, created, updated string
	err := row.Scan(&c.ID, &c.ArticleID, &c.Start, &c.End, &c.Text, &c.Score, &reasons, &c.Kind, &c.Speaker,
		&c.Candidate, &c.Origin, &c.Status, &c.VerdictID, &c.Verdict, &c.Conclusion, &c.DismissCode, &c.DismissReason,
		&c.AssigneeID, &c.Assignee, &c.SignedOffByID, &c.SignedOffBy, &signedAt, &c.ReviewURL, &c.Slug, &c.Version, &created, &updated, &c.ArticleTitle, &c.Statement, &c.ClaimantID, &c.Claimant, &c.ModelVersion)
	if err != nil {
		return nil, err
	}
	c.Reasons = []claims.Reason{}
	if reasons != "" {
		if err := json.Unmarshal([]byte(reasons), &c.Reasons); err != nil {
			return nil, fmt.Errorf("claim %d reasons: %w", c.ID, err)
		}
	}
	if signedAt != "" {
		t := parseTime(signedAt)
		c.SignedOffAt = &t
	}
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	return &c, nil
}

// getClaim reads one claim through q.
func getClaim(ctx context.Context, q querier, id int64) (*Claim, error) {
	c, err := scanClaim(q.QueryRowContext(ctx, claimSelect+" WHERE c.id = ?", id))
	if err != nil {
		return nil, notFound(err, "claim %d", id)
	}
	return c, nil
}

func queryClaims(ctx context.Context, q querier, query string, args ...any) ([]Claim, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Claim{}
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// historyRow is one change to write.
type historyRow struct {
	field, from, to, note string
}

// writeHistory appends rows for claim id at version, by actor, at now.
func (s *Store) writeHistory(ctx context.Context, tx *sql.Tx, actor *User, claimID, version int64, rows []historyRow) error {
	at := fmtTime(s.now())
	for _, h := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO history (claim_id, user_id, at, field, from_value, to_value, note, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, claimID, actorID(actor), at, h.field, h.from, h.to, h.note, version); err != nil {
			return fmt.Errorf("write history: %w", err)
		}
	}
	return nil
}

// ClaimSlug is a claim's stable part of its fact-check link: the first
// words of its text in lower-case ASCII letters and digits joined by
// hyphens (at most 60 characters, cut at a word), then its id, which keeps
// it unique; "claim-ID" when the text has no such characters. The store
// gives every new claim one, and the exports make the same for a claim
// stored without.
func ClaimSlug(text string, id int64) string {
	s := slugWords(strings.ToLower(text))
	if len(s) > 60 {
		s = s[:60]
		if i := strings.LastIndexByte(s, '-'); i > 30 {
			s = s[:i]
		}
	}
	if s == "" {
		return fmt.Sprintf("claim-%d", id)
	}
	return fmt.Sprintf("%s-%d", s, id)
}

// slugWords is s's runs of ASCII letters a-z and digits joined by single
// hyphens: every other byte (a multi-byte character's too) separates
// them. A bulk import makes one slug per claim, inside its transaction,
// where the regular expression's replace was half of a claim row's Go
// work.
func slugWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteByte(c)
			continue
		}
		sep = true
	}
	return b.String()
}

// newClaim is a claim about to be inserted.
type newClaim struct {
	articleID  int64
	start, end int
	text       string
	score      float64
	reasons    []claims.Reason
	kind       claims.Kind
	speaker    string
	statement  string // "" gets the engine's suggestion
	claimant   int64  // 0: none
	candidate  bool
	origin     string
	model      int64 // the model version that scored it
	// copied from the claim it was split from
	status   Status
	assignee int64
}

// claimWriter inserts the claims of one transaction and their "created"
// history rows, and gives each claim its id up front (the transaction is
// the only writer), so the slug that contains the id is written with the
// row instead of by a second statement. Rows are queued by add and
// written by flush, up to writeChunk rows a statement, with statements
// prepared once per transaction and size: one insert of many rows keeps
// the search index (claims_fts, filled by a trigger) from being flushed
// once per claim, which is most of what storing a claim row by row costs.
type claimWriter struct {
	s            *Store
	tx           *sql.Tx
	nextID       int64
	actor        *User
	actorValue   any
	claims, hist []any // queued values, claimCols and histCols per row
	stmts        map[string]*sql.Stmt
}

// writeChunk is how many rows one insert statement writes at most.
const writeChunk = 64

const (
	claimCols = 19
	histCols  = 5
)

func (s *Store) newClaimWriter(ctx context.Context, tx *sql.Tx, actor *User) (*claimWriter, error) {
	w := &claimWriter{s: s, tx: tx, actor: actor, actorValue: actorID(actor), stmts: map[string]*sql.Stmt{}}
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) + 1 FROM claims").Scan(&w.nextID); err != nil {
		return nil, err
	}
	return w, nil
}

// Close closes the writer's statements; rows still queued are dropped.
func (w *claimWriter) Close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// add queues c at version 1 with a "created" history row and returns its
// id; flush writes it.
func (w *claimWriter) add(c newClaim, note string) (int64, error) {
	reasons := c.reasons
	if reasons == nil {
		reasons = []claims.Reason{}
	}
	rj, err := json.Marshal(reasons)
	if err != nil {
		return 0, err
	}
	kind := c.kind
	if kind == "" {
		kind = claims.KindOther
	}
	status := c.status
	if status == "" {
		status = StatusNew
	}
	statement := fitSuggestion(c.statement)
	if c.statement == "" {
		statement = suggestStatement(c.text, c.speaker)
	}
	id := w.nextID
	w.nextID++
	now := fmtTime(w.s.now())
	w.claims = append(w.claims, id, c.articleID, c.start, c.end, c.text, c.score, string(rj), kind, c.speaker,
		c.candidate, c.origin, status, nullInt(c.assignee), ClaimSlug(c.text, id), now, now, statement, nullInt(c.claimant), c.model)
	to := c.origin
	if c.candidate {
		to += " (candidate)"
	}
	w.hist = append(w.hist, id, w.actorValue, now, to, note)
	return id, nil
}

// flush writes the queued claims, then their history rows.
func (w *claimWriter) flush(ctx context.Context) error {
	if err := w.write(ctx, "claims", claimCols, w.claims); err != nil {
		return fmt.Errorf("insert claim: %w", err)
	}
	if err := w.write(ctx, "history", histCols, w.hist); err != nil {
		return fmt.Errorf("write history: %w", err)
	}
	w.claims, w.hist = w.claims[:0], w.hist[:0]
	return nil
}

// write inserts vals (cols values a row) into table, writeChunk rows a
// statement.
func (w *claimWriter) write(ctx context.Context, table string, cols int, vals []any) error {
	for len(vals) > 0 {
		n := min(len(vals)/cols, writeChunk)
		st, err := w.stmt(ctx, table, n)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, vals[:n*cols]...); err != nil {
			return err
		}
		vals = vals[n*cols:]
	}
	return nil
}

// prepared prepares query once per writer.
func (w *claimWriter) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

// stmt prepares the insert of n rows into table once per writer.
func (w *claimWriter) stmt(ctx context.Context, table string, n int) (*sql.Stmt, error) {
	var q, row string
	switch table {
	case "claims":
		q = `INSERT INTO claims (id, article_id, start_byte, end_byte, text, score, reasons, kind, speaker,
		candidate, origin, status, assignee_id, slug, version, created_at, updated_at, statement, claimant_id, model_version) VALUES `
		row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)"
	case "history":
		q = "INSERT INTO history (claim_id, user_id, at, field, from_value, to_value, note, version) VALUES "
		row = "(?, ?, ?, 'created', '', ?, ?, 1)"
	}
	return w.prepared(ctx, q+strings.TrimSuffix(strings.Repeat(row+", ", n), ", "))
}

// insert stores c at version 1 with a "created" history row at once.
func (w *claimWriter) insert(ctx context.Context, c newClaim, note string) (int64, error) {
	id, err := w.add(c, note)
	if err != nil {
		return 0, err
	}
	return id, w.flush(ctx)
}

// insertClaim stores one claim at version 1 with a "created" history row.
func (s *Store) insertClaim(ctx context.Context, tx *sql.Tx, actor *User, c newClaim, note string) (int64, error) {
	w, err := s.newClaimWriter(ctx, tx, actor)
	if err != nil {
		return 0, err
	}
	defer w.Close()
	return w.insert(ctx, c, note)
}
