package review

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
)

// fullCounts counts the claims table itself, as the dashboard did before
// it had counters: by status, by signed-off verdict (HasVerdict), the proposed ones and each
// article's done and total.
func fullCounts(t *testing.T, s *Store) (byStatus map[Status]int, byVerdict map[string]int, proposed int, progress map[int64][2]int) {
	t.Helper()
	ctx := context.Background()
	byStatus, byVerdict, progress = map[Status]int{}, map[string]int{}, map[int64][2]int{}
	for _, x := range Statuses() {
		byStatus[x] = 0
	}
	vs, err := s.Verdicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		byVerdict[v.Name] = 0
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT c.article_id, c.status, COALESCE(v.name, '') FROM claims c
		LEFT JOIN verdicts v ON v.id = c.verdict_id WHERE c.candidate = 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var aid int64
		var st Status
		var verdict string
		if err := rows.Scan(&aid, &st, &verdict); err != nil {
			t.Fatal(err)
		}
		byStatus[st]++
		if HasVerdict(st, verdict) {
			byVerdict[verdict]++
		}
		if ProposedVerdict(st, verdict) {
			proposed++
		}
		p := progress[aid]
		if st != StatusDismissed {
			p[1]++
		}
		if st == StatusDone {
			p[0]++
		}
		progress[aid] = p
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return byStatus, byVerdict, proposed, progress
}

// assertCounts fails when the dashboard's numbers differ from a full count
// or claimdesk check finds a difference.
func assertCounts(t *testing.T, s *Store, after string) {
	t.Helper()
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("after %s: stats: %v", after, err)
	}
	byStatus, byVerdict, proposed, progress := fullCounts(t, s)
	if !maps.Equal(st.ByStatus, byStatus) {
		t.Errorf("after %s: by status got %v, a full count %v", after, st.ByStatus, byStatus)
	}
	if !maps.Equal(st.ByVerdict, byVerdict) {
		t.Errorf("after %s: by verdict got %v, a full count %v", after, st.ByVerdict, byVerdict)
	}
	if st.Proposed != proposed {
		t.Errorf("after %s: proposed verdicts got %d, a full count %d", after, st.Proposed, proposed)
	}
	as, err := s.Articles(ctx, ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if got, want := [2]int{a.Done, a.Total}, progress[a.ID]; got != want {
			t.Errorf("after %s: article %d progress got %d of %d, a full count %d of %d", after, a.ID, got[0], got[1], want[0], want[1])
		}
	}
	if problems, err := s.CheckCounts(ctx); err != nil || len(problems) > 0 {
		t.Errorf("after %s: check counts: %v %v", after, problems, err)
	}
}

