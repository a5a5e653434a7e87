package review

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var sampleChecks = []NewFactCheck{
	{ClaimText: "Unemployment in Ohio rose 10 percent in 2020.", Title: "Did Ohio unemployment rise 10 percent?", Rating: "Mostly False",
		Publisher: "Meter", URL: "https://meter.example/ohio", Published: "2021-02-03", Language: "en", Claimant: "A senator"},
	{ClaimText: "Wind turbines kill more birds than any other human activity.", Title: "Turbines and birds", Rating: "False",
		Publisher: "Meter", URL: "https://meter.example/birds", Published: "2021-08-30T12:00:00Z"},
	{ClaimText: "A video shows a 10-meter-long anaconda swimming across a river in Brazil.", Title: "Giant anaconda?", Rating: "Miscaptioned",
		Publisher: "Desk", URL: "https://desk.example/anaconda"},
}

func importChecks(t *testing.T, s *Store, in []NewFactCheck) []FactCheckResult {
	t.Helper()
	res, err := s.ImportFactChecks(context.Background(), nil, in)
	if err != nil {
		t.Fatalf("import fact-checks: %v", err)
	}
	return res
}

func TestImportFactChecks(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	in := append([]NewFactCheck{}, sampleChecks...)
	in = append(in,
		NewFactCheck{ClaimText: "No link."},
		NewFactCheck{URL: "https://desk.example/empty"},
		NewFactCheck{ClaimText: "A bad link.", URL: "javascript:alert(1)"},
		NewFactCheck{ClaimText: "Bad \xff bytes.", URL: "https://desk.example/bytes"},
	)
	res := importChecks(t, s, in)
	for i, r := range res {
		if bad := i >= len(sampleChecks); bad != (r.Err != nil) {
			t.Errorf("record %d: got %+v, want refused %v", i, r, bad)
		}
	}
	for i, field := range []string{"url", "claim_text", "url", "claim_text"} {
		if fieldErr(t, res[len(sampleChecks)+i].Err, field) == "" {
			t.Errorf("bad record %d: no message for %s", i, field)
		}
	}
	if n := countRows(t, s, "fact_checks"); n != len(sampleChecks) {
		t.Fatalf("stored %d fact-checks, want %d", n, len(sampleChecks))
	}
	f, err := s.FactCheck(ctx, res[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.Published != "2021-08-30" || f.Rating != "False" || f.URL != "https://meter.example/birds" {
		t.Errorf("stored %+v, want the day of the time and the fields as given", f)
	}
	// Again, with a changed rating: the same rows, updated.
	clock.Advance(time.Hour)
	again := append([]NewFactCheck{}, sampleChecks...)
	again[0].Rating = "False"
	res2 := importChecks(t, s, again)
	for i, r := range res2 {
		if r.Err != nil || r.ID != res[i].ID || !r.Updated {
			t.Errorf("re-import %d: got %+v, want an update of %d", i, r, res[i].ID)
		}
	}
	if n := countRows(t, s, "fact_checks"); n != len(sampleChecks) {
		t.Errorf("after a re-import: %d fact-checks, want %d", n, len(sampleChecks))
	}
	var idx int
	if err := s.db.Read.QueryRow("SELECT count(*) FROM match_fts WHERE rowid < 0").Scan(&idx); err != nil {
		t.Fatal(err)
	}
	if idx != len(sampleChecks) {
		t.Errorf("index rows of fact-checks: %d, want %d", idx, len(sampleChecks))
	}
	if f, _ := s.FactCheck(ctx, res[0].ID); f.Rating != "False" {
		t.Errorf("rating after re-import: %q, want False", f.Rating)
	}
	if _, err := s.FactCheck(ctx, 424242); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing fact-check: %v, want ErrNotFound", err)
	}
	// The same URL with another claim (a round-up page) is another row.
	round := sampleChecks[0]
	round.ClaimText = "Ohio lost 200,000 jobs in 2020."
	if r := importChecks(t, s, []NewFactCheck{round}); r[0].Err != nil || r[0].Updated {
		t.Errorf("a second claim of the same page: %+v, want a new row", r[0])
	}
}

func TestMatchTextExactFactCheckFirst(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	res := importChecks(t, s, sampleChecks)
	c := importOne(t, s, tm.reviewer, "Wind turbines kill many birds every year, the minister said.", "Wind turbines kill many birds every year, the minister said.")
	matchAll(t, s)
	for i, fc := range sampleChecks {
		got, err := s.MatchText(ctx, fc.ClaimText, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].Kind != KindFactCheck || got[0].ID != res[i].ID {
			t.Fatalf("MatchText(%q) = %+v, want fact-check %d first", fc.ClaimText, got, res[i].ID)
		}
		a := got[0]
		if a.Text != fc.ClaimText || a.URL != fc.URL || a.Rating == nil || *a.Rating != fc.Rating || a.Status != nil || a.Verdict != nil || a.Score < 0 || a.Score > 1 {
			t.Errorf("answer %+v, want the fact-check's text, url and rating, no status or verdict, a score in [0, 1]", a)
		}
		for j := 1; j < len(got); j++ {
			if got[j].Score > got[j-1].Score {
				t.Errorf("answers not best first: %+v", got)
			}
		}
	}
	got, err := s.MatchText(ctx, "wind turbines birds", 0)
	if err != nil {
		t.Fatal(err)
	}
	var claim *Answer
	for i := range got {
		if got[i].Kind == KindClaim && got[i].ID == c.ID {
			claim = &got[i]
		}
	}
	if claim == nil {
		t.Fatalf("answers %+v lack claim %d", got, c.ID)
	}
	if claim.URL != fmt.Sprintf("/claims/%d", c.ID) || claim.Status == nil || *claim.Status != "new" || claim.Verdict != nil || claim.Rating != nil {
		t.Errorf("claim answer %+v, want its page, status new, no verdict", claim)
	}
	// A verdict in progress is not a verdict.
	if _, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, Verdict: new("False")}); err != nil {
		t.Fatal(err)
	}
	// The claim is indexed as checked: its statement when it has one.
	own := c.Text
	if c.Statement != "" {
		own = c.Statement
	}
	got, _ = s.MatchText(ctx, own, 1)
	if len(got) != 1 || got[0].ID != c.ID || got[0].Verdict != nil || got[0].Text != own {
		t.Errorf("limit 1 on the claim's own text: %+v, want the claim with a null verdict and its statement as text", got)
	}
	for _, tt := range []struct {
		text  string
		limit int
		field string
	}{{"x", -1, "limit"}, {"x", MaxMatchLimit + 1, "limit"}, {strings.Repeat("a ", MaxMatchText), 0, "text"}, {"a\x00b", 0, "text"}} {
		if _, err := s.MatchText(ctx, tt.text, tt.limit); fieldErr(t, err, tt.field) == "" {
			t.Errorf("MatchText(%.20q, %d): no message for %s", tt.text, tt.limit, tt.field)
		}
	}
	if got, err := s.MatchText(ctx, "the of and", 0); err != nil || len(got) != 0 {
		t.Errorf("only stop-words: %+v, %v; want no answers", got, err)
	}
}

