package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestAddEvidenceValidation(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	c := importClaim(t, s, "Inflation hit 9 percent.")
	tests := []struct {
		name  string
		in    NewEvidence
		field string
		want  string
	}{
		{"javascript", NewEvidence{URL: "javascript:alert(1)", Stance: StanceSupports}, "url", "only http and https"},
		{"data", NewEvidence{URL: "data:text/html;base64,PHNjcmlwdD4=", Stance: StanceSupports}, "url", "only http and https"},
		{"file", NewEvidence{URL: "file:///etc/passwd", Stance: StanceSupports}, "url", "only http and https"},
		{"missing url", NewEvidence{Stance: StanceSupports}, "url", "required"},
		{"no host", NewEvidence{URL: "https://", Stance: StanceSupports}, "url", "only http and https"},
		{"bad stance", NewEvidence{URL: "https://x.example", Stance: "agrees"}, "stance", "supports, refutes or context"},
		{"empty stance", NewEvidence{URL: "https://x.example"}, "stance", "supports, refutes or context"},
		{"bad accessed", NewEvidence{URL: "https://x.example", Stance: StanceContext, Accessed: "yesterday"}, "accessed", "YYYY-MM-DD"},
		{"invalid utf-8 quote", NewEvidence{URL: "https://x.example", Stance: StanceContext, Quote: "\xc3("}, "quote", "UTF-8"},
		{"NUL in title", NewEvidence{URL: "https://x.example", Stance: StanceContext, Title: "a\x00b"}, "title", "binary"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.AddEvidence(ctx, tm.reviewer, c.ID, tc.in)
			if msg := fieldErr(t, err, tc.field); !strings.Contains(msg, tc.want) {
				t.Errorf("got %q, want it to contain %q", msg, tc.want)
			}
		})
	}
	if countRows(t, s, "sources")+countRows(t, s, "evidence") != 0 {
		t.Error("refused evidence wrote rows")
	}
	if _, err := s.AddEvidence(ctx, tm.reviewer, 999, NewEvidence{URL: "https://x.example", Stance: StanceContext}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown claim: got %v, want ErrNotFound", err)
	}
}

func TestSourceLibrary(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	c1 := importClaim(t, s, "Inflation hit 9 percent.")
	c2 := importClaim(t, s, "Inflation hit 10 percent.")
	e1, err := s.AddEvidence(ctx, tm.reviewer, c1.ID, NewEvidence{URL: " HTTPS://Stats.Example.ORG/Report?q=1#table ", Stance: StanceRefutes, Quote: "8.1%"})
	if err != nil {
		t.Fatal(err)
	}
	if e1.Source.URL != "https://stats.example.org/Report?q=1" || e1.Source.Accessed != clock.Now().Format("2006-01-02") || e1.CreatedBy != "rita" {
		t.Errorf("got source %+v by %q, want the normalised URL accessed today", e1.Source, e1.CreatedBy)
	}
	e2, err := s.AddEvidence(ctx, tm.editor, c2.ID, NewEvidence{URL: "https://stats.example.org/Report?q=1#other", Title: "October report", Publisher: "Statistics office", Stance: StanceContext, Accessed: "2026-11-01"})
	if err != nil {
		t.Fatal(err)
	}
	if e2.Source.ID != e1.Source.ID || e2.Source.Title != "October report" || e2.Source.Publisher != "Statistics office" {
		t.Errorf("a known URL did not reuse its source (filling the empty title): %+v vs %+v", e2.Source, e1.Source)
	}
	e3, _ := s.AddEvidence(ctx, tm.editor, c2.ID, NewEvidence{URL: "https://stats.example.org/Report?q=1", Title: "Other title", Stance: StanceSupports})
	if e3.Source.Title != "October report" {
		t.Errorf("a known title was overwritten: %q", e3.Source.Title)
	}
	if countRows(t, s, "sources") != 1 {
		t.Errorf("got %d sources, want 1", countRows(t, s, "sources"))
	}
	// Path case matters: another document.
	if e4, _ := s.AddEvidence(ctx, tm.editor, c2.ID, NewEvidence{URL: "https://stats.example.org/report?q=1", Stance: StanceSupports}); e4.Source.ID == e1.Source.ID {
		t.Error("a path differing in case reused the source")
	}
	// The same source, stance and quote twice on one claim is refused.
	if _, err := s.AddEvidence(ctx, tm.reviewer, c1.ID, NewEvidence{URL: "https://stats.example.org/Report?q=1", Stance: StanceRefutes, Quote: "8.1%"}); !strings.Contains(fieldErr(t, err, "url"), "already evidence") {
		t.Errorf("duplicate evidence: got %v", err)
	}
	srcs, err := s.Sources(ctx, 10)
	if err != nil || len(srcs) != 2 || srcs[0].ID != e1.Source.ID {
		t.Errorf("got sources %+v, %v; want the most used first", srcs, err)
	}
	list, err := s.Evidence(ctx, c2.ID)
	if err != nil || len(list) != 3 || list[0].ID != e2.ID {
		t.Fatalf("got %+v, %v; want 3 pieces, oldest first", list, err)
	}

	before, _ := s.Claim(ctx, c2.ID)
	if err := s.RemoveEvidence(ctx, tm.reviewer, e2.ID); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Claim(ctx, c2.ID)
	if after.Version != before.Version+1 {
		t.Errorf("removing evidence: version %d -> %d, want +1", before.Version, after.Version)
	}
	h, _ := s.History(ctx, c2.ID)
	if last := h[len(h)-1]; last.Field != "evidence" || last.From != "context https://stats.example.org/Report?q=1" || last.To != "" || last.User != "rita" {
		t.Errorf("got last history row %+v", last)
	}
	if err := s.RemoveEvidence(ctx, tm.reviewer, e2.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing twice: got %v, want ErrNotFound", err)
	}
	if countRows(t, s, "sources") != 2 {
		t.Error("removing evidence removed its source from the library")
	}
}

