package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// importClaim imports a one-sentence article whose claim the model finds
// check-worthy and returns that claim.
func importClaim(t *testing.T, s *Store, text string) *Claim {
	t.Helper()
	_, cs, err := s.ImportArticle(context.Background(), nil, NewArticle{Text: text})
	if err != nil {
		t.Fatalf("import %q: %v", text, err)
	}
	for _, c := range cs {
		if !c.Candidate {
			return &c
		}
	}
	t.Fatalf("import %q: no check-worthy claim", text)
	return nil
}

func update(t *testing.T, s *Store, actor *User, c *Claim, u ClaimUpdate) *Claim {
	t.Helper()
	u.Version = c.Version
	got, err := s.UpdateClaim(context.Background(), actor, c.ID, u)
	if err != nil {
		t.Fatalf("update claim %d by %s with %+v: %v", c.ID, actor.Name, u, err)
	}
	return got
}

func addEvidence(t *testing.T, s *Store, actor *User, c *Claim) *Claim {
	t.Helper()
	ctx := context.Background()
	if _, err := s.AddEvidence(ctx, actor, c.ID, NewEvidence{URL: "https://stats.example/oct", Stance: StanceRefutes, Quote: "5.4 percent"}); err != nil {
		t.Fatalf("add evidence: %v", err)
	}
	got, err := s.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWorkflowToSignOffAndReopen(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	c := importClaim(t, s, "Unemployment fell to 5.2 percent in October.")

	c = update(t, s, tm.reviewer, c, ClaimUpdate{Assignee: new("rita"), Status: new(StatusResearching)})
	if c.Assignee != "rita" || c.Status != StatusResearching || c.Version != 2 {
		t.Fatalf("got assignee %q status %s version %d", c.Assignee, c.Status, c.Version)
	}
	c = update(t, s, tm.reviewer, c, ClaimUpdate{Verdict: new("  mostly TRUE "), Conclusion: new("Official data say 5.4 percent.\r\n")})
	if c.Verdict != "Mostly true" || c.Conclusion != "Official data say 5.4 percent." {
		t.Errorf("got verdict %q conclusion %q", c.Verdict, c.Conclusion)
	}
	c = addEvidence(t, s, tm.reviewer, c)
	c = update(t, s, tm.reviewer, c, ClaimUpdate{Status: new(StatusNeedsReview)})

	// A reviewer asking for done is refused, and nothing changes.
	if _, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, Status: new(StatusDone)}); !errors.Is(err, ErrForbidden) {
		t.Fatalf("reviewer signs off: got %v, want ErrForbidden", err)
	}
	// The editor signs off with a verdict change in the same update.
	c = update(t, s, tm.editor, c, ClaimUpdate{Verdict: new("False"), Status: new(StatusDone)})
	if c.Status != StatusDone || c.Verdict != "False" || c.SignedOffBy != "eddie" || c.SignedOffAt == nil {
		t.Fatalf("after sign-off: got status %s verdict %q signed by %q at %v", c.Status, c.Verdict, c.SignedOffBy, c.SignedOffAt)
	}

	// A done claim is locked.
	for _, tc := range []struct {
		name  string
		actor *User
		u     ClaimUpdate
	}{
		{"editor edits conclusion", tm.editor, ClaimUpdate{Conclusion: new("changed")}},
		{"admin changes verdict", tm.admin, ClaimUpdate{Verdict: new("True")}},
		{"reviewer reopens", tm.reviewer, ClaimUpdate{Status: new(StatusResearching), Note: "wrong"}},
		{"reviewer dismisses", tm.reviewer, ClaimUpdate{Status: new(StatusDismissed), Note: "dup"}},
		{"editor reassigns", tm.editor, ClaimUpdate{Assignee: new("ravi")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.u.Version = c.Version
			if _, err := s.UpdateClaim(ctx, tc.actor, c.ID, tc.u); !errors.Is(err, ErrForbidden) {
				t.Errorf("got %v, want ErrForbidden", err)
			}
		})
	}
	if _, err := s.AddEvidence(ctx, tm.editor, c.ID, NewEvidence{URL: "https://x.example", Stance: StanceContext}); !errors.Is(err, ErrForbidden) {
		t.Errorf("evidence on a done claim: got %v, want ErrForbidden", err)
	}
	// An editor sets the published link of a done claim.
	c = update(t, s, tm.editor, c, ClaimUpdate{ReviewURL: new("https://factcheck.example/unemployment")})
	if c.ReviewURL != "https://factcheck.example/unemployment" || c.Status != StatusDone {
		t.Errorf("got review url %q status %s", c.ReviewURL, c.Status)
	}
	// Reopen needs a reason.
	_, err := s.UpdateClaim(ctx, tm.editor, c.ID, ClaimUpdate{Version: c.Version, Status: new(StatusResearching)})
	fieldErr(t, err, "note")
	if _, err := s.UpdateClaim(ctx, tm.editor, c.ID, ClaimUpdate{Version: c.Version, Status: new(StatusNew), Note: "x"}); !strings.Contains(fieldErr(t, err, "status"), "reopened to researching") {
		t.Errorf("done->new: got %v", err)
	}
	c = update(t, s, tm.editor, c, ClaimUpdate{Status: new(StatusResearching), Note: "new figures came out"})
	if c.Status != StatusResearching || c.SignedOffBy != "" || c.SignedOffAt != nil {
		t.Errorf("after reopen: got status %s signed by %q", c.Status, c.SignedOffBy)
	}

	h, err := s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range h {
		got = append(got, e.User+":"+e.Field+":"+e.From+">"+e.To)
	}
	want := []string{
		":created:>engine",
		"rita:assignee:>rita", "rita:status:new>researching",
		"rita:verdict:>Mostly true", "rita:conclusion:>Official data say 5.4 percent.",
		"rita:evidence:>refutes https://stats.example/oct",
		"rita:status:researching>needs_review",
		"eddie:verdict:Mostly true>False", "eddie:status:needs_review>done",
		"eddie:review_url:>https://factcheck.example/unemployment",
		"eddie:status:done>researching",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history:\ngot  %q\nwant %q", got, want)
	}
	if last := h[len(h)-1]; last.Note != "new figures came out" || last.Version != c.Version {
		t.Errorf("reopen row: got note %q version %d, want the reason and version %d", last.Note, last.Version, c.Version)
	}
}

