package review

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// threeSentences is an article of three check-worthy sentences (each holds a number).
const threeSentences = "Exports rose 7 percent in 2025. Imports fell 3 percent. The deficit is now 2 billion euros."

func importArticle(t *testing.T, s *Store, text string) (*Article, []Claim) {
	t.Helper()
	a, cs, err := s.ImportArticle(context.Background(), nil, NewArticle{Text: text})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return a, cs
}

// claimAt returns the claim whose span is exactly the first occurrence of
// text in the article's body, adding it when the engine did not make it,
// so tests do not depend on how the engine cuts sentences.
func claimAt(t *testing.T, s *Store, a *Article, text string) Claim {
	t.Helper()
	ctx := context.Background()
	start := strings.Index(a.Body, text)
	if start < 0 {
		t.Fatalf("%q is not in the article", text)
	}
	cs, err := s.Claims(ctx, ClaimFilter{ArticleID: a.ID, IncludeCandidates: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Start == start && c.End == start+len(text) && c.Status != StatusDismissed {
			if c.Candidate {
				p, err := s.PromoteClaim(ctx, nil, c.ID, c.Version)
				if err != nil {
					t.Fatal(err)
				}
				return *p
			}
			return c
		}
	}
	c, err := s.AddClaim(ctx, nil, a.ID, start, start+len(text))
	if err != nil {
		t.Fatalf("add claim %q: %v", text, err)
	}
	return *c
}

func TestAddClaim(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, cs := importArticle(t, s, "Прогноз: рост 5 процентов.  Exports rose 7 percent in 2025.")
	// A span with surrounding spaces is trimmed; overlapping an engine claim is fine.
	start := strings.Index(a.Body, "рост")
	c, err := s.AddClaim(ctx, tm.reviewer, a.ID, start-1, start+len("рост 5 процентов.")+2)
	if err != nil {
		t.Fatal(err)
	}
	if c.Text != "рост 5 процентов." || c.Start != start || a.Body[c.Start:c.End] != c.Text {
		t.Errorf("got %q at %d–%d, want the trimmed span", c.Text, c.Start, c.End)
	}
	if c.Origin != "manual" || c.Candidate || c.Kind != "other" || c.Version != 1 || c.Score != s.model.Score(c.Text).P {
		t.Errorf("got origin %s candidate %v kind %s version %d score %v", c.Origin, c.Candidate, c.Kind, c.Version, c.Score)
	}
	h, _ := s.History(ctx, c.ID)
	if len(h) != 1 || h[0].Field != "created" || h[0].To != "manual" || h[0].User != "rita" {
		t.Errorf("got history %+v", h)
	}
	bad := []struct {
		name       string
		start, end int
		want       string
	}{
		{"negative", -1, 5, "outside"},
		{"past the end", 0, len(a.Body) + 1, "outside"},
		{"empty", 4, 4, "outside"},
		{"reversed", 9, 4, "outside"},
		{"inside a character", start + 1, start + 6, "cuts a character"},
		{"end inside a character", start, start + 1, "cuts a character"},
		{"only spaces", strings.Index(a.Body, "  "), strings.Index(a.Body, "  ") + 2, "no text"},
		{"exact duplicate", c.Start, c.End, "already"},
		{"engine claim duplicate", cs[len(cs)-1].Start, cs[len(cs)-1].End, "already"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.AddClaim(ctx, tm.reviewer, a.ID, tc.start, tc.end)
			if msg := fieldErr(t, err, "span"); !strings.Contains(msg, tc.want) {
				t.Errorf("got %q, want it to contain %q", msg, tc.want)
			}
		})
	}
	if _, err := s.AddClaim(ctx, tm.reviewer, 999, 0, 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown article: got %v, want ErrNotFound", err)
	}
	gone := *tm.reviewer
	gone.Disabled = true
	if _, err := s.AddClaim(ctx, &gone, a.ID, 0, 5); !errors.Is(err, ErrForbidden) {
		t.Errorf("disabled user: got %v, want ErrForbidden", err)
	}
}

