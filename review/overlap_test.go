package review

import (
	"context"
	"testing"
)

func TestMostlyOverlaps(t *testing.T) {
	for _, tc := range []struct {
		a, b [2]int
		want bool
	}{
		{[2]int{0, 100}, [2]int{0, 100}, true},   // the same span
		{[2]int{0, 100}, [2]int{10, 90}, true},   // b inside a
		{[2]int{0, 100}, [2]int{50, 60}, true},   // b wholly inside a: 100 % of b
		{[2]int{0, 100}, [2]int{15, 115}, true},  // 85 % of each
		{[2]int{0, 100}, [2]int{30, 130}, false}, // 70 % of each
		{[2]int{0, 100}, [2]int{100, 150}, false},
	} {
		a, b := &Claim{Start: tc.a[0], End: tc.a[1]}, &Claim{Start: tc.b[0], End: tc.b[1]}
		if got := MostlyOverlaps(a, b); got != tc.want {
			t.Errorf("MostlyOverlaps(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := MostlyOverlaps(b, a); got != tc.want {
			t.Errorf("MostlyOverlaps(%v, %v) = %v, want %v (either way)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestMostlyOverlapping(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, _ := importArticle(t, s, "Unemployment fell to 5.2 percent in October. Prices rose.")
	base := claimAt(t, s, a, "Unemployment fell to 5.2 percent in October.")
	c, err := s.AddClaim(ctx, tm.reviewer, a.ID, base.Start, base.End-1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.MostlyOverlapping(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != base.ID {
		t.Errorf("got %v, want claim %d", got, base.ID)
	}
}