func TestSignOffNeedsVerdictConclusionEvidence(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	tests := []struct {
		name       string
		verdict    string
		conclusion string
		evidence   bool
		missing    []string
	}{
		{"nothing", "", "", false, []string{"verdict", "conclusion", "evidence"}},
		{"no verdict", "", "Because.", true, []string{"verdict"}},
		{"blank conclusion", "False", "   ", true, []string{"conclusion"}},
		{"no evidence", "False", "Because.", false, []string{"evidence"}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := importClaim(t, s, strings.Repeat("x", i)+"Prices rose 9 percent.")
			c = update(t, s, tm.reviewer, c, ClaimUpdate{Verdict: new(tc.verdict), Conclusion: new(tc.conclusion), Status: new(StatusNeedsReview)})
			if tc.evidence {
				c = addEvidence(t, s, tm.reviewer, c)
			}
			_, err := s.UpdateClaim(ctx, tm.editor, c.ID, ClaimUpdate{Version: c.Version, Status: new(StatusDone)})
			v, ok := AsValidation(err)
			if !ok || len(v.Fields) != len(tc.missing) {
				t.Fatalf("got %v, want messages on %v", err, tc.missing)
			}
			for _, f := range tc.missing {
				if v.Fields[f] == "" {
					t.Errorf("no message on %s: %v", f, v.Fields)
				}
			}
			after, _ := s.Claim(ctx, c.ID)
			if after.Version != c.Version || after.Status != StatusNeedsReview {
				t.Errorf("a refused sign-off changed the claim: version %d status %s", after.Version, after.Status)
			}
		})
	}
	// One update may bring verdict, conclusion and status together.
	c := importClaim(t, s, "Rents rose 12 percent.")
	c = update(t, s, tm.reviewer, c, ClaimUpdate{Status: new(StatusNeedsReview)})
	c = addEvidence(t, s, tm.reviewer, c)
	c = update(t, s, tm.editor, c, ClaimUpdate{Verdict: new("half TRUE"), Conclusion: new("Partly."), Status: new(StatusDone)})
	if c.Status != StatusDone || c.Verdict != "Half true" {
		t.Errorf("got %s %q, want done, Half true", c.Status, c.Verdict)
	}
}

