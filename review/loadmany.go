package review

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"claimdesk/claims/match"
)

// loadRows is how many claims one INSERT of AddClaims and AddArticles
// writes (27 parameters a claim, under SQLite's 32,766): each statement
// that writes claims opens a statement savepoint, at which the FTS5
// index writes its pending terms out as a new segment, so claims written
// one statement each make one segment each (and the merges that follow);
// a statement of many claims makes one.
const loadRows = 1000

// loadArticleRows is how many articles one INSERT of AddArticles writes;
// their bodies go to the FTS5 index as one segment.
const loadArticleRows = 100

// AddClaims stores an article's claims as AddClaim does, each record
// checked the same way, but many claims a statement: the bulk path of a
// generated archive. A record with evidence, comments or history is
// stored by AddClaim, in its turn. It returns the claims' ids in order.
func (l *Loader) AddClaims(articleID int64, cs []*ClaimRecord) ([]int64, error) {
	ids := make([]int64, 0, len(cs))
	var run []loadRow
	flush := func() error {
		got, err := l.insertClaimRows(run)
		ids = append(ids, got...)
		run = run[:0]
		return err
	}
	for _, c := range cs {
		if !plainClaim(c) {
			if err := flush(); err != nil {
				return nil, err
			}
			id, _, err := l.AddClaim(articleID, c)
			if err != nil {
				return nil, err
			}
			ids = append(ids, id)
			continue
		}
		run = append(run, loadRow{article: articleID, c: c})
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return ids, nil
}

// plainClaim reports whether c has nothing that hangs on it (evidence,
// comments, history): a row of claims and one of the matching index.
func plainClaim(c *ClaimRecord) bool {
	return len(c.Evidence) == 0 && len(c.Comments) == 0 && len(c.History) == 0
}

// ArticleClaims is an article with its claims, for AddArticles.
type ArticleClaims struct {
	Article ArticleRecord
	Claims  []*ClaimRecord
}

// AddArticles stores articles and their claims as AddArticle and
// AddClaims would, one article after another, and with the same ids, but
// many rows a statement: a hundred articles, a thousand claims, and the
// matched claims' rows of the matching index. Every FTS5 index then takes
// a statement's rows as one segment instead of one an article. An article
// with a claim that has evidence, comments or history goes through
// AddArticle and AddClaims in its turn. It returns the articles' ids in
// order; a record that is not one the store could have written is an
// error, as there.
func (l *Loader) AddArticles(as []ArticleClaims) ([]int64, error) {
	ids := make([]int64, 0, len(as))
	var run []ArticleClaims
	flush := func() error {
		got, err := l.insertArticles(run)
		ids = append(ids, got...)
		run = run[:0]
		return err
	}
	for _, a := range as {
		if slices.IndexFunc(a.Claims, func(c *ClaimRecord) bool { return !plainClaim(c) }) >= 0 {
			if err := flush(); err != nil {
				return nil, err
			}
			id, err := l.AddArticle(a.Article)
			if err != nil {
				return nil, err
			}
			if _, err := l.AddClaims(id, a.Claims); err != nil {
				return nil, err
			}
			ids = append(ids, id)
			continue
		}
		run = append(run, a)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return ids, nil
}

// insertArticles writes articles whose claims are all plain: the articles
// loadArticleRows an INSERT with ids after the table's highest, then
// their claims loadRows a statement.
func (l *Loader) insertArticles(as []ArticleClaims) ([]int64, error) {
	if len(as) == 0 {
		return nil, nil
	}
	var next int64
	if err := l.tx.QueryRowContext(l.ctx, "SELECT COALESCE(max(id), 0) + 1 FROM articles").Scan(&next); err != nil {
		return nil, err
	}
	ids := make([]int64, len(as))
	var rows []loadRow
	for done := 0; done < len(as); {
		n := min(len(as)-done, loadArticleRows)
		args := make([]any, 0, n*12)
		for i, a := range as[done : done+n] {
			format, err := checkArticleRecord(a.Article)
			if err != nil {
				return nil, err
			}
			by, err := l.user(a.Article.CreatedBy, "", "")
			if err != nil {
				return nil, err
			}
			id := next + int64(done+i)
			ids[done+i] = id
			args = append(args, id, a.Article.Title, a.Article.URL, a.Article.Outlet, a.Article.Author, a.Article.Published,
				a.Article.Text, BodyHash(a.Article.Text), format, by, l.orNow(a.Article.CreatedAt), l.orNow(a.Article.UpdatedAt))
			for _, c := range a.Claims {
				rows = append(rows, loadRow{article: id, body: a.Article.Text, c: c})
			}
		}
		if _, err := l.exec(`INSERT INTO articles (id, title, url, outlet, author, published, body, body_hash, format, created_by, created_at, updated_at)
			VALUES `+placeholders(n, 12), args...); err != nil {
			return nil, fmt.Errorf("articles: %w", err)
		}
		done += n
	}
	if _, err := l.insertClaimRows(rows); err != nil {
		return nil, err
	}
	last := as[len(as)-1].Article
	l.bodyID, l.body = ids[len(ids)-1], last.Text
	return ids, nil
}

// loadRow is a plain claim record to write on article article, whose
// text is body ("" when the loader reads it).
type loadRow struct {
	article int64
	body    string
	c       *ClaimRecord
}

// insertClaimRows writes rows loadRows a statement and returns their ids.
func (l *Loader) insertClaimRows(rows []loadRow) ([]int64, error) {
	ids := make([]int64, 0, len(rows))
	for len(rows) > 0 {
		n := min(len(rows), loadRows)
		got, err := l.insertClaims(rows[:n])
		if err != nil {
			return nil, err
		}
		ids = append(ids, got...)
		rows = rows[n:]
	}
	return ids, nil
}

// loadClaimColumns are the columns insertClaims writes, in order.
const loadClaimColumns = `id, article_id, start_byte, end_byte, text, score, reasons, kind, speaker,
	candidate, origin, status, verdict_id, conclusion, dismiss_code, dismiss_reason, assignee_id, signed_off_by, signed_off_at,
	review_url, slug, version, created_at, updated_at, statement, matched_at, claimant_id`

// loadClaimCols is how many columns loadClaimColumns names: loadRows of
// them a statement stay under SQLite's 32,766 parameters.
const loadClaimCols = 27

// insertClaims writes plain records (no evidence, comments or history) in
// one INSERT, with ids after the table's highest, and the matched ones'
// rows of the matching index in one more.
func (l *Loader) insertClaims(rows []loadRow) ([]int64, error) {
	var next int64
	if err := l.tx.QueryRowContext(l.ctx, "SELECT COALESCE(max(id), 0) + 1 FROM claims").Scan(&next); err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	args := make([]any, 0, len(rows)*loadClaimCols)
	var matchArgs []any
	for i, r := range rows {
		c := r.c
		if r.body != "" {
			l.bodyID, l.body = r.article, r.body
		}
		if err := l.checkClaimRecord(r.article, c); err != nil {
			return nil, err
		}
		var verdict any
		if c.Verdict != "" {
			verdict = l.verdicts[strings.ToLower(c.Verdict)]
		}
		assignee, err := l.user(c.Assignee, "", "")
		if err != nil {
			return nil, err
		}
		signer, err := l.user(c.SignedOffBy, "", "")
		if err != nil {
			return nil, err
		}
		var signedAt, matchedAt any
		if c.SignedOffAt != "" {
			signedAt = c.SignedOffAt
		}
		reasons := "[]"
		if c.Reasons != "" && json.Valid([]byte(c.Reasons)) {
			reasons = c.Reasons
		}
		kind, origin := c.Kind, c.Origin
		if kind == "" {
			kind = "other"
		}
		if origin == "" {
			origin = "engine"
		}
		dismissCode, err := recordDismissCode(c)
		if err != nil {
			return nil, err
		}
		statement := strings.Join(strings.Fields(c.Statement), " ")
		claimant, err := l.claimant(c.Claimant)
		if err != nil {
			return nil, err
		}
		ids[i] = next + int64(i)
		if c.Matched {
			matchedAt = l.orNow(c.CreatedAt)
			matchArgs = append(matchArgs, ids[i], match.Clean(matchText(c.Text, statement)))
		}
		args = append(args, ids[i], r.article, c.Start, c.End, c.Text, c.Score, reasons, kind, c.Speaker, c.Candidate, origin,
			c.Status, verdict, c.Conclusion, dismissCode, c.DismissReason, assignee, signer, signedAt, c.ReviewURL, c.Slug, max(c.Version, 1),
			l.orNow(c.CreatedAt), l.orNow(c.UpdatedAt), statement, matchedAt, claimant)
	}
	if _, err := l.exec("INSERT INTO claims ("+loadClaimColumns+") VALUES "+placeholders(len(rows), loadClaimCols), args...); err != nil {
		return nil, fmt.Errorf("claims of article %d: %w", rows[0].article, err)
	}
	if len(matchArgs) > 0 {
		if _, err := l.exec("INSERT INTO match_fts (rowid, text, title, description) VALUES "+placeholders(len(matchArgs)/2, 2, "''", "''"), matchArgs...); err != nil {
			return nil, fmt.Errorf("index claims of article %d: %w", rows[0].article, err)
		}
	}
	return ids, nil
}

// placeholders is the VALUES list of rows rows of cols parameters each,
// then the fixed values extra.
func placeholders(rows, cols int, extra ...string) string {
	row := "(" + inList(cols)
	for _, e := range extra {
		row += ", " + e
	}
	row += ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

// AddFactChecks stores published fact-checks as an import would (each
// checked by the import's rule, indexed for "checked before?"), many a
// statement, marked as matched: a generated archive does not send every
// open claim to be ranked again. A fact-check already stored (the same
// URL and claim text) is an error here, not an update.
func (l *Loader) AddFactChecks(fcs []NewFactCheck) error {
	for len(fcs) > 0 {
		n := min(len(fcs), loadRows)
		if err := l.insertFactChecks(fcs[:n]); err != nil {
			return err
		}
		fcs = fcs[n:]
	}
	return nil
}

func (l *Loader) insertFactChecks(fcs []NewFactCheck) error {
	var next int64
	if err := l.tx.QueryRowContext(l.ctx, "SELECT COALESCE(max(id), 0) + 1 FROM fact_checks").Scan(&next); err != nil {
		return err
	}
	args := make([]any, 0, len(fcs)*13)
	matchArgs := make([]any, 0, len(fcs)*4)
	for i, in := range fcs {
		c, err := checkFactCheck(in)
		if err != nil {
			return fmt.Errorf("fact-check %s: %w", in.URL, err)
		}
		id := next + int64(i)
		args = append(args, id, c.ClaimText, c.Title, c.Description, c.Rating, c.Publisher, c.Published, c.URL, c.Language, c.Claimant,
			l.now, l.now, l.now)
		matchArgs = append(matchArgs, -id, match.Clean(c.ClaimText), match.Clean(c.Title), match.Clean(c.Description))
	}
	if _, err := l.exec(`INSERT INTO fact_checks (id, claim_text, title, description, rating, publisher, published, url, language, claimant,
		created_at, updated_at, matched_at) VALUES `+placeholders(len(fcs), 13), args...); err != nil {
		return fmt.Errorf("fact-checks: %w", err)
	}
	if _, err := l.exec("INSERT INTO match_fts (rowid, text, title, description) VALUES "+placeholders(len(fcs), 4), matchArgs...); err != nil {
		return fmt.Errorf("index fact-checks: %w", err)
	}
	return nil
}