func TestPromoteCandidate(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	_, cs := importArticle(t, s, "Critics disagree. Exports rose 7 percent.")
	var cand Claim
	for _, c := range cs {
		if c.Candidate {
			cand = c
		}
	}
	if cand.ID == 0 {
		t.Fatal("no candidate")
	}
	if _, err := s.PromoteClaim(ctx, tm.reviewer, cand.ID, cand.Version+1); !errors.Is(err, ErrConflict) {
		t.Errorf("stale promote: got %v, want ErrConflict", err)
	}
	p, err := s.PromoteClaim(ctx, tm.reviewer, cand.ID, cand.Version)
	if err != nil {
		t.Fatal(err)
	}
	if p.Candidate || p.Version != cand.Version+1 {
		t.Errorf("got candidate %v version %d", p.Candidate, p.Version)
	}
	h, _ := s.History(ctx, p.ID)
	if last := h[len(h)-1]; last.Field != "candidate" || last.From != "yes" || last.To != "no" {
		t.Errorf("got history row %+v", last)
	}
	// Adding a candidate's exact span promotes it too.
	_, cs = importArticle(t, s, "Nobody knows. Prices rose 4 percent.")
	for _, c := range cs {
		if c.Candidate {
			got, err := s.AddClaim(ctx, tm.reviewer, c.ArticleID, c.Start, c.End)
			if err != nil || got.ID != c.ID || got.Candidate {
				t.Errorf("adding a candidate's span: got %+v, %v; want claim %d promoted", got, err, c.ID)
			}
		}
	}
}

func TestMergeClaims(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, _ := importArticle(t, s, threeSentences)
	first, second := claimAt(t, s, a, "Exports rose 7 percent in 2025."), claimAt(t, s, a, "Imports fell 3 percent.")
	ev, err := s.AddEvidence(ctx, tm.reviewer, second.ID, NewEvidence{URL: "https://x.example/imports", Stance: StanceSupports})
	if err != nil {
		t.Fatal(err)
	}
	s.AddComment(ctx, tm.reviewer, second.ID, "see the customs data")
	second2, _ := s.Claim(ctx, second.ID)

	if _, err := s.MergeClaims(ctx, tm.reviewer, second.ID, first.ID, second.Version, first.Version); !errors.Is(err, ErrConflict) {
		t.Errorf("merging at a stale version: got %v, want ErrConflict", err)
	}
	// The order does not matter for the span: it runs from the lower start to the higher end.
	m, err := s.MergeClaims(ctx, tm.reviewer, second.ID, first.ID, second2.Version, first.Version)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != second.ID || m.Start != first.Start || m.End != second.End || m.Text != a.Body[first.Start:second.End] || m.Origin != "merge" {
		t.Errorf("got merged %d %d–%d %q origin %s", m.ID, m.Start, m.End, m.Text, m.Origin)
	}
	gone, _ := s.Claim(ctx, first.ID)
	if gone.Status != StatusDismissed || gone.DismissReason != "merged into #"+itoa(m.ID) || gone.Version != first.Version+1 {
		t.Errorf("got other %s %q version %d", gone.Status, gone.DismissReason, gone.Version)
	}
	if evs, _ := s.Evidence(ctx, m.ID); len(evs) != 1 || evs[0].ID != ev.ID {
		t.Errorf("evidence did not stay with the merged claim: %+v", evs)
	}
	if cms, _ := s.Comments(ctx, m.ID); len(cms) != 1 {
		t.Errorf("got %d comments on the merged claim, want 1", len(cms))
	}
	h, _ := s.History(ctx, m.ID)
	var fields []string
	for _, e := range h[len(h)-4:] {
		fields = append(fields, e.Field)
	}
	// The statement nobody edited follows the merged text.
	if strings.Join(fields, ",") != "span,text,statement,merged" || m.Statement != suggestStatement(m.Text, m.Speaker) {
		t.Errorf("got last history fields %v", fields)
	}
	// Refusals.
	other, _ := importArticle(t, s, "Wages rose 3 percent.")
	ocs, _ := s.Claims(ctx, ClaimFilter{ArticleID: other.ID})
	m, _ = s.Claim(ctx, m.ID)
	if _, err := s.MergeClaims(ctx, tm.reviewer, m.ID, ocs[0].ID, m.Version, ocs[0].Version); !strings.Contains(fieldErr(t, err, "other"), "same article") {
		t.Errorf("across articles: got %v", err)
	}
	gone, _ = s.Claim(ctx, first.ID)
	if _, err := s.MergeClaims(ctx, tm.reviewer, m.ID, first.ID, m.Version, gone.Version); !strings.Contains(fieldErr(t, err, "status"), "dismissed") {
		t.Errorf("with a dismissed claim: got %v", err)
	}
	if _, err := s.MergeClaims(ctx, tm.reviewer, m.ID, m.ID, m.Version, m.Version); fieldErr(t, err, "other") == "" {
		t.Error("no message")
	}
}