// Each claim's top matches are stored, fact-checks included; a later
// fact-check import marks the open claims it may answer, and the matcher
// stores it for them; a dismissed claim is left as it was.
func TestStoredMatchesAfterFactCheckImport(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	importChecks(t, s, sampleChecks[1:2])
	open := importOne(t, s, tm.reviewer, "Unemployment in Ohio rose 10 percent in 2020, the governor said.", "Unemployment in Ohio rose 10 percent in 2020, the governor said.")
	closed := importOne(t, s, tm.reviewer, "In 2020 unemployment in Ohio rose by 10 percent, a senator said.", "In 2020 unemployment in Ohio rose by 10 percent, a senator said.")
	birds := importOne(t, s, tm.reviewer, "Wind turbines kill more birds than cats do, he said.", "Wind turbines kill more birds than cats do, he said.")
	matchAll(t, s)
	ms, _ := s.Matches(ctx, birds.ID)
	if len(ms) == 0 || ms[0].Kind != KindFactCheck || ms[0].Rating != "False" || ms[0].URL != "https://meter.example/birds" || ms[0].FactCheck == nil {
		t.Fatalf("matches of the birds claim: %+v, want the birds fact-check first with its rating and link", ms)
	}
	if _, err := s.UpdateClaim(ctx, tm.editor, closed.ID, ClaimUpdate{Version: closed.Version, Status: new(StatusDismissed), Note: "off topic"}); err != nil {
		t.Fatal(err)
	}
	res := importChecks(t, s, sampleChecks[:1])
	p := matchAll(t, s)
	if p.FactChecks != 1 {
		t.Errorf("matcher: %+v, want the new fact-check taken", p)
	}
	ms, _ = s.Matches(ctx, open.ID)
	if m := factCheckMatch(ms, res[0].ID); m == nil {
		t.Errorf("open claim's matches after the fact-check import: %+v, want fact-check %d", ms, res[0].ID)
	}
	ms, _ = s.Matches(ctx, closed.ID)
	for _, m := range ms {
		if m.Kind == KindFactCheck {
			t.Errorf("a dismissed claim was matched again: %+v", ms)
		}
	}
	// Decisions stay when the matches are found again.
	var mid int64
	for _, m := range mustMatches(t, s, open.ID) {
		if m.Kind == KindFactCheck {
			mid = m.ID
		}
	}
	if _, err := s.RejectMatch(ctx, tm.reviewer, open.ID, mid); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Write.Exec("UPDATE claims SET matched_at = NULL"); err != nil {
		t.Fatal(err)
	}
	matchAll(t, s)
	found := false
	for _, m := range mustMatches(t, s, open.ID) {
		if m.ID == mid {
			found = m.State == MatchRejected
		}
	}
	if !found {
		t.Errorf("the rejected fact-check match was lost when matching again: %+v", mustMatches(t, s, open.ID))
	}
	h, _ := s.History(ctx, open.ID)
	if last := h[len(h)-1]; last.Field != "match" || last.To != "rejected" || !strings.HasPrefix(last.Note, "fact-check #") {
		t.Errorf("history ends with %+v, want the rejected fact-check", last)
	}
	if _, err := s.CopyFromMatch(ctx, tm.reviewer, open.ID, mid, 0, CopyVerdict); fieldErr(t, err, "match") == "" {
		t.Error("copying from a fact-check match gave no message")
	}
}