// TestCountsStayExact drives every kind of change a claim can go through
// and checks after each that the counters equal a full count.
func TestCountsStayExact(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	assertCounts(t, s, "an empty desk")

	a, cs := importArticle(t, s, "Unemployment fell to 5.2 percent in October. Critics disagree. Exports rose 7 percent in 2023, the ministry said. Wages grew by 3 percent last year.")
	assertCounts(t, s, "an import")
	if _, err := s.ImportBatch(ctx, nil, []NewArticle{
		{Text: "Crime fell by 12 percent in Ohio last year. The governor said so."},
		{Text: "Inflation reached 9 percent in March, the highest since 1982."},
	}); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, "a batch import")

	var claims, cands []Claim
	for _, c := range cs {
		if c.Candidate {
			cands = append(cands, c)
		} else {
			claims = append(claims, c)
		}
	}
	_, more := importArticle(t, s, "Critics disagree. Imports fell 3 percent.")
	for _, c := range more {
		if c.Candidate {
			cands = append(cands, c)
		}
	}
	if len(claims) < 2 || len(cands) < 2 {
		t.Fatalf("the articles gave %d claims and %d candidates; the test needs 2 and 2", len(claims), len(cands))
	}

	c := update(t, s, tm.reviewer, &claims[0], ClaimUpdate{Assignee: new("rita"), Status: new(StatusResearching), Verdict: new("Mostly true")})
	assertCounts(t, s, "a single change")

	// A candidate changed is promoted: it starts to count.
	p := update(t, s, tm.reviewer, &cands[0], ClaimUpdate{Status: new(StatusResearching)})
	assertCounts(t, s, "a candidate promoted by a change")

	// Promoted as it stands (a re-scoring that flips a candidate).
	if _, err := s.PromoteClaim(ctx, tm.reviewer, cands[1].ID, cands[1].Version); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, "a candidate promoted")

	if _, err := s.BulkUpdate(ctx, tm.editor, []int64{claims[1].ID, p.ID}, BulkChange{Action: BulkStatus, Status: StatusNeedsReview}); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, "a bulk status change")

	added, err := s.AddClaim(ctx, tm.reviewer, a.ID, 0, len("Unemployment fell"))
	if err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, "a claim added by hand")

	// Split, then merge the two parts back.
	c, err = s.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	first, second, err := s.SplitClaim(ctx, tm.reviewer, c.ID, c.Version, c.Start+strings.Index(c.Text, " to ")+1)
	if err != nil {
		t.Fatalf("split: %v", err)
	}
	assertCounts(t, s, "a split")
	if _, err := s.MergeClaims(ctx, tm.reviewer, first.ID, second.ID, first.Version, second.Version); err != nil {
		t.Fatalf("merge: %v", err)
	}
	assertCounts(t, s, "a merge")

	// Sign-off and reopen.
	c, err = s.Claim(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	c = update(t, s, tm.reviewer, c, ClaimUpdate{Conclusion: new("The office says 5.4 percent.")})
	c = addEvidence(t, s, tm.reviewer, c)
	c = update(t, s, tm.reviewer, c, ClaimUpdate{Status: new(StatusNeedsReview)})
	c = update(t, s, tm.editor, c, ClaimUpdate{Verdict: new("False"), Status: new(StatusDone)})
	assertCounts(t, s, "a sign-off")
	update(t, s, tm.editor, c, ClaimUpdate{Status: new(StatusResearching), Note: "new figures"})
	assertCounts(t, s, "a reopen")

	if _, err := s.BulkUpdate(ctx, tm.editor, []int64{added.ID}, BulkChange{Action: BulkDismiss, Note: "a fragment"}); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, "a bulk dismissal")

	// A verdict renamed keeps its counts under the new name; one deleted
	// unused leaves none behind.
	vs, err := s.Verdicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Name == "Mostly true" {
			v.Name = "Largely true"
			if _, err := s.SaveVerdict(ctx, tm.admin, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := s.BulkUpdate(ctx, tm.editor, []int64{claims[1].ID}, BulkChange{Action: BulkStatus, Status: StatusResearching}); err != nil {
		t.Fatal(err)
	}
	c2, err := s.Claim(ctx, claims[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	update(t, s, tm.editor, c2, ClaimUpdate{Verdict: new("largely TRUE")})
	assertCounts(t, s, "a verdict renamed")
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.ByVerdict["Largely true"]; !ok || st.Proposed == 0 {
		t.Errorf("got %v and %d proposed, want the renamed verdict on the scale and its claim counted as proposed", st.ByVerdict, st.Proposed)
	}
	v, err := s.SaveVerdict(ctx, tm.admin, Verdict{Name: "Satire", Rating: 1, Color: "#123456"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteVerdict(ctx, tm.admin, v.ID); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, "a verdict deleted")

	// The Loader (an archive read back, or gen) writes claims without the
	// workflow, candidates among them.
	err = s.Load(ctx, func(l *Loader) error {
		text := "Prices rose 4 percent. Rents rose 9 percent."
		aid, err := l.AddArticle(ArticleRecord{Title: "loaded", Text: text})
		if err != nil {
			return err
		}
		for i, r := range []ClaimRecord{
			{Start: 0, End: 22, Text: text[:22], Status: "done", Verdict: "False"},
			{Start: 23, End: len(text), Text: text[23:], Status: "new", Candidate: true},
		} {
			r.Slug = fmt.Sprintf("loaded-%d", i)
			if _, _, err := l.AddClaim(aid, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	assertCounts(t, s, "a load")

	// Fact-checks are not claims: importing them changes no count.
	if _, err := s.ImportFactChecks(ctx, tm.editor, []NewFactCheck{{ClaimText: "Exports rose 7 percent in 2023.", Rating: "False", URL: "https://checks.example/1"}}); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, "a fact-check import")
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, "matching")
}

// TestCheckCountsFindsAndRebuilds: counters made wrong by hand are found
// by CheckCounts, in words, and made right by RebuildCounts.
func TestCheckCountsFindsAndRebuilds(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	importArticle(t, s, "Unemployment fell to 5.2 percent in October. Exports rose 7 percent in 2023.")
	if _, err := s.db.Write.ExecContext(ctx, "UPDATE claim_counts SET n = n + 5 WHERE status = 'new'"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Write.ExecContext(ctx, "DELETE FROM article_claim_counts"); err != nil {
		t.Fatal(err)
	}
	problems, err := s.CheckCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "claim_counts says") || !strings.Contains(problems[1], "article_claim_counts says 0 claims for article 1 new") {
		t.Fatalf("got %q, want one problem for each table", problems)
	}
	if err := s.RebuildCounts(ctx); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, "a rebuild")
}
