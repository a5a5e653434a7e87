package review

import (
	"encoding/json"
	"fmt"
	"strings"

	"claimdesk/claims/match"
)

// loadRows is how many claims one INSERT of AddClaims writes: each
// statement that writes claims opens a statement savepoint, at which the
// FTS5 index writes its pending terms out as a new segment, so claims
// written one statement each make one segment each (and the merges that
// follow); a statement of many claims makes one.
const loadRows = 50

// AddClaims stores an article's claims as AddClaim does, each record
// checked the same way, but many claims a statement: the bulk path of a
// generated archive. A record with evidence, comments or history is
// stored by AddClaim, in its turn. It returns the claims' ids in order.
func (l *Loader) AddClaims(articleID int64, cs []*ClaimRecord) ([]int64, error) {
	ids := make([]int64, 0, len(cs))
	var run []*ClaimRecord
	flush := func() error {
		for len(run) > 0 {
			n := min(len(run), loadRows)
			got, err := l.insertClaims(articleID, run[:n])
			if err != nil {
				return err
			}
			ids = append(ids, got...)
			run = run[n:]
		}
		return nil
	}
	for _, c := range cs {
		if len(c.Evidence) > 0 || len(c.Comments) > 0 || len(c.History) > 0 {
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
		run = append(run, c)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return ids, nil
}

// loadClaimColumns are the columns insertClaims writes, in order.
const loadClaimColumns = `id, article_id, start_byte, end_byte, text, score, reasons, kind, speaker,
	candidate, origin, status, verdict_id, conclusion, dismiss_reason, assignee_id, signed_off_by, signed_off_at,
	review_url, slug, version, created_at, updated_at, statement, matched_at`

// insertClaims writes plain records (no evidence, comments or history) in
// one INSERT, with ids after the table's highest, and the matched ones'
// rows of the matching index in one more.
func (l *Loader) insertClaims(articleID int64, cs []*ClaimRecord) ([]int64, error) {
	var next int64
	if err := l.tx.QueryRowContext(l.ctx, "SELECT COALESCE(max(id), 0) + 1 FROM claims").Scan(&next); err != nil {
		return nil, err
	}
	ids := make([]int64, len(cs))
	args := make([]any, 0, len(cs)*25)
	var matchArgs []any
	for i, c := range cs {
		if err := l.checkClaimRecord(articleID, c); err != nil {
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
		statement := strings.Join(strings.Fields(c.Statement), " ")
		ids[i] = next + int64(i)
		if c.Matched {
			matchedAt = l.orNow(c.CreatedAt)
			matchArgs = append(matchArgs, ids[i], match.Clean(matchText(c.Text, statement)))
		}
		args = append(args, ids[i], articleID, c.Start, c.End, c.Text, c.Score, reasons, kind, c.Speaker, c.Candidate, origin,
			c.Status, verdict, c.Conclusion, c.DismissReason, assignee, signer, signedAt, c.ReviewURL, c.Slug, max(c.Version, 1),
			l.orNow(c.CreatedAt), l.orNow(c.UpdatedAt), statement, matchedAt)
	}
	if _, err := l.exec("INSERT INTO claims ("+loadClaimColumns+") VALUES "+placeholders(len(cs), 25), args...); err != nil {
		return nil, fmt.Errorf("claims of article %d: %w", articleID, err)
	}
	if len(matchArgs) > 0 {
		if _, err := l.exec("INSERT INTO match_fts (rowid, text, title, description) VALUES "+placeholders(len(matchArgs)/2, 2, "''", "''"), matchArgs...); err != nil {
			return nil, fmt.Errorf("index claims of article %d: %w", articleID, err)
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