func TestComments(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	c := importClaim(t, s, "Inflation hit 9 percent.")
	for _, bad := range []string{"", "  \n ", "\xff", strings.Repeat("x", 10001)} {
		if _, err := s.AddComment(ctx, tm.reviewer, c.ID, bad); fieldErr(t, err, "body") == "" {
			t.Error("no message")
		}
	}
	cm, err := s.AddComment(ctx, tm.reviewer, c.ID, "  Check the October release.\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if cm.Body != "Check the October release." || cm.User != "rita" || cm.ClaimID != c.ID {
		t.Errorf("got %+v", cm)
	}
	s.AddComment(ctx, tm.editor, c.ID, "Done.")
	list, err := s.Comments(ctx, c.ID)
	if err != nil || len(list) != 2 || list[0].User != "rita" || list[1].User != "eddie" {
		t.Errorf("got %+v, %v", list, err)
	}
	after, _ := s.Claim(ctx, c.ID)
	if after.Version != c.Version+2 {
		t.Errorf("got version %d, want %d: comments bump the version", after.Version, c.Version+2)
	}
	if _, err := s.AddComment(ctx, tm.reviewer, 999, "hi"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown claim: got %v, want ErrNotFound", err)
	}
}

func TestVerdictScale(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	vs, err := s.Verdicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range vs {
		names = append(names, v.Name)
	}
	if got, want := strings.Join(names, ","), "True,Mostly true,Half true,Mostly false,False,Misleading,Unproven"; got != want {
		t.Errorf("got scale %s, want %s", got, want)
	}
	for _, actor := range []*User{tm.editor, tm.reviewer} {
		if _, err := s.SaveVerdict(ctx, actor, Verdict{Name: "Satire", Rating: 1, Color: "#123456"}); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s saves a verdict: got %v, want ErrForbidden", actor.Role, err)
		}
		if err := s.DeleteVerdict(ctx, actor, vs[0].ID); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s deletes a verdict: got %v, want ErrForbidden", actor.Role, err)
		}
	}
	bad := []struct {
		name  string
		v     Verdict
		field string
	}{
		{"duplicate name in other case", Verdict{Name: "mostly TRUE", Rating: 4, Color: "#123456"}, "name"},
		{"empty name", Verdict{Name: " ", Rating: 1, Color: "#123456"}, "name"},
		{"rating too high", Verdict{Name: "Great", Rating: 6, Color: "#123456"}, "rating"},
		{"rating negative", Verdict{Name: "Awful", Rating: -1, Color: "#123456"}, "rating"},
		{"short colour", Verdict{Name: "Satire", Rating: 1, Color: "#123"}, "color"},
		{"named colour", Verdict{Name: "Satire", Rating: 1, Color: "red"}, "color"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.SaveVerdict(ctx, tm.admin, tc.v)
			fieldErr(t, err, tc.field)
		})
	}
	v, err := s.SaveVerdict(ctx, tm.admin, Verdict{Name: "Satire", Rating: 1, Color: "#ABCDEF"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Position != 8 || v.Color != "#abcdef" {
		t.Errorf("got %+v, want position 8 and a lower-case colour", v)
	}
	// Renaming keeps the id; claims that use it show the new name.
	c := importClaim(t, s, "Inflation hit 9 percent.")
	update(t, s, tm.reviewer, c, ClaimUpdate{Verdict: new("satire")})
	if _, err := s.SaveVerdict(ctx, tm.admin, Verdict{ID: v.ID, Name: "Satirical", Rating: 1, Color: "#abcdef"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Claim(ctx, c.ID); got.Verdict != "Satirical" {
		t.Errorf("got verdict %q after rename, want Satirical", got.Verdict)
	}
	if err := s.DeleteVerdict(ctx, tm.admin, v.ID); !errors.Is(err, ErrConflict) {
		t.Errorf("deleting a used verdict: got %v, want ErrConflict", err)
	}
	if err := s.DeleteVerdict(ctx, tm.admin, vs[6].ID); err != nil {
		t.Errorf("deleting Unproven: %v", err)
	}
	if err := s.DeleteVerdict(ctx, tm.admin, vs[6].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: got %v, want ErrNotFound", err)
	}
	if _, err := s.SaveVerdict(ctx, tm.admin, Verdict{ID: 999, Name: "X", Color: "#000000"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("saving an unknown id: got %v, want ErrNotFound", err)
	}
	after, _ := s.Verdicts(ctx)
	if len(after) != 7 {
		t.Errorf("got %d steps, want 7", len(after))
	}
}

func TestSettings(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	if err := s.SetSetting(ctx, tm.admin, "org.name", "  The  Checkers "); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Setting(ctx, "org.name"); got != "The Checkers" {
		t.Errorf("got %q, want %q", got, "The Checkers")
	}
	if err := s.SetSetting(ctx, nil, "publish.base_url", "https://checkers.example/fc/"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Setting(ctx, "publish.base_url"); got != "https://checkers.example/fc/" {
		t.Errorf("got %q", got)
	}
	for _, key := range []string{"org.url", "org.logo", "publish.base_url"} {
		if err := s.SetSetting(ctx, tm.admin, key, "javascript:alert(1)"); !strings.Contains(fieldErr(t, err, "value"), "only http and https") {
			t.Errorf("%s: got %v", key, err)
		}
	}
	err := s.SetSetting(ctx, tm.admin, "org.colour", "red")
	if msg := fieldErr(t, err, "key"); !strings.Contains(msg, "org.logo, org.name, org.url, publish.base_url") {
		t.Errorf("unknown key: got %q, want the known keys listed", msg)
	}
	if _, err := s.Setting(ctx, "nope"); fieldErr(t, err, "key") == "" {
		t.Error("no message")
	}
	for _, actor := range []*User{tm.editor, tm.reviewer} {
		if err := s.SetSetting(ctx, actor, "org.name", "Mine"); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s sets a setting: got %v, want ErrForbidden", actor.Role, err)
		}
	}
	if got, _ := s.Setting(ctx, "org.url"); got != "" {
		t.Errorf("unset setting: got %q, want empty", got)
	}
	s.SetSetting(ctx, tm.admin, "org.name", "")
	if got, _ := s.Setting(ctx, "org.name"); got != "" {
		t.Errorf("after unsetting: got %q", got)
	}
}

func TestRatingRange(t *testing.T) {
	tests := []struct {
		name        string
		scale       []Verdict
		worst, best int
	}{
		{"empty", nil, MinRating, MaxRating},
		{"one", []Verdict{{Rating: 3}}, 3, 3},
		{"unordered, one without a number", []Verdict{{Rating: 2}, {Rating: 5}, {Rating: NoRating}, {Rating: 4}}, 2, 5},
		{"no numbers at all", []Verdict{{Rating: NoRating}}, MinRating, MaxRating},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, b := RatingRange(tc.scale)
			if w != tc.worst || b != tc.best {
				t.Errorf("got %d..%d, want %d..%d", w, b, tc.worst, tc.best)
			}
		})
	}
}
