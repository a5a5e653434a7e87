package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"claimdesk/claims/match"
)

// unusablePassword is stored for users a load adds: it is not a password
// hash, so no password ever matches it; an admin enables the account and
// sets a password.
const unusablePassword = "!imported"

// Loader writes records (records.go) in one write transaction, as they are
// given, without the workflow's rules: an archive read back
// (report.ImportJSON) or a generated database (claimdesk gen). Versions,
// times and history come with the records. What it checks is that each
// record is one the store could have written: a known status, kind,
// origin, stance and text format; a claim's text that is its span of its
// article; a verdict on the scale. A user named but missing is added,
// disabled and unable to log in.
type Loader struct {
	s   *Store
	ctx context.Context
	tx  *sql.Tx
	now string
	// users and verdicts map a lower-case name to its id here.
	users, verdicts map[string]int64
	// claimants maps a lower-case claimant name to its id here.
	claimants        map[string]int64
	createdClaimants []string
	// notes say, a sentence each, what the load left out and why.
	notes                         []string
	createdUsers, createdVerdicts []string
	// The last article's text: claims come grouped by article, so their
	// spans are checked without reading it again.
	bodyID int64
	body   string
	stmts  map[string]*sql.Stmt
}

// Load runs fn with a Loader in one write transaction, committed when fn
// returns nil; nothing fn loaded survives an error.
func (s *Store) Load(ctx context.Context, fn func(*Loader) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		l := &Loader{s: s, ctx: ctx, tx: tx, now: fmtTime(s.now()),
			users: map[string]int64{}, verdicts: map[string]int64{}, claimants: map[string]int64{}, stmts: map[string]*sql.Stmt{}}
		defer func() {
			for _, st := range l.stmts {
				st.Close()
			}
		}()
		for q, m := range map[string]map[string]int64{"SELECT id, name FROM users": l.users, "SELECT id, name FROM verdicts": l.verdicts} {
			names, err := idNames(ctx, tx, q)
			if err != nil {
				return err
			}
			for id, name := range names {
				if id != 0 {
					m[strings.ToLower(name)] = id
				}
			}
		}
		return fn(l)
	})
}

// stmt prepares query once per load.
func (l *Loader) stmt(query string) (*sql.Stmt, error) {
	if st, ok := l.stmts[query]; ok {
		return st, nil
	}
	st, err := l.tx.PrepareContext(l.ctx, query)
	if err != nil {
		return nil, err
	}
	l.stmts[query] = st
	return st, nil
}

