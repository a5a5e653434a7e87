package review

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims"
)

// searchFixture imports three articles a day apart and gives the claims
// different statuses, verdicts and assignees.
type searchFixture struct {
	s                      *Store
	tm                     team
	a1, a2, a3             *Article
	ceasefire, peace, fuel Claim
	day1, day2, day3       time.Time
}

func newSearchFixture(t *testing.T) *searchFixture {
	t.Helper()
	s, clock := newTestStore(t)
	ctx := context.Background()
	f := &searchFixture{s: s, tm: newTeam(t, s)}
	imp := func(title, text string) (*Article, []Claim) {
		t.Helper()
		a, cs, err := s.ImportArticle(ctx, f.tm.reviewer, NewArticle{Title: title, Text: text})
		if err != nil {
			t.Fatalf("import %q: %v", title, err)
		}
		return a, cs
	}
	f.day1 = clock.Now()
	var cs []Claim
	f.a1, cs = imp("Karabakh talks", "The ceasefire in Nagorno-Karabakh started on 10 November 2020, after 44 days of fighting.")
	f.ceasefire = cs[0]
	clock.Advance(24 * time.Hour)
	f.day2 = clock.Now()
	f.a2, cs = imp("Peace report", "Russian peacekeepers, about 2,000 soldiers, were deployed along the line of contact in 2020.")
	f.peace = cs[0]
	clock.Advance(24 * time.Hour)
	f.day3 = clock.Now()
	f.a3, cs = imp("Fuel prices", "Fuel prices rose 12 percent in 2021 & <b>hurt</b> drivers.")
	f.fuel = cs[0]
	// The peace claim's conclusion speaks of the ceasefire: a weaker hit
	// than a claim about it.
	if _, err := s.UpdateClaim(ctx, f.tm.reviewer, f.peace.ID, ClaimUpdate{Version: f.peace.Version,
		Status: new(StatusResearching), Verdict: new("Mostly true"), Assignee: new("rita"),
		Conclusion: new("The ceasefire agreement set the number at 1,960 soldiers.")}); err != nil {
		t.Fatal(err)
	}
	return f
}

func ids(rs []SearchResult, kind string) []int64 {
	var out []int64
	for _, r := range rs {
		if r.Kind == kind {
			out = append(out, r.ID)
		}
	}
	return out
}

