package review

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// The numeric part of the verdict scale runs from MinRating to MaxRating
// (the ClaimReview worstRating and bestRating come from the lowest and
// highest number in use); a verdict outside it (Misleading, Unproven) has
// no number: NoRating in Go, NULL in the database and null in the JSON
// export, and its ClaimReview rating carries only its name. Google reads
// ratings from 1: a 0 is never published.
const (
	NoRating  = 0
	MinRating = 1
	MaxRating = 5
)

// MaxVerdictPosition is the highest position a step of the scale may take.
// A scale has a handful of steps; the bound keeps "the end" (the last
// position plus one) far from integer overflow, which once wrapped a new
// step to a negative position after one stored at the largest int64.
const MaxVerdictPosition = 10000

// storedRating is how a rating is written: NULL for NoRating.
func storedRating(r int) any {
	if r == NoRating {
		return nil
	}
	return r
}

// ratingDest scans a stored rating into *r, NULL as NoRating.
type ratingDest struct{ r *int }

func (d ratingDest) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*d.r = int(n.Int64)
	return nil
}

var colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ValidColor reports whether c is a verdict colour as the store accepts
// it: exactly #rrggbb. The pages, charts and exports use a colour only
// when it passes, so nothing else can reach an attribute or a stylesheet.
func ValidColor(c string) bool { return colorRE.MatchString(c) }

func listVerdicts(ctx context.Context, q querier) ([]Verdict, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, name, rating, color, position FROM verdicts ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Verdict{}
	for rows.Next() {
		var v Verdict
		if err := rows.Scan(&v.ID, &v.Name, ratingDest{&v.Rating}, &v.Color, &v.Position); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Verdicts returns the verdict scale in order.
func (s *Store) Verdicts(ctx context.Context) ([]Verdict, error) {
	vs, err := listVerdicts(ctx, s.db.Read)
	if err != nil {
		return nil, fmt.Errorf("verdicts: %w", err)
	}
	return vs, nil
}

// SaveVerdict adds (ID 0) or changes a step of the scale (admin only).
// The name is required, at most 64 characters and unique without regard to
// case; the rating is a whole number from MinRating to MaxRating, or
// NoRating for a verdict outside the numbers (stored as NULL); the
// colour is #rrggbb (stored in lower case). The position is from 1 to
// MaxVerdictPosition; 0 puts a new step at the end (and keeps a changed
// step where it is). Renaming a step renames it on every claim that uses it.
func (s *Store) SaveVerdict(ctx context.Context, actor *User, in Verdict) (*Verdict, error) {
	if err := authorize(actor, ActionManageVerdicts); err != nil {
		return nil, fmt.Errorf("save verdict: %w", err)
	}
	v := &ValidationError{}
	checkText(v, "name", in.Name)
	in.Name = checkLine(v, "name", in.Name, 64)
	if in.Name == "" && v.Fields["name"] == "" {
		v.Add("name", "a verdict needs a name")
	}
	if in.Rating != NoRating && (in.Rating < MinRating || in.Rating > MaxRating) {
		v.Add("rating", fmt.Sprintf("the rating is a whole number from %d to %d, or no number for a verdict outside the scale's numbers", MinRating, MaxRating))
	}
	if !ValidColor(in.Color) {
		v.Add("color", "write the colour as #rrggbb, like #1a7f37")
	}
	in.Color = strings.ToLower(in.Color)
	if in.Position < 0 || in.Position > MaxVerdictPosition {
		v.Add("position", fmt.Sprintf("the position is a whole number from 1 to %d (or empty for the end)", MaxVerdictPosition))
	}
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("save verdict: %w", err)
	}
	var out *Verdict
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		vs, err := listVerdicts(ctx, tx)
		if err != nil {
			return err
		}
		found := in.ID == 0
		maxPos := 0
		for _, x := range vs {
			maxPos = max(maxPos, x.Position)
			if x.ID == in.ID {
				found = true
				continue
			}
			if strings.EqualFold(x.Name, in.Name) {
				return Invalid("name", fmt.Sprintf("the scale has %q already", x.Name))
			}
		}
		if !found {
			return fmt.Errorf("verdict %d: %w", in.ID, ErrNotFound)
		}
		if in.Position <= 0 {
			if in.ID == 0 {
				// maxPos may come from a row stored before positions were
				// bounded: compare before adding, so nothing wraps.
				if maxPos >= MaxVerdictPosition {
					return Invalid("position", fmt.Sprintf("the last step is at position %d, past the end of the scale: give this step a position from 1 to %d", maxPos, MaxVerdictPosition))
				}
				in.Position = maxPos + 1
			} else {
				for _, x := range vs {
					if x.ID == in.ID {
						in.Position = x.Position
					}
				}
			}
		}
		if in.ID == 0 {
			res, err := tx.ExecContext(ctx, "INSERT INTO verdicts (name, rating, color, position) VALUES (?, ?, ?, ?)", in.Name, storedRating(in.Rating), in.Color, in.Position)
			if err != nil {
				return err
			}
			in.ID, _ = res.LastInsertId()
		} else if _, err := tx.ExecContext(ctx, "UPDATE verdicts SET name = ?, rating = ?, color = ?, position = ? WHERE id = ?",
			in.Name, storedRating(in.Rating), in.Color, in.Position, in.ID); err != nil {
			return err
		}
		out = &in
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save verdict: %w", err)
	}
	return out, nil
}

// DeleteVerdict removes an unused step of the scale (admin only);
// ErrConflict when claims use it (their history would lose its meaning).
func (s *Store) DeleteVerdict(ctx context.Context, actor *User, id int64) error {
	if err := authorize(actor, ActionManageVerdicts); err != nil {
		return fmt.Errorf("delete verdict: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, "SELECT name FROM verdicts WHERE id = ?", id).Scan(&name); err != nil {
			return notFound(err, "verdict %d", id)
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM claims WHERE verdict_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return conflicting("%d claims have the verdict %q: change them first", n, name)
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM verdicts WHERE id = ?", id)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete verdict: %w", err)
	}
	return nil
}

// RatingRange returns the lowest and highest number on the scale's numeric
// part: the ClaimReview worstRating and bestRating. A scale without
// numbers gives MinRating and MaxRating.
func RatingRange(scale []Verdict) (worst, best int) {
	worst, best = 0, 0
	for _, v := range scale {
		if v.Rating == NoRating {
			continue
		}
		if worst == 0 {
			worst, best = v.Rating, v.Rating
		}
		worst, best = min(worst, v.Rating), max(best, v.Rating)
	}
	if worst == 0 {
		return MinRating, MaxRating
	}
	return worst, best
}
