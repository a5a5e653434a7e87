package review

import (
	"context"
	"fmt"
)

// OverlapShare is the share of a claim's span that another claim must
// cover for the two to be mostly the same words: a new claim that covers
// 80 % of an existing one, or lies 80 % inside it, earns a warning.
const OverlapShare = 0.8

// MostlyOverlaps reports whether a's span covers at least OverlapShare of
// b's, or b's of a's.
func MostlyOverlaps(a, b *Claim) bool {
	common := min(a.End, b.End) - max(a.Start, b.Start)
	if common <= 0 {
		return false
	}
	return float64(common) >= OverlapShare*float64(b.End-b.Start) || float64(common) >= OverlapShare*float64(a.End-a.Start)
}

// MostlyOverlapping returns the other claims of c's article (dismissed
// ones left out, candidates included) whose spans mostly overlap c's.
func (s *Store) MostlyOverlapping(ctx context.Context, c *Claim) ([]Claim, error) {
	cs, err := s.Claims(ctx, ClaimFilter{ArticleID: c.ArticleID, IncludeCandidates: true})
	if err != nil {
		return nil, fmt.Errorf("overlapping claims: %w", err)
	}
	var out []Claim
	for i := range cs {
		if cs[i].ID != c.ID && cs[i].Status != StatusDismissed && MostlyOverlaps(c, &cs[i]) {
			out = append(out, cs[i])
		}
	}
	return out, nil
}