func TestSplitClaim(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, _ := importArticle(t, s, "Exports rose 7 percent, and imports fell 3 percent in 2025.")
	// A claim of the whole sentence, whatever the engine made of it.
	c0, err := s.AddClaim(ctx, tm.reviewer, a.ID, 0, len(a.Body))
	if err != nil && !strings.Contains(err.Error(), "already") {
		t.Fatal(err)
	}
	if c0 == nil {
		cs, _ := s.Claims(ctx, ClaimFilter{ArticleID: a.ID, IncludeCandidates: true})
		for i := range cs {
			if cs[i].Start == 0 && cs[i].End == len(a.Body) {
				c0 = &cs[i]
			}
		}
	}
	c := *update(t, s, tm.reviewer, c0, ClaimUpdate{Assignee: new("rita"), Status: new(StatusResearching), Verdict: new("True")})
	at := strings.Index(a.Body, " and")
	bad := []struct {
		name string
		at   int
		want string
	}{
		{"at the start", c.Start, "inside the claim"},
		{"past the end", c.End + 1, "inside the claim"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := s.SplitClaim(ctx, tm.reviewer, c.ID, c.Version, tc.at)
			if msg := fieldErr(t, err, "at"); !strings.Contains(msg, tc.want) {
				t.Errorf("got %q, want %q", msg, tc.want)
			}
		})
	}
	if _, _, err := s.SplitClaim(ctx, tm.reviewer, c.ID, c.Version-1, at); !errors.Is(err, ErrConflict) {
		t.Errorf("stale split: got %v, want ErrConflict", err)
	}
	first, second, err := s.SplitClaim(ctx, tm.reviewer, c.ID, c.Version, at)
	if err == nil && first.Candidate != c.Candidate {
		t.Errorf("first part: candidate %v, want the original's %v", first.Candidate, c.Candidate)
	}
	if err != nil {
		t.Fatal(err)
	}
	if first.ID != c.ID || first.Text != "Exports rose 7 percent," || first.Verdict != "True" || first.Version != c.Version+1 {
		t.Errorf("first: got %+v", first)
	}
	if second.Text != "and imports fell 3 percent in 2025." || second.Origin != "split" || second.Assignee != "rita" ||
		second.Status != StatusResearching || second.Verdict != "" || a.Body[second.Start:second.End] != second.Text {
		t.Errorf("second: got %+v", second)
	}
	if first.Score != s.model.Score(first.Text).P || second.Score != s.model.Score(second.Text).P {
		t.Error("the parts were not rescored")
	}
	h, _ := s.History(ctx, second.ID)
	if len(h) != 1 || h[0].Field != "created" || h[0].To != "split" || h[0].Note != "split from #"+itoa(c.ID) {
		t.Errorf("second's history: %+v", h)
	}
	// On a multi-byte text, a split inside a character is refused.
	b, _ := importArticle(t, s, "Рост составил 5 процентов.")
	bc, err := s.AddClaim(ctx, tm.reviewer, b.ID, 0, strings.Index(b.Body, " 5"))
	if err != nil {
		t.Fatal(err)
	}
	mid := strings.Index(b.Body, "составил") + 1
	if _, _, err := s.SplitClaim(ctx, tm.reviewer, bc.ID, bc.Version, mid); !strings.Contains(fieldErr(t, err, "at"), "cuts a character") {
		t.Errorf("split inside a character: got %v", err)
	}
}

func TestContext(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	a, _ := importArticle(t, s, "One is 1. Two is 2. Three is 3. Four is 4. Five is 5.")
	mid := claimAt(t, s, a, "Three is 3.")
	before, after, err := s.Context(ctx, &mid, 1)
	if err != nil || before != "Two is 2." || after != "Four is 4." {
		t.Errorf("n=1: got %q / %q, %v", before, after, err)
	}
	before, after, _ = s.Context(ctx, &mid, 5)
	if before != "One is 1. Two is 2." || after != "Four is 4. Five is 5." {
		t.Errorf("n=5: got %q / %q", before, after)
	}
	first := claimAt(t, s, a, "One is 1.")
	if before, after, _ := s.Context(ctx, &first, 2); before != "" || after != "Two is 2. Three is 3." {
		t.Errorf("first claim: got %q / %q", before, after)
	}
}

