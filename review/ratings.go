package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// RatingLabel maps a rating fact-checkers publish ("Pants on Fire!",
// "Four Pinocchios", "Falso") onto a verdict of the desk's scale.
type RatingLabel struct {
	ID        int64     `json:"id"`
	Label     string    `json:"label"` // as RatingKey folds it
	VerdictID int64     `json:"verdict_id"`
	Verdict   string    `json:"verdict"`
	CreatedAt time.Time `json:"created_at"`
}

// maxRatingLabelRunes caps a rating label.
const maxRatingLabelRunes = 100

// RatingKey is the one rule of how a published rating is compared: case
// folded, white space collapsed, trailing punctuation ("Pants on Fire!")
// and surrounding quotes dropped.
func RatingKey(rating string) string {
	k := strings.ToLower(strings.Join(strings.Fields(rating), " "))
	return strings.Trim(k, "!.?¡¿\"'“”‘’ ")
}

// RatingLabels lists the table, by label.
func (s *Store) RatingLabels(ctx context.Context) ([]RatingLabel, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.id, r.label, r.verdict_id, v.name, r.created_at
FROM rating_labels r JOIN verdicts v ON v.id = r.verdict_id ORDER BY r.label`)
	if err != nil {
		return nil, fmt.Errorf("rating labels: %w", err)
	}
	defer rows.Close()
	out := []RatingLabel{}
	for rows.Next() {
		var l RatingLabel
		var created string
		if err := rows.Scan(&l.ID, &l.Label, &l.VerdictID, &l.Verdict, &created); err != nil {
			return nil, fmt.Errorf("rating labels: %w", err)
		}
		l.CreatedAt = parseTime(created)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("rating labels: %w", err)
	}
	return out, nil
}

// SetRatingLabel maps rating onto the verdict named verdict (admins, as
// the verdict scale); a rating mapped before is moved to it.
func (s *Store) SetRatingLabel(ctx context.Context, actor *User, rating, verdict string) (*RatingLabel, error) {
	if err := authorize(actor, ActionManageVerdicts); err != nil {
		return nil, fmt.Errorf("set rating label: %w", err)
	}
	v := &ValidationError{}
	key := RatingKey(rating)
	switch {
	case !utf8.ValidString(rating):
		v.Add("label", "the rating is not valid UTF-8 text")
	case key == "":
		v.Add("label", "write the rating as the fact-checker publishes it, like Pants on Fire!")
	case utf8.RuneCountInString(key) > maxRatingLabelRunes:
		v.Add("label", fmt.Sprintf("too long (at most %d characters)", maxRatingLabelRunes))
	}
	if strings.TrimSpace(verdict) == "" {
		v.Add("verdict", "choose the verdict the rating means")
	}
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("set rating label: %w", err)
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var vid int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM verdicts WHERE name = ? COLLATE NOCASE`, strings.TrimSpace(verdict)).Scan(&vid)
		if errors.Is(err, sql.ErrNoRows) {
			return Invalid("verdict", fmt.Sprintf("%q is not a verdict of the scale", strings.TrimSpace(verdict)))
		}
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO rating_labels (label, verdict_id, created_at) VALUES (?, ?, ?)
ON CONFLICT (label) DO UPDATE SET verdict_id = excluded.verdict_id RETURNING id`, key, vid, fmtTime(s.now())).Scan(&id)
	})
	if err != nil {
		return nil, fmt.Errorf("set rating label: %w", err)
	}
	ls, err := s.RatingLabels(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		if l.ID == id {
			return &l, nil
		}
	}
	return nil, fmt.Errorf("set rating label %d: %w", id, ErrNotFound)
}

// DeleteRatingLabel removes a mapping (admins); the rating is then unrated.
func (s *Store) DeleteRatingLabel(ctx context.Context, actor *User, id int64) error {
	if err := authorize(actor, ActionManageVerdicts); err != nil {
		return fmt.Errorf("delete rating label: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM rating_labels WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete rating label %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delete rating label %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// ratingVerdicts reads the table as RatingKey -> verdict.
func (s *Store) ratingVerdicts(ctx context.Context) (map[string]Verdict, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.label, v.id, v.name, v.rating, v.color, v.position
FROM rating_labels r JOIN verdicts v ON v.id = r.verdict_id`)
	if err != nil {
		return nil, fmt.Errorf("rating labels: %w", err)
	}
	defer rows.Close()
	out := map[string]Verdict{}
	for rows.Next() {
		var k string
		var v Verdict
		if err := rows.Scan(&k, &v.ID, &v.Name, ratingDest{&v.Rating}, &v.Color, &v.Position); err != nil {
			return nil, fmt.Errorf("rating labels: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// RatesFalse is the one rule of which verdicts mean "false or
// misleading" (the digest's flag, the false_match alert rule): the
// bottom of the numbered scale (ClaimReview 1, False) and a verdict
// named Misleading.
func RatesFalse(v Verdict) bool {
	return v.Rating == 1 || strings.EqualFold(v.Name, "Misleading")
}

// ratingMeaning is what a match's rating or verdict means on the desk's
// scale: the rating table and the scale's verdicts by name, read once
// for many matches.
type ratingMeaning struct {
	ratings map[string]Verdict // RatingKey -> verdict
	byName  map[string]Verdict // lower-case name -> verdict
}

// ratingMeaning reads the rating table and the verdict scale.
func (s *Store) ratingMeaning(ctx context.Context) (*ratingMeaning, error) {
	ratings, err := s.ratingVerdicts(ctx)
	if err != nil {
		return nil, err
	}
	vs, err := s.Verdicts(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]Verdict{}
	for _, v := range vs {
		byName[strings.ToLower(v.Name)] = v
	}
	return &ratingMeaning{ratings: ratings, byName: byName}, nil
}

// judge is the one rule of "repeats a claim rated false", asked by the
// digest's flag and by the alert rule false_match: a confident match
// that is a fact-check whose rating means a verdict that RatesFalse, or a
// done desk claim with such a verdict. ratingVerdict is the verdict a
// fact-check's rating means ("" when unrated, and for a desk claim).
func (rm *ratingMeaning) judge(m Match) (ratingVerdict string, repeatsFalse bool) {
	var meant Verdict
	var rated bool
	if m.Kind == KindFactCheck {
		meant, rated = rm.ratings[RatingKey(m.Rating)]
		ratingVerdict = meant.Name
	} else if m.Other.Status == StatusDone {
		meant, rated = rm.byName[strings.ToLower(m.Verdict)]
	}
	return ratingVerdict, m.Confident && rated && RatesFalse(meant)
}
