package report

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"

	"claimdesk/review"
)

// The versioned JSON shape (docs/EXPORT.md). Version changes when a field
// changes meaning or goes away; new fields may appear within a version.
const (
	JSONFormat  = "claimdesk-export"
	JSONVersion = 1
)

// Times in the JSON are the stored text (RFC 3339 UTC, six fraction
// digits), so an import writes them back unchanged.

type jsonFilter struct {
	ArticleID int64  `json:"article_id,omitempty"`
	Status    string `json:"status,omitempty"`
	Verdict   string `json:"verdict,omitempty"`
	Assignee  string `json:"assignee,omitempty"`
	Since     string `json:"since,omitempty"`
	Until     string `json:"until,omitempty"`
}

type jsonHeader struct {
	Format     string            `json:"format"`
	Version    int               `json:"version"`
	ExportedAt string            `json:"exported_at"`
	Filter     jsonFilter        `json:"filter"`
	Settings   map[string]string `json:"settings"`
	Verdicts   []jsonVerdict     `json:"verdicts"`
}

type jsonVerdict struct {
	Name     string `json:"name"`
	Rating   int    `json:"rating"`
	Color    string `json:"color"`
	Position int    `json:"position"`
}

type jsonUser struct {
	Name      string `json:"name"`
	Role      string `json:"role"`
	Disabled  bool   `json:"disabled"`
	CreatedAt string `json:"created_at"`
}

type jsonArticle struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Author    string `json:"author"`
	Published string `json:"published"`
	Format    string `json:"format"`
	Text      string `json:"text"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

type jsonClaim struct {
	ID            int64           `json:"id"`
	ArticleID     int64           `json:"article_id"`
	Start         int             `json:"start"`
	End           int             `json:"end"`
	Text          string          `json:"text"`
	Score         float64         `json:"score"`
	Reasons       json.RawMessage `json:"reasons"`
	Kind          string          `json:"kind"`
	Speaker       string          `json:"speaker"`
	Statement     string          `json:"statement"`
	Candidate     bool            `json:"candidate"`
	Origin        string          `json:"origin"`
	Status        string          `json:"status"`
	Verdict       string          `json:"verdict"`
	Conclusion    string          `json:"conclusion"`
	DismissReason string          `json:"dismiss_reason"`
	Assignee      string          `json:"assignee"`
	SignedOffBy   string          `json:"signed_off_by"`
	SignedOffAt   string          `json:"signed_off_at"`
	ReviewURL     string          `json:"review_url"`
	Slug          string          `json:"slug"`
	Version       int64           `json:"version"`
	CreatedAt     string          `json:"created_at"`
	UpdatedAt     string          `json:"updated_at"`
	Evidence      []jsonEvidence  `json:"evidence"`
	Comments      []jsonComment   `json:"comments"`
	History       []jsonHistory   `json:"history"`
	Matches       []jsonMatch     `json:"matches"`
}

type jsonSource struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Accessed  string `json:"accessed"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
}

type jsonEvidence struct {
	Source    jsonSource `json:"source"`
	Stance    string     `json:"stance"`
	Quote     string     `json:"quote"`
	CreatedBy string     `json:"created_by"`
	CreatedAt string     `json:"created_at"`
}

type jsonComment struct {
	User      string `json:"user"`
	Body      string `json:"body"`
	CreatedAt string `json:"created_at"`
}

type jsonHistory struct {
	User  string `json:"user"`
	At    string `json:"at"`
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
	Note  string `json:"note"`
}

type jsonMatch struct {
	OtherID   int64   `json:"other_id"` // a claim id of this file
	Score     float64 `json:"score"`
	State     string  `json:"state"`
	DecidedBy string  `json:"decided_by"`
	DecidedAt string  `json:"decided_at"`
	CreatedAt string  `json:"created_at"`
}

// WriteJSON writes the full record of the claims f selects — their
// articles (with text), every claim field, evidence with sources,
// comments, history and matches, plus the verdict scale, the settings and
// the users referred to by name — in the shape docs/EXPORT.md describes.
// Each article and claim is encoded on its own line as it is read.
// Candidates (claims under the engine's threshold) are included: this is
// the archive.
func WriteJSON(ctx context.Context, store *review.Store, f Filter, w io.Writer) error {
	if err := writeJSON(ctx, store, f, w); err != nil {
		return fmt.Errorf("json export: %w", err)
	}
	return nil
}

