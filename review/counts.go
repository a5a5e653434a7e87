package review

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// The dashboard and every article's progress read counters, not the claims
// table: claim_counts (claims by status and verdict) and
// article_claim_counts (each article's claims by status), candidates left
// out. Triggers on claims (schema.sql) keep them in step inside the
// transaction of every write, whichever path makes it (a change, a bulk
// change, an import, the Loader, a merge or split, a re-scoring that turns
// a candidate into a claim), so no path has to remember them. CheckCounts
// compares them with a full count; RebuildCounts makes them again from one.

// statusVerdictCount is one row of claim_counts.
type statusVerdictCount struct {
	Status    Status
	VerdictID int64
	N         int
}

// countsQuery reads claim_counts with each verdict's name ("" for none, or
// for a verdict no longer on the scale).
const countsQuery = `SELECT k.status, k.verdict_id, k.n, COALESCE(v.name, '')
	FROM claim_counts k LEFT JOIN verdicts v ON v.id = k.verdict_id WHERE k.n <> 0`

// Stats counts claims by status and verdict (candidates left out; every
// status and every step of the scale present, with 0 when unused; only
// signed-off verdicts are counted, by HasVerdict's rule, and proposed ones
// apart in Proposed), and the progress of the 100 newest articles. It
// reads the counters, never the claims table: they keep every (status,
// verdict) pair, so the rule needs no other data.
func (s *Store) Stats(ctx context.Context) (*Stats, error) {
	st := &Stats{ByStatus: map[Status]int{}, ByVerdict: map[string]int{}}
	for _, x := range Statuses() {
		st.ByStatus[x] = 0
	}
	vs, err := listVerdicts(ctx, s.db.Read)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	for _, v := range vs {
		st.ByVerdict[v.Name] = 0
	}
	rows, err := s.db.Read.QueryContext(ctx, countsQuery)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c statusVerdictCount
		var name string
		if err := rows.Scan(&c.Status, &c.VerdictID, &c.N, &name); err != nil {
			return nil, fmt.Errorf("stats: %w", err)
		}
		st.ByStatus[c.Status] += c.N
		switch {
		case c.VerdictID == 0 || name == "":
		case HasVerdict(c.Status, name):
			st.ByVerdict[name] += c.N
		case ProposedVerdict(c.Status, name):
			st.Proposed += c.N
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	st.Articles, err = s.Articles(ctx, ArticleFilter{Limit: dashboardArticles})
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

// countQueries pairs each counter table with the full count it must equal:
// the same columns, counted from claims.
var countQueries = []struct{ table, counters, full string }{
	{"claim_counts",
		"SELECT status || ' verdict ' || verdict_id, n FROM claim_counts WHERE n <> 0",
		"SELECT status || ' verdict ' || COALESCE(verdict_id, 0), count(*) FROM claims WHERE candidate = 0 GROUP BY status, COALESCE(verdict_id, 0)"},
	{"article_claim_counts",
		"SELECT 'article ' || article_id || ' ' || status, n FROM article_claim_counts WHERE n <> 0",
		"SELECT 'article ' || article_id || ' ' || status, count(*) FROM claims WHERE candidate = 0 GROUP BY article_id, status"},
}

// CheckCounts compares the claim counters with a full count of the claims
// and says, one sentence each, where they differ; none when they agree. It
// reads the whole claims table: a check, not a page.
func (s *Store) CheckCounts(ctx context.Context) ([]string, error) {
	var out []string
	for _, q := range countQueries {
		have, err := keyedCounts(ctx, s.db.Read, q.counters)
		if err != nil {
			return nil, fmt.Errorf("check counts: %w", err)
		}
		want, err := keyedCounts(ctx, s.db.Read, q.full)
		if err != nil {
			return nil, fmt.Errorf("check counts: %w", err)
		}
		var keys []string
		for k := range want {
			keys = append(keys, k)
		}
		for k := range have {
			if _, ok := want[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			if have[k] != want[k] {
				out = append(out, fmt.Sprintf("counts: %s says %d claims for %s, a full count finds %d", q.table, have[k], k, want[k]))
			}
		}
	}
	return out, nil
}

func keyedCounts(ctx context.Context, q querier, query string) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// RebuildCounts makes the claim counters again from a full count, in one
// write transaction: the repair when CheckCounts finds a difference.
func (s *Store) RebuildCounts(ctx context.Context) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			"DELETE FROM claim_counts",
			"DELETE FROM article_claim_counts",
			`INSERT INTO claim_counts (status, verdict_id, n)
				SELECT status, COALESCE(verdict_id, 0), count(*) FROM claims WHERE candidate = 0 GROUP BY 1, 2`,
			`INSERT INTO article_claim_counts (article_id, status, n)
				SELECT article_id, status, count(*) FROM claims WHERE candidate = 0 GROUP BY 1, 2`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild counts: %w", err)
	}
	return nil
}

// CountStatus returns how many claims (candidates left out) are in status
// st, from the counters.
func (s *Store) CountStatus(ctx context.Context, st Status) (int, error) {
	var n int
	if err := s.db.Read.QueryRowContext(ctx, "SELECT COALESCE(sum(n), 0) FROM claim_counts WHERE status = ?", st).Scan(&n); err != nil {
		return 0, fmt.Errorf("count claims: %w", err)
	}
	return n, nil
}
