package report

import (
	"context"
	"database/sql"
	"fmt"

	"claimdesk/review"
)

// snapshot is one read transaction: every query of an export sees the same
// state of the database, so the ordered queries merged in step agree even
// while people keep working.
type snapshot struct {
	tx *sql.Tx
}

func begin(ctx context.Context, store *review.Store) (*snapshot, error) {
	tx, err := store.DB().Read.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	return &snapshot{tx: tx}, nil
}

func (s *snapshot) close() { s.tx.Rollback() }

// item is one claim with its article and evidence, as the reports see it.
type item struct {
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
	Status        review.Status
	Verdict       string // "" when none
	VerdictRating int
	Conclusion    string
	Assignee      string
	SignedOffBy   string
	CreatedAt     string // stored form
	UpdatedAt     string
	SignedOffAt   string // "" when not signed off
	ReviewURL     string
	Slug          string
	Statement     string // "" when nobody has set one
	// The claimant of the registry ("" name when none is linked).
	ClaimantName, ClaimantRole, ClaimantKind, ClaimantSameAs string

	Evidence []evidenceRow
}

// evidenceRow is a piece of evidence with its source.
type evidenceRow struct {
	Stance    string
	Quote     string
	URL       string
	Title     string
	Publisher string
	Accessed  string
}

// claimOrder is the one order every export query follows: by article, then
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

// eachItem calls fn for every claim f selects (candidates left out), in
// claimOrder, with its evidence. The item is reused between calls.
func (s *snapshot) eachItem(ctx context.Context, f Filter, fn func(*item) error) error {
	where, args := f.where(false)
	rows, err := s.tx.QueryContext(ctx, `SELECT a.id, a.title, a.url, a.published, a.outlet, a.author,
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
	ev, err := openSub(ctx, s.tx, `SELECT c.id, e.stance, e.quote, s.url, s.title, s.publisher, s.accessed
		FROM claims c CROSS JOIN evidence e ON e.claim_id = c.id JOIN sources s ON s.id = e.source_id
		WHERE `+where+` ORDER BY `+claimOrder+`, e.id`, args,
		func(r *sql.Rows) (int64, evidenceRow, error) {
			var id int64
			var e evidenceRow
			err := r.Scan(&id, &e.Stance, &e.Quote, &e.URL, &e.Title, &e.Publisher, &e.Accessed)
			return id, e, err
		})
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	defer ev.close()
	var it item
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

// settings reads every setting.
func (s *snapshot) settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.tx.QueryContext(ctx, "SELECT key, value FROM settings ORDER BY key")
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

// verdicts reads the verdict scale in order.
func (s *snapshot) verdicts(ctx context.Context) ([]review.Verdict, error) {
	rows, err := s.tx.QueryContext(ctx, "SELECT id, name, rating, color, position FROM verdicts ORDER BY position, id")
	if err != nil {
		return nil, fmt.Errorf("read verdicts: %w", err)
	}
	defer rows.Close()
	var out []review.Verdict
	for rows.Next() {
		var v review.Verdict
		if err := rows.Scan(&v.ID, &v.Name, &v.Rating, &v.Color, &v.Position); err != nil {
			return nil, fmt.Errorf("read verdicts: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
