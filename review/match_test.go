package review

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// importOne imports text as an article and returns its one non-candidate
// claim whose text is want.
func importOne(t *testing.T, s *Store, actor *User, text, want string) Claim {
	t.Helper()
	_, cs, err := s.ImportArticle(context.Background(), actor, NewArticle{Title: "t", Text: text})
	if err != nil {
		t.Fatalf("import %q: %v", text, err)
	}
	for _, c := range cs {
		if c.Text == want {
			if c.Candidate {
				t.Fatalf("claim %q was stored as a candidate; the test needs a claim", want)
			}
			return c
		}
	}
	t.Fatalf("import %q: no claim %q among %d", text, want, len(cs))
	return Claim{}
}

func matchOf(ms []Match, otherID int64) *Match {
	for i := range ms {
		if ms[i].Kind == KindClaim && ms[i].OtherID == otherID {
			return &ms[i]
		}
	}
	return nil
}

// matchAll runs the matcher until nothing is pending.
func matchAll(t *testing.T, s *Store) MatchProgress {
	t.Helper()
	p, err := s.MatchPending(context.Background(), nil)
	if err != nil {
		t.Fatalf("match pending: %v", err)
	}
	return p
}

func pendingClaims(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.Read.QueryRow("SELECT count(*) FROM claims WHERE matched_at IS NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Import stores claims pending and matches nothing; the matcher then
// stores each claim's matches, seen from both claims, once.
func TestMatchesAfterImport(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	orig := importOne(t, s, tm.reviewer, "Unemployment in Ohio rose 10 percent in 2020, the governor said.", "Unemployment in Ohio rose 10 percent in 2020, the governor said.")
	clock.Advance(3600e9)
	c := importOne(t, s, tm.reviewer, "In 2020 unemployment in Ohio increased by 10%, the governor said.", "In 2020 unemployment in Ohio increased by 10%, the governor said.")
	if n := countRows(t, s, "matches"); n != 0 {
		t.Fatalf("import stored %d matches itself, want none (the matcher's work)", n)
	}
	if n := pendingClaims(t, s); n != 2 {
		t.Fatalf("pending claims after import: got %d, want 2", n)
	}
	p := matchAll(t, s)
	if p.Claims != 2 || pendingClaims(t, s) != 0 {
		t.Fatalf("matcher: %+v, pending %d; want 2 claims matched, none pending", p, pendingClaims(t, s))
	}
	ms, err := s.Matches(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := matchOf(ms, orig.ID)
	if len(ms) != 1 || m == nil {
		t.Fatalf("matches of the later claim: %+v, want the original once", ms)
	}
	if m.Kind != KindClaim || m.State != MatchSuggested || m.Text != orig.Text || m.Score <= 0 || m.Score > 1 || m.URL != fmt.Sprintf("/claims/%d", orig.ID) {
		t.Errorf("got match %+v, want a suggested claim match with the original's text, page and a score in (0, 1]", m)
	}
	back, err := s.Matches(ctx, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if b := matchOf(back, c.ID); len(back) != 1 || b == nil {
		t.Errorf("the original's matches %+v, want claim %d once", back, c.ID)
	}
	// A second pass has nothing to do.
	if p := matchAll(t, s); p.Claims != 0 || p.Texts != 0 {
		t.Errorf("second pass: %+v, want no work", p)
	}
}

func TestMatchesIgnoreOwnArticle(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	_, cs, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Title: "t", Text: "Exports rose 7 percent in 2019.\n\nIn 2019 exports increased by 7%."})
	if err != nil {
		t.Fatal(err)
	}
	matchAll(t, s)
	for _, c := range cs {
		ms, err := s.Matches(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 0 {
			t.Errorf("claim %q matched %+v inside its own article, want none", c.Text, ms)
		}
	}
	if _, err := s.Matches(ctx, 999999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Matches of a missing claim: got %v, want ErrNotFound", err)
	}
}

func TestConfirmAndRejectMatch(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	orig := importOne(t, s, tm.reviewer, "Unemployment in Ohio rose 10 percent in 2020.", "Unemployment in Ohio rose 10 percent in 2020.")
	clock.Advance(60e9)
	c := importOne(t, s, tm.reviewer, "In 2020 unemployment in Ohio increased by 10%.", "In 2020 unemployment in Ohio increased by 10%.")
	matchAll(t, s)
	ms, err := s.Matches(ctx, c.ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("matches: %+v, %v; want one", ms, err)
	}
	mid := ms[0].ID
	clock.Advance(60e9)
	m, err := s.ConfirmMatch(ctx, tm.reviewer, c.ID, mid)
	if err != nil {
		t.Fatal(err)
	}
	if m.State != MatchConfirmed || m.OtherID != orig.ID {
		t.Errorf("confirm: got %+v, want confirmed with claim %d", m, orig.ID)
	}
	var by int64
	var at string
	if err := s.db.Write.QueryRow("SELECT decided_by, decided_at FROM matches WHERE id = ?", mid).Scan(&by, &at); err != nil {
		t.Fatal(err)
	}
	if by != tm.reviewer.ID || parseTime(at) != clock.Now() {
		t.Errorf("decided by %d at %s, want %d at %s", by, at, tm.reviewer.ID, clock.Now())
	}
	// Nothing of the earlier claim is copied.
	after, err := s.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Verdict != "" || after.Conclusion != "" || after.Version != c.Version {
		t.Errorf("confirming changed the claim: %+v", after)
	}
	// Changing one's mind is remembered too, and seen from the other side.
	if m, err = s.RejectMatch(ctx, tm.editor, orig.ID, mid); err != nil || m.State != MatchRejected || m.OtherID != c.ID {
		t.Fatalf("reject from the other claim: %+v, %v", m, err)
	}
	h, err := s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := h[len(h)-1]
	if last.Field != "match" || last.From != "suggested" || last.To != "confirmed" || last.User != "rita" {
		t.Errorf("claim history ends with %+v, want rita's match suggested→confirmed", last)
	}
	h, err = s.History(ctx, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	last = h[len(h)-1]
	if last.Field != "match" || last.From != "confirmed" || last.To != "rejected" || last.User != "eddie" {
		t.Errorf("original's history ends with %+v, want eddie's match confirmed→rejected", last)
	}
	// A match is reached only through one of its claims.
	third := importOne(t, s, tm.reviewer, "The harbour of Leith handled 4 million tonnes in 2018.", "The harbour of Leith handled 4 million tonnes in 2018.")
	if _, err := s.ConfirmMatch(ctx, tm.reviewer, third.ID, mid); !errors.Is(err, ErrNotFound) {
		t.Errorf("confirm through an unrelated claim: got %v, want ErrNotFound", err)
	}
	if _, err := s.ConfirmMatch(ctx, tm.reviewer, c.ID, 424242); !errors.Is(err, ErrNotFound) {
		t.Errorf("confirm a missing match: got %v, want ErrNotFound", err)
	}
	if err := s.SetUserDisabled(ctx, tm.admin, tm.reviewer2.ID, true); err != nil {
		t.Fatal(err)
	}
	tm.reviewer2.Disabled = true
	if _, err := s.ConfirmMatch(ctx, tm.reviewer2, c.ID, mid); !errors.Is(err, ErrForbidden) {
		t.Errorf("a disabled user confirms: got %v, want ErrForbidden", err)
	}
}

func TestCopyFromMatch(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	orig := importOne(t, s, tm.reviewer, "Unemployment in Ohio rose 10 percent in 2020.", "Unemployment in Ohio rose 10 percent in 2020.")
	if _, err := s.AddEvidence(ctx, tm.reviewer, orig.ID, NewEvidence{URL: "https://stats.example/ohio", Title: "Ohio jobs", Stance: StanceRefutes, Quote: "rose 4 percent"}); err != nil {
		t.Fatal(err)
	}
	o, _ := s.Claim(ctx, orig.ID)
	if _, err := s.UpdateClaim(ctx, tm.reviewer, orig.ID, ClaimUpdate{Version: o.Version, Verdict: new("False"), Conclusion: new("The rise was 4 percent.")}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(60e9)
	c := importOne(t, s, tm.reviewer, "In 2020 unemployment in Ohio increased by 10%.", "In 2020 unemployment in Ohio increased by 10%.")
	matchAll(t, s)
	ms, _ := s.Matches(ctx, c.ID)
	if len(ms) != 1 {
		t.Fatalf("matches %+v", ms)
	}
	mid := ms[0].ID
	if _, err := s.CopyFromMatch(ctx, tm.reviewer, c.ID, mid, c.Version, CopyVerdict); fieldErr(t, err, "match") == "" {
		t.Error("copying from a suggested match gave no message")
	}
	if _, err := s.ConfirmMatch(ctx, tm.reviewer, c.ID, mid); err != nil {
		t.Fatal(err)
	}
	got, err := s.CopyFromMatch(ctx, tm.reviewer, c.ID, mid, c.Version, CopyVerdict)
	if err != nil || got.Verdict != "False" || got.Conclusion != "" {
		t.Fatalf("copy verdict: %+v, %v; want the verdict only", got, err)
	}
	var ce *ConflictError
	if _, err := s.CopyFromMatch(ctx, tm.reviewer, c.ID, mid, c.Version, CopyConclusion); !errors.As(err, &ce) {
		t.Errorf("copy at a stale version: %v, want a *ConflictError", err)
	}
	if got, err = s.CopyFromMatch(ctx, tm.reviewer, c.ID, mid, got.Version, CopyConclusion); err != nil || got.Conclusion != "The rise was 4 percent." {
		t.Fatalf("copy conclusion: %+v, %v", got, err)
	}
	for i := 0; i < 2; i++ { // twice: the second adds nothing
		if _, err := s.CopyFromMatch(ctx, tm.reviewer, c.ID, mid, 0, CopyEvidence); err != nil {
			t.Fatal(err)
		}
	}
	ev, _ := s.Evidence(ctx, c.ID)
	if len(ev) != 1 || ev[0].Source.URL != "https://stats.example/ohio" || ev[0].Stance != StanceRefutes || ev[0].Quote != "rose 4 percent" {
		t.Errorf("copied evidence %+v, want the one piece", ev)
	}
	h, _ := s.History(ctx, c.ID)
	found := false
	for _, e := range h {
		found = found || e.Field == "verdict" && e.To == "False" && strings.Contains(e.Note, "copied from claim")
	}
	if !found {
		t.Errorf("history %+v has no copied verdict row", h)
	}
	if _, err := s.CopyFromMatch(ctx, tm.reviewer, c.ID, mid, got.Version, "everything"); fieldErr(t, err, "what") == "" {
		t.Error("an unknown thing to copy gave no message")
	}
}

// The articles of one batch find each other: the matcher indexes a
// step's claims before it ranks them.
func TestMatchesWithinABatch(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	texts := []string{
		"Unemployment in Ohio rose 10 percent in 2020, the governor said.",
		"In 2020 unemployment in Ohio increased by 10%, the governor said.",
		"The harbour of Leith handled 4 million tonnes of cargo in 2018.",
	}
	var ins []NewArticle
	for _, x := range texts {
		ins = append(ins, NewArticle{Title: "t", Text: x})
	}
	res, err := s.ImportBatch(ctx, tm.reviewer, ins)
	if err != nil {
		t.Fatal(err)
	}
	claimOf := make([]int64, len(res))
	for i, r := range res {
		if r.Err != nil || len(r.Claims) != 1 {
			t.Fatalf("article %d: got %+v, want one claim", i, r)
		}
		claimOf[i] = r.Claims[0].ID
	}
	matchAll(t, s)
	ms, err := s.Matches(ctx, claimOf[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].OtherID != claimOf[1] {
		t.Errorf("matches of the first article's claim: %+v, want the second's claim %d first", ms, claimOf[1])
	}
	ms, err = s.Matches(ctx, claimOf[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].OtherID != claimOf[0] {
		t.Errorf("matches of the second article's claim: %+v, want the first's claim %d first", ms, claimOf[0])
	}
}

// confirmedMatch imports an earlier claim with evidence (each piece of
// pieces) and a reworded later claim, confirms their match and returns the
// later claim and the match's id.
func confirmedMatch(t *testing.T, s *Store, actor *User, clock *fakeClock, pieces []NewEvidence) (orig, later Claim, matchID int64) {
	t.Helper()
	ctx := context.Background()
	orig = importOne(t, s, actor, "Unemployment in Ohio rose 10 percent in 2020.", "Unemployment in Ohio rose 10 percent in 2020.")
	for _, in := range pieces {
		if _, err := s.AddEvidence(ctx, actor, orig.ID, in); err != nil {
			t.Fatalf("add evidence %s: %v", in.URL, err)
		}
	}
	clock.Advance(60e9)
	later = importOne(t, s, actor, "In 2020 unemployment in Ohio increased by 10%.", "In 2020 unemployment in Ohio increased by 10%.")
	matchAll(t, s)
	ms, err := s.Matches(ctx, later.ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("matches of the later claim: %+v, %v; want one", ms, err)
	}
	if _, err := s.ConfirmMatch(ctx, actor, later.ID, ms[0].ID); err != nil {
		t.Fatal(err)
	}
	later0, err := s.Claim(ctx, later.ID)
	if err != nil {
		t.Fatal(err)
	}
	return orig, *later0, ms[0].ID
}

// evidenceHistory is the claim's history rows about evidence.
func evidenceHistory(t *testing.T, s *Store, claimID int64) []HistoryEntry {
	t.Helper()
	h, err := s.History(context.Background(), claimID)
	if err != nil {
		t.Fatal(err)
	}
	var out []HistoryEntry
	for _, e := range h {
		if e.Field == "evidence" {
			out = append(out, e)
		}
	}
	return out
}

var threePieces = []NewEvidence{
	{URL: "https://stats.example/ohio", Title: "Ohio jobs", Stance: StanceRefutes, Quote: "rose 4 percent"},
	{URL: "https://news.example/ohio-governor", Title: "Governor's speech", Stance: StanceContext, Quote: "ten percent"},
	{URL: "https://bls.example/laus", Title: "Local area unemployment", Stance: StanceRefutes, Quote: "4.1 percent"},
}

// A copy writes every piece the claim lacks, one version up, with a
// history row per piece saying where it came from.
func TestCopyEvidenceWritesAllPieces(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	orig, c, mid := confirmedMatch(t, s, tm.reviewer, clock, threePieces)
	// The claim already has the second piece's source with its stance: it
	// is not copied again.
	if _, err := s.AddEvidence(ctx, tm.reviewer, c.ID, threePieces[1]); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Claim(ctx, c.ID)
	got, err := s.CopyFromMatch(ctx, tm.reviewer, c.ID, mid, 0, CopyEvidence)
	if err != nil {
		t.Fatalf("copy evidence: %v", err)
	}
	if got.Version != before.Version+1 {
		t.Errorf("version after the copy: got %d, want %d", got.Version, before.Version+1)
	}
	ev, _ := s.Evidence(ctx, c.ID)
	var gotURLs []string
	for _, e := range ev {
		gotURLs = append(gotURLs, e.Source.URL)
	}
	wantURLs := []string{threePieces[1].URL, threePieces[0].URL, threePieces[2].URL}
	if !slices.Equal(gotURLs, wantURLs) {
		t.Errorf("evidence after the copy: got %v, want %v", gotURLs, wantURLs)
	}
	h := evidenceHistory(t, s, c.ID)
	var copied []string
	for _, e := range h {
		if e.Note == fmt.Sprintf("copied from claim #%d", orig.ID) {
			if e.Version != got.Version {
				t.Errorf("history row %q at version %d, want %d", e.To, e.Version, got.Version)
			}
			copied = append(copied, e.To)
		}
	}
	wantCopied := []string{"refutes " + threePieces[0].URL, "refutes " + threePieces[2].URL}
	if !slices.Equal(copied, wantCopied) {
		t.Errorf("copied history rows: got %v, want %v", copied, wantCopied)
	}
}

// A failure during the copy leaves no piece copied, the version and the
// history as they were.
func TestCopyEvidenceFailureWritesNothing(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	_, c, mid := confirmedMatch(t, s, tm.reviewer, clock, threePieces)
	// The second piece written for the claim fails, as a full disk or a
	// broken constraint would.
	if _, err := s.db.Write.ExecContext(ctx, fmt.Sprintf(`CREATE TRIGGER fail_second_copy BEFORE INSERT ON evidence
		WHEN NEW.claim_id = %d AND (SELECT count(*) FROM evidence WHERE claim_id = NEW.claim_id) >= 1
		BEGIN SELECT RAISE(ABORT, 'injected failure'); END`, c.ID)); err != nil {
		t.Fatal(err)
	}
	_, err := s.CopyFromMatch(ctx, tm.reviewer, c.ID, mid, 0, CopyEvidence)
	if err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("copy with a failing second insert: got %v, want the injected failure", err)
	}
	if ev, _ := s.Evidence(ctx, c.ID); len(ev) != 0 {
		t.Errorf("evidence after a failed copy: got %d pieces, want none", len(ev))
	}
	after, _ := s.Claim(ctx, c.ID)
	if after.Version != c.Version {
		t.Errorf("version after a failed copy: got %d, want %d", after.Version, c.Version)
	}
	if h := evidenceHistory(t, s, c.ID); len(h) != 0 {
		t.Errorf("evidence history after a failed copy: got %+v, want none", h)
	}
}
