package review

import (
	"context"
	"database/sql"
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
// disk instead of one per article) with statements prepared once for the
// batch, claims and history rows written many to a statement (see
// claimWriter). An article refused before storing (a *ValidationError,
// ErrTooLarge, a *DuplicateError) is left out and never stops the others.
// When the database refuses the batch as a whole, each article is stored
// again in a transaction of its own, so one cannot cost the others. The
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
	dups := make([]error, len(ins))
	store := func(ps []*preparedImport, at int) error {
		return s.inTx(ctx, func(tx *sql.Tx) error {
			w, err := s.newClaimWriter(ctx, tx, actor)
			if err != nil {
				return err
			}
			defer w.Close()
			for k, p := range ps {
				if p == nil {
					continue
				}
				id, dup, err := s.storeArticle(ctx, w, p)
				switch {
				case dup != nil:
					out[at+k].Article, dups[at+k] = dup, fmt.Errorf("import article: %w", err)
				case err != nil:
					return err
				}
				ids[at+k] = id
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			return w.flush(ctx)
		})
	}
	err := store(prepared, 0)
	if err != nil && ctx.Err() == nil {
		clear(ids)
		clear(dups)
		for i := range prepared {
			if prepared[i] != nil {
				out[i].Article = nil
			}
			if err := store(prepared[i:i+1], i); err != nil {
				if ctx.Err() != nil {
					return nil, fmt.Errorf("import batch: %w", err)
				}
				out[i].Err = fmt.Errorf("import article: %w", err)
				ids[i] = 0
			}
		}
	} else if err != nil {
		return nil, fmt.Errorf("import batch: %w", err)
	}
	for i, id := range ids {
		if dups[i] != nil {
			out[i].Err = dups[i]
		}
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
