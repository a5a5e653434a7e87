package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// Records are the store's rows as they are kept, for the archive (the JSON
// export reads them from a Snapshot, its import writes them back through a
// Loader): every field, references by name (users, verdicts), times as the
// stored text (TimeLayout; "" when unset), so a record read and written
// back is the row it was.

// UserRecord is a user, without what logs them in.
type UserRecord struct {
	Name      string
	Role      string
	Disabled  bool
	CreatedAt string
}

// VerdictRecord is a step of the verdict scale.
type VerdictRecord struct {
	Name     string
	Rating   int
	Color    string
	Position int
}

// ArticleRecord is an article with its text.
type ArticleRecord struct {
	ID                                    int64
	Title, URL, Outlet, Author, Published string
	Format                                string
	Text                                  string
	CreatedBy                             string
	CreatedAt, UpdatedAt                  string
}

// ClaimRecord is a claim with everything that hangs on it.
type ClaimRecord struct {
	ID, ArticleID int64
	Start, End    int
	Text          string
	Score         float64
	Reasons       string // the stored JSON array
	Kind, Speaker string
	Statement     string // "" when nobody has set one
	// Claimant is who made the claim, from the registry; nil when none is
	// linked. A load links a claimant of the same name (or alias) when
	// the database has one, and adds it otherwise.
	Claimant      *ClaimantRecord
	Candidate     bool
	Origin        string
	Status        string
	Verdict       string
	Conclusion    string
	DismissCode   string // "" unless dismissed
	DismissReason string
	Assignee      string
	SignedOffBy   string
	SignedOffAt   string
	ReviewURL     string
	Slug          string
	Version       int64
	CreatedAt     string
	UpdatedAt     string
	Evidence      []EvidenceRecord
	Comments      []CommentRecord
	History       []HistoryRecord
	Matches       []MatchRecord
	// Matched stores the claim indexed for matching and marked matched,
	// with no stored matches: a generated archive is not worth ranking
	// claim by claim at the next start. Otherwise the matcher takes the
	// claim up after the load commits.
	Matched bool
}

// ClaimantRecord is a claimant as a record carries it: the registry's
// details without its id.
type ClaimantRecord struct {
	Name, Role, Kind, SameAs string
	Aliases                  []string
}

// SourceRecord is a source of the library.
type SourceRecord struct {
	URL, Title, Publisher, Accessed string
	CreatedBy, CreatedAt            string
}

// EvidenceRecord is a source linked to a claim.
type EvidenceRecord struct {
	Source               SourceRecord
	Stance, Quote        string
	CreatedBy, CreatedAt string
}

// CommentRecord is a comment on a claim.
type CommentRecord struct {
	User, Body, CreatedAt string
}

// HistoryRecord is one row of a claim's history.
type HistoryRecord struct {
	User, At, Field, From, To, Note string
}

// MatchRecord is a "checked before" match of a claim with another
// claim (OtherID) or with a published fact-check (FactCheck).
type MatchRecord struct {
	OtherID   int64
	FactCheck *FactCheckRef
	Score     float64
	State     string
	DecidedBy string
	DecidedAt string
	CreatedAt string
}

// FactCheckRef names a published fact-check as the archive knows it: by
// its address and the claim it reviewed (together unique), since its id
// means nothing in another database.
type FactCheckRef struct {
	URL, Claim string
}

