package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestRatingLabels(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	for in, want := range map[string]string{"Pants on Fire!": "pants on fire", "  FOUR  Pinocchios. ": "four pinocchios", "“Falso”": "falso", "¡Engañoso!": "engañoso"} {
		if got := RatingKey(in); got != want {
			t.Errorf("RatingKey(%q) = %q, want %q", in, got, want)
		}
	}
	ls, err := s.RatingLabels(ctx)
	if err != nil || len(ls) < 10 {
		t.Fatalf("the default table has %d rows, %v", len(ls), err)
	}
	rv, err := s.ratingVerdicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for rating, verdict := range map[string]string{"Pants on Fire!": "False", "Four Pinocchios": "False", "Falso": "False", "Engañoso": "Misleading", "Mostly False": "Mostly false"} {
		if v := rv[RatingKey(rating)]; v.Name != verdict {
			t.Errorf("%q means %q, want %q", rating, v.Name, verdict)
		}
	}
	if _, ok := rv[RatingKey("Spin")]; ok {
		t.Error("an unknown rating is in the table")
	}
	l, err := s.SetRatingLabel(ctx, tm.admin, "Spin!", "misleading")
	if err != nil || l.Label != "spin" || l.Verdict != "Misleading" {
		t.Fatalf("SetRatingLabel = %+v, %v", l, err)
	}
	if l2, err := s.SetRatingLabel(ctx, tm.admin, "spin", "Half true"); err != nil || l2.ID != l.ID || l2.Verdict != "Half true" {
		t.Errorf("remapping: %+v, %v; want the same row moved to Half true", l2, err)
	}
	bad := []struct {
		actor          *User
		label, verdict string
		field, want    string
	}{
		{tm.admin, "  !! ", "False", "label", "write the rating"},
		{tm.admin, strings.Repeat("x", 101), "False", "label", "too long"},
		{tm.admin, "bad\xff", "False", "label", "UTF-8"},
		{tm.admin, "Bogus", "", "verdict", "choose the verdict"},
		{tm.admin, "Bogus", "Sort of", "verdict", "not a verdict of the scale"},
		{tm.editor, "Bogus", "False", "", "only admins"},
	}
	for _, b := range bad {
		_, err := s.SetRatingLabel(ctx, b.actor, b.label, b.verdict)
		if b.field == "" {
			if !errors.Is(err, ErrForbidden) || !strings.Contains(Reason(err), b.want) {
				t.Errorf("%q: %v, want forbidden", b.label, err)
			}
			continue
		}
		if v, ok := AsValidation(err); !ok || !strings.Contains(v.Fields[b.field], b.want) {
			t.Errorf("%q → %q: %v, want %s saying %q", b.label, b.verdict, err, b.field, b.want)
		}
	}
	if err := s.DeleteRatingLabel(ctx, tm.admin, l.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRatingLabel(ctx, tm.admin, l.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting again: %v, want ErrNotFound", err)
	}
	if err := s.DeleteRatingLabel(ctx, tm.reviewer, ls[0].ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("a reviewer deleting: %v, want ErrForbidden", err)
	}
}
