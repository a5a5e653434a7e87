package review

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// loadArticlesFixture is 130 articles of 10 claims (more articles and
// claims than one statement of AddArticles takes), with a dismissed
// claim, a candidate, a statement, unmatched claims, a new user and a
// claim with history (its article goes the one-by-one way inside
// AddArticles).
func loadArticlesFixture() []ArticleClaims {
	var out []ArticleClaims
	statuses := []string{"new", "researching", "needs_review", "done", "dismissed"}
	for a := range 130 {
		var body strings.Builder
		var cs []*ClaimRecord
		for i := range 10 {
			if i > 0 {
				body.WriteString(" ")
			}
			t := fmt.Sprintf("Article %d says prices rose %d percent in %d.", a, i, 2000+a)
			start := body.Len()
			body.WriteString(t)
			c := &ClaimRecord{Start: start, End: body.Len(), Text: t, Status: statuses[(a+i)%5], Score: float64((a*7+i*3)%100) / 100,
				Slug: fmt.Sprintf("s-%d-%d", a, i), CreatedAt: "2025-03-01T10:00:00Z", UpdatedAt: "2025-03-02T10:00:00Z", Matched: (a+i)%4 != 0}
			if c.Status == "done" {
				c.Verdict = "False"
			}
			if c.Status != "new" {
				c.Assignee = []string{"zoe", "Ann", "zoe"}[(a+i)%3]
			}
			switch {
			case a == 3 && i == 2:
				c.Candidate = true
			case a == 5 && i == 1:
				c.Statement = "Prices  rose."
			case a == 8 && i == 4:
				c.DismissCode, c.DismissReason = "opinion", "a view"
			case a == 70 && i == 6:
				c.History = []HistoryRecord{{Field: "created", To: "engine", At: "2025-03-01T10:00:00Z"}}
			case i == 7:
				// One claimant for many claims, and once under another
				// spelling of the same name.
				name := "Ann Analyst"
				if a == 11 {
					name = "ann analyst"
				}
				c.Claimant = &ClaimantRecord{Name: name, Role: "Economist", Kind: KindPerson}
			case a == 9 && i == 3:
				c.Claimant = &ClaimantRecord{Name: "Statistics Office", Kind: KindOrganization, Aliases: []string{"ONS"}}
			}
			cs = append(cs, c)
		}
		out = append(out, ArticleClaims{Article: ArticleRecord{Title: fmt.Sprintf("Article %d", a), Outlet: "Test", Published: "2025-03-01",
			Text: body.String(), CreatedAt: "2025-03-01T10:00:00Z", UpdatedAt: "2025-03-01T10:00:00Z"}, Claims: cs})
	}
	return out
}

