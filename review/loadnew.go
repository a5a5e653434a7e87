package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ErrNotNew is LoadNew's answer for a database that already holds
// articles, claims or fact-checks.
var ErrNotNew = errors.New("the database is not new: it has articles, claims or fact-checks")

// LoadNew runs fn, which fills a new database through Load (a generated
// archive: claimdesk gen), set for a bulk load of a file nobody uses yet:
//   - The indexes of claims and the triggers that put claims and articles
//     into their full-text indexes are dropped for the load and made
//     again after it: an index made at once from a million rows is a sort,
//     where kept during the load it took each claim at a random place in
//     ten large B-trees; the full-text indexes are rebuilt from the
//     tables ('rebuild'), in a few large segments instead of one a
//     statement. They are made from the text the schema holds for them, so
//     the file ends with the schema it started with.
//   - No syncs (synchronous OFF: a commit does not wait for the disk) and
//     a page cache of cacheMiB MiB on the writer connection.
//
// A load that fails still rolls back, and the indexes and triggers are
// made again all the same, unless ctx was cancelled: an interrupted load
// returns at once, its file incomplete and to be deleted (remaking a
// million rows' indexes would take minutes). A crash or power cut part
// way also leaves a file to delete, not one to open: claimdesk check
// names the missing indexes and triggers, and gen writes to a file of
// its own that takes the database's name only when the load is done.
// Afterwards the connection is put back as
// every claimdesk database is used (synchronous FULL, its usual cache) and
// the file is a normal database in its usual write-ahead-log mode, which
// the load keeps (with the journal in memory instead, it wrote 40 % less
// but took as much CPU, and every read connection must be closed first).
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
	deferred, err := s.dropForLoad(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("%w (interrupted: the indexes and search triggers were not made again)", err)
			return
		}
		if e := s.remake(context.WithoutCancel(ctx), deferred); e != nil {
			err = errors.Join(err, e)
		}
	}()
	return fn()
}

// loadDeferred selects what LoadNew makes after the load: every index of
// claims, and the triggers that index new claims and articles for
// search, in the schema's order.
const loadDeferred = `SELECT name, type, sql FROM sqlite_schema WHERE sql IS NOT NULL
	AND ((type = 'index' AND tbl_name = 'claims') OR (type = 'trigger' AND name IN ('claims_fts_insert', 'articles_fts_insert')))
	ORDER BY rowid`

// schemaItem is an index or trigger as the schema holds it.
type schemaItem struct{ name, kind, sql string }

// dropForLoad drops loadDeferred's indexes and triggers, in one
// transaction, and returns them.
func (s *Store) dropForLoad(ctx context.Context) ([]schemaItem, error) {
	var items []schemaItem
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, loadDeferred)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it schemaItem
			if err := rows.Scan(&it.name, &it.kind, &it.sql); err != nil {
				return err
			}
			items = append(items, it)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, it := range items {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("DROP %s %q", strings.ToUpper(it.kind), it.name)); err != nil {
				return fmt.Errorf("bulk load: drop %s %s: %w", it.kind, it.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// remake makes items again from their own text and rebuilds the
// full-text indexes of claims and articles from their tables, in one
// transaction.
func (s *Store) remake(ctx context.Context, items []schemaItem) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			if _, err := tx.ExecContext(ctx, it.sql); err != nil {
				return fmt.Errorf("after the load: make %s %s: %w", it.kind, it.name, err)
			}
		}
		for _, t := range []string{"claims_fts", "articles_fts"} {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO %[1]s (%[1]s) VALUES ('rebuild')", t)); err != nil {
				return fmt.Errorf("after the load: rebuild %s: %w", t, err)
			}
		}
		return nil
	})
}
