package report

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"claimdesk/review"
)

// Filter selects the claims an export holds. The zero Filter selects every
// claim. Since and Until bound the claim's last update (updated_at): Since
// is inclusive, Until exclusive, so a whole day D is Since=D, Until=D+24h.
type Filter struct {
	ArticleID int64
	Status    review.Status
	Verdict   string // verdict name, compared without regard to case
	Assignee  string // user name, compared without regard to case
	Since     time.Time
	Until     time.Time
}

// DateLayout is how the shell and the web take --since/--until.
const DateLayout = "2006-01-02"

// ParseDay parses a YYYY-MM-DD date (UTC) for a filter bound; field names
// the input in the error message.
func ParseDay(field, s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, review.Invalid(field, fmt.Sprintf("%q is not a date: write it as YYYY-MM-DD, e.g. 2026-11-26", s))
	}
	return t, nil
}

// IsZero reports whether f selects everything.
func (f Filter) IsZero() bool { return f == Filter{} }

// Validate checks f against the database: a known status, an existing
// verdict, article and assignee, and Since before Until. Every problem is a
// field of the returned *review.ValidationError.
func Validate(ctx context.Context, db *sql.DB, f Filter) error {
	v := &review.ValidationError{}
	if f.Status != "" && !review.ValidStatus(f.Status) {
		v.Add("status", fmt.Sprintf("%q is not a status (new, researching, needs_review, done, dismissed)", f.Status))
	}
	exists := func(field, query string, arg any, msg string) {
		var n int
		if err := db.QueryRowContext(ctx, query, arg).Scan(&n); err != nil {
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
	if f.Assignee != "" {
		exists("assignee", "SELECT count(*) FROM users WHERE name = ?", f.Assignee, fmt.Sprintf("there is no user named %q", f.Assignee))
	}
	if f.ArticleID < 0 {
		v.Add("article", "an article id is a positive number")
	} else if f.ArticleID > 0 {
		exists("article", "SELECT count(*) FROM articles WHERE id = ?", f.ArticleID, fmt.Sprintf("there is no article %d", f.ArticleID))
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		v.Add("until", "the end date comes before the start date")
	}
	return v.Err()
}

// where returns the SQL condition on claims c (and its arguments) that f
// selects; candidates says whether claims under the engine's threshold are
// included.
func (f Filter) where(candidates bool) (string, []any) {
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
func (f Filter) claimFilters() bool {
	g := f
	g.ArticleID = 0
	return !g.IsZero()
}

// fmtTime writes t as the store writes times, so a filter bound compares
// with stored text in time order.
func fmtTime(t time.Time) string { return t.UTC().Format(review.TimeLayout) }

// displayTime turns a stored time into RFC 3339 to the second ("" stays "").
func displayTime(s string) string {
	if s == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339)
}

// displayDate turns a stored time into its UTC date.
func displayDate(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(DateLayout)
}
