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
