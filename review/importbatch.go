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
	// Claims are the article's claims as stored; StoreBatch leaves them
	// out (nil).
	Claims []Claim
	// Worthy counts the stored claims that are not candidates.
	Worthy int
	Err    error
}

// ImportBatch imports many articles at once, as ImportArticle does one,
// for bulk imports: PrepareBatch, then StoreBatch, with each article's
// claims read back into its result. The same text twice in one batch is
// a duplicate of its first occurrence. Results are in the order of ins.
// The error is for the batch as a whole (a role that may not import, the
// database failing); each article's own refusal is in its result.
func (s *Store) ImportBatch(ctx context.Context, actor *User, ins []NewArticle) ([]ImportResult, error) {
	if err := authorize(actor, ActionImport); err != nil {
		return nil, fmt.Errorf("import batch: %w", err)
	}
	return s.storeBatch(ctx, actor, s.PrepareBatch(ins), true)
}

// PreparedBatch is a batch of articles validated and read by the engine
// (PrepareBatch), ready for StoreBatch. It holds nothing of the database,
// so one batch can be prepared while another is stored.
type PreparedBatch struct {
	prepared []*preparedImport // nil where the article was refused
	errs     []error
}

// Len is how many articles the batch holds, refused ones included.
func (b *PreparedBatch) Len() int { return len(b.prepared) }

// Sub is the batch of article i alone.
func (b *PreparedBatch) Sub(i int) *PreparedBatch {
	return &PreparedBatch{prepared: b.prepared[i : i+1], errs: b.errs[i : i+1]}
}

// PrepareBatch validates ins and runs the engine on each body, on every
// core. It reads and writes nothing of the database.
func (s *Store) PrepareBatch(ins []NewArticle) *PreparedBatch {
	b := &PreparedBatch{prepared: make([]*preparedImport, len(ins)), errs: make([]error, len(ins))}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(ins), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p, err := s.prepareImport(ins[i])
				if err != nil {
					b.errs[i] = fmt.Errorf("import article: %w", err)
					continue
				}
				b.prepared[i] = p
			}
		}()
	}
	for i := range ins {
		next <- i
	}
	close(next)
	wg.Wait()
	return b
}

// StoreBatch stores a prepared batch in a single write transaction (one
// wait for the disk instead of one per article) with statements prepared
// once for the batch, claims and history rows written many to a
// statement (see claimWriter). An article refused before storing (a
// *ValidationError, ErrTooLarge, a *DuplicateError) is left out and never
// stops the others. When the database refuses the batch as a whole, each
// article is stored again in a transaction of its own, so one cannot cost
// the others. Each result holds the stored article and its Worthy count,
// not its claims: a bulk import need not read back what it wrote.
func (s *Store) StoreBatch(ctx context.Context, actor *User, b *PreparedBatch) ([]ImportResult, error) {
	if err := authorize(actor, ActionImport); err != nil {
		return nil, fmt.Errorf("import batch: %w", err)
	}
	return s.storeBatch(ctx, actor, b, false)
}

// storeBatch is StoreBatch; withClaims reads each stored article's
// claims into its result.
func (s *Store) storeBatch(ctx context.Context, actor *User, b *PreparedBatch, withClaims bool) ([]ImportResult, error) {
	prepared := b.prepared
	out := make([]ImportResult, len(prepared))
	for i, err := range b.errs {
		out[i].Err = err
	}
	ids := make([]int64, len(prepared))
	dups := make([]error, len(prepared))
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
		r := ImportResult{}
		if withClaims {
			r.Article, r.Claims, err = s.readImported(ctx, id)
		} else {
			r.Article, err = getArticle(ctx, s.db.Write, id)
		}
		if err != nil {
			// Stored and committed: say so, so that nobody imports it again.
			out[i] = ImportResult{Err: fmt.Errorf("import article: stored as article %d, but reading it back failed: %w", id, err)}
			continue
		}
		for _, c := range prepared[i].claims {
			if c.Worthy {
				r.Worthy++
			}
		}
		out[i] = r
	}
	return out, nil
}