// EachUser calls fn for every user, in the order they were added.
func (sn *Snapshot) EachUser(ctx context.Context, fn func(UserRecord) error) error {
	rows, err := sn.tx.QueryContext(ctx, "SELECT name, role, disabled, created_at FROM users ORDER BY id")
	if err != nil {
		return fmt.Errorf("read users: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u UserRecord
		if err := rows.Scan(&u.Name, &u.Role, &u.Disabled, &u.CreatedAt); err != nil {
			return fmt.Errorf("read users: %w", err)
		}
		if err := fn(u); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read users: %w", err)
	}
	return nil
}

// EachArticle calls fn, in id order, for every article that holds a claim
// f selects (candidates too); with no claim filter, every article (or the
// one f names), claims or not. The record is reused between calls.
func (sn *Snapshot) EachArticle(ctx context.Context, f ExportFilter, fn func(*ArticleRecord) error) error {
	where, args := f.where(true)
	aWhere, aArgs := "1 = 1", []any(nil)
	if f.claimFilters() {
		aWhere, aArgs = "a.id IN (SELECT c.article_id FROM claims c WHERE "+where+")", args
	} else if f.ArticleID != 0 {
		aWhere, aArgs = "a.id = ?", []any{f.ArticleID}
	}
	rows, err := sn.tx.QueryContext(ctx, `SELECT a.id, a.title, a.url, a.outlet, a.author, a.published, a.format, a.body,
		COALESCE(u.name, ''), a.created_at, a.updated_at
		FROM articles a LEFT JOIN users u ON u.id = a.created_by WHERE `+aWhere+` ORDER BY a.id`, aArgs...)
	if err != nil {
		return fmt.Errorf("read articles: %w", err)
	}
	defer rows.Close()
	var a ArticleRecord
	for rows.Next() {
		if err := rows.Scan(&a.ID, &a.Title, &a.URL, &a.Outlet, &a.Author, &a.Published, &a.Format, &a.Text,
			&a.CreatedBy, &a.CreatedAt, &a.UpdatedAt); err != nil {
			return fmt.Errorf("read articles: %w", err)
		}
		if err := fn(&a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read articles: %w", err)
	}
	return nil
}

// EachClaimRecord calls fn for every claim f selects, candidates included
// (this is the archive), in article and text order, each with its
// evidence, comments, history and matches, read by further queries in the
// same order merged in step. The record and its slices are reused between
// calls.
func (sn *Snapshot) EachClaimRecord(ctx context.Context, f ExportFilter, fn func(*ClaimRecord) error) error {
	where, args := f.where(true)
	tx := sn.tx
	// People and verdicts are few: their names come from maps read once,
	// so each row carries numbers, not the same names again and again.
	users, err := idNames(ctx, tx, "SELECT id, name FROM users")
	if err != nil {
		return fmt.Errorf("read users: %w", err)
	}
	verdicts, err := idNames(ctx, tx, "SELECT id, name FROM verdicts")
	if err != nil {
		return fmt.Errorf("read verdicts: %w", err)
	}
	ev, err := openSub(ctx, tx, `SELECT c.id, s.url, s.title, s.publisher, s.accessed, COALESCE(s.created_by, 0), s.created_at,
		e.stance, e.quote, COALESCE(e.created_by, 0), e.created_at
		FROM claims c CROSS JOIN evidence e ON e.claim_id = c.id JOIN sources s ON s.id = e.source_id
		WHERE `+where+` ORDER BY `+claimOrder+`, e.id`, args,
		func(r *sql.Rows) (int64, EvidenceRecord, error) {
			var id, sby, eby int64
			var e EvidenceRecord
			err := r.Scan(&id, &e.Source.URL, &e.Source.Title, &e.Source.Publisher, &e.Source.Accessed, &sby,
				&e.Source.CreatedAt, &e.Stance, &e.Quote, &eby, &e.CreatedAt)
			e.Source.CreatedBy, e.CreatedBy = users[sby], users[eby]
			return id, e, err
		})
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	defer ev.close()
	cm, err := openSub(ctx, tx, `SELECT c.id, COALESCE(m.user_id, 0), m.body, m.created_at
		FROM claims c CROSS JOIN comments m ON m.claim_id = c.id
		WHERE `+where+` ORDER BY `+claimOrder+`, m.id`, args,
		func(r *sql.Rows) (int64, CommentRecord, error) {
			var id, by int64
			var m CommentRecord
			err := r.Scan(&id, &by, &m.Body, &m.CreatedAt)
			m.User = users[by]
			return id, m, err
		})
	if err != nil {
		return fmt.Errorf("read comments: %w", err)
	}
	defer cm.close()
	hi, err := openSub(ctx, tx, `SELECT c.id, COALESCE(h.user_id, 0), h.at, h.field, h.from_value, h.to_value, h.note
		FROM claims c CROSS JOIN history h ON h.claim_id = c.id
		WHERE `+where+` ORDER BY `+claimOrder+`, h.id`, args,
		func(r *sql.Rows) (int64, HistoryRecord, error) {
			var id, by int64
			var h HistoryRecord
			err := r.Scan(&id, &by, &h.At, &h.Field, &h.From, &h.To, &h.Note)
			h.User = users[by]
			return id, h, err
		})
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	defer hi.close()
	ma, err := openSub(ctx, tx, `SELECT c.id, COALESCE(m.other_id, 0), f.url, f.claim_text, m.score, m.state, COALESCE(m.decided_by, 0), COALESCE(m.decided_at, ''), m.created_at
		FROM claims c CROSS JOIN matches m ON m.claim_id = c.id
		LEFT JOIN fact_checks f ON f.id = m.fact_check_id
		WHERE `+where+` ORDER BY `+claimOrder+`, m.id`, args,
		func(r *sql.Rows) (int64, MatchRecord, error) {
			var id, by int64
			var m MatchRecord
			var url, claim sql.NullString
			err := r.Scan(&id, &m.OtherID, &url, &claim, &m.Score, &m.State, &by, &m.DecidedAt, &m.CreatedAt)
			if url.Valid {
				m.FactCheck = &FactCheckRef{URL: url.String, Claim: claim.String}
			}
			m.DecidedBy = users[by]
			return id, m, err
		})
	if err != nil {
		return fmt.Errorf("read matches: %w", err)
	}
	defer ma.close()

	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.article_id, c.start_byte, c.end_byte, c.text, c.score, c.reasons, c.kind,
		c.speaker, c.candidate, c.origin, c.status, COALESCE(c.verdict_id, 0), c.conclusion, c.dismiss_code, c.dismiss_reason,
		COALESCE(c.assignee_id, 0), COALESCE(c.signed_off_by, 0), COALESCE(c.signed_off_at, ''), c.review_url, c.slug, c.version,
		c.created_at, c.updated_at, c.statement,
		COALESCE(k.name, ''), COALESCE(k.role, ''), COALESCE(k.kind, ''), COALESCE(k.same_as, ''), COALESCE(k.aliases, '[]')
		FROM claims c
		LEFT JOIN claimants k ON k.id = c.claimant_id
		WHERE `+where+` ORDER BY `+claimOrder, args...)
	if err != nil {
		return fmt.Errorf("read claims: %w", err)
	}
	defer rows.Close()
	var c ClaimRecord
	var k ClaimantRecord
	var verdict, assignee, signer int64
	var aliases string
	for rows.Next() {
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.Start, &c.End, &c.Text, &c.Score, &c.Reasons, &c.Kind,
			&c.Speaker, &c.Candidate, &c.Origin, &c.Status, &verdict, &c.Conclusion, &c.DismissCode, &c.DismissReason,
			&assignee, &signer, &c.SignedOffAt, &c.ReviewURL, &c.Slug, &c.Version,
			&c.CreatedAt, &c.UpdatedAt, &c.Statement,
			&k.Name, &k.Role, &k.Kind, &k.SameAs, &aliases); err != nil {
			return fmt.Errorf("read claims: %w", err)
		}
		c.Claimant = nil
		if k.Name != "" {
			k.Aliases = k.Aliases[:0]
			if err := json.Unmarshal([]byte(aliases), &k.Aliases); err != nil {
				return fmt.Errorf("read claimant of claim %d: %w", c.ID, err)
			}
			c.Claimant = &k
		}
		c.Verdict, c.Assignee, c.SignedOffBy = verdicts[verdict], users[assignee], users[signer]
		if c.Evidence, err = ev.take(c.ID, c.Evidence); err != nil {
			return fmt.Errorf("read evidence: %w", err)
		}
		if c.Comments, err = cm.take(c.ID, c.Comments); err != nil {
			return fmt.Errorf("read comments: %w", err)
		}
		if c.History, err = hi.take(c.ID, c.History); err != nil {
			return fmt.Errorf("read history: %w", err)
		}
		if c.Matches, err = ma.take(c.ID, c.Matches); err != nil {
			return fmt.Errorf("read matches: %w", err)
		}
		if err := fn(&c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read claims: %w", err)
	}
	return nil
}

// idNames reads a small id → name table (users, verdicts); id 0 is "".
func idNames(ctx context.Context, q querier, query string) (map[int64]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]string{0: ""}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		m[id] = name
	}
	return m, rows.Err()
}