func TestSearchRanksClaimTextAboveConclusion(t *testing.T) {
	f := newSearchFixture(t)
	rs, err := f.s.Search(context.Background(), SearchQuery{Q: "ceasefire"})
	if err != nil {
		t.Fatal(err)
	}
	got := ids(rs, "claim")
	if len(got) != 2 || got[0] != f.ceasefire.ID || got[1] != f.peace.ID {
		t.Errorf("claims for ceasefire: got %v, want [%d %d] (text hit first, conclusion hit next)", got, f.ceasefire.ID, f.peace.ID)
	}
	if a := ids(rs, "article"); len(a) != 1 || a[0] != f.a1.ID {
		t.Errorf("articles for ceasefire: got %v, want [%d]", a, f.a1.ID)
	}
	for i := 1; i < len(rs); i++ {
		if rs[i].Rank < rs[i-1].Rank {
			t.Errorf("results not in rank order at %d: %v after %v", i, rs[i].Rank, rs[i-1].Rank)
		}
	}
	// The stemmer finds other forms.
	rs, err = f.s.Search(context.Background(), SearchQuery{Q: "deploying peacekeeper"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(rs, "claim"); len(got) != 1 || got[0] != f.peace.ID {
		t.Errorf("claims for deploying peacekeeper: got %v, want [%d]", got, f.peace.ID)
	}
}

func TestSearchFilters(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	tests := []struct {
		name string
		q    SearchQuery
		want []int64
	}{
		{"no filter", SearchQuery{Q: "2020"}, []int64{f.ceasefire.ID, f.peace.ID}},
		{"status", SearchQuery{Q: "2020", Status: StatusResearching}, []int64{f.peace.ID}},
		{"status new", SearchQuery{Q: "2020", Status: StatusNew}, []int64{f.ceasefire.ID}},
		{"verdict", SearchQuery{Q: "2020", Verdict: "Mostly true"}, []int64{f.peace.ID}},
		{"assignee", SearchQuery{Q: "2020", Assignee: "rita"}, []int64{f.peace.ID}},
		{"assignee nobody has", SearchQuery{Q: "2020", Assignee: "eddie"}, nil},
		{"article", SearchQuery{Q: "2020", ArticleID: f.a1.ID}, []int64{f.ceasefire.ID}},
		{"since", SearchQuery{Q: "2020", Since: f.day2}, []int64{f.peace.ID}},
		{"until", SearchQuery{Q: "2020", Until: f.day2}, []int64{f.ceasefire.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := f.s.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(rs, "claim")
			if len(got) != len(tt.want) {
				t.Fatalf("got claims %v, want %v", got, tt.want)
			}
			seen := map[int64]bool{}
			for _, id := range got {
				seen[id] = true
			}
			for _, id := range tt.want {
				if !seen[id] {
					t.Errorf("got claims %v, want %v", got, tt.want)
				}
			}
			if tt.q.Status != "" || tt.q.Verdict != "" || tt.q.Assignee != "" {
				if len(rs) != len(got) {
					t.Errorf("a claim filter returned other kinds: %+v", rs)
				}
			}
		})
	}
	if _, err := f.s.Search(ctx, SearchQuery{Q: "2020", Status: "closed"}); fieldErr(t, err, "status") == "" {
		t.Error("an unknown status gave no message")
	}
}

func TestSearchSnippetsAreEscaped(t *testing.T) {
	f := newSearchFixture(t)
	rs, err := f.s.Search(context.Background(), SearchQuery{Q: "hurt"})
	if err != nil {
		t.Fatal(err)
	}
	var r *SearchResult
	for i := range rs {
		if rs[i].Kind == "claim" && rs[i].ID == f.fuel.ID {
			r = &rs[i]
		}
	}
	if r == nil {
		t.Fatalf("no claim hit for hurt: %+v", rs)
	}
	if !strings.Contains(r.HTML, "&lt;b&gt;<mark>hurt</mark>&lt;/b&gt;") || strings.Contains(r.HTML, "<b>") {
		t.Errorf("snippet_html %q: want the hit in <mark> and the text's own tags escaped", r.HTML)
	}
	if !strings.Contains(r.HTML, "&amp;") {
		t.Errorf("snippet_html %q: want & escaped", r.HTML)
	}
	if r.Snippet != f.fuel.Text {
		t.Errorf("snippet %q, want the claim's plain text %q", r.Snippet, f.fuel.Text)
	}
	var marked []string
	for _, p := range r.Parts {
		if p.Mark {
			marked = append(marked, p.Text)
		}
	}
	if strings.Join(marked, ",") != "hurt" {
		t.Errorf("marked parts %q, want [hurt]", marked)
	}
}

func TestSearchSyntaxIsReadAsWords(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	tests := []struct {
		q    string
		want int64 // a claim that must be found; 0: any result, no error
	}{
		{`"ceasefire`, f.ceasefire.ID},
		{`ceasefire"`, f.ceasefire.ID},
		{`- ceasefire`, f.ceasefire.ID},
		{`ceasefire -`, f.ceasefire.ID},
		{`ceasefire AND`, 0},
		{`AND`, 0},
		{`OR ceasefire`, 0},
		{`NOT`, 0},
		{`NEAR(ceasefire`, 0},
		{`ceasefire)`, f.ceasefire.ID},
		{`ceasefire*`, f.ceasefire.ID},
		{`ceasef*`, f.ceasefire.ID},
		{`"nagorno karabakh"`, f.ceasefire.ID},
		{`text:ceasefire`, 0},
		{`{ceasefire}`, f.ceasefire.ID},
		{`(ceasefire`, f.ceasefire.ID},
		{`^ceasefire`, f.ceasefire.ID},
		{`ceasefire + 10`, f.ceasefire.ID},
		{`'ceasefire'`, f.ceasefire.ID},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			rs, err := f.s.Search(ctx, SearchQuery{Q: tt.q})
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.q, err)
			}
			if tt.want != 0 {
				found := false
				for _, id := range ids(rs, "claim") {
					found = found || id == tt.want
				}
				if !found {
					t.Errorf("Search(%q) did not find claim %d: %+v", tt.q, tt.want, rs)
				}
			}
		})
	}
	for _, q := range []string{"", "   ", `*`, `-`, `"`, `""`, `()`, `:`} {
		_, err := f.s.Search(ctx, SearchQuery{Q: q})
		if msg := fieldErr(t, err, "q"); msg == "" {
			t.Errorf("Search(%q): empty message", q)
		}
	}
	if _, err := f.s.Search(ctx, SearchQuery{Q: strings.Repeat("a ", MaxQueryRunes)}); fieldErr(t, err, "q") == "" {
		t.Error("an over-long query gave no message")
	}
}

func TestBuildMatchQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{`rose 10%`, `"rose" "10"`},
		{`"oil industry" welfare`, `"oil industry" "welfare"`},
		{`"unbalanced quote`, `"unbalanced" "quote"`},
		{`tax*`, `"tax"*`},
		{`NEAR(a b)`, `"NEAR" "a" "b"`},
		{`-`, ``},
		{`Ölpreis café`, `"Ölpreis" "café"`},
	}
	for _, tt := range tests {
		if got := BuildMatchQuery(tt.in); got != tt.want {
			t.Errorf("BuildMatchQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSearchQuery: whatever is typed, Search answers with results or a
// message on "q" — never an SQL error.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{`"`, `-`, `AND`, `*`, `NEAR(`, `a OR`, `col:x`, `"a" "`, `^`, `x*y*`, "\ue000mark\ue001", `'`, `\`, "a\x00b"} {
		f.Add(s)
	}
	db, err := claimdesk.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	m, err := claims.DefaultModel()
	if err != nil {
		f.Fatal(err)
	}
	st := NewStore(db, m)
	if _, _, err := st.ImportArticle(context.Background(), nil, NewArticle{Title: "t", Text: "Fuel prices rose 12 percent in 2021, and AND OR NOT NEAR text."}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, err := st.Search(context.Background(), SearchQuery{Q: q})
		if err == nil {
			return
		}
		var v *ValidationError
		if !errors.As(err, &v) || v.Fields["q"] == "" {
			t.Fatalf("Search(%q): %v, want results or a message on q", q, err)
		}
	})
}

func TestSearchRanksTheNewestOfVeryCommonWords(t *testing.T) {
	f := newSearchFixture(t)
	saved := rankWindow["claims_fts"]
	rankWindow["claims_fts"] = 1
	defer func() { rankWindow["claims_fts"] = saved }()
	rs, err := f.s.Search(context.Background(), SearchQuery{Q: "2020"})
	if err != nil {
		t.Fatal(err)
	}
	// Both the ceasefire and the peace claim say 2020; with a window of
	// one, only the newer is ranked.
	if got := ids(rs, "claim"); len(got) != 1 || got[0] != f.peace.ID {
		t.Errorf("got claims %v, want only the newest [%d]", got, f.peace.ID)
	}
}

