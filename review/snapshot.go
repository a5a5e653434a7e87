package review

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// ExportFilter selects the claims a report holds. The zero ExportFilter
// selects every claim. Since and Until bound the claim's last change
// (updated_at): Since is inclusive, Until exclusive, so a whole day D is
// Since=D, Until=D+24h.
type ExportFilter struct {
	ArticleID int64
	Status    Status
	Verdict   string // verdict name, compared without regard to case
	Assignee  string // user name, compared without regard to case
	// Unassigned selects the claims nobody is assigned to (the filter
	// written assignee=none, NoAssignee); it excludes Assignee.
	Unassigned bool
	Since      time.Time
	Until      time.Time
	// ClaimID selects one claim (the published review page is one
	// claim's); ClaimantID the claims of one claimant (the claims list's
	// claimant filter).
	ClaimID    int64
	ClaimantID int64
}

// NoAssignee is how a filter on the assignee asks for the claims nobody
// is assigned to, in the claims list, the export and the shell
// ("assignee=none", "--assignee none").
const NoAssignee = "none"

// IsZero reports whether f selects everything.
func (f ExportFilter) IsZero() bool { return f == ExportFilter{} }

// CheckExportFilter checks f against the database: a known status, an
// existing verdict, article and assignee, and Since before Until. Every
// problem is a field of the returned *ValidationError.
func (s *Store) CheckExportFilter(ctx context.Context, f ExportFilter) error {
	v := &ValidationError{}
	if f.Status != "" && !ValidStatus(f.Status) {
		v.Add("status", fmt.Sprintf("%q is not a status (new, researching, needs_review, done, dismissed)", f.Status))
	}
	exists := func(field, query string, arg any, msg string) {
		var n int
		if err := s.db.Read.QueryRowContext(ctx, query, arg).Scan(&n); err != nil {
			v.Add(field, "could not be checked: "+err.Error())
			return
		}
		if n == 0 {
			v.Add(field, msg)
		}
	}
	if f.Verdict != "" {
		exists("verdict", "SELECT count(*) FROM verdicts WHERE name = ?", f.Verdict, fmt.Sprintf("there is no verdict named %q", f.Verdict))
	}
	if f.Unassigned && f.Assignee != "" {
		v.Add("assignee", "choose either one assignee or the unassigned claims, not both")
	} else if f.Assignee != "" {
		exists("assignee", "SELECT count(*) FROM users WHERE name = ?", f.Assignee, fmt.Sprintf("there is no user named %q", f.Assignee))
	}
	if f.ArticleID < 0 {
		v.Add("article", "an article id is a positive number")
	} else if f.ArticleID > 0 {
		exists("article", "SELECT count(*) FROM articles WHERE id = ?", f.ArticleID, fmt.Sprintf("there is no article %d", f.ArticleID))
	}
	if f.ClaimID < 0 {
		v.Add("claim", "a claim id is a positive number")
	} else if f.ClaimID > 0 {
		exists("claim", "SELECT count(*) FROM claims WHERE id = ?", f.ClaimID, fmt.Sprintf("there is no claim %d", f.ClaimID))
	}
	if f.ClaimantID < 0 {
		v.Add("claimant", "a claimant id is a positive number")
	} else if f.ClaimantID > 0 {
		exists("claimant", "SELECT count(*) FROM claimants WHERE id = ?", f.ClaimantID, fmt.Sprintf("there is no claimant %d", f.ClaimantID))
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		v.Add("until", "the end date comes before the start date")
	}
	return v.Err()
}

