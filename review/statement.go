package review

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"claimdesk/claims"
)

// Limits of a claim's statement, in characters. A statement above
// StatementTargetRunes is shown cut off by the readers of ClaimReview (the
// export's check warns); one above MaxStatementRunes is not a short
// statement of a claim at all and is refused wherever it is set.
const (
	StatementTargetRunes = claims.MaxStatementLen // 75
	MaxStatementRunes    = 300
)

// suggestStatement is the claim engine's statement for a claim's text and
// speaker; every path that creates a claim or moves its span uses it.
func suggestStatement(text, speaker string) string {
	return fitSuggestion(claims.Statement(text, speaker))
}

// fitSuggestion keeps a suggested statement only when a person could have
// saved it.
func fitSuggestion(s string) string {
	if utf8.RuneCountInString(s) > MaxStatementRunes || !utf8.ValidString(s) {
		// Too long to be a statement: leave it for a reviewer to write
		// rather than store what the check would refuse.
		return ""
	}
	return s
}

// checkStatement is the one rule of what a statement may be: valid UTF-8
// text without NUL bytes, one line (line breaks become spaces), not empty,
// at most MaxStatementRunes characters. It returns the statement as stored.
func checkStatement(v *ValidationError, s string) string {
	if !checkText(v, "statement", s) {
		return ""
	}
	s = strings.Join(strings.Fields(s), " ")
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		v.Add("statement", "write the claim as checked, in one sentence")
	case n > MaxStatementRunes:
		v.Add("statement", fmt.Sprintf("too long: %d characters, at most %d (aim for %d)", n, MaxStatementRunes, StatementTargetRunes))
	}
	return s
}

// StatementProblem says what is wrong with s as a statement (checkStatement's
// rule), or "" when nothing is: for paths that take statements in bulk,
// such as a JSON import, and report them in their own words.
func StatementProblem(s string) string {
	v := &ValidationError{}
	checkStatement(v, s)
	return v.Fields["statement"]
}

// FillStatements gives up to batch open claims without a statement (those
// of a database from before statements), after the claim afterID, the
// claim engine's suggestion. It returns the last claim it looked at (0
// when none is left: call it again with that id until then) and how many
// it filled. Done and dismissed
// claims are left empty: a signed-off review's statement is for a person
// to set. Each suggestion is a history row by the system; the claim's
// version does not move, so nobody's open form turns stale.
func (s *Store) FillStatements(ctx context.Context, afterID int64, batch int) (next int64, filled int, err error) {
	if batch <= 0 {
		batch = 200
	}
	n, last := 0, int64(0)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, text, speaker, version FROM claims
			WHERE id > ? AND statement = '' AND status NOT IN ('done', 'dismissed') ORDER BY id LIMIT ?`, afterID, batch)
		if err != nil {
			return err
		}
		type todo struct {
			id, version   int64
			text, speaker string
		}
		var ts []todo
		for rows.Next() {
			var t todo
			if err := rows.Scan(&t.id, &t.text, &t.speaker, &t.version); err != nil {
				rows.Close()
				return err
			}
			ts = append(ts, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := fmtTime(s.now())
		for _, t := range ts {
			last = t.id
			st := suggestStatement(t.text, t.speaker)
			if st == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, "UPDATE claims SET statement = ? WHERE id = ? AND statement = ''", st, t.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO history (claim_id, user_id, at, field, from_value, to_value, note, version)
				VALUES (?, NULL, ?, 'statement', '', ?, 'suggested by the claim engine', ?)`, t.id, now, st, t.version); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("fill statements: %w", err)
	}
	return last, n, nil
}

// matchText is what "checked before?" compares of a claim: its statement
// when it has one, else its text.
func matchText(text, statement string) string {
	if statement != "" {
		return statement
	}
	return text
}
