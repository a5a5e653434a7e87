package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"claimdesk/review"
)

// ImportResult says what an import did, in numbers and in sentences.
type ImportResult struct {
	Articles, Claims, Evidence, Comments, History, Matches int
	// SourcesReused counts evidence whose source (by URL) was already here.
	SourcesReused int
	// UsersCreated are the names the file referred to that this database
	// lacked: each was added disabled, with no usable password.
	UsersCreated    []string
	VerdictsCreated []string
	SettingsSet     []string
	// Skipped says, one sentence each, what was left out and why.
	Skipped []string
}

// unusablePassword is stored for users an import creates: it is not a
// password hash, so no password ever matches it; an admin enables the
// account and sets a password.
const unusablePassword = "!imported"

// ImportJSON loads a JSON export (docs/EXPORT.md) into the store's
// database in one transaction: nothing is written unless all of it is.
// Ids are new (every reference in the file is remapped); users are matched
// by name and created disabled when missing; verdicts are matched by name
// and added when missing; settings are set only where this database has
// none; sources are shared by URL; an article whose text is already here
// is skipped with its claims and said so. The file is read as a stream.
func ImportJSON(ctx context.Context, store *review.Store, r io.Reader) (*ImportResult, error) {
	res := &ImportResult{}
	tx, err := store.DB().Write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("import json: %w", err)
	}
	defer tx.Rollback()
	im := &importer{ctx: ctx, tx: tx, res: res, now: fmtTime(store.Now()),
		users: map[string]int64{}, verdicts: map[string]int64{}, articles: map[int64]int64{}, skippedArticles: map[int64]bool{},
		claimsMap: map[int64]int64{}}
	if err := im.run(json.NewDecoder(r)); err != nil {
		return nil, fmt.Errorf("import json: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("import json: %w", err)
	}
	return res, nil
}

type pendingMatch struct {
	claim int64 // ids of the file
	m     jsonMatch
}

type importer struct {
	ctx             context.Context
	tx              *sql.Tx
	res             *ImportResult
	now             string
	users           map[string]int64 // lower-case name -> id here
	verdicts        map[string]int64 // lower-case name -> id here
	articles        map[int64]int64  // file id -> id here
	skippedArticles map[int64]bool
	claimsMap       map[int64]int64
	matches         []pendingMatch
	sawFormat       bool
	sawVersion      bool
}

// bad is a problem with the file, said so a person can find it.
func bad(format string, a ...any) error {
	return review.Invalid("file", fmt.Sprintf(format, a...))
}

func (im *importer) run(dec *json.Decoder) error {
	if err := expectDelim(dec, '{', "the file is not a claimdesk JSON export (it does not start with an object)"); err != nil {
		return err
	}
	if err := im.load(); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntax(dec, err)
		}
		key, _ := tok.(string)
		switch key {
		case "format":
			var f string
			if err := dec.Decode(&f); err != nil || f != JSONFormat {
				return bad("the file is not a claimdesk JSON export (format is not %q)", JSONFormat)
			}
			im.sawFormat = true
		case "version":
			var v int
			if err := dec.Decode(&v); err != nil {
				return bad("the version is not a number")
			}
			if v != JSONVersion {
				return bad("the file is version %d of the export; this claimdesk reads version %d", v, JSONVersion)
			}
			im.sawVersion = true
		case "settings":
			if err := im.header(); err != nil {
				return err
			}
			var set map[string]string
			if err := dec.Decode(&set); err != nil {
				return syntax(dec, err)
			}
			if err := im.settings(set); err != nil {
				return err
			}
		case "verdicts":
			if err := im.array(dec, func() error {
				var v jsonVerdict
				if err := dec.Decode(&v); err != nil {
					return syntax(dec, err)
				}
				return im.verdict(v)
			}); err != nil {
				return err
			}
		case "users":
			if err := im.array(dec, func() error {
				var u jsonUser
				if err := dec.Decode(&u); err != nil {
					return syntax(dec, err)
				}
				_, err := im.user(u.Name, u.Role, u.CreatedAt)
				return err
			}); err != nil {
				return err
			}
		case "articles":
			if err := im.array(dec, func() error {
				var a jsonArticle
				if err := dec.Decode(&a); err != nil {
					return syntax(dec, err)
				}
				return im.article(a)
			}); err != nil {
				return err
			}
		case "claims":
			if err := im.array(dec, func() error {
				var c jsonClaim
				if err := dec.Decode(&c); err != nil {
					return syntax(dec, err)
				}
				return im.claim(&c)
			}); err != nil {
				return err
			}
		default:
			// A field of a later minor revision, or exported_at/filter:
			// nothing to load.
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(dec, err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(dec, err)
	}
	if err := im.header(); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad("there is more after the export's closing brace")
	}
	return im.finishMatches()
}