// where returns the SQL condition on claims c (and its arguments) that f
// selects; candidates says whether claims under the engine's threshold are
// included.
func (f ExportFilter) where(candidates bool) (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	if !candidates {
		conds = append(conds, "c.candidate = 0")
	}
	if f.ArticleID != 0 {
		conds = append(conds, "c.article_id = ?")
		args = append(args, f.ArticleID)
	}
	if f.Status != "" {
		conds = append(conds, "c.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Verdict != "" {
		conds = append(conds, "c.verdict_id IN (SELECT id FROM verdicts WHERE name = ?)")
		args = append(args, f.Verdict)
	}
	if f.Assignee != "" {
		conds = append(conds, "c.assignee_id IN (SELECT id FROM users WHERE name = ?)")
		args = append(args, f.Assignee)
	}
	if f.Unassigned {
		conds = append(conds, "c.assignee_id IS NULL")
	}
	if f.ClaimID != 0 {
		conds = append(conds, "c.id = ?")
		args = append(args, f.ClaimID)
	}
	if f.ClaimantID != 0 {
		conds = append(conds, "c.claimant_id = ?")
		args = append(args, f.ClaimantID)
	}
	if !f.Since.IsZero() {
		conds = append(conds, "c.updated_at >= ?")
		args = append(args, fmtTime(f.Since))
	}
	if !f.Until.IsZero() {
		conds = append(conds, "c.updated_at < ?")
		args = append(args, fmtTime(f.Until))
	}
	return strings.Join(conds, " AND "), args
}

// claimFilters reports whether f narrows the claims (not only the article).
func (f ExportFilter) claimFilters() bool {
	g := f
	g.ArticleID = 0
	return !g.IsZero()
}

// Snapshot is one read transaction on the read pool: every read of a
// report sees the same state of the database, so the ordered reads merged
// in step agree even while people keep working. Close it when done.
type Snapshot struct {
	tx *sql.Tx
}

// Snapshot begins a read snapshot of the store.
func (s *Store) Snapshot(ctx context.Context) (*Snapshot, error) {
	tx, err := s.db.Read.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	return &Snapshot{tx: tx}, nil
}

// Close ends the snapshot.
func (sn *Snapshot) Close() { sn.tx.Rollback() }

// claimOrder is the one order every report read follows: by article, then
// in text order. claims_article (article_id, start_byte, rowid) gives it
// without a sort. The queries of rows belonging to claims say "claims c
// CROSS JOIN ...", which in SQLite keeps claims the outer loop: without a
// filter the planner would otherwise scan evidence first and sort it all.
const claimOrder = "c.article_id, c.start_byte, c.id"

// sub is an ordered query of rows belonging to claims, read in step with
// the claims themselves: it holds the next row and hands out the rows of
// one claim at a time.
type sub[T any] struct {
	rows *sql.Rows
	scan func(*sql.Rows) (int64, T, error)
	has  bool
	key  int64
	val  T
}

func openSub[T any](ctx context.Context, tx *sql.Tx, query string, args []any, scan func(*sql.Rows) (int64, T, error)) (*sub[T], error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	s := &sub[T]{rows: rows, scan: scan}
	if err := s.advance(); err != nil {
		rows.Close()
		return nil, err
	}
	return s, nil
}

func (s *sub[T]) advance() error {
	if !s.rows.Next() {
		s.has = false
		return s.rows.Err()
	}
	k, v, err := s.scan(s.rows)
	if err != nil {
		return err
	}
	s.has, s.key, s.val = true, k, v
	return nil
}

// take returns (in dst, reused) the rows of claim key. The rows of a claim
// are contiguous and come in the claims' order, so comparing keys is enough.
func (s *sub[T]) take(key int64, dst []T) ([]T, error) {
	dst = dst[:0]
	for s.has && s.key == key {
		dst = append(dst, s.val)
		if err := s.advance(); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

func (s *sub[T]) close() {
	if s != nil {
		s.rows.Close()
	}
}

// ReportClaim is one claim with its article and evidence, as the reports
// show it. Times are the stored text ("" when unset).
type ReportClaim struct {
	ArticleID        int64
	ArticleTitle     string
	ArticleURL       string
	ArticlePublished string
	ArticleOutlet    string
	ArticleAuthor    string

	ID            int64
	Start, End    int
	Text          string
	Speaker       string
	Kind          string
	Score         float64
	Status        Status
	Verdict       string // "" when none
	VerdictRating int
	Conclusion    string
	Assignee      string
	SignedOffBy   string
	CreatedAt     string
	UpdatedAt     string
	SignedOffAt   string
	ReviewURL     string
	Slug          string
	Statement     string // "" when nobody has set one
	// The claimant of the registry ("" name when none is linked).
	ClaimantName, ClaimantRole, ClaimantKind, ClaimantSameAs string

	Evidence []ReportEvidence
}

// ReportEvidence is a piece of evidence with its source.
type ReportEvidence struct {
	Stance    string
	Quote     string
	URL       string
	Title     string
	Publisher string
	Accessed  string
}

// EachClaim calls fn for every claim f selects (candidates left out), in
// article and text order, with its evidence. The claim is reused between
// calls.
func (sn *Snapshot) EachClaim(ctx context.Context, f ExportFilter, fn func(*ReportClaim) error) error {
	where, args := f.where(false)
	rows, err := sn.tx.QueryContext(ctx, `SELECT a.id, a.title, a.url, a.published, a.outlet, a.author,
		c.id, c.start_byte, c.end_byte, c.text, c.speaker, c.kind, c.score, c.status,
		COALESCE(v.name, ''), COALESCE(v.rating, 0), c.conclusion, COALESCE(u.name, ''), COALESCE(so.name, ''),
		c.created_at, c.updated_at, COALESCE(c.signed_off_at, ''), c.review_url, c.slug, c.statement,
		COALESCE(k.name, ''), COALESCE(k.role, ''), COALESCE(k.kind, ''), COALESCE(k.same_as, '')
		FROM claims c
		LEFT JOIN claimants k ON k.id = c.claimant_id
		JOIN articles a ON a.id = c.article_id
		LEFT JOIN verdicts v ON v.id = c.verdict_id
		LEFT JOIN users u ON u.id = c.assignee_id
		LEFT JOIN users so ON so.id = c.signed_off_by
		WHERE `+where+` ORDER BY `+claimOrder, args...)
	if err != nil {
		return fmt.Errorf("read claims: %w", err)
	}
	defer rows.Close()
	ev, err := openSub(ctx, sn.tx, `SELECT c.id, e.stance, e.quote, s.url, s.title, s.publisher, s.accessed
		FROM claims c CROSS JOIN evidence e ON e.claim_id = c.id JOIN sources s ON s.id = e.source_id
		WHERE `+where+` ORDER BY `+claimOrder+`, e.id`, args,
		func(r *sql.Rows) (int64, ReportEvidence, error) {
			var id int64
			var e ReportEvidence
			err := r.Scan(&id, &e.Stance, &e.Quote, &e.URL, &e.Title, &e.Publisher, &e.Accessed)
			return id, e, err
		})
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	defer ev.close()
	var it ReportClaim
	for rows.Next() {
		if err := rows.Scan(&it.ArticleID, &it.ArticleTitle, &it.ArticleURL, &it.ArticlePublished, &it.ArticleOutlet, &it.ArticleAuthor,
			&it.ID, &it.Start, &it.End, &it.Text, &it.Speaker, &it.Kind, &it.Score, &it.Status,
			&it.Verdict, &it.VerdictRating, &it.Conclusion, &it.Assignee, &it.SignedOffBy,
			&it.CreatedAt, &it.UpdatedAt, &it.SignedOffAt, &it.ReviewURL, &it.Slug, &it.Statement,
			&it.ClaimantName, &it.ClaimantRole, &it.ClaimantKind, &it.ClaimantSameAs); err != nil {
			return fmt.Errorf("read claims: %w", err)
		}
		if it.Evidence, err = ev.take(it.ID, it.Evidence); err != nil {
			return fmt.Errorf("read evidence: %w", err)
		}
		if err := fn(&it); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read claims: %w", err)
	}
	return nil
}

// ClaimLine is a claim as one line of a table (the CSV export): its
// evidence as one cell, "stance: title <URL> | ..." (no title: "stance:
// <URL>"), in the order it was added, and the editor who signed it off.
type ClaimLine struct {
	ID                                              int64
	ArticleTitle, ArticleURL, Text                  string
	Start, End                                      int
	Speaker, Kind                                   string
	Score                                           float64
	Status, Verdict, Conclusion, Assignee, Evidence string
	CreatedAt, UpdatedAt, SignedOffAt               string // stored text; "" when not signed off
	SignedOffBy                                     string // the editor's name; "" when not signed off
	Statement                                       string // the claim as checked; "" when nobody has set one
	Claimant                                        string // the registry's name; "" when none is linked
}

// EachClaimLine calls fn for every claim f selects (candidates left out),
// in article and text order. One query: the evidence comes concatenated
// by SQLite, which costs less than a second cursor merged in step. The
// line is reused between calls.
func (sn *Snapshot) EachClaimLine(ctx context.Context, f ExportFilter, fn func(*ClaimLine) error) error {
	where, args := f.where(false)
	rows, err := sn.tx.QueryContext(ctx, `SELECT c.id, a.title, a.url, c.text, c.start_byte, c.end_byte, c.speaker, c.kind,
		c.score, c.status, COALESCE(v.name, ''), c.conclusion, COALESCE(u.name, ''),
		COALESCE((SELECT group_concat(e.stance || ': ' || CASE WHEN s.title <> '' THEN s.title || ' ' ELSE '' END || '<' || s.url || '>', ' | ' ORDER BY e.id)
			FROM evidence e JOIN sources s ON s.id = e.source_id WHERE e.claim_id = c.id), ''),
		c.created_at, c.updated_at, COALESCE(c.signed_off_at, ''), COALESCE(us.name, ''),
		c.statement, COALESCE(k.name, '')
		FROM claims c
		JOIN articles a ON a.id = c.article_id
		LEFT JOIN claimants k ON k.id = c.claimant_id
		LEFT JOIN verdicts v ON v.id = c.verdict_id
		LEFT JOIN users u ON u.id = c.assignee_id
		LEFT JOIN users us ON us.id = c.signed_off_by
		WHERE `+where+` ORDER BY `+claimOrder, args...)
	if err != nil {
		return fmt.Errorf("read claims: %w", err)
	}
	defer rows.Close()
	var l ClaimLine
	for rows.Next() {
		if err := rows.Scan(&l.ID, &l.ArticleTitle, &l.ArticleURL, &l.Text, &l.Start, &l.End, &l.Speaker, &l.Kind, &l.Score,
			&l.Status, &l.Verdict, &l.Conclusion, &l.Assignee, &l.Evidence, &l.CreatedAt, &l.UpdatedAt, &l.SignedOffAt, &l.SignedOffBy,
			&l.Statement, &l.Claimant); err != nil {
			return fmt.Errorf("read claims: %w", err)
		}
		if err := fn(&l); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read claims: %w", err)
	}
	return nil
}

// Settings reads every setting.
func (sn *Snapshot) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := sn.tx.QueryContext(ctx, "SELECT key, value FROM settings ORDER BY key")
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// Verdicts reads the verdict scale in order.
func (sn *Snapshot) Verdicts(ctx context.Context) ([]Verdict, error) {
	vs, err := listVerdicts(ctx, sn.tx)
	if err != nil {
		return nil, fmt.Errorf("read verdicts: %w", err)
	}
	return vs, nil
}

// ArticleBody reads the text of article id.
func (sn *Snapshot) ArticleBody(ctx context.Context, id int64) (string, error) {
	body, err := articleBody(ctx, sn.tx, id)
	if err != nil {
		return "", fmt.Errorf("read article: %w", err)
	}
	return body, nil
}

// Appearance is an article a claim appeared in: its web address,
// title and publication date as stored.
type Appearance struct {
	URL, Title, Published string
}

// ConfirmedAppearances lists the articles (with a web address) of the
// claims a reviewer confirmed as the same claim as claimID (matches,
// either direction), in article order.
func (sn *Snapshot) ConfirmedAppearances(ctx context.Context, claimID int64) ([]Appearance, error) {
	rows, err := sn.tx.QueryContext(ctx, `SELECT DISTINCT a.url, a.title, a.published FROM matches m
		JOIN claims o ON o.id = CASE WHEN m.claim_id = ? THEN m.other_id ELSE m.claim_id END
		JOIN articles a ON a.id = o.article_id
		WHERE m.state = 'confirmed' AND (m.claim_id = ? OR m.other_id = ?) AND a.url <> ''
		ORDER BY a.id`, claimID, claimID, claimID)
	if err != nil {
		return nil, fmt.Errorf("read matches: %w", err)
	}
	defer rows.Close()
	var out []Appearance
	for rows.Next() {
		var a Appearance
		if err := rows.Scan(&a.URL, &a.Title, &a.Published); err != nil {
			return nil, fmt.Errorf("read matches: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read matches: %w", err)
	}
	return out, nil
}
