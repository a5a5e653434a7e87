package review

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestConcurrentSavesOneWins(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	c := importClaim(t, s, "Unemployment fell to 5.2 percent in October.")
	actors := []*User{tm.reviewer, tm.editor, tm.admin, tm.reviewer2}
	errs := make([]error, len(actors))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, a := range actors {
		wg.Go(func() {
			<-start
			_, errs[i] = s.UpdateClaim(ctx, a, c.ID, ClaimUpdate{Version: c.Version, Conclusion: new("by " + a.Name)})
		})
	}
	close(start)
	wg.Wait()
	wins, conflicts := 0, 0
	for _, err := range errs {
		var ce *ConflictError
		switch {
		case err == nil:
			wins++
		case errors.As(err, &ce):
			conflicts++
			if len(ce.Changes) != 1 || ce.Changes[0].Field != "conclusion" {
				t.Errorf("conflict shows %+v, want the winner's conclusion row", ce.Changes)
			}
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if wins != 1 || conflicts != len(actors)-1 {
		t.Errorf("got %d wins and %d conflicts, want 1 and %d", wins, conflicts, len(actors)-1)
	}
	got, _ := s.Claim(ctx, c.ID)
	if got.Version != c.Version+1 {
		t.Errorf("got version %d, want %d", got.Version, c.Version+1)
	}
}

func TestClaimAndArticleFilters(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, _ := importArticle(t, s, threeSentences)
	x := claimAt(t, s, a, "Exports rose 7 percent in 2025.")
	y := claimAt(t, s, a, "Imports fell 3 percent.")
	clock.Advance(time.Hour)
	mark := clock.Now()
	b, _ := importArticle(t, s, "Rents rose 12 percent in the capital.")
	z := claimAt(t, s, b, "Rents rose 12 percent in the capital.")
	update(t, s, tm.editor, &x, ClaimUpdate{Assignee: new("rita"), Verdict: new("False"), Status: new(StatusResearching)})
	update(t, s, tm.editor, &z, ClaimUpdate{Assignee: new("ravi")})

	ids := func(f ClaimFilter) map[int64]bool {
		t.Helper()
		cs, err := s.Claims(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		m := map[int64]bool{}
		for _, c := range cs {
			m[c.ID] = true
		}
		return m
	}
	if got := ids(ClaimFilter{Status: StatusResearching}); len(got) != 1 || !got[x.ID] {
		t.Errorf("status filter: got %v", got)
	}
	if got := ids(ClaimFilter{Verdict: "false"}); len(got) != 1 || !got[x.ID] {
		t.Errorf("verdict filter (any case): got %v", got)
	}
	if got := ids(ClaimFilter{AssigneeID: tm.reviewer2.ID}); len(got) != 1 || !got[z.ID] {
		t.Errorf("assignee filter: got %v", got)
	}
	if got := ids(ClaimFilter{Unassigned: true, ArticleID: a.ID}); got[x.ID] || !got[y.ID] {
		t.Errorf("unassigned filter: got %v", got)
	}
	all, _ := s.Claims(ctx, ClaimFilter{})
	page, _ := s.Claims(ctx, ClaimFilter{Limit: 1, After: &ClaimCursor{Score: all[0].Score, ID: all[0].ID}})
	if len(all) < 3 || len(page) != 1 || page[0].ID != all[1].ID {
		t.Errorf("limit after a cursor: got %+v of %d", page, len(all))
	}
	// Every claim once, in order, walking forwards by cursor and back.
	var walked []int64
	var cur *ClaimCursor
	for {
		p, err := s.Claims(ctx, ClaimFilter{Limit: 2, After: cur})
		if err != nil {
			t.Fatal(err)
		}
		if len(p) == 0 {
			break
		}
		for _, c := range p {
			walked = append(walked, c.ID)
		}
		c := CursorOf(p[len(p)-1])
		cur = &c
	}
	var want []int64
	for _, c := range all {
		want = append(want, c.ID)
	}
	if fmt.Sprint(walked) != fmt.Sprint(want) {
		t.Errorf("walking by cursor gives %v, want %v", walked, want)
	}
	last := CursorOf(all[len(all)-1])
	back, err := s.Claims(ctx, ClaimFilter{Limit: 2, Before: &last})
	if err != nil || len(back) != 2 || back[0].ID != all[len(all)-3].ID || back[1].ID != all[len(all)-2].ID {
		t.Errorf("the page before the last claim: got %+v, %v; want the two before it in order", back, err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Score > all[i-1].Score {
			t.Error("claims across articles are not by score, highest first")
		}
	}
	if got := ids(ClaimFilter{Since: mark}); !got[x.ID] || !got[z.ID] || got[y.ID] {
		t.Errorf("since filter (last change): got %v", got)
	}
	if got := ids(ClaimFilter{Until: mark}); got[x.ID] || !got[y.ID] {
		t.Errorf("until filter: got %v", got)
	}

	arts := func(f ArticleFilter) []int64 {
		t.Helper()
		as, err := s.Articles(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, a := range as {
			if a.Body != "" {
				t.Error("a listing carries the body")
			}
			out = append(out, a.ID)
		}
		return out
	}
	if got := arts(ArticleFilter{Status: StatusResearching}); len(got) != 1 || got[0] != a.ID {
		t.Errorf("articles by status: got %v", got)
	}
	if got := arts(ArticleFilter{AssigneeID: tm.reviewer2.ID}); len(got) != 1 || got[0] != b.ID {
		t.Errorf("articles by assignee: got %v", got)
	}
	if got := arts(ArticleFilter{Until: mark}); len(got) != 1 || got[0] != a.ID {
		t.Errorf("articles until: got %v", got)
	}
	if got := arts(ArticleFilter{Limit: 1}); len(got) != 1 || got[0] != b.ID {
		t.Errorf("articles limit: got %v, want the newest", got)
	}
}