// A page's details and snippets are read for all its hits at once; each
// must land on its own hit, at any offset.
func TestSearchPageDetailsBelongToTheirHits(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	ports := []string{"Leith", "Dundee", "Aberdeen", "Grimsby", "Hull", "Tilbury", "Bristol", "Cardiff", "Belfast", "Larne", "Oban", "Wick"}
	for i, p := range ports {
		text := fmt.Sprintf("The harbour of %s handled %d million tonnes of cargo in 2019.", p, i+2)
		if _, _, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Title: "Port of " + p, Text: text}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	all, err := s.Search(ctx, SearchQuery{Q: "harbour", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(all), 2*len(ports); got != want {
		t.Fatalf("got %d hits, want %d (a claim and an article per port)", got, want)
	}
	for _, page := range []struct{ offset, limit int }{{0, 20}, {5, 7}, {20, 20}} {
		t.Run(fmt.Sprintf("offset %d limit %d", page.offset, page.limit), func(t *testing.T) {
			rs, err := s.Search(ctx, SearchQuery{Q: "harbour", Offset: page.offset, Limit: page.limit})
			if err != nil {
				t.Fatal(err)
			}
			if want := min(page.limit, len(all)-page.offset); len(rs) != want {
				t.Fatalf("got %d hits, want %d", len(rs), want)
			}
			for i, r := range rs {
				if r.ID != all[page.offset+i].ID || r.Kind != all[page.offset+i].Kind {
					t.Errorf("hit %d is %s %d, want %s %d as on the whole list", i, r.Kind, r.ID, all[page.offset+i].Kind, all[page.offset+i].ID)
				}
				if !strings.Contains(r.HTML, "<mark>harbour</mark>") {
					t.Errorf("%s %d: snippet %q, want harbour marked", r.Kind, r.ID, r.HTML)
				}
				switch r.Kind {
				case "claim":
					c, err := s.Claim(ctx, r.ID)
					if err != nil {
						t.Fatal(err)
					}
					if r.Title != c.Text || r.ArticleID != c.ArticleID || r.Article != c.ArticleTitle || r.Snippet != c.Text {
						t.Errorf("claim %d: got %q in %d %q (snippet %q), want %q in %d %q", r.ID, r.Title, r.ArticleID, r.Article, r.Snippet, c.Text, c.ArticleID, c.ArticleTitle)
					}
				case "article":
					a, err := s.Article(ctx, r.ID)
					if err != nil {
						t.Fatal(err)
					}
					if r.Title != a.Title || !r.CreatedAt.Equal(a.CreatedAt) {
						t.Errorf("article %d: got %q at %s, want %q at %s", r.ID, r.Title, r.CreatedAt, a.Title, a.CreatedAt)
					}
				}
			}
		})
	}
}

// When all the words find little, search ranks the rows with any of them
// and says so; phrases and filters hold in both.
func TestSearchFallsBackToAnyWords(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	tests := []struct {
		name     string
		q        SearchQuery
		anyWords bool
		want     []int64 // claims, in any order
	}{
		{"one word is never widened", SearchQuery{Q: "tomatoes"}, false, nil},
		{"all the words find enough", SearchQuery{Q: "ceasefire 2020"}, false, []int64{f.ceasefire.ID, f.peace.ID}},
		{"a pasted sentence", SearchQuery{Q: "Were the peacekeepers deployed after the ceasefire, asked the tomatoes?"}, true, []int64{f.ceasefire.ID, f.peace.ID}},
		{"a phrase stays a phrase", SearchQuery{Q: `"line of contact" tomatoes`}, true, []int64{f.peace.ID}},
		{"a phrase in another order", SearchQuery{Q: `"contact line" tomatoes`}, true, nil},
		{"filters hold", SearchQuery{Q: "peacekeepers ceasefire tomatoes", Status: StatusNew}, true, []int64{f.ceasefire.ID}},
		{"asked for by a later page", SearchQuery{Q: "ceasefire 2020", AnyWords: true}, true, []int64{f.ceasefire.ID, f.peace.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := f.s.SearchAll(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if a.AnyWords != tt.anyWords {
				t.Errorf("any words: got %v, want %v", a.AnyWords, tt.anyWords)
			}
			got := ids(a.Results, "claim")
			if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(tt.want)) {
				t.Errorf("claims %v, want %v", got, tt.want)
			}
		})
	}
}

func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// Published fact-checks are found by search, marked as such, with their
// rating and link; a claim filter leaves them out.
func TestSearchFindsFactChecks(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	res, err := f.s.ImportFactChecks(ctx, nil, []NewFactCheck{{ClaimText: "The Karabakh ceasefire was signed by three countries.",
		Title: "Who signed it?", Rating: "True", Publisher: "Wire", URL: "https://wire.example/ceasefire"}})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res)
	}
	rs, err := f.s.Search(ctx, SearchQuery{Q: "ceasefire"})
	if err != nil {
		t.Fatal(err)
	}
	var fc *SearchResult
	for i := range rs {
		if rs[i].Kind == KindFactCheck {
			fc = &rs[i]
		}
	}
	if fc == nil || fc.ID != res[0].ID || fc.Rating != "True" || fc.URL != "https://wire.example/ceasefire" || fc.Publisher != "Wire" ||
		!strings.Contains(fc.HTML, "<mark>ceasefire</mark>") {
		t.Fatalf("results %+v, want the fact-check with its rating, link and a marked snippet", rs)
	}
	rs, err = f.s.Search(ctx, SearchQuery{Q: "ceasefire", Status: StatusNew})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(rs, KindFactCheck); len(got) != 0 {
		t.Errorf("a claim filter kept fact-checks: %v", got)
	}
}

// With more matching fact-checks than the rank window, the newest are
// ranked, and each carries its own rating, link and highlight.
func TestSearchRanksTheNewestFactChecks(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	var fcs []NewFactCheck
	for i, r := range []string{"False", "True", "Misleading"} {
		n := strconv.Itoa(i + 1)
		fcs = append(fcs, NewFactCheck{ClaimText: "The harbour tariff rose " + n + " times in one year.", Rating: r,
			Publisher: "Wire", URL: "https://wire.example/tariff-" + n})
	}
	res, err := f.s.ImportFactChecks(ctx, nil, fcs)
	if err != nil {
		t.Fatal(err)
	}
	saved := rankWindow["match_fts"]
	rankWindow["match_fts"] = 2
	defer func() { rankWindow["match_fts"] = saved }()
	rs, err := f.s.Search(ctx, SearchQuery{Q: "harbour tariff"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]SearchResult{}
	for _, r := range rs {
		if r.Kind == KindFactCheck {
			got[r.ID] = r
		}
	}
	if len(got) != 2 {
		t.Fatalf("got fact-checks %v, want the newest two", got)
	}
	for i, x := range res[1:] {
		r, ok := got[x.ID]
		n := strconv.Itoa(i + 2)
		if !ok || r.Rating != fcs[i+1].Rating || r.URL != "https://wire.example/tariff-"+n || !strings.Contains(r.HTML, "<mark>tariff</mark> rose "+n) {
			t.Errorf("fact-check %d: %+v, want rating %s, its link and its text marked", x.ID, r, fcs[i+1].Rating)
		}
	}
}