func mustMatches(t *testing.T, s *Store, claimID int64) []Match {
	t.Helper()
	ms, err := s.Matches(context.Background(), claimID)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// One sentence repeated many times is ranked once; every occurrence
// keeps its own claim and span and gets the same matches.
func TestMatchRepeatedSentenceOnce(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	importChecks(t, s, sampleChecks)
	const n = 300
	sentence := "Wind turbines kill more birds than any other human activity, the report said."
	_, cs, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Title: "t", Text: strings.Repeat(sentence+"\n\n", n)})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != n {
		t.Fatalf("got %d claims, want %d", len(cs), n)
	}
	p := matchAll(t, s)
	if p.Claims != n || p.Texts != 1 {
		t.Errorf("matcher: %+v, want %d claims and 1 text ranked", p, n)
	}
	var first []Match
	for i, c := range cs {
		if c.Start != i*(len(sentence)+2) || c.Text != sentence {
			t.Fatalf("claim %d at %d: %q", i, c.Start, c.Text)
		}
		ms := mustMatches(t, s, c.ID)
		if len(ms) == 0 || ms[0].Kind != KindFactCheck {
			t.Fatalf("claim %d: matches %+v, want the fact-check first", i, ms)
		}
		if i == 0 {
			first = ms
		} else if len(ms) != len(first) || ms[0].OtherID != first[0].OtherID {
			t.Fatalf("claim %d: matches %+v differ from the first's %+v", i, ms, first)
		}
	}
}

// The budget bounds the texts one article costs; the claims past it are
// not left pending.
func TestMatchBudget(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	var b strings.Builder
	for i := range MatchBudget + 20 {
		fmt.Fprintf(&b, "The harbour of town number %d handled %d tonnes of cargo in 2018.\n\n", i, 1000+i)
	}
	if _, _, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Title: "t", Text: b.String()}); err != nil {
		t.Fatal(err)
	}
	p := matchAll(t, s)
	if p.Texts != MatchBudget || p.Claims != MatchBudget+20 || pendingClaims(t, s) != 0 {
		t.Errorf("matcher: %+v, pending %d; want %d texts ranked, %d claims done, none pending", p, pendingClaims(t, s), MatchBudget, MatchBudget+20)
	}
}

