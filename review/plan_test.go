package review

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// seedPlanStore fills a store with an archive's shape (many articles of
// claims in every status, verdicts, assignees, candidates, history rows and
// published fact-checks) and runs ANALYZE, so the planner chooses as it
// would on a real desk.
func seedPlanStore(t *testing.T) (*Store, team) {
	t.Helper()
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	statuses := []string{"new", "new", "new", "researching", "needs_review", "done", "done", "dismissed"}
	verdicts := []string{"True", "False", "Misleading", "Half true"}
	users := []string{"rita", "ravi", "eddie", ""}
	err := s.Load(ctx, func(l *Loader) error {
		n := 0
		for a := range 150 {
			var body strings.Builder
			var spans [][2]int
			for i := range 20 {
				if i > 0 {
					body.WriteString(" ")
				}
				start := body.Len()
				fmt.Fprintf(&body, "Claim %d says %d percent rose.", n+i, (n+i)%97)
				spans = append(spans, [2]int{start, body.Len()})
			}
			text := body.String()
			at := fmt.Sprintf("2025-%02d-%02dT10:00:00Z", 1+a%12, 1+a%28)
			aid, err := l.AddArticle(ArticleRecord{Title: fmt.Sprintf("Article %d", a), Text: text, CreatedAt: at, UpdatedAt: at})
			if err != nil {
				return err
			}
			for i, sp := range spans {
				st := statuses[n%len(statuses)]
				c := ClaimRecord{Start: sp[0], End: sp[1], Text: text[sp[0]:sp[1]], Status: st, Slug: fmt.Sprintf("c-%d", n),
					Score: float64((n*7919)%1000) / 1000, Candidate: n%5 == 4 && st == "new", CreatedAt: at, UpdatedAt: at,
					History: []HistoryRecord{{Field: "created", To: "engine", At: at}, {Field: "status", From: "new", To: st, At: at, User: "rita"}}}
				if st != "new" {
					c.Assignee = users[n%len(users)]
				}
				if st == "done" || st == "needs_review" {
					c.Verdict = verdicts[n%len(verdicts)]
				}
				if _, _, err := l.AddClaim(aid, &c); err != nil {
					return fmt.Errorf("claim %d of article %d: %w", i, a, err)
				}
				n++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	var fcs []NewFactCheck
	for i := range 300 {
		fcs = append(fcs, NewFactCheck{ClaimText: fmt.Sprintf("Checked claim %d about %d percent.", i, i%50), Rating: "False",
			Publisher: "Checkers", URL: fmt.Sprintf("https://checks.example/%d", i)})
	}
	if _, err := s.ImportFactChecks(ctx, tm.editor, fcs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Write.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	return s, tm
}

// fullScan finds a plan line that reads a large table whole: claims (c,
// p, f), history (h) or fact_checks, by its name or its alias in the
// store's queries.
var fullScan = regexp.MustCompile(`^SCAN (claims|c|p|f|history|h|fact_checks)( AS \w+)?$`)

// TestPagePlans runs EXPLAIN QUERY PLAN on every page's main query, on a
// seeded database after ANALYZE, and fails on a full scan of claims,
// history or fact-checks, or a temporary B-tree for an ORDER BY, which
// would make the page grow with the archive.
func TestPagePlans(t *testing.T) {
	s, tm := seedPlanStore(t)
	ctx := context.Background()
	after := &ClaimCursor{Score: 0.5, ID: 1500}
	claimsList := func(f ClaimFilter) (string, []any) {
		f.Limit, f.ByScore = 101, true
		return claimsQuery(f)
	}
	articles := func(f ArticleFilter) (string, []any) { return articlesQuery(f) }
	type page struct {
		name  string
		query string
		args  []any
		// sorted: a temporary B-tree is allowed because the rows are
		// bounded by one article, not by the archive.
		sorted bool
	}
	var pages []page
	add := func(name string, q string, args []any) { pages = append(pages, page{name: name, query: q, args: args}) }
	add("dashboard: counts", countsQuery, nil)
	q, args := articles(ArticleFilter{Limit: dashboardArticles})
	add("dashboard: articles", q, args)
	add("dashboard: activity", recentActivityQuery, []any{25})
	add("queue: mine", queueMineQuery, []any{tm.reviewer.ID, queuePart})
	add("queue: sign-off", queueSignOffQuery, []any{tm.editor.ID, queuePart})
	add("queue: unassigned", queueFreeQuery, []any{queuePart})
	for _, f := range []struct {
		name string
		f    ClaimFilter
	}{
		{"no filter", ClaimFilter{}},
		{"next page", ClaimFilter{After: after}},
		{"previous page", ClaimFilter{Before: after}},
		{"status", ClaimFilter{Status: StatusResearching}},
		{"status, next page", ClaimFilter{Status: StatusDone, After: after}},
		{"verdict", ClaimFilter{Verdict: "False"}},
		{"assignee", ClaimFilter{AssigneeID: tm.reviewer.ID}},
		{"unassigned", ClaimFilter{Unassigned: true}},
		{"claimant", ClaimFilter{ClaimantID: 1}},
		{"candidates too", ClaimFilter{IncludeCandidates: true}},
	} {
		q, args := claimsList(f.f)
		add("claims list: "+f.name, q, args)
	}
	q, args = claimsList(ClaimFilter{ArticleID: 3})
	pages = append(pages, page{name: "claims list: article", query: q, args: args, sorted: true})
	q, args = articles(ArticleFilter{})
	add("articles", q, args)
	q, args = articles(ArticleFilter{Status: StatusNeedsReview})
	add("articles: status", q, args)
	q, args = articles(ArticleFilter{After: 40, afterAt: "2026-01-01T00:00:00.000000000Z", Limit: 101})
	add("articles: next page", q, args)
	q, args = articles(ArticleFilter{Status: StatusDone, After: 40, afterAt: "2026-01-01T00:00:00.000000000Z", Limit: 101})
	add("articles: status, next page", q, args)
	q, args = claimsQuery(ClaimFilter{ArticleID: 3, IncludeCandidates: true})
	add("article page: claims", q, args)
	add("claim page: claimant names", claimantNamesQuery, []any{"Ma", claimantSuggestionsMax})
	add("claim page: matched claims", claimSelect+" WHERE c.id IN ("+inList(3)+")", []any{4, 5, 6})
	add("claim page: claim", claimSelect+" WHERE c.id = ?", []any{42})
	add("claim page: history", claimHistoryQuery, []any{42})
	add("claim page: previous", prevInArticleQuery, []any{3, 100, 50})
	add("claim page: next", nextInArticleQuery, []any{3, 100, 50})
	add("fact-check page", "SELECT "+factCheckColumns+" FROM fact_checks WHERE id = ?", []any{7})
	add("every page: the bell", unreadAlertsQuery, []any{tm.editor.ID})
	add("alerts list", alertsListQuery, []any{tm.editor.ID, 1 << 62, 51})

	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			rows, err := s.db.Read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+p.query, p.args...)
			if err != nil {
				t.Fatalf("explain: %v\n%s", err, p.query)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			for _, line := range plan {
				if fullScan.MatchString(line) {
					t.Errorf("a full scan (%q); the plan:\n%s", line, strings.Join(plan, "\n"))
				}
				if strings.Contains(line, "TEMP B-TREE FOR") && strings.Contains(line, "ORDER BY") && !p.sorted {
					t.Errorf("a sort of the rows (%q); the plan:\n%s", line, strings.Join(plan, "\n"))
				}
			}
		})
	}
}