func TestQueueAndStats(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, _ := importArticle(t, s, "A is 1. B is 22. C is 333.")
	cs := []Claim{claimAt(t, s, a, "A is 1."), claimAt(t, s, a, "B is 22."), claimAt(t, s, a, "C is 333.")}
	for _, c := range mustClaims(t, s, a.ID) {
		if c.ID != cs[0].ID && c.ID != cs[1].ID && c.ID != cs[2].ID {
			update(t, s, tm.editor, &c, ClaimUpdate{Status: new(StatusDismissed), Note: "not under test"})
		}
	}
	update(t, s, tm.reviewer, &cs[0], ClaimUpdate{Assignee: new("rita")})
	update(t, s, tm.editor, &cs[1], ClaimUpdate{Assignee: new("ravi"), Status: new(StatusNeedsReview)})
	dis := update(t, s, tm.reviewer, &cs[2], ClaimUpdate{Status: new(StatusDismissed), Note: "opinion"})
	_ = dis
	ids := func(cs []Claim) (out []int64) {
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	q, err := s.Queue(ctx, tm.reviewer)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(q); len(got) != 1 || got[0] != cs[0].ID {
		t.Errorf("rita's queue: got %v, want only her claim %d (ravi's, the dismissed and the candidate left out)", got, cs[0].ID)
	}
	q, _ = s.Queue(ctx, tm.editor)
	if got := ids(q); len(got) != 1 || got[0] != cs[1].ID {
		t.Errorf("editor's queue: got %v, want the claim awaiting sign-off %d", got, cs[1].ID)
	}
	b, _ := importArticle(t, s, "X is 5555. Y is 6.")
	x, y := claimAt(t, s, b, "X is 5555."), claimAt(t, s, b, "Y is 6.")
	// Any other claims of b (and candidates) are not ours to count.
	for _, c := range mustClaims(t, s, b.ID) {
		if c.ID != x.ID && c.ID != y.ID {
			update(t, s, tm.editor, &c, ClaimUpdate{Status: new(StatusDismissed), Note: "not under test"})
		}
	}
	q, _ = s.Queue(ctx, tm.reviewer)
	if got := ids(q); len(got) != 3 || got[0] != cs[0].ID {
		t.Errorf("rita's queue: got %v, want hers first, then the unassigned ones", got)
	}

	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dismissedExtra := countWhere(t, s, "candidate = 0 AND status = 'dismissed'") - 1
	wantStatus := map[Status]int{StatusNew: 3, StatusResearching: 0, StatusNeedsReview: 1, StatusDone: 0, StatusDismissed: 1 + dismissedExtra}
	for k, v := range wantStatus {
		if st.ByStatus[k] != v {
			t.Errorf("by status %s: got %d, want %d", k, st.ByStatus[k], v)
		}
	}
	if len(st.ByVerdict) != 7 || st.ByVerdict["True"] != 0 {
		t.Errorf("by verdict: got %v, want the 7 steps at 0", st.ByVerdict)
	}
	if len(st.Articles) != 2 || st.Articles[1].Total != 2 || st.Articles[0].Total != 2 || st.Articles[1].Done != 0 {
		t.Errorf("articles: got %+v", st.Articles)
	}
	act, err := s.RecentActivity(ctx, 3)
	if err != nil || len(act) != 3 {
		t.Fatalf("got %d rows, %v", len(act), err)
	}
	if act[0].ID < act[1].ID || act[0].ClaimText == "" || act[0].ArticleID == 0 || act[0].ArticleTitle == "" {
		t.Errorf("activity: got %+v, want newest first with claim text and article", act[0])
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustClaims(t *testing.T, s *Store, articleID int64) []Claim {
	t.Helper()
	cs, err := s.Claims(context.Background(), ClaimFilter{ArticleID: articleID, IncludeCandidates: true})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func countWhere(t *testing.T, s *Store, where string) int {
	t.Helper()
	var n int
	if err := s.db.Write.QueryRow("SELECT count(*) FROM claims WHERE " + where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
