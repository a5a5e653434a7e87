package review

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"claimdesk/claims"
)

// sportSentences and economySentences make a synthetic desk: sport is
// what this desk never checks, the economy what it always does. Both have
// numbers and names, so the shipped model finds most of them worth
// checking.
func sportSentences(n, from int) []string {
	teams := []string{"United", "Rovers", "City", "Athletic", "Wanderers", "Albion", "Rangers", "Celtic"}
	forms := []string{
		"%s beat %s 3-1 in the league match on Saturday, scoring %d goals in the second half.",
		"The striker of %s scored %d goals this season, more than anyone at %s.",
		"%s won the cup final against %s after %d minutes of extra time.",
		"The %s goalkeeper kept %d clean sheets in the football season before joining %s.",
	}
	var out []string
	for i := from; i < from+n; i++ {
		f := forms[i%len(forms)]
		if strings.Count(f, "%s") == 2 && strings.Index(f, "%d") > strings.LastIndex(f, "%s") {
			out = append(out, fmt.Sprintf(f, teams[i%8], teams[(i+3)%8], 2+i%40))
		} else {
			out = append(out, fmt.Sprintf(f, teams[i%8], 2+i%40, teams[(i+3)%8]))
		}
	}
	return out
}

func economySentences(n, from int) []string {
	places := []string{"Spain", "Kenya", "Ohio", "Brazil", "Poland", "Texas", "India", "Chile"}
	forms := []string{
		"Unemployment in %s rose to %d percent last year, the ministry of %s said.",
		"The government of %s spent %d billion dollars on hospitals, more than %s.",
		"Inflation in %s fell to %d percent in March, the lowest since %s records began.",
	}
	var out []string
	for i := from; i < from+n; i++ {
		out = append(out, fmt.Sprintf(forms[i%len(forms)], places[i%8], 3+i%50, places[(i+5)%8]))
	}
	return out
}