func writeJSON(ctx context.Context, store *review.Store, f Filter, out io.Writer) error {
	snap, err := begin(ctx, store)
	if err != nil {
		return err
	}
	defer snap.close()
	bw := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)

	h := jsonHeader{Format: JSONFormat, Version: JSONVersion, ExportedAt: fmtTime(store.Now()),
		Filter: jsonFilter{ArticleID: f.ArticleID, Status: string(f.Status), Verdict: f.Verdict, Assignee: f.Assignee}}
	if !f.Since.IsZero() {
		h.Filter.Since = fmtTime(f.Since)
	}
	if !f.Until.IsZero() {
		h.Filter.Until = fmtTime(f.Until)
	}
	if h.Settings, err = snap.settings(ctx); err != nil {
		return err
	}
	vs, err := snap.verdicts(ctx)
	if err != nil {
		return err
	}
	h.Verdicts = []jsonVerdict{}
	for _, v := range vs {
		h.Verdicts = append(h.Verdicts, jsonVerdict{Name: v.Name, Rating: v.Rating, Color: v.Color, Position: v.Position})
	}
	// The header is small: encode it whole, then reopen it for the arrays.
	head, err := json.Marshal(h)
	if err != nil {
		return err
	}
	bw.Write(head[:len(head)-1])

	// Users, referred to by name everywhere else.
	bw.WriteString(",\n\"users\": [\n")
	urows, err := snap.tx.QueryContext(ctx, "SELECT name, role, disabled, created_at FROM users ORDER BY id")
	if err != nil {
		return fmt.Errorf("read users: %w", err)
	}
	first := true
	for urows.Next() {
		var u jsonUser
		if err := urows.Scan(&u.Name, &u.Role, &u.Disabled, &u.CreatedAt); err != nil {
			urows.Close()
			return fmt.Errorf("read users: %w", err)
		}
		if err := element(bw, enc, &first, u); err != nil {
			urows.Close()
			return err
		}
	}
	urows.Close()
	if err := urows.Err(); err != nil {
		return fmt.Errorf("read users: %w", err)
	}

	// Articles.
	bw.WriteString("],\n\"articles\": [\n")
	where, args := f.where(true)
	aWhere, aArgs := "1 = 1", []any(nil)
	if f.claimFilters() {
		aWhere, aArgs = "a.id IN (SELECT c.article_id FROM claims c WHERE "+where+")", args
	} else if f.ArticleID != 0 {
		aWhere, aArgs = "a.id = ?", []any{f.ArticleID}
	}
	arows, err := snap.tx.QueryContext(ctx, `SELECT a.id, a.title, a.url, a.outlet, a.author, a.published, a.format, a.body,
		COALESCE(u.name, ''), a.created_at, a.updated_at
		FROM articles a LEFT JOIN users u ON u.id = a.created_by WHERE `+aWhere+` ORDER BY a.id`, aArgs...)
	if err != nil {
		return fmt.Errorf("read articles: %w", err)
	}
	first = true
	for arows.Next() {
		var a jsonArticle
		if err := arows.Scan(&a.ID, &a.Title, &a.URL, &a.Outlet, &a.Author, &a.Published, &a.Format, &a.Text,
			&a.CreatedBy, &a.CreatedAt, &a.UpdatedAt); err != nil {
			arows.Close()
			return fmt.Errorf("read articles: %w", err)
		}
		if err := element(bw, enc, &first, a); err != nil {
			arows.Close()
			return err
		}
	}
	arows.Close()
	if err := arows.Err(); err != nil {
		return fmt.Errorf("read articles: %w", err)
	}

	// Claims, each with its evidence, comments, history and matches.
	bw.WriteString("],\n\"claims\": [\n")
	if err := writeJSONClaims(ctx, snap.tx, where, args, bw, enc); err != nil {
		return err
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// element writes one array element on its own line.
func element(bw *bufio.Writer, enc *json.Encoder, first *bool, v any) error {
	if !*first {
		bw.WriteString(",")
	}
	*first = false
	// Encode ends the value with a newline.
	return enc.Encode(v)
}

func writeJSONClaims(ctx context.Context, tx *sql.Tx, where string, args []any, bw *bufio.Writer, enc *json.Encoder) error {
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
		func(r *sql.Rows) (int64, jsonEvidence, error) {
			var id, sby, eby int64
			var e jsonEvidence
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
		func(r *sql.Rows) (int64, jsonComment, error) {
			var id, by int64
			var m jsonComment
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
		func(r *sql.Rows) (int64, jsonHistory, error) {
			var id, by int64
			var h jsonHistory
			err := r.Scan(&id, &by, &h.At, &h.Field, &h.From, &h.To, &h.Note)
			h.User = users[by]
			return id, h, err
		})
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	defer hi.close()
	ma, err := openSub(ctx, tx, `SELECT c.id, m.other_id, m.score, m.state, COALESCE(m.decided_by, 0), COALESCE(m.decided_at, ''), m.created_at
		FROM claims c CROSS JOIN matches m ON m.claim_id = c.id
		WHERE `+where+` ORDER BY `+claimOrder+`, m.id`, args,
		func(r *sql.Rows) (int64, jsonMatch, error) {
			var id, by int64
			var m jsonMatch
			err := r.Scan(&id, &m.OtherID, &m.Score, &m.State, &by, &m.DecidedAt, &m.CreatedAt)
			m.DecidedBy = users[by]
			return id, m, err
		})
	if err != nil {
		return fmt.Errorf("read matches: %w", err)
	}
	defer ma.close()

	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.article_id, c.start_byte, c.end_byte, c.text, c.score, c.reasons, c.kind,
		c.speaker, c.candidate, c.origin, c.status, COALESCE(c.verdict_id, 0), c.conclusion, c.dismiss_reason,
		COALESCE(c.assignee_id, 0), COALESCE(c.signed_off_by, 0), COALESCE(c.signed_off_at, ''), c.review_url, c.slug, c.version,
		c.created_at, c.updated_at, c.statement
		FROM claims c
		WHERE `+where+` ORDER BY `+claimOrder, args...)
	if err != nil {
		return fmt.Errorf("read claims: %w", err)
	}
	defer rows.Close()
	first := true
	// Empty lists, not nil ones: a claim without comments has
	// "comments": [], never null. take reuses them from claim to claim.
	c := jsonClaim{Evidence: []jsonEvidence{}, Comments: []jsonComment{}, History: []jsonHistory{}, Matches: []jsonMatch{}}
	var reasons string
	var verdict, assignee, signer int64
	var rbuf bytes.Buffer
	for rows.Next() {
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.Start, &c.End, &c.Text, &c.Score, &reasons, &c.Kind,
			&c.Speaker, &c.Candidate, &c.Origin, &c.Status, &verdict, &c.Conclusion, &c.DismissReason,
			&assignee, &signer, &c.SignedOffAt, &c.ReviewURL, &c.Slug, &c.Version,
			&c.CreatedAt, &c.UpdatedAt, &c.Statement); err != nil {
			return fmt.Errorf("read claims: %w", err)
		}
		c.Verdict, c.Assignee, c.SignedOffBy = verdicts[verdict], users[assignee], users[signer]
		c.Reasons = compactReasons(&rbuf, reasons)
		c.Slug = Slug(c.ID, c.Text, c.Slug)
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
		if err := element(bw, enc, &first, &c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read claims: %w", err)
	}
	return nil
}

// idNames reads a small id → name table (users, verdicts); id 0 is "".
func idNames(ctx context.Context, tx *sql.Tx, query string) (map[int64]string, error) {
	rows, err := tx.QueryContext(ctx, query)
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

// compactReasons returns the stored reasons as compact JSON ([] when
// they are not JSON), as encoding/json would write a RawMessage; buf is
// reused between calls.
func compactReasons(buf *bytes.Buffer, s string) []byte {
	buf.Reset()
	if err := json.Compact(buf, []byte(s)); err != nil {
		return []byte("[]")
	}
	return buf.Bytes()
}