func TestUpdateClaimConflict(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	c := importClaim(t, s, "Crime fell 20 percent last year.")
	// Both open the claim at the same version.
	read := c.Version
	first, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: read, Conclusion: new("Rita's findings."), Status: new(StatusResearching)})
	if err != nil {
		t.Fatal(err)
	}
	historyBefore := countRows(t, s, "history")
	_, err = s.UpdateClaim(ctx, tm.editor, c.ID, ClaimUpdate{Version: read, Conclusion: new("Eddie's findings."), Verdict: new("False")})
	var ce *ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) {
		t.Fatalf("second save: got %v, want a *ConflictError", err)
	}
	if ce.Current.Conclusion != "Rita's findings." || ce.Current.Version != first.Version {
		t.Errorf("conflict shows %q at version %d, want Rita's at %d", ce.Current.Conclusion, ce.Current.Version, first.Version)
	}
	if len(ce.Changes) != 2 || ce.Changes[0].User != "rita" {
		t.Errorf("conflict changes: got %+v, want rita's two rows", ce.Changes)
	}
	now, _ := s.Claim(ctx, c.ID)
	if now.Conclusion != "Rita's findings." || now.Verdict != "" || now.Version != first.Version {
		t.Errorf("the stale save wrote something: %+v", now)
	}
	if countRows(t, s, "history") != historyBefore {
		t.Error("the stale save wrote history")
	}
	// Saving again at the current version works: nothing is lost.
	if _, err := s.UpdateClaim(ctx, tm.editor, c.ID, ClaimUpdate{Version: ce.Current.Version, Verdict: new("False")}); err != nil {
		t.Errorf("retry at the current version: %v", err)
	}
	if _, err := s.UpdateClaim(ctx, tm.editor, c.ID, ClaimUpdate{Verdict: new("True")}); fieldErr(t, err, "version") == "" {
		t.Error("no message")
	}
	if _, err := s.UpdateClaim(ctx, tm.editor, 9999, ClaimUpdate{Version: 1, Verdict: new("True")}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown claim: got %v, want ErrNotFound", err)
	}
}

func TestUpdateClaimBadInput(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	if err := s.SetUserDisabled(ctx, tm.admin, tm.reviewer2.ID, true); err != nil {
		t.Fatal(err)
	}
	c := importClaim(t, s, "Taxes rose 4 percent.")
	tests := []struct {
		name  string
		u     ClaimUpdate
		field string
		want  string
	}{
		{"unknown verdict", ClaimUpdate{Verdict: new("Pants on fire")}, "verdict", "Mostly true, Half true"},
		{"unknown assignee", ClaimUpdate{Assignee: new("nobody")}, "assignee", "no user named"},
		{"disabled assignee", ClaimUpdate{Assignee: new("ravi")}, "assignee", "disabled"},
		{"bad status", ClaimUpdate{Status: new(Status("finished"))}, "status", "not a status"},
		{"new to done", ClaimUpdate{Status: new(StatusDone)}, "status", "only from needs_review"},
		{"dismiss without reason", ClaimUpdate{Status: new(StatusDismissed)}, "dismiss_code", "why"},
		{"javascript review url", ClaimUpdate{ReviewURL: new("javascript:alert(1)")}, "review_url", "only http and https"},
		{"invalid utf-8 conclusion", ClaimUpdate{Conclusion: new("ok \xff")}, "conclusion", "UTF-8"},
		{"huge conclusion", ClaimUpdate{Conclusion: new(strings.Repeat("a", 20001))}, "conclusion", "too long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.u.Version = c.Version
			_, err := s.UpdateClaim(ctx, tm.editor, c.ID, tc.u)
			if msg := fieldErr(t, err, tc.field); !strings.Contains(msg, tc.want) {
				t.Errorf("got %q, want it to contain %q", msg, tc.want)
			}
		})
	}
	if after, _ := s.Claim(ctx, c.ID); after.Version != c.Version {
		t.Errorf("refused updates moved the version to %d", after.Version)
	}
	// A reviewer may not set the published link nor assign others.
	if _, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, ReviewURL: new("https://x.example/a")}); !errors.Is(err, ErrForbidden) {
		t.Errorf("reviewer sets review url: got %v, want ErrForbidden", err)
	}
	if _, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, Assignee: new("eddie")}); !errors.Is(err, ErrForbidden) {
		t.Errorf("reviewer assigns eddie: got %v, want ErrForbidden", err)
	}
	// Nothing changed: no new version.
	same := update(t, s, tm.reviewer, c, ClaimUpdate{Status: new(StatusNew), Verdict: new("")})
	if same.Version != c.Version {
		t.Errorf("a no-op update moved the version to %d", same.Version)
	}
}