// dumpRows is every row query returns, one line each.
func dumpRows(t *testing.T, s *Store, query string) string {
	t.Helper()
	rows, err := s.db.Read.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%s=%v ", cols[i], v)
		}
		b.WriteString("\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestAddArticlesAsOneByOne: articles and claims stored many a statement
// are the rows, ids, index entries and counters that AddArticle and
// AddClaim one by one write, and a bad record refuses the whole load.
func TestAddArticlesAsOneByOne(t *testing.T) {
	ctx := context.Background()
	one, _ := newTestStore(t)
	many, _ := newTestStore(t)
	err := one.Load(ctx, func(l *Loader) error {
		for _, a := range loadArticlesFixture() {
			id, err := l.AddArticle(a.Article)
			if err != nil {
				return err
			}
			for _, c := range a.Claims {
				if _, _, err := l.AddClaim(id, c); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("one by one: %v", err)
	}
	var ids []int64
	err = many.Load(ctx, func(l *Loader) error {
		var err error
		ids, err = l.AddArticles(loadArticlesFixture())
		return err
	})
	if err != nil {
		t.Fatalf("AddArticles: %v", err)
	}
	if len(ids) != 130 || ids[0] != 1 || ids[129] != 130 {
		t.Errorf("got article ids %v…, want 1 to 130", ids[:min(len(ids), 3)])
	}
	if n := countRows(t, many, "claims"); n != 1300 {
		t.Fatalf("got %d claims, want 1300", n)
	}
	for _, q := range []string{
		"SELECT * FROM articles ORDER BY id",
		"SELECT * FROM claims ORDER BY id",
		"SELECT * FROM history ORDER BY id",
		"SELECT id, name, role, disabled FROM users ORDER BY id",
		"SELECT rowid, * FROM match_fts ORDER BY rowid",
		"SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'rose AND 2070' ORDER BY rowid",
		"SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'price' ORDER BY rowid",
		"SELECT rowid FROM articles_fts WHERE articles_fts MATCH '2042' ORDER BY rowid",
		"SELECT * FROM claim_counts ORDER BY 1, 2",
		"SELECT * FROM article_claim_counts ORDER BY 1, 2",
		"SELECT id, name, aliases, role, kind, same_as FROM claimants ORDER BY id",
	} {
		a, b := dumpRows(t, one, q), dumpRows(t, many, q)
		if a == "" {
			t.Errorf("%s: no rows", q)
		}
		if a != b {
			t.Errorf("%s:\none by one:\n%.2000s\nmany a statement:\n%.2000s", q, a, b)
		}
	}
	var code string
	if err := many.db.Read.QueryRow("SELECT dismiss_code FROM claims WHERE status = 'dismissed' AND dismiss_reason = ''").Scan(&code); err != nil || code != "other" {
		t.Errorf("a dismissed claim without a code: %q, %v; want other, as AddClaim stores it", code, err)
	}
	var annClaims, claimants int
	if err := many.db.Read.QueryRow(`SELECT (SELECT count(*) FROM claims c JOIN claimants k ON k.id = c.claimant_id WHERE k.name = 'Ann Analyst'),
		(SELECT count(*) FROM claimants)`).Scan(&annClaims, &claimants); err != nil || annClaims != 130 || claimants != 2 {
		t.Errorf("Ann Analyst has %d claims among %d claimants (%v); want 130 among 2", annClaims, claimants, err)
	}
	assertCounts(t, many, "AddArticles")
	if problems, err := many.CheckCounts(ctx); err != nil || len(problems) > 0 {
		t.Errorf("counters after AddArticles: %v %v", problems, err)
	}

	// A bad claim anywhere refuses every article and claim of the load.
	before := dumpRows(t, many, "SELECT count(*) FROM articles UNION ALL SELECT count(*) FROM claims UNION ALL SELECT count(*) FROM match_fts")
	for _, bad := range []struct {
		name  string
		spoil func([]ArticleClaims)
		field string
	}{
		{"span", func(as []ArticleClaims) { as[120].Claims[3].End++ }, "text"},
		{"status", func(as []ArticleClaims) { as[2].Claims[0].Status = "closed" }, "status"},
		{"format", func(as []ArticleClaims) { as[101].Article.Format = "pdf" }, "format"},
	} {
		as := loadArticlesFixture()
		for i := range as {
			as[i].Article.Text += " " // not the texts stored already
			as[i].Article.Title = "again"
		}
		bad.spoil(as)
		err := many.Load(ctx, func(l *Loader) error { _, err := l.AddArticles(as); return err })
		if err == nil {
			t.Errorf("%s: a bad record was loaded", bad.name)
			continue
		}
		fieldErr(t, err, bad.field)
		if after := dumpRows(t, many, "SELECT count(*) FROM articles UNION ALL SELECT count(*) FROM claims UNION ALL SELECT count(*) FROM match_fts"); after != before {
			t.Errorf("%s: a refused load left rows: %q, was %q", bad.name, after, before)
		}
	}
}

// TestLoadNew: a bulk load runs without syncs and with its own cache,
// both put back afterwards (also when the load fails), on a new database
// only.
func TestLoadNew(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	pragma := func(name string) int {
		t.Helper()
		var v int
		if err := s.db.Write.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	schema := func() string {
		return dumpRows(t, s, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name")
	}
	fresh := schema()
	sync, cache := pragma("synchronous"), pragma("cache_size")
	if sync != 2 {
		t.Fatalf("synchronous is %d before, want 2 (FULL)", sync)
	}
	spoilt := errors.New("spoilt")
	for _, fail := range []bool{true, false} {
		var during [2]int
		err := s.LoadNew(ctx, 16, func() error {
			during = [2]int{pragma("synchronous"), pragma("cache_size")}
			if n := countRows(t, s, "sqlite_schema WHERE name IN ('claims_score', 'claims_fts_insert')"); n != 0 {
				t.Errorf("during the load %d of claims_score and claims_fts_insert are there, want none", n)
			}
			if fail {
				return spoilt
			}
			return s.Load(ctx, func(l *Loader) error {
				_, err := l.AddArticles(loadArticlesFixture()[:3])
				return err
			})
		})
		if fail != errors.Is(err, spoilt) || !fail && err != nil {
			t.Fatalf("fail %v: got %v", fail, err)
		}
		if during != [2]int{0, -16 * 1024} {
			t.Errorf("during the load synchronous, cache_size = %v, want 0 (OFF), -16384", during)
		}
		if got := [2]int{pragma("synchronous"), pragma("cache_size")}; got != [2]int{sync, cache} {
			t.Errorf("after the load synchronous, cache_size = %v, want %v", got, [2]int{sync, cache})
		}
		if got := schema(); got != fresh {
			t.Errorf("fail %v: the schema after the load:\n%s\nwant:\n%s", fail, got, fresh)
		}
	}
	if n := countRows(t, s, "claims"); n != 30 {
		t.Errorf("got %d claims, want 30", n)
	}
	var mode, check string
	if err := s.db.Write.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal %q (%v), want wal", mode, err)
	}
	if err := s.db.Write.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
	for _, fts := range []string{"claims_fts", "articles_fts"} {
		if _, err := s.db.Write.Exec(fmt.Sprintf("INSERT INTO %[1]s (%[1]s) VALUES ('integrity-check')", fts)); err != nil {
			t.Errorf("%s: %v", fts, err)
		}
	}
	rs, err := s.Search(ctx, SearchQuery{Q: "prices 2001", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, r := range rs {
		kinds[r.Kind]++
	}
	if kinds["claim"] != 10 || kinds["article"] != 1 {
		t.Errorf("search after the load found %v, want 10 claims and 1 article", kinds)
	}
	// A claim changed after the load is searched by its new words: the
	// triggers are back.
	if _, err := s.db.Write.Exec("INSERT INTO claims (article_id, start_byte, end_byte, text, created_at, updated_at) VALUES (1, 0, 5, 'Zebra', 'x', 'x')"); err != nil {
		t.Fatal(err)
	}
	if rs, err := s.Search(ctx, SearchQuery{Q: "zebra", Limit: 10}); err != nil || len(rs) != 1 {
		t.Errorf("a claim added after the load: search found %d (%v), want 1", len(rs), err)
	}
	called := false
	err = s.LoadNew(ctx, 16, func() error { called = true; return nil })
	if !errors.Is(err, ErrNotNew) || called {
		t.Errorf("a database with claims: got %v (load run: %v), want ErrNotNew", err, called)
	}
}