// exec runs a prepared statement and returns the id of the row it added.
func (l *Loader) exec(query string, args ...any) (int64, error) {
	st, err := l.stmt(query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(l.ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// orNow is a stored time, or the load's time when it is unset.
func (l *Loader) orNow(t string) string {
	if t == "" {
		return l.now
	}
	return t
}

// SetSettingIfUnset sets key to value unless the store has a value for it
// already; it reports whether it set it.
func (l *Loader) SetSettingIfUnset(key, value string) (bool, error) {
	res, err := l.tx.ExecContext(l.ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", key, value)
	if err != nil {
		return false, fmt.Errorf("setting %s: %w", key, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// HasVerdict reports whether the scale has a step named name (any case).
func (l *Loader) HasVerdict(name string) bool {
	_, ok := l.verdicts[strings.ToLower(name)]
	return ok
}

// AddVerdict adds v at the end of the scale unless a step of that name
// exists; a colour that is not #rrggbb becomes grey.
func (l *Loader) AddVerdict(v VerdictRecord) error {
	if strings.TrimSpace(v.Name) == "" {
		return Invalid("name", "a verdict has no name")
	}
	if l.HasVerdict(v.Name) {
		return nil
	}
	if v.Rating != NoRating && (v.Rating < MinRating || v.Rating > MaxRating) {
		return Invalid("rating", fmt.Sprintf("verdict %q is rated %d: a rating is a whole number from %d to %d, or none for a verdict outside the scale's numbers", v.Name, v.Rating, MinRating, MaxRating))
	}
	if !ValidColor(v.Color) {
		v.Color = "#57606a"
	}
	id, err := l.exec(`INSERT INTO verdicts (name, rating, color, position)
		VALUES (?, ?, ?, (SELECT COALESCE(max(position), 0) + 1 FROM verdicts))`, v.Name, storedRating(v.Rating), v.Color)
	if err != nil {
		return fmt.Errorf("verdict %q: %w", v.Name, err)
	}
	l.verdicts[strings.ToLower(v.Name)] = id
	l.createdVerdicts = append(l.createdVerdicts, v.Name)
	return nil
}

// AddUser adds u, disabled and unable to log in (an admin enables the
// account and sets a password), unless a user of that name exists; a role
// that is not one becomes reviewer.
func (l *Loader) AddUser(u UserRecord) error {
	_, err := l.user(u.Name, u.Role, u.CreatedAt)
	return err
}

// user returns the id of the user named name ("" is nobody: NULL), adding
// them as AddUser does when missing.
func (l *Loader) user(name, role, createdAt string) (any, error) {
	if name == "" {
		return nil, nil
	}
	if id, ok := l.users[strings.ToLower(name)]; ok {
		return id, nil
	}
	if !ValidRole(Role(role)) {
		role = string(RoleReviewer)
	}
	id, err := l.exec(`INSERT INTO users (name, role, password_hash, disabled, created_at, password_changed_at)
		VALUES (?, ?, ?, 1, ?, ?)`, name, role, unusablePassword, l.orNow(createdAt), l.now)
	if err != nil {
		return nil, fmt.Errorf("user %q: %w", name, err)
	}
	l.users[strings.ToLower(name)] = id
	l.createdUsers = append(l.createdUsers, name)
	return id, nil
}

// CreatedUsers names the users the load added so far.
func (l *Loader) CreatedUsers() []string { return l.createdUsers }

// CreatedVerdicts names the verdicts the load added so far.
func (l *Loader) CreatedVerdicts() []string { return l.createdVerdicts }

// ArticleWithText returns the id of the article whose text is text, 0 when
// there is none (the duplicate check of an import).
func (l *Loader) ArticleWithText(text string) (int64, error) {
	var id int64
	err := l.tx.QueryRowContext(l.ctx, "SELECT id FROM articles WHERE body_hash = ?", BodyHash(text)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// AddArticle stores a and returns its id here (a.ID is ignored).
func (l *Loader) AddArticle(a ArticleRecord) (int64, error) {
	format, err := checkArticleRecord(a)
	if err != nil {
		return 0, err
	}
	a.Format = format
	by, err := l.user(a.CreatedBy, "", "")
	if err != nil {
		return 0, err
	}
	id, err := l.exec(`INSERT INTO articles (title, url, outlet, author, published, body, body_hash, format, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.Title, a.URL, a.Outlet, a.Author, a.Published, a.Text, BodyHash(a.Text), a.Format, by,
		l.orNow(a.CreatedAt), l.orNow(a.UpdatedAt))
	if err != nil {
		return 0, err
	}
	l.bodyID, l.body = id, a.Text
	return id, nil
}

// checkArticleRecord says whether a is an article the store could have
// written, and returns its text format ("text" when unset).
func checkArticleRecord(a ArticleRecord) (format string, err error) {
	if a.Text == "" {
		return "", Invalid("text", "the article has no text")
	}
	switch a.Format {
	case "":
		return "text", nil
	case "text", "markdown", "html":
		return a.Format, nil
	}
	return "", Invalid("format", fmt.Sprintf("%q is not a text format (text, markdown, html)", a.Format))
}

// spanOf reports whether text is the bytes start–end of article id.
func (l *Loader) spanOf(id int64, start, end int, text string) (bool, error) {
	if l.bodyID != id {
		body, err := articleBody(l.ctx, l.tx, id)
		if err != nil {
			return false, err
		}
		l.bodyID, l.body = id, body
	}
	return start >= 0 && end > start && end <= len(l.body) && l.body[start:end] == text, nil
}

// checkClaimRecord says whether c is a claim the store could have written
// on article articleID, a *ValidationError naming the field otherwise.
func (l *Loader) checkClaimRecord(articleID int64, c *ClaimRecord) error {
	if !ValidStatus(Status(c.Status)) {
		return Invalid("status", fmt.Sprintf("%q is not a status", c.Status))
	}
	same, err := l.spanOf(articleID, c.Start, c.End, c.Text)
	if err != nil {
		return err
	}
	if !same {
		return Invalid("text", fmt.Sprintf("its text is not the bytes %d–%d of its article", c.Start, c.End))
	}
	if c.Verdict != "" && !l.HasVerdict(c.Verdict) {
		return Invalid("verdict", fmt.Sprintf("the verdict %q is not on the verdict scale", c.Verdict))
	}
	switch c.Kind {
	case "", "statistic", "quote", "event", "comparison", "prediction", "other":
	default:
		return Invalid("kind", fmt.Sprintf("%q is not a kind of claim", c.Kind))
	}
	switch c.Origin {
	case "", "engine", "manual", "split", "merge":
	default:
		return Invalid("origin", fmt.Sprintf("%q is not an origin (engine, manual, split, merge)", c.Origin))
	}
	// A record from before statements has none: the claim keeps "" and
	// the server suggests one for it if it is open.
	if c.Statement != "" {
		if msg := StatementProblem(c.Statement); msg != "" {
			return Invalid("statement", "statement: "+msg)
		}
	}
	for _, e := range c.Evidence {
		if !ValidStance(Stance(e.Stance)) {
			return Invalid("stance", fmt.Sprintf("%q is not a stance (supports, refutes, context)", e.Stance))
		}
		if strings.TrimSpace(e.Source.URL) == "" {
			return Invalid("source", "a piece of evidence has no source URL")
		}
	}
	return nil
}

// recordDismissCode is the dismissal code c is stored with: its own when
// it has one; an older file's reason alone (or a dismissed claim without
// one) is "other", as the migration made it.
func recordDismissCode(c *ClaimRecord) (string, error) {
	code := c.DismissCode
	if code == "" && (c.Status == string(StatusDismissed) || c.DismissReason != "") {
		code = string(DismissOther)
	}
	if code != "" && !validDismissCode(code) {
		return "", fmt.Errorf("claim: %q is not a reason to dismiss (%s)", code, dismissCodeList())
	}
	return code, nil
}

// AddClaim stores c on article articleID here (c.ID and c.ArticleID are
// the record's own and ignored), with its evidence, comments and history;
// its matches refer to claims by the record's ids, so the caller adds them
// with AddMatch once both claims are here. It returns the claim's id and
// how many of its evidence's sources were already in the library (by URL).
func (l *Loader) AddClaim(articleID int64, c *ClaimRecord) (id int64, sourcesReused int, err error) {
	if err := l.checkClaimRecord(articleID, c); err != nil {
		return 0, 0, err
	}
	var verdict any
	if c.Verdict != "" {
		verdict = l.verdicts[strings.ToLower(c.Verdict)]
	}
	assignee, err := l.user(c.Assignee, "", "")
	if err != nil {
		return 0, 0, err
	}
	signer, err := l.user(c.SignedOffBy, "", "")
	if err != nil {
		return 0, 0, err
	}
	var signedAt any
	if c.SignedOffAt != "" {
		signedAt = c.SignedOffAt
	}
	reasons := "[]"
	if c.Reasons != "" && json.Valid([]byte(c.Reasons)) {
		reasons = c.Reasons
	}
	kind, origin, version := c.Kind, c.Origin, c.Version
	if kind == "" {
		kind = "other"
	}
	if origin == "" {
		origin = "engine"
	}
	version = max(version, 1)
	statement := strings.Join(strings.Fields(c.Statement), " ")
	dismissCode, err := recordDismissCode(c)
	if err != nil {
		return 0, 0, err
	}
	claimant, err := l.claimant(c.Claimant)
	if err != nil {
		return 0, 0, err
	}
	id, err = l.exec(`INSERT INTO claims (article_id, start_byte, end_byte, text, score, reasons, kind, speaker,
		candidate, origin, status, verdict_id, conclusion, dismiss_code, dismiss_reason, assignee_id, signed_off_by, signed_off_at,
		review_url, slug, version, created_at, updated_at, statement, claimant_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		articleID, c.Start, c.End, c.Text, c.Score, reasons, kind, c.Speaker, c.Candidate, origin, c.Status, verdict,
		c.Conclusion, dismissCode, c.DismissReason, assignee, signer, signedAt, c.ReviewURL, c.Slug, version,
		l.orNow(c.CreatedAt), l.orNow(c.UpdatedAt), statement, claimant)
	if err != nil {
		return 0, 0, err
	}
	if c.Matched {
		if _, err := l.exec("UPDATE claims SET matched_at = ? WHERE id = ?", l.orNow(c.CreatedAt), id); err != nil {
			return 0, 0, fmt.Errorf("claim %d: %w", id, err)
		}
		if _, err := l.exec("INSERT INTO match_fts (rowid, text, title, description) VALUES (?, ?, '', '')", id, match.Clean(matchText(c.Text, statement))); err != nil {
			return 0, 0, fmt.Errorf("index claim %d: %w", id, err)
		}
	}
	for _, e := range c.Evidence {
		reused, err := l.addEvidence(id, e)
		if err != nil {
			return 0, 0, err
		}
		if reused {
			sourcesReused++
		}
	}
	for _, m := range c.Comments {
		user, err := l.user(m.User, "", "")
		if err != nil {
			return 0, 0, err
		}
		if _, err := l.exec("INSERT INTO comments (claim_id, user_id, body, created_at) VALUES (?, ?, ?, ?)",
			id, user, m.Body, l.orNow(m.CreatedAt)); err != nil {
			return 0, 0, fmt.Errorf("comment: %w", err)
		}
	}
	for _, h := range c.History {
		user, err := l.user(h.User, "", "")
		if err != nil {
			return 0, 0, err
		}
		if _, err := l.exec(`INSERT INTO history (claim_id, user_id, at, field, from_value, to_value, note)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, user, l.orNow(h.At), h.Field, h.From, h.To, h.Note); err != nil {
			return 0, 0, fmt.Errorf("history: %w", err)
		}
	}
	return id, sourcesReused, nil
}

// addEvidence links e's source (shared by URL: an existing one is reused)
// to claim id.
func (l *Loader) addEvidence(id int64, e EvidenceRecord) (reused bool, err error) {
	var src int64
	err = l.tx.QueryRowContext(l.ctx, "SELECT id FROM sources WHERE url = ?", e.Source.URL).Scan(&src)
	switch {
	case err == nil:
		reused = true
	case errors.Is(err, sql.ErrNoRows):
		by, err := l.user(e.Source.CreatedBy, "", "")
		if err != nil {
			return false, err
		}
		if src, err = l.exec(`INSERT INTO sources (url, title, publisher, accessed, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, e.Source.URL, e.Source.Title, e.Source.Publisher, e.Source.Accessed, by, l.orNow(e.Source.CreatedAt)); err != nil {
			return false, fmt.Errorf("source %s: %w", e.Source.URL, err)
		}
	default:
		return false, err
	}
	by, err := l.user(e.CreatedBy, "", "")
	if err != nil {
		return false, err
	}
	if _, err := l.exec(`INSERT INTO evidence (claim_id, source_id, stance, quote, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, src, e.Stance, e.Quote, by, l.orNow(e.CreatedAt)); err != nil {
		return false, fmt.Errorf("evidence: %w", err)
	}
	return reused, nil
}

// AddMatch stores m as a match of claim claimID with claim otherID (both
// ids here; m.OtherID is ignored). A match already stored is kept.
func (l *Loader) AddMatch(claimID, otherID int64, m MatchRecord) error {
	return l.addMatch("other_id", claimID, otherID, m)
}

// AddFactCheckMatch stores m as a match of claim claimID with the
// published fact-check m.FactCheck names, when this database holds one
// with that address and claim; it reports false, storing nothing, when it
// does not. A match already stored is kept.
func (l *Loader) AddFactCheckMatch(claimID int64, m MatchRecord) (bool, error) {
	if m.FactCheck == nil {
		return false, nil
	}
	var fc int64
	err := l.tx.QueryRowContext(l.ctx, "SELECT id FROM fact_checks WHERE url = ? AND claim_text = ?", m.FactCheck.URL, m.FactCheck.Claim).Scan(&fc)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("match of claim %d: %w", claimID, err)
	}
	return true, l.addMatch("fact_check_id", claimID, fc, m)
}

// addMatch stores m as claim claimID's match with the claim or fact-check
// other, named by column (other_id or fact_check_id).
func (l *Loader) addMatch(column string, claimID, other int64, m MatchRecord) error {
	by, err := l.user(m.DecidedBy, "", "")
	if err != nil {
		return err
	}
	var at any
	if m.DecidedAt != "" {
		at = m.DecidedAt
	}
	state := m.State
	if state == "" {
		state = string(MatchSuggested)
	}
	if _, err := l.exec(`INSERT INTO matches (claim_id, `+column+`, score, state, decided_by, decided_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id, `+column+`) DO NOTHING`, claimID, other, m.Score, state, by, at, l.orNow(m.CreatedAt)); err != nil {
		return fmt.Errorf("match of claim %d: %w", claimID, err)
	}
	return nil
}

// claimant is the id of the registry's claimant for k (nil for none): the
// claimant of that name or alias when this database has one, as it is
// here (a record does not change who someone is), else a new claimant
// with k's details, checked as SaveClaimant checks them.
func (l *Loader) claimant(k *ClaimantRecord) (any, error) {
	if k == nil || strings.TrimSpace(k.Name) == "" {
		return nil, nil
	}
	key := strings.ToLower(claimantName(k.Name))
	if id, ok := l.claimants[key]; ok {
		return id, nil
	}
	id, err := findClaimant(l.ctx, l.tx, claimantName(k.Name))
	if err != nil {
		return nil, fmt.Errorf("claimant %q: %w", k.Name, err)
	}
	if id == 0 {
		kind := k.Kind
		if kind == "" {
			kind = KindPerson
		}
		ck, err := checkClaimant(Claimant{Name: k.Name, Aliases: k.Aliases, Role: k.Role, Kind: kind, SameAs: k.SameAs})
		if err != nil {
			return nil, fmt.Errorf("claimant %q: %w", k.Name, err)
		}
		// An alias another claimant here answers to stays with that one:
		// the new claimant comes without it, and the load says so.
		aliases := ck.Aliases[:0]
		for _, a := range ck.Aliases {
			other, err := findClaimant(l.ctx, l.tx, a)
			if err != nil {
				return nil, fmt.Errorf("claimant %q: %w", k.Name, err)
			}
			if other != 0 {
				l.notes = append(l.notes, fmt.Sprintf("claimant %q: the alias %q left out, since claimant #%d here answers to it", ck.Name, a, other))
				continue
			}
			aliases = append(aliases, a)
		}
		aj, err := json.Marshal(aliases)
		if err != nil {
			return nil, err
		}
		if id, err = l.exec(`INSERT INTO claimants (name, aliases, role, kind, same_as, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			ck.Name, string(aj), ck.Role, ck.Kind, ck.SameAs, l.now, l.now); err != nil {
			return nil, fmt.Errorf("claimant %q: %w", k.Name, err)
		}
		l.createdClaimants = append(l.createdClaimants, ck.Name)
	}
	l.claimants[key] = id
	return id, nil
}

// CreatedClaimants are the claimants the load added, in the order it
// added them.
func (l *Loader) CreatedClaimants() []string { return l.createdClaimants }

// Notes say, a sentence each, what the load left out of its records and
// why (an alias another claimant here answers to).
func (l *Loader) Notes() []string { return l.notes }