// The matcher holds no write transaction while it ranks: with it held at
// its hook, between reading and writing, another reviewer's edit commits.
// (When matching ran inside the import's transaction, this edit waited
// for the whole article to be matched.)
func TestMatchingDoesNotHoldTheWriter(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	other := importOne(t, s, tm.reviewer, "Exports rose 7 percent in 2019.", "Exports rose 7 percent in 2019.")
	matchAll(t, s)
	importOne(t, s, tm.reviewer, "In 2019 exports increased by 7%.", "In 2019 exports increased by 7%.")
	held, release := make(chan struct{}), make(chan struct{})
	s.matchHook = func(stage string) {
		if stage == "ranked" {
			close(held)
			<-release
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.MatchPending(ctx, nil)
		done <- err
	}()
	<-held
	// Were the writer held, this would wait for the one writer connection
	// until the deadline and fail.
	uctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	got, err := s.UpdateClaim(uctx, tm.reviewer, other.ID, ClaimUpdate{Version: other.Version, Conclusion: new("Checked while matching ran.")})
	if err != nil {
		close(release)
		t.Fatalf("update while the matcher is held: %v", err)
	}
	if got.Conclusion != "Checked while matching ran." {
		t.Errorf("update: %+v", got)
	}
	if n := pendingClaims(t, s); n != 1 {
		t.Errorf("pending while held: %d, want 1 (nothing stored before the write)", n)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := pendingClaims(t, s); n != 0 {
		t.Errorf("pending after the matcher: %d, want 0", n)
	}
}

// A matcher stopped between its reads and its write (a crash, a shutdown)
// leaves the claims pending; the next run finds their matches.
func TestMatchPendingResumes(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	importChecks(t, s, sampleChecks)
	c := importOne(t, s, tm.reviewer, "Wind turbines kill more birds than cats, he said.", "Wind turbines kill more birds than cats, he said.")
	cctx, cancel := context.WithCancel(ctx)
	s.matchHook = func(stage string) { cancel() }
	if _, err := s.MatchPending(cctx, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped matcher: got %v, want context.Canceled", err)
	}
	if n := pendingClaims(t, s); n != 1 || countRows(t, s, "matches") != 0 {
		t.Fatalf("after a stop: %d pending, %d matches; want 1 and 0", n, countRows(t, s, "matches"))
	}
	s.matchHook = nil
	matchAll(t, s)
	if ms := mustMatches(t, s, c.ID); len(ms) == 0 || ms[0].Kind != KindFactCheck {
		t.Errorf("after the restart: %+v, want the fact-check", ms)
	}
}

// RunMatcher matches what an import leaves pending and stops when told.
func TestRunMatcher(t *testing.T) {
	s, _ := newTestStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.RunMatcher(ctx, func(err error) { t.Errorf("matcher: %v", err) }) }()
	tm := newTeam(t, s)
	importChecks(t, s, sampleChecks)
	c := importOne(t, s, tm.reviewer, "Wind turbines kill more birds than cats, he said.", "Wind turbines kill more birds than cats, he said.")
	deadline := time.Now().Add(time.Minute)
	for pendingClaims(t, s) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if ms := mustMatches(t, s, c.ID); len(ms) == 0 {
		t.Error("the running matcher stored no matches for the new claim")
	}
}

func factCheckMatch(ms []Match, id int64) *Match {
	for i := range ms {
		if ms[i].Kind == KindFactCheck && ms[i].OtherID == id {
			return &ms[i]
		}
	}
	return nil
}

// A candidate is indexed, so it answers other claims, but is not looked up
// itself until it is promoted; then its matches follow.
func TestCandidateMatchedOncePromoted(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	res := importChecks(t, s, sampleChecks[:1])
	c := importOne(t, s, tm.reviewer, sampleChecks[0].ClaimText, sampleChecks[0].ClaimText)
	if _, err := s.db.Write.Exec("UPDATE claims SET candidate = 1 WHERE id = ?", c.ID); err != nil {
		t.Fatal(err)
	}
	matchAll(t, s)
	if ms := mustMatches(t, s, c.ID); len(ms) != 0 {
		t.Errorf("a candidate was looked up: %+v, want no matches before it is promoted", ms)
	}
	got, err := s.MatchText(ctx, sampleChecks[0].ClaimText, 0)
	if err != nil {
		t.Fatal(err)
	}
	indexed := false
	for _, a := range got {
		indexed = indexed || (a.Kind == KindClaim && a.ID == c.ID)
	}
	if !indexed {
		t.Errorf("answers %+v lack the candidate %d: it must answer other claims", got, c.ID)
	}
	cur, err := s.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PromoteClaim(ctx, tm.reviewer, c.ID, cur.Version); err != nil {
		t.Fatal(err)
	}
	if p := matchAll(t, s); p.Claims != 1 {
		t.Errorf("matcher after the promotion: %+v, want the promoted claim matched", p)
	}
	if m := factCheckMatch(mustMatches(t, s, c.ID), res[0].ID); m == nil {
		t.Errorf("the promoted claim's matches %+v lack fact-check %d", mustMatches(t, s, c.ID), res[0].ID)
	}
}
