package review

import (
	"context"
	"database/sql"
)

// matchNewClaims compares the claims just imported with every earlier claim
// and stores "checked before" suggestions. ImportArticle calls it inside its
// transaction. (Placeholder until claim matching lands.)
func (s *Store) matchNewClaims(ctx context.Context, tx *sql.Tx, articleID int64, claimIDs []int64) error {
	return nil
}

// Matches returns the "checked before" matches of a claim, best first.
// (Placeholder until claim matching lands.)
func (s *Store) Matches(ctx context.Context, claimID int64) ([]Match, error) {
	return []Match{}, nil
}
