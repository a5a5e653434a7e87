package review

import (
	"context"
	"errors"
	"testing"
)

// TestDisabledUsersCanDoNothing calls every method that changes something
// as a disabled admin: each must refuse with ErrForbidden and write nothing.
func TestDisabledUsersCanDoNothing(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, _ := importArticle(t, s, threeSentences)
	c := claimAt(t, s, a, "Imports fell 3 percent.")
	other := claimAt(t, s, a, "Exports rose 7 percent in 2025.")
	ev, err := s.AddEvidence(ctx, tm.editor, c.ID, NewEvidence{URL: "https://x.example", Stance: StanceContext})
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := s.Claim(ctx, c.ID)
	gone := *tm.admin
	gone.Disabled = true
	calls := map[string]func() error{
		"CreateUser":      func() error { _, err := s.CreateUser(ctx, &gone, "zed", "password1", RoleReviewer); return err },
		"SetUserRole":     func() error { return s.SetUserRole(ctx, &gone, tm.reviewer.ID, RoleEditor) },
		"SetUserDisabled": func() error { return s.SetUserDisabled(ctx, &gone, tm.reviewer.ID, true) },
		"ChangePassword":  func() error { return s.ChangePassword(ctx, &gone, gone.ID, "admin-password", "new-password") },
		"SetSetting":      func() error { return s.SetSetting(ctx, &gone, "org.name", "x") },
		"SaveVerdict": func() error {
			_, err := s.SaveVerdict(ctx, &gone, Verdict{Name: "X", Rating: 1, Color: "#000000"})
			return err
		},
		"DeleteVerdict": func() error { return s.DeleteVerdict(ctx, &gone, 7) },
		"ImportArticle": func() error { _, _, err := s.ImportArticle(ctx, &gone, NewArticle{Text: "New 1."}); return err },
		"UpdateArticle": func() error {
			_, err := s.UpdateArticle(ctx, &gone, a.ID, ArticleUpdate{Title: "x"})
			return err
		},
		"UpdateClaim": func() error {
			_, err := s.UpdateClaim(ctx, &gone, c.ID, ClaimUpdate{Version: c2.Version, Conclusion: new("x")})
			return err
		},
		"AddClaim":     func() error { _, err := s.AddClaim(ctx, &gone, a.ID, 0, 7); return err },
		"PromoteClaim": func() error { _, err := s.PromoteClaim(ctx, &gone, c.ID, c2.Version); return err },
		"MergeClaims": func() error {
			_, err := s.MergeClaims(ctx, &gone, c.ID, other.ID, c2.Version, other.Version)
			return err
		},
		"SplitClaim": func() error { _, _, err := s.SplitClaim(ctx, &gone, c.ID, c2.Version, c.Start+3); return err },
		"AddEvidence": func() error {
			_, err := s.AddEvidence(ctx, &gone, c.ID, NewEvidence{URL: "https://y.example", Stance: StanceContext})
			return err
		},
		"RemoveEvidence": func() error { return s.RemoveEvidence(ctx, &gone, ev.ID) },
		"AddComment":     func() error { _, err := s.AddComment(ctx, &gone, c.ID, "hi"); return err },
	}
	before := countRows(t, s, "history")
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			if err := call(); !errors.Is(err, ErrForbidden) {
				t.Errorf("got %v, want ErrForbidden", err)
			}
		})
	}
	if after := countRows(t, s, "history"); after != before {
		t.Errorf("history grew from %d to %d rows", before, after)
	}
	if n := countRows(t, s, "articles"); n != 1 {
		t.Errorf("got %d articles, want 1", n)
	}
}

func TestMergeIsAtomic(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	a, _ := importArticle(t, s, threeSentences)
	x := claimAt(t, s, a, "Exports rose 7 percent in 2025.")
	y := claimAt(t, s, a, "Imports fell 3 percent.")
	// Fail on the last step: the second claim's dismissal history.
	if _, err := s.db.Write.Exec(`CREATE TRIGGER boom BEFORE INSERT ON history WHEN new.field = 'dismiss_reason'
		BEGIN SELECT RAISE(ABORT, 'injected failure'); END`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeClaims(ctx, nil, x.ID, y.ID, x.Version, y.Version); err == nil {
		t.Fatal("the merge succeeded despite the injected failure")
	}
	gx, _ := s.Claim(ctx, x.ID)
	gy, _ := s.Claim(ctx, y.ID)
	if gx.Text != x.Text || gx.Version != x.Version || gy.Status != y.Status || gy.Version != y.Version {
		t.Errorf("a failed merge left a partial write: %+v / %+v", gx, gy)
	}
}