func syntax(dec *json.Decoder, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return bad("the file ends too early (cut off?)")
	}
	var ve *review.ValidationError
	if errors.As(err, &ve) {
		return err
	}
	return bad("the JSON is broken near byte %d: %v", dec.InputOffset(), err)
}

func expectDelim(dec *json.Decoder, d json.Delim, msg string) error {
	tok, err := dec.Token()
	if err != nil {
		return syntax(dec, err)
	}
	if tok != d {
		return bad("%s", msg)
	}
	return nil
}

// header insists on the format and version coming first, so nothing is
// loaded from a file that turns out not to be an export.
func (im *importer) header() error {
	if !im.sawFormat || !im.sawVersion {
		return bad("the file does not start with \"format\": %q and \"version\": %d", JSONFormat, JSONVersion)
	}
	return nil
}

func (im *importer) array(dec *json.Decoder, each func() error) error {
	if err := im.header(); err != nil {
		return err
	}
	if err := expectDelim(dec, '[', "a list was expected"); err != nil {
		return err
	}
	for dec.More() {
		if err := each(); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	if err != nil {
		return syntax(dec, err)
	}
	return nil
}

// load reads what this database has: users and verdicts by name.
func (im *importer) load() error {
	for _, q := range []struct {
		sql string
		m   map[string]int64
	}{{"SELECT id, name FROM users", im.users}, {"SELECT id, name FROM verdicts", im.verdicts}} {
		rows, err := im.tx.QueryContext(im.ctx, q.sql)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return err
			}
			q.m[strings.ToLower(name)] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) settings(set map[string]string) error {
	for k, v := range set {
		res, err := im.tx.ExecContext(im.ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", k, v)
		if err != nil {
			return fmt.Errorf("setting %s: %w", k, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			im.res.SettingsSet = append(im.res.SettingsSet, k)
		}
	}
	return nil
}

func (im *importer) verdict(v jsonVerdict) error {
	if strings.TrimSpace(v.Name) == "" {
		return bad("a verdict has no name")
	}
	if _, ok := im.verdicts[strings.ToLower(v.Name)]; ok {
		return nil
	}
	if !review.ValidColor(v.Color) {
		v.Color = "#57606a"
	}
	res, err := im.tx.ExecContext(im.ctx, `INSERT INTO verdicts (name, rating, color, position)
		VALUES (?, ?, ?, (SELECT COALESCE(max(position), 0) + 1 FROM verdicts))`, v.Name, v.Rating, v.Color)
	if err != nil {
		return fmt.Errorf("verdict %q: %w", v.Name, err)
	}
	id, _ := res.LastInsertId()
	im.verdicts[strings.ToLower(v.Name)] = id
	im.res.VerdictsCreated = append(im.res.VerdictsCreated, v.Name)
	return nil
}

// user returns the id here of the user named name, creating them disabled
// when missing; "" is nobody (NULL).
func (im *importer) user(name, role, created string) (any, error) {
	if name == "" {
		return nil, nil
	}
	if id, ok := im.users[strings.ToLower(name)]; ok {
		return id, nil
	}
	if !review.ValidRole(review.Role(role)) {
		role = string(review.RoleReviewer)
	}
	if created == "" {
		created = im.now
	}
	res, err := im.tx.ExecContext(im.ctx, `INSERT INTO users (name, role, password_hash, disabled, created_at, password_changed_at)
		VALUES (?, ?, ?, 1, ?, ?)`, name, role, unusablePassword, created, im.now)
	if err != nil {
		return nil, fmt.Errorf("user %q: %w", name, err)
	}
	id, _ := res.LastInsertId()
	im.users[strings.ToLower(name)] = id
	im.res.UsersCreated = append(im.res.UsersCreated, name)
	return id, nil
}

func (im *importer) article(a jsonArticle) error {
	if a.Text == "" {
		return bad("article %d has no text", a.ID)
	}
	if _, dup := im.articles[a.ID]; dup || im.skippedArticles[a.ID] {
		return bad("article %d appears twice", a.ID)
	}
	hash := review.BodyHash(a.Text)
	var existing int64
	err := im.tx.QueryRowContext(im.ctx, "SELECT id FROM articles WHERE body_hash = ?", hash).Scan(&existing)
	if err == nil {
		im.skippedArticles[a.ID] = true
		im.res.Skipped = append(im.res.Skipped, fmt.Sprintf("article %q: the same text is already article %d here; it and its claims were skipped", a.Title, existing))
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	by, err := im.user(a.CreatedBy, "", "")
	if err != nil {
		return err
	}
	format := a.Format
	switch format {
	case "":
		format = "text"
	case "text", "markdown", "html":
	default:
		return bad("article %d: %q is not a text format (text, markdown, html)", a.ID, a.Format)
	}
	res, err := im.tx.ExecContext(im.ctx, `INSERT INTO articles (title, url, outlet, author, published, body, body_hash, format, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.Title, a.URL, a.Outlet, a.Author, a.Published, a.Text, hash, format, by,
		orNow(a.CreatedAt, im.now), orNow(a.UpdatedAt, im.now))
	if err != nil {
		return fmt.Errorf("article %d (%q): %w", a.ID, a.Title, err)
	}
	id, _ := res.LastInsertId()
	im.articles[a.ID] = id
	im.res.Articles++
	return nil
}

func orNow(t, now string) string {
	if t == "" {
		return now
	}
	return t
}

func (im *importer) claim(c *jsonClaim) error {
	if im.skippedArticles[c.ArticleID] {
		return nil
	}
	art, ok := im.articles[c.ArticleID]
	if !ok {
		return bad("claim %d belongs to article %d, which is not in the file's articles", c.ID, c.ArticleID)
	}
	if _, dup := im.claimsMap[c.ID]; dup {
		return bad("claim %d appears twice", c.ID)
	}
	if !review.ValidStatus(review.Status(c.Status)) {
		return bad("claim %d: %q is not a status", c.ID, c.Status)
	}
	var same bool
	err := im.tx.QueryRowContext(im.ctx, `SELECT ? >= 0 AND ? > ? AND ? <= length(CAST(body AS BLOB))
		AND CAST(substr(CAST(body AS BLOB), ? + 1, ? - ?) AS TEXT) = ? FROM articles WHERE id = ?`,
		c.Start, c.End, c.Start, c.End, c.Start, c.End, c.Start, c.Text, art).Scan(&same)
	if err != nil {
		return err
	}
	if !same {
		return bad("claim %d: its text is not the bytes %d–%d of its article", c.ID, c.Start, c.End)
	}
	var verdict any
	if c.Verdict != "" {
		id, ok := im.verdicts[strings.ToLower(c.Verdict)]
		if !ok {
			return bad("claim %d: the verdict %q is not in the file's verdict scale", c.ID, c.Verdict)
		}
		verdict = id
	}
	assignee, err := im.user(c.Assignee, "", "")
	if err != nil {
		return err
	}
	signer, err := im.user(c.SignedOffBy, "", "")
	if err != nil {
		return err
	}
	var signedAt any
	if c.SignedOffAt != "" {
		signedAt = c.SignedOffAt
	}
	reasons := "[]"
	if len(c.Reasons) > 0 && json.Valid(c.Reasons) {
		reasons = string(c.Reasons)
	}
	kind, origin := c.Kind, c.Origin
	switch kind {
	case "":
		kind = "other"
	case "statistic", "quote", "event", "comparison", "prediction", "other":
	default:
		return bad("claim %d: %q is not a kind of claim", c.ID, c.Kind)
	}
	switch origin {
	case "":
		origin = "engine"
	case "engine", "manual", "split", "merge":
	default:
		return bad("claim %d: %q is not an origin (engine, manual, split, merge)", c.ID, c.Origin)
	}
	version := c.Version
	if version < 1 {
		version = 1
	}
	// An export from before statements has none: the claim keeps "" and
	// the server suggests one for it if it is open.
	if c.Statement != "" {
		if msg := review.StatementProblem(c.Statement); msg != "" {
			return bad("claim %d: statement: %s", c.ID, msg)
		}
	}
	res, err := im.tx.ExecContext(im.ctx, `INSERT INTO claims (article_id, start_byte, end_byte, text, score, reasons, kind, speaker,
		candidate, origin, status, verdict_id, conclusion, dismiss_reason, assignee_id, signed_off_by, signed_off_at,
		review_url, slug, version, created_at, updated_at, statement)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		art, c.Start, c.End, c.Text, c.Score, reasons, kind, c.Speaker, c.Candidate, origin, c.Status, verdict,
		c.Conclusion, c.DismissReason, assignee, signer, signedAt, c.ReviewURL, c.Slug, version,
		orNow(c.CreatedAt, im.now), orNow(c.UpdatedAt, im.now), strings.Join(strings.Fields(c.Statement), " "))
	if err != nil {
		return fmt.Errorf("claim %d: %w", c.ID, err)
	}
	id, _ := res.LastInsertId()
	im.claimsMap[c.ID] = id
	im.res.Claims++

	for _, e := range c.Evidence {
		if err := im.evidence(c.ID, id, e); err != nil {
			return err
		}
	}
	for _, m := range c.Comments {
		user, err := im.user(m.User, "", "")
		if err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(im.ctx, "INSERT INTO comments (claim_id, user_id, body, created_at) VALUES (?, ?, ?, ?)",
			id, user, m.Body, orNow(m.CreatedAt, im.now)); err != nil {
			return fmt.Errorf("claim %d: comment: %w", c.ID, err)
		}
		im.res.Comments++
	}
	for _, h := range c.History {
		user, err := im.user(h.User, "", "")
		if err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO history (claim_id, user_id, at, field, from_value, to_value, note)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, user, orNow(h.At, im.now), h.Field, h.From, h.To, h.Note); err != nil {
			return fmt.Errorf("claim %d: history: %w", c.ID, err)
		}
		im.res.History++
	}
	for _, m := range c.Matches {
		im.matches = append(im.matches, pendingMatch{claim: c.ID, m: m})
	}
	return nil
}

func (im *importer) evidence(fileID, claimID int64, e jsonEvidence) error {
	switch review.Stance(e.Stance) {
	case review.StanceSupports, review.StanceRefutes, review.StanceContext:
	default:
		return bad("claim %d: %q is not a stance (supports, refutes, context)", fileID, e.Stance)
	}
	if strings.TrimSpace(e.Source.URL) == "" {
		return bad("claim %d: a piece of evidence has no source URL", fileID)
	}
	var src int64
	err := im.tx.QueryRowContext(im.ctx, "SELECT id FROM sources WHERE url = ?", e.Source.URL).Scan(&src)
	switch {
	case err == nil:
		im.res.SourcesReused++
	case errors.Is(err, sql.ErrNoRows):
		by, err := im.user(e.Source.CreatedBy, "", "")
		if err != nil {
			return err
		}
		res, err := im.tx.ExecContext(im.ctx, `INSERT INTO sources (url, title, publisher, accessed, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, e.Source.URL, e.Source.Title, e.Source.Publisher, e.Source.Accessed, by, orNow(e.Source.CreatedAt, im.now))
		if err != nil {
			return fmt.Errorf("claim %d: source %s: %w", fileID, e.Source.URL, err)
		}
		src, _ = res.LastInsertId()
	default:
		return err
	}
	by, err := im.user(e.CreatedBy, "", "")
	if err != nil {
		return err
	}
	if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO evidence (claim_id, source_id, stance, quote, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, claimID, src, e.Stance, e.Quote, by, orNow(e.CreatedAt, im.now)); err != nil {
		return fmt.Errorf("claim %d: evidence: %w", fileID, err)
	}
	im.res.Evidence++
	return nil
}

// finishMatches stores the matches whose two claims both came in; the
// others cannot be placed and are said so.
func (im *importer) finishMatches() error {
	left := 0
	for _, p := range im.matches {
		a, okA := im.claimsMap[p.claim]
		b, okB := im.claimsMap[p.m.OtherID]
		if !okA || !okB {
			left++
			continue
		}
		by, err := im.user(p.m.DecidedBy, "", "")
		if err != nil {
			return err
		}
		var at any
		if p.m.DecidedAt != "" {
			at = p.m.DecidedAt
		}
		state := p.m.State
		if state == "" {
			state = string(review.MatchSuggested)
		}
		if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO matches (claim_id, other_id, score, state, decided_by, decided_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id, other_id) DO NOTHING`, a, b, p.m.Score, state, by, at, orNow(p.m.CreatedAt, im.now)); err != nil {
			return fmt.Errorf("match of claim %d: %w", p.claim, err)
		}
		im.res.Matches++
	}
	if left > 0 {
		im.res.Skipped = append(im.res.Skipped, fmt.Sprintf("%d match(es) with a claim that is not in the file (or was skipped) were left out", left))
	}
	return nil
}
