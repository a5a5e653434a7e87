package review

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"claimdesk/claims/match"
)

// FactCheck is a published review of a claim from outside the desk's own
// work: a ClaimReview imported from a feed.
type FactCheck struct {
	ID          int64     `json:"id"`
	ClaimText   string    `json:"claim_text"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Rating      string    `json:"rating"`
	Publisher   string    `json:"publisher"`
	Published   string    `json:"published"`
	URL         string    `json:"url"`
	Language    string    `json:"language"`
	Claimant    string    `json:"claimant"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// NewFactCheck is one review as read from a feed.
type NewFactCheck struct {
	ClaimText, Title, Description, Rating, Publisher, Published, URL, Language, Claimant string
}

// Limits of a fact-check's fields, in characters.
const (
	maxFactCheckText = 5000
	maxFactCheckLine = 1000
)

// checkFactCheck validates in and returns it as stored. Only what makes
// a review unusable refuses it: no claim text, no http(s) URL (the two are
// its key), text that is not UTF-8. Feeds are written by many hands, so
// an over-long detail is cut and a date that cannot be read is left out
// rather than losing the review; a time is kept as its day.
func checkFactCheck(in NewFactCheck) (NewFactCheck, error) {
	v := &ValidationError{}
	for _, f := range []struct{ name, val string }{{"claim_text", in.ClaimText}, {"title", in.Title}, {"description", in.Description},
		{"rating", in.Rating}, {"publisher", in.Publisher}, {"published", in.Published}, {"url", in.URL}, {"language", in.Language}, {"claimant", in.Claimant}} {
		checkText(v, f.name, f.val)
	}
	if err := v.Err(); err != nil {
		return in, err
	}
	out := NewFactCheck{
		ClaimText:   oneLine(in.ClaimText),
		Title:       cutRunes(oneLine(in.Title), maxFactCheckLine),
		Description: cutRunes(oneLine(in.Description), maxFactCheckText),
		Rating:      cutRunes(oneLine(in.Rating), maxDetailRunes),
		Publisher:   cutRunes(oneLine(in.Publisher), maxDetailRunes),
		Language:    cutRunes(oneLine(in.Language), 35),
		Claimant:    cutRunes(oneLine(in.Claimant), maxDetailRunes),
	}
	switch {
	case out.ClaimText == "":
		v.Add("claim_text", "the claim reviewed (claimReviewed or text) is missing")
	case utf8.RuneCountInString(out.ClaimText) > maxFactCheckText:
		v.Add("claim_text", fmt.Sprintf("the claim reviewed is longer than %d characters", maxFactCheckText))
	}
	if strings.TrimSpace(in.URL) == "" {
		v.Add("url", "the review's url is missing")
	} else {
		out.URL = checkURL(v, "url", in.URL, true)
	}
	if p := strings.TrimSpace(in.Published); len(p) >= 10 {
		if t, err := time.Parse("2006-01-02", p[:10]); err == nil {
			out.Published = t.Format("2006-01-02")
		}
	}
	if err := v.Err(); err != nil {
		return in, err
	}
	return out, nil
}

// FactCheckResult is what became of one review of an import: its id, and
// whether it was new; or why it was refused (a *ValidationError).
type FactCheckResult struct {
	ID      int64
	Updated bool
	Err     error
}

// ImportFactChecks stores published reviews in one write transaction, a
// savepoint each, so a refused one is left out whole and never stops the
// others. A review is keyed by its URL and claim text: importing it again
// updates the row (and its matching index row), never duplicates it. Each
// stored review is pending for the matcher, which marks the open claims
// it may answer for matching again. Who may import articles may import
// fact-checks.
func (s *Store) ImportFactChecks(ctx context.Context, actor *User, ins []NewFactCheck) ([]FactCheckResult, error) {
	if err := authorize(actor, ActionImport); err != nil {
		return nil, fmt.Errorf("import fact-checks: %w", err)
	}
	out := make([]FactCheckResult, len(ins))
	checked := make([]NewFactCheck, len(ins))
	for i, in := range ins {
		c, err := checkFactCheck(in)
		if err != nil {
			out[i].Err = err
			continue
		}
		checked[i] = c
	}
	now := fmtTime(s.now())
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		upsert, err := tx.PrepareContext(ctx, `INSERT INTO fact_checks (claim_text, title, description, rating, publisher, published, url, language, claimant, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (url, claim_text) DO UPDATE SET title = excluded.title, description = excluded.description,
				rating = excluded.rating, publisher = excluded.publisher, published = excluded.published,
				language = excluded.language, claimant = excluded.claimant, updated_at = excluded.updated_at, matched_at = NULL
			RETURNING id, created_at <> ?`)
		if err != nil {
			return err
		}
		defer upsert.Close()
		del, err := tx.PrepareContext(ctx, "DELETE FROM match_fts WHERE rowid = ?")
		if err != nil {
			return err
		}
		defer del.Close()
		ins, err := tx.PrepareContext(ctx, "INSERT INTO match_fts (rowid, text, title, description) VALUES (?, ?, ?, ?)")
		if err != nil {
			return err
		}
		defer ins.Close()
		for i, c := range checked {
			if out[i].Err != nil {
				continue
			}
			var id int64
			var updated bool
			if err := upsert.QueryRowContext(ctx, c.ClaimText, c.Title, c.Description, c.Rating, c.Publisher, c.Published,
				c.URL, c.Language, c.Claimant, now, now, now).Scan(&id, &updated); err != nil {
				return fmt.Errorf("fact-check %s: %w", c.URL, err)
			}
			if updated {
				if _, err := del.ExecContext(ctx, -id); err != nil {
					return err
				}
			}
			if _, err := ins.ExecContext(ctx, -id, match.Clean(c.ClaimText), match.Clean(c.Title), match.Clean(c.Description)); err != nil {
				return err
			}
			out[i] = FactCheckResult{ID: id, Updated: updated}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import fact-checks: %w", err)
	}
	s.wakeMatcher()
	return out, nil
}

const factCheckColumns = "id, claim_text, title, description, rating, publisher, published, url, language, claimant, created_at, updated_at"

func scanFactCheck(row interface{ Scan(...any) error }) (*FactCheck, error) {
	var f FactCheck
	var created, updated string
	if err := row.Scan(&f.ID, &f.ClaimText, &f.Title, &f.Description, &f.Rating, &f.Publisher, &f.Published,
		&f.URL, &f.Language, &f.Claimant, &created, &updated); err != nil {
		return nil, err
	}
	f.CreatedAt, f.UpdatedAt = parseTime(created), parseTime(updated)
	return &f, nil
}

// FactCheck returns one published fact-check by id.
func (s *Store) FactCheck(ctx context.Context, id int64) (*FactCheck, error) {
	f, err := scanFactCheck(s.db.Read.QueryRowContext(ctx, "SELECT "+factCheckColumns+" FROM fact_checks WHERE id = ?", id))
	if err != nil {
		return nil, fmt.Errorf("fact-check: %w", notFound(err, "fact-check %d", id))
	}
	return f, nil
}

// CountFactChecks returns how many fact-checks the archive holds.
func (s *Store) CountFactChecks(ctx context.Context) (int, error) {
	var n int
	if err := s.db.Read.QueryRowContext(ctx, "SELECT count(*) FROM fact_checks").Scan(&n); err != nil {
		return 0, fmt.Errorf("count fact-checks: %w", err)
	}
	return n, nil
}
