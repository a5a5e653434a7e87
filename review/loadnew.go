package review

import (
	"context"
	"errors"
	"fmt"
)

// ErrNotNew is LoadNew's answer for a database that already holds
// articles, claims or fact-checks.
var ErrNotNew = errors.New("the database is not new: it has articles, claims or fact-checks")

// LoadNew runs fn, which fills a new database through Load (a generated
// archive: claimdesk gen), with the writer connection set for a bulk load
// of a file nobody uses yet: no syncs (synchronous OFF: a commit does not
// wait for the disk) and a page cache of cacheMiB MiB. A load that fails
// still rolls back; a crash or power cut part way may leave a file to
// delete, not one to open. Afterwards, whether fn failed or not, the
// connection is put back as every claimdesk database is used
// (synchronous FULL, its usual cache), and the file is a normal database
// in its usual write-ahead-log mode, which the load keeps (with the
// journal in memory instead, the load wrote 40 % less but took as much
// CPU, and the read connections must all be closed first).
func (s *Store) LoadNew(ctx context.Context, cacheMiB int, fn func() error) (err error) {
	var used bool
	if err := s.db.Write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM claims)
		OR EXISTS (SELECT 1 FROM fact_checks)`).Scan(&used); err != nil {
		return err
	}
	if used {
		return ErrNotNew
	}
	// The writer pool is one connection (claimdesk.Open), so each PRAGMA
	// reaches the connection Load's transactions run on.
	var sync, cache string
	if err := s.db.Write.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return err
	}
	if err := s.db.Write.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
		return err
	}
	defer func() {
		// Put back even when ctx is done.
		back := context.WithoutCancel(ctx)
		for _, p := range []string{"PRAGMA synchronous = " + sync, "PRAGMA cache_size = " + cache} {
			if _, e := s.db.Write.ExecContext(back, p); e != nil {
				err = errors.Join(err, fmt.Errorf("after the load, %s: %w", p, e))
			}
		}
	}()
	for _, p := range []string{"PRAGMA synchronous = OFF", fmt.Sprintf("PRAGMA cache_size = %d", -cacheMiB*1024)} {
		if _, err := s.db.Write.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("bulk load, %s: %w", p, err)
		}
	}
	return fn()
}