// sportLayer trains a desk layer that scores sport down, on sentences
// that are not those of importSport.
func sportLayer(t *testing.T, s *Store) (*claims.DeskLayer, claims.DeskReport) {
	t.Helper()
	var labels []claims.Example
	for _, x := range sportSentences(60, 100) {
		labels = append(labels, claims.Example{Text: x})
	}
	for _, x := range economySentences(60, 100) {
		labels = append(labels, claims.Example{Text: x, Worthy: true})
	}
	l, rep, err := claims.TrainDeskLayer(context.Background(), s.ShippedModel(), labels, claims.DeskTrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return l, rep
}

// importSport brings in an article of sport and economy sentences and
// returns its claims by text.
func importSport(t *testing.T, s *Store, actor *User, title string, from int) map[string]Claim {
	t.Helper()
	var paras []string
	sp, ec := sportSentences(6, from), economySentences(3, from)
	paras = append(paras, sp...)
	paras = append(paras, ec...)
	_, cs, err := s.ImportArticle(context.Background(), actor, NewArticle{Title: title, Text: strings.Join(paras, "\n\n")})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Claim{}
	for _, c := range cs {
		out[c.Text] = c
	}
	for _, x := range paras {
		if _, ok := out[x]; !ok {
			t.Fatalf("no claim %q among %d", x, len(cs))
		}
	}
	return out
}

func TestModelSwitchRescoresOpenClaims(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	before := importSport(t, s, tm.admin, "Saturday", 0)
	sport := sportSentences(6, 0)
	worthy := 0
	for _, x := range sport {
		if c := before[x]; !c.Candidate {
			worthy++
		}
		if before[x].ModelVersion != 0 {
			t.Fatalf("imported with model %d, want the shipped model", before[x].ModelVersion)
		}
	}
	if worthy < 4 {
		t.Fatalf("the shipped model finds %d of 6 sport sentences worth checking; the test needs most", worthy)
	}
	// A reviewer takes up one sport claim; an editor dismisses another.
	var touched, dismissed Claim
	for _, x := range sport {
		c := before[x]
		if c.Candidate {
			continue
		}
		switch {
		case touched.ID == 0:
			st := StatusResearching
			if _, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, Status: &st}); err != nil {
				t.Fatal(err)
			}
			touched = c
		case dismissed.ID == 0:
			st := StatusDismissed
			if _, err := s.UpdateClaim(ctx, tm.editor, c.ID, ClaimUpdate{Version: c.Version, Status: &st, Note: "a match report"}); err != nil {
				t.Fatal(err)
			}
			dismissed = c
		}
	}

	l, _ := sportLayer(t, s)
	v, err := s.addModel(ctx, tm.admin, l, claims.DeskReport{})
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 1 || v.InUse {
		t.Fatalf("got version %d (in use %v), want 1, not in use", v.Version, v.InUse)
	}
	if err := s.UseModel(ctx, tm.reviewer, 1); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a reviewer switching the model: got %v, want ErrForbidden", err)
	}
	if err := s.UseModel(ctx, tm.admin, 1); err != nil {
		t.Fatal(err)
	}
	if s.ModelInUse() != 1 {
		t.Fatalf("model in use %d, want 1", s.ModelInUse())
	}
	n, err := s.RescoreAll(ctx, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Every open claim: 9 less the dismissed one.
	if n != 8 {
		t.Errorf("re-scored %d claims, want 8 (the open ones)", n)
	}
	for _, x := range sport {
		was := before[x]
		c, err := s.Claim(ctx, was.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch c.ID {
		case dismissed.ID:
			if c.ModelVersion != 0 || c.Score != was.Score {
				t.Errorf("dismissed claim re-scored: model %d, score %.3f -> %.3f", c.ModelVersion, was.Score, c.Score)
			}
			continue
		case touched.ID:
			if c.Candidate || c.Status != StatusResearching {
				t.Errorf("the claim a reviewer took up: candidate %v, status %s; want it kept as the reviewer left it", c.Candidate, c.Status)
			}
		default:
			if !c.Candidate {
				t.Errorf("%q: still not a candidate after the desk model scored it %.3f", x, c.Score)
			}
			if c.Version != was.Version {
				t.Errorf("%q: version %d -> %d, want it kept", x, was.Version, c.Version)
			}
		}
		if c.ModelVersion != 1 || was.Score-c.Score < 0.2 {
			t.Errorf("%q: model %d, score %.3f -> %.3f; want model 1 and a drop of at least 0.2", x, c.ModelVersion, was.Score, c.Score)
		}
		h, err := s.History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := h[len(h)-1]
		if last.Note != "re-scored by model 1" || last.User != "" {
			t.Errorf("%q: last history row %+v, want one by the system saying re-scored by model 1", x, last)
		}
	}
	for _, x := range economySentences(3, 0) {
		c, err := s.Claim(ctx, before[x].ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Candidate || c.Score < 0.5 {
			t.Errorf("%q: candidate %v, score %.3f; want it kept worth checking", x, c.Candidate, c.Score)
		}
	}
	// Nothing is left to re-score.
	if n, err := s.RescoreAll(ctx, 500, 0); err != nil || n != 0 {
		t.Errorf("a second pass re-scored %d (%v), want 0", n, err)
	}
	// An import now scores with model 1.
	after := importSport(t, s, tm.admin, "Sunday", 50)
	for _, x := range sportSentences(6, 50) {
		if c := after[x]; c.ModelVersion != 1 || !c.Candidate {
			t.Errorf("imported under model 1: %q has model %d, candidate %v", x, c.ModelVersion, c.Candidate)
		}
	}

	// Roll back to the shipped model: the untouched claims get their
	// import scores and flags back.
	if err := s.UseModel(ctx, tm.admin, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RescoreAll(ctx, 3, 0); err != nil {
		t.Fatal(err)
	}
	for _, x := range sport {
		was := before[x]
		if was.ID == dismissed.ID {
			continue
		}
		c, err := s.Claim(ctx, was.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.ModelVersion != 0 || fmt.Sprintf("%.6f", c.Score) != fmt.Sprintf("%.6f", was.Score) {
			t.Errorf("%q after the rollback: model %d, score %.4f; want 0 and the import's %.4f", x, c.ModelVersion, c.Score, was.Score)
		}
		if was.ID != touched.ID && c.Candidate != was.Candidate {
			t.Errorf("%q after the rollback: candidate %v, want %v as imported", x, c.Candidate, was.Candidate)
		}
	}
	vs, err := s.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || !vs[0].InUse || vs[0].Version != 0 || vs[1].InUse {
		t.Errorf("models after the rollback: %+v; want the shipped one in use and version 1 kept", vs)
	}
}

func TestRescoreBatchIsCapped(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	importSport(t, s, tm.admin, "Saturday", 0)
	l, _ := sportLayer(t, s)
	if _, err := s.addModel(ctx, tm.admin, l, claims.DeskReport{}); err != nil {
		t.Fatal(err)
	}
	if err := s.UseModel(ctx, tm.admin, 1); err != nil {
		t.Fatal(err)
	}
	next, n, err := s.RescoreOpen(ctx, 0, 4)
	if err != nil || n != 4 || next == 0 {
		t.Fatalf("one batch of 4: got next %d, %d changed, %v", next, n, err)
	}
	next2, n2, err := s.RescoreOpen(ctx, 0, MaxRescoreBatch+1000)
	if err != nil || n2 != 5 || next2 <= next {
		t.Fatalf("the rest (batch over the cap): got next %d, %d changed, %v; want the 5 left", next2, n2, err)
	}
}

func TestUseModelRefusesWhatDoesNotLoad(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	l, _ := sportLayer(t, s)
	if _, err := s.addModel(ctx, tm.admin, l, claims.DeskReport{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Write.Exec("UPDATE models SET layer = substr(layer, 1, 40) WHERE version = 1"); err != nil {
		t.Fatal(err)
	}
	err := s.UseModel(ctx, tm.admin, 1)
	if msg := fieldErr(t, err, "model"); !strings.Contains(msg, "model 1 does not load") || !strings.Contains(msg, "cut short") {
		t.Errorf("got %q, want the reason the model does not load", msg)
	}
	if err := s.UseModel(ctx, tm.admin, 7); !errors.Is(err, ErrNotFound) {
		t.Errorf("model 7: got %v, want ErrNotFound", err)
	}
	if s.ModelInUse() != 0 {
		t.Errorf("model in use %d after refusals, want 0", s.ModelInUse())
	}
	if v, err := s.LoadModelInUse(ctx); err != nil || v != 0 {
		t.Errorf("the database's model in use: %d, %v; want 0", v, err)
	}
}

func TestImportModelRefusesBadFile(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	_, err := s.ImportModel(ctx, tm.admin, []byte("CDCWMODL this is not a desk model"))
	if msg := fieldErr(t, err, "model"); !strings.Contains(msg, "does not start with the desk model header") {
		t.Errorf("got %q, want the reason", msg)
	}
	if n := countRows(t, s, "models"); n != 0 {
		t.Errorf("%d models kept after a refused file, want 0", n)
	}
	l, _ := sportLayer(t, s)
	data, err := l.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.ImportModel(ctx, tm.admin, data)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 1 || v.Report.HeldAfter.N() != 200 || v.Weights != l.Weights() {
		t.Errorf("imported %+v; want version 1 measured on the 200 held-back rows", v)
	}
	back, err := s.ExportModel(ctx, tm.admin, 1)
	if err != nil || string(back) != string(data) {
		t.Errorf("export gives %d bytes (%v), want the %d imported", len(back), err, len(data))
	}
}

// decide applies u to claim id at its current version.
func decide(t *testing.T, s *Store, actor *User, id int64, u ClaimUpdate) {
	t.Helper()
	c, err := s.Claim(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	u.Version = c.Version
	if _, err := s.UpdateClaim(context.Background(), actor, id, u); err != nil {
		t.Fatalf("claim %d: %v", id, err)
	}
}

func dismissAs(code string) ClaimUpdate {
	st, reason := StatusDismissed, "not for this desk"
	return ClaimUpdate{Status: &st, DismissCode: &code, DismissReason: &reason}
}

func TestDeskLabels(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	text := strings.Join(append(sportSentences(8, 0), economySentences(4, 0)...), "\n\n") +
		"\n\nThanks everyone for coming tonight.\n\nWell, that is what I think.\n\nWe are glad to be here with you."
	_, cs, err := s.ImportArticle(ctx, tm.admin, NewArticle{Title: "Mixed", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	var cand, worthy []Claim
	for _, c := range cs {
		if c.Candidate {
			cand = append(cand, c)
		} else {
			worthy = append(worthy, c)
		}
	}
	if len(cand) < 2 || len(worthy) < 9 {
		t.Fatalf("%d candidates and %d claims; the test needs 2 and 9", len(cand), len(worthy))
	}
	want := map[string]bool{}
	// Yes: promoted, researching, under review, signed off.
	if _, err := s.PromoteClaim(ctx, tm.reviewer, cand[0].ID, cand[0].Version); err != nil {
		t.Fatal(err)
	}
	want[cand[0].Text] = true
	research, review := StatusResearching, StatusNeedsReview
	decide(t, s, tm.reviewer, worthy[0].ID, ClaimUpdate{Status: &research})
	want[worthy[0].Text] = true
	decide(t, s, tm.reviewer, worthy[1].ID, ClaimUpdate{Status: &review})
	want[worthy[1].Text] = true
	verdict, conclusion, done := "False", "The records say otherwise.", StatusDone
	if _, err := s.AddEvidence(ctx, tm.reviewer, worthy[2].ID, NewEvidence{URL: "https://example.org/report", Title: "Report", Stance: "refutes"}); err != nil {
		t.Fatal(err)
	}
	decide(t, s, tm.reviewer, worthy[2].ID, ClaimUpdate{Status: &review, Verdict: &verdict, Conclusion: &conclusion})
	decide(t, s, tm.editor, worthy[2].ID, ClaimUpdate{Status: &done})
	want[worthy[2].Text] = true
	// No: opinion, not checkable (a candidate too).
	decide(t, s, tm.reviewer, worthy[3].ID, dismissAs("opinion"))
	want[worthy[3].Text] = false
	decide(t, s, tm.reviewer, cand[1].ID, dismissAs("not_checkable"))
	want[cand[1].Text] = false
	// Not labels: duplicate, out of scope, other; an assignment alone;
	// a claim researched and then dismissed as out of scope.
	decide(t, s, tm.reviewer, worthy[4].ID, dismissAs("duplicate"))
	decide(t, s, tm.reviewer, worthy[5].ID, dismissAs("out_of_scope"))
	decide(t, s, tm.reviewer, worthy[6].ID, dismissAs("other"))
	me := "rita"
	decide(t, s, tm.reviewer, worthy[7].ID, ClaimUpdate{Assignee: &me})
	decide(t, s, tm.reviewer, worthy[8].ID, ClaimUpdate{Status: &research})
	decide(t, s, tm.reviewer, worthy[8].ID, dismissAs("out_of_scope"))

	labels, err := s.DeskLabels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, l := range labels {
		got[l.Text] = l.Worthy
	}
	if len(got) != len(want) || len(labels) != len(want) {
		t.Errorf("got %d labels, want %d", len(labels), len(want))
	}
	for text, w := range want {
		if g, ok := got[text]; !ok || g != w {
			t.Errorf("%q: label %v (present %v), want %v", text, g, ok, w)
		}
	}
}

// deskOf builds a desk that researches economy sentences and dismisses
// sport as opinion: n of each, the sentences numbered from from.
func deskOf(t *testing.T, s *Store, tm team, from, n int) {
	t.Helper()
	ctx := context.Background()
	research := StatusResearching
	for i := from; i < from+n; i += 5 {
		text := strings.Join(append(sportSentences(5, i), economySentences(5, i)...), "\n\n")
		_, cs, err := s.ImportArticle(ctx, tm.admin, NewArticle{Title: fmt.Sprintf("Day %d", i), Text: text})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if strings.Contains(c.Text, "goal") || strings.Contains(c.Text, "cup final") {
				decide(t, s, tm.reviewer, c.ID, dismissAs("opinion"))
			} else {
				decide(t, s, tm.reviewer, c.ID, ClaimUpdate{Status: &research})
			}
		}
	}
}

func TestTrainFromDesk(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	deskOf(t, s, tm, 0, 45)
	_, err := s.TrainFromDesk(ctx, tm.admin, claims.DeskTrainOptions{})
	if msg := fieldErr(t, err, "labels"); !strings.Contains(msg, "45 Yes and 45 No") || !strings.Contains(msg, "at least 50 of each") {
		t.Errorf("45 of each: got %q, want to be told 50 of each are needed", msg)
	}
	deskOf(t, s, tm, 45, 10) // 55 of each now
	if _, err := s.TrainFromDesk(ctx, tm.reviewer, claims.DeskTrainOptions{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a reviewer training: got %v, want ErrForbidden", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.TrainFromDesk(cctx, tm.admin, claims.DeskTrainOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run: got %v, want context.Canceled", err)
	}
	if n := countRows(t, s, "models"); n != 0 || s.ModelInUse() != 0 {
		t.Fatalf("after refused and cancelled runs: %d models, model %d in use; want none kept, shipped in use", n, s.ModelInUse())
	}
	v, err := s.TrainFromDesk(ctx, tm.admin, claims.DeskTrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := v.Report
	t.Logf("desk F1 %.3f -> %.3f; held-back F1 %.3f -> %.3f", r.Before.F1, r.After.F1, r.HeldBefore.F1, r.HeldAfter.F1)
	if v.Version != 1 || v.InUse || v.CreatedBy != "ada" || r.Yes != 55 || r.No != 55 {
		t.Errorf("got version %d (in use %v, by %q, %d/%d labels), want 1, not in use, by ada, 55/55", v.Version, v.InUse, v.CreatedBy, r.Yes, r.No)
	}
	if r.After.F1 < r.Before.F1+0.1 || r.HeldAfter.N() != 200 {
		t.Errorf("desk F1 %.3f -> %.3f (held-back rows %d); want a gain of at least 0.1, on 200 held-back rows", r.Before.F1, r.After.F1, r.HeldAfter.N())
	}
	if s.ModelInUse() != 0 {
		t.Errorf("training put model %d in use; it should only keep it", s.ModelInUse())
	}
	// Kept in the database with its figures.
	got, err := s.Model(ctx, 1)
	if err != nil || got.Report != v.Report {
		t.Errorf("model 1 read back: %+v, %v; want the figures of the run", got, err)
	}
}

func TestRunRescorerAfterSwitch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	cs := importSport(t, s, tm.admin, "Saturday", 0)
	l, _ := sportLayer(t, s)
	if _, err := s.addModel(ctx, tm.admin, l, claims.DeskReport{}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); s.RunRescorer(ctx, func(err error) { t.Error(err) }) }()
	defer func() { cancel(); <-done }()
	if err := s.UseModel(ctx, tm.admin, 1); err != nil {
		t.Fatal(err)
	}
	id := cs[sportSentences(1, 0)[0]].ID
	for i := 0; i < 200; i++ {
		c, err := s.Claim(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.ModelVersion == 1 {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Errorf("the running re-scorer did not re-score claim %d within 5 s of the switch", id)
}
