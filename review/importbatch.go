package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// ImportResult is what became of one article of a batch: the article and
// its claims, or why it was not stored (a *DuplicateError, a
// *ValidationError, ErrTooLarge, ...).
type ImportResult struct {
	Article *Article
	Claims  []Claim
	Err     error
}

// ImportBatch imports many articles at once, as ImportArticle does one,
// for bulk imports: the articles are validated and read by the engine on
// every core, then stored in a single write transaction (one wait for the
// disk instead of one per article), each inside its own savepoint, so an
// article that fails is left out whole and never stops the others. The
// same text twice in one batch is a duplicate of its first occurrence.
// Results are in the order of ins. The error is for the batch as a whole
// (a role that may not import, the database failing); each article's own
// refusal is in its result.
func (s *Store) ImportBatch(ctx context.Context, actor *User, ins []NewArticle) ([]ImportResult, error) {
	if err := authorize(actor, ActionImport); err != nil {
		return nil, fmt.Errorf("import batch: %w", err)
	}
	out := make([]ImportResult, len(ins))
	prepared := make([]*preparedImport, len(ins))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(ins), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p, err := s.prepareImport(ins[i])
				if err != nil {
					out[i].Err = fmt.Errorf("import article: %w", err)
					continue
				}
				prepared[i] = p
			}
		}()
	}
	for i := range ins {
		next <- i
	}
	close(next)
	wg.Wait()

	ids := make([]int64, len(ins))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i, p := range prepared {
			if p == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, "SAVEPOINT import_one"); err != nil {
				return err
			}
			id, dup, err := s.storeArticle(ctx, tx, actor, p)
			if err != nil {
				if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO import_one"); rerr != nil {
					return errors.Join(err, rerr)
				}
				out[i] = ImportResult{Article: dup, Err: fmt.Errorf("import article: %w", err)}
			}
			ids[i] = id
			if _, err := tx.ExecContext(ctx, "RELEASE import_one"); err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import batch: %w", err)
	}
	for i, id := range ids {
		if id == 0 {
			continue
		}
		a, cs, err := s.readImported(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("import batch: %w", err)
		}
		out[i] = ImportResult{Article: a, Claims: cs}
	}
	return out, nil
}
