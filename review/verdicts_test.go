package review

import (
	"context"
	"math"
	"testing"
)

// TestSaveVerdictPositionRange: a position outside 1..MaxVerdictPosition is
// refused with a message on the field, and a step stored at the largest
// int64 before positions were bounded does not make "the end" wrap to a
// negative position.
func TestSaveVerdictPositionRange(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	for _, pos := range []int{math.MaxInt64, math.MinInt64, -1, MaxVerdictPosition + 1} {
		_, err := s.SaveVerdict(ctx, tm.admin, Verdict{Name: "Satire", Rating: 1, Color: "#123456", Position: pos})
		if msg := fieldErr(t, err, "position"); msg == "" {
			t.Errorf("position %d: empty message", pos)
		}
	}
	if _, err := s.SaveVerdict(ctx, tm.admin, Verdict{Name: "Satire", Rating: 1, Color: "#123456", Position: MaxVerdictPosition}); err != nil {
		t.Fatalf("position %d: %v", MaxVerdictPosition, err)
	}

	// An older database may hold any position.
	if _, err := s.db.Write.ExecContext(ctx, "UPDATE verdicts SET position = ? WHERE name = 'Unproven'", int64(math.MaxInt64)); err != nil {
		t.Fatal(err)
	}
	_, err := s.SaveVerdict(ctx, tm.admin, Verdict{Name: "Parody", Rating: 1, Color: "#654321"})
	fieldErr(t, err, "position")
	var minPos int64
	if err := s.db.Read.QueryRowContext(ctx, "SELECT min(position) FROM verdicts").Scan(&minPos); err != nil {
		t.Fatal(err)
	}
	if minPos < 1 {
		t.Errorf("got a step at position %d, want none under 1", minPos)
	}
	// A position given explicitly still works on such a scale.
	if _, err := s.SaveVerdict(ctx, tm.admin, Verdict{Name: "Parody", Rating: 1, Color: "#654321", Position: 8}); err != nil {
		t.Errorf("explicit position on a scale with a huge one: %v", err)
	}
}