func TestDismissAndRestore(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	c := importClaim(t, s, "Exports doubled in 2025.")
	c = update(t, s, tm.reviewer, c, ClaimUpdate{Status: new(StatusDismissed), Note: "opinion, not checkable"})
	if c.Status != StatusDismissed || c.DismissReason != "opinion, not checkable" {
		t.Errorf("got %s %q", c.Status, c.DismissReason)
	}
	if _, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, Status: new(StatusResearching), Note: "x"}); fieldErr(t, err, "status") == "" {
		t.Error("no message")
	}
	c = update(t, s, tm.reviewer, c, ClaimUpdate{Status: new(StatusNew), Note: "it is checkable after all"})
	if c.Status != StatusNew || c.DismissReason != "" {
		t.Errorf("after restore: got %s %q", c.Status, c.DismissReason)
	}
	h, _ := s.History(ctx, c.ID)
	var fields []string
	for _, e := range h {
		fields = append(fields, e.Field+"="+e.To+"/"+e.Note)
	}
	want := "created=engine/import,status=dismissed/opinion, not checkable,dismiss_code=other/,dismiss_reason=opinion, not checkable/,status=new/it is checkable after all"
	if got := strings.Join(fields, ","); got != want {
		t.Errorf("history: got %s, want %s", got, want)
	}
}

func TestUpdateIsAtomic(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	c := importClaim(t, s, "Wages rose 3 percent.")
	if _, err := s.db.Write.Exec(`CREATE TRIGGER boom BEFORE INSERT ON history WHEN new.field = 'conclusion'
		BEGIN SELECT RAISE(ABORT, 'injected failure'); END`); err != nil {
		t.Fatal(err)
	}
	_, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, Verdict: new("True"), Conclusion: new("x"), Status: new(StatusResearching)})
	if err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("got %v, want the injected failure", err)
	}
	after, _ := s.Claim(ctx, c.ID)
	if after.Version != c.Version || after.Verdict != "" || after.Status != StatusNew {
		t.Errorf("a failed update left a partial write: %+v", after)
	}
	if h, _ := s.History(ctx, c.ID); len(h) != 1 {
		t.Errorf("got %d history rows, want only 'created'", len(h))
	}
	// History is append-only.
	if _, err := s.db.Write.Exec("UPDATE history SET note = 'forged'"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("updating history: got %v, want the append-only refusal", err)
	}
}

func TestUpdatingACandidatePromotesIt(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	_, cs := importArticle(t, s, "Critics disagree. Exports rose 7 percent.")
	var cand *Claim
	for i := range cs {
		if cs[i].Candidate {
			cand = &cs[i]
		}
	}
	if cand == nil {
		t.Fatal("no candidate")
	}
	got := update(t, s, tm.reviewer, cand, ClaimUpdate{Status: new(StatusResearching)})
	if got.Candidate || got.Version != cand.Version+1 {
		t.Errorf("got candidate %v version %d, want promoted at version %d", got.Candidate, got.Version, cand.Version+1)
	}
	h, _ := s.History(ctx, got.ID)
	if last := h[len(h)-1]; last.Field != "candidate" || last.To != "no" {
		t.Errorf("got last row %+v, want the promotion", last)
	}
}
