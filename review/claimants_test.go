package review

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func demoArticle(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "cmd", "claimdesk", "demo", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// claimantNamed returns the claimant of the registry called name.
func claimantNamed(t *testing.T, s *Store, name string) *Claimant {
	t.Helper()
	ks, err := s.Claimants(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range ks {
		if ks[i].Name == name {
			return &ks[i]
		}
	}
	t.Fatalf("no claimant %q in %+v", name, ks)
	return nil
}

// TestImportLinksClaimants: importing the sample article makes Sergey
// Lavrov and Vladimir Putin claimants with the roles the text gives, and
// links every claim the engine attributes to them.
func TestImportLinksClaimants(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	_, cs := importArticle(t, s, demoArticle(t))
	lavrov := claimantNamed(t, s, "Sergey Lavrov")
	if lavrov.Kind != KindPerson || lavrov.Role != "Russian Foreign Minister" {
		t.Errorf("Sergey Lavrov: kind %q role %q", lavrov.Kind, lavrov.Role)
	}
	putin := claimantNamed(t, s, "Vladimir Putin")
	if putin.Role != "Russian President" {
		t.Errorf("Vladimir Putin: role %q", putin.Role)
	}
	n := 0
	for _, c := range cs {
		switch c.Speaker {
		case "Sergey Lavrov":
			n++
			if c.ClaimantID != lavrov.ID || c.Claimant != "Sergey Lavrov" {
				t.Errorf("claim %d by %q linked to %d %q", c.ID, c.Speaker, c.ClaimantID, c.Claimant)
			}
		case "":
			if c.ClaimantID != 0 {
				t.Errorf("claim %d without a speaker is linked to %q", c.ID, c.Claimant)
			}
		}
	}
	got, err := s.Claims(ctx, ClaimFilter{ClaimantID: lavrov.ID, IncludeCandidates: true})
	if err != nil || len(got) != n || n < 5 {
		t.Errorf("filter by claimant: %d claims (%v), want the %d by Lavrov", len(got), err, n)
	}
	// A second article naming him again finds the same claimant.
	_, cs2 := importArticle(t, s, "Russian Foreign Minister Sergey Lavrov said on Friday that the talks would resume in 2021.")
	if len(cs2) != 1 || cs2[0].ClaimantID != lavrov.ID {
		t.Errorf("a second article's claim by Lavrov: %+v", cs2)
	}
}

// TestSetClaimant covers correcting a claim's claimant: by id, by a new
// name (made), unlinking, and the refusals.
func TestSetClaimant(t *testing.T) {
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	ctx := context.Background()
	_, cs := importArticle(t, s, "Prices rose 5 percent in May, officials said.")
	c := cs[0]
	if c.ClaimantID != 0 {
		t.Fatalf("officials made a claimant: %q", c.Claimant)
	}
	name := " Statistics  Norway "
	got, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: c.Version, ClaimantName: &name})
	if err != nil {
		t.Fatal(err)
	}
	if got.Claimant != "Statistics Norway" || got.ClaimantID == 0 || got.Speaker != c.Speaker {
		t.Errorf("claimant %d %q speaker %q; want Statistics Norway made, speaker kept", got.ClaimantID, got.Claimant, got.Speaker)
	}
	if k := claimantNamed(t, s, "Statistics Norway"); k.Kind != KindOrganization {
		t.Errorf("Statistics Norway made as %q", k.Kind)
	}
	h, _ := s.History(ctx, c.ID)
	if last := h[len(h)-1]; last.Field != "claimant" || last.To != "Statistics Norway" {
		t.Errorf("last history row %+v, want the claimant change", last)
	}
	zero, missing := int64(0), int64(999)
	if _, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: got.Version, ClaimantID: &missing}); !strings.Contains(fieldErr(t, err, "claimant_id"), "no claimant") {
		t.Errorf("an unknown claimant: %v", err)
	}
	empty := "  "
	if _, err := s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: got.Version, ClaimantName: &empty}); err == nil {
		t.Error("an empty claimant name was accepted")
	}
	got, err = s.UpdateClaim(ctx, tm.reviewer, c.ID, ClaimUpdate{Version: got.Version, ClaimantID: &zero})
	if err != nil || got.ClaimantID != 0 || got.Claimant != "" {
		t.Errorf("unlinking: %d %q, %v", got.ClaimantID, got.Claimant, err)
	}
}

// TestSaveClaimant checks the claimant rule: http(s) same_as only, a kind
// of the two, a name nobody else has, editors only.
func TestSaveClaimant(t *testing.T) {
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	ctx := context.Background()
	importArticle(t, s, demoArticle(t))
	k := claimantNamed(t, s, "Sergey Lavrov")
	for _, tc := range []struct {
		name, field string
		in          Claimant
	}{
		{"javascript same_as", "same_as", Claimant{ID: k.ID, Name: k.Name, Kind: KindPerson, SameAs: "javascript:alert(1)"}},
		{"ftp same_as", "same_as", Claimant{ID: k.ID, Name: k.Name, Kind: KindPerson, SameAs: "ftp://example.org/x"}},
		{"no kind", "kind", Claimant{ID: k.ID, Name: k.Name, Kind: "robot"}},
		{"no name", "name", Claimant{ID: k.ID, Name: " ", Kind: KindPerson}},
		{"another's name", "name", Claimant{ID: k.ID, Name: "Vladimir Putin", Kind: KindPerson}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.SaveClaimant(ctx, tm.editor, tc.in)
			fieldErr(t, err, tc.field)
		})
	}
	in := Claimant{ID: k.ID, Name: "Sergey Lavrov", Aliases: []string{"Lavrov", "lavrov", "Sergei Lavrov"}, Role: "Minister of Foreign Affairs of Russia",
		Kind: KindPerson, SameAs: "https://www.wikidata.org/wiki/Q187591"}
	if _, err := s.SaveClaimant(ctx, tm.reviewer, in); !errors.Is(err, ErrForbidden) {
		t.Errorf("a reviewer editing a claimant: %v, want ErrForbidden", err)
	}
	got, err := s.SaveClaimant(ctx, tm.editor, in)
	if err != nil {
		t.Fatal(err)
	}
	if got.SameAs != in.SameAs || got.Role != in.Role || strings.Join(got.Aliases, "|") != "Lavrov|Sergei Lavrov" {
		t.Errorf("saved %+v", got)
	}
	// An alias finds the claimant at the next import.
	_, cs := importArticle(t, s, "Lavrov said the talks would resume in 2021.")
	if cs[0].ClaimantID != k.ID {
		t.Errorf("the alias Lavrov linked claimant %d %q, want %d", cs[0].ClaimantID, cs[0].Claimant, k.ID)
	}
}

// TestMergeClaimants: an admin folds a duplicate into a claimant; every
// claim moves with a history row and keeps its earlier history.
func TestMergeClaimants(t *testing.T) {
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	ctx := context.Background()
	importArticle(t, s, demoArticle(t))
	// a reported past event, which the engine calls a claim (a prediction
	// such as "would resume" sits at the threshold and may stay a candidate)
	_, cs := importArticle(t, s, "Sergei Lavrov said the talks resumed in Geneva in 2021.")
	dup := claimantNamed(t, s, "Sergei Lavrov")
	keep := claimantNamed(t, s, "Sergey Lavrov")
	before, _ := s.History(ctx, cs[0].ID)
	if _, err := s.MergeClaimants(ctx, tm.editor, keep.ID, dup.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("an editor merging: %v, want ErrForbidden", err)
	}
	got, err := s.MergeClaimants(ctx, tm.admin, keep.ID, dup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Claims != keep.Claims+1 || !strings.Contains(strings.Join(got.Aliases, "|"), "Sergei Lavrov") {
		t.Errorf("merged %+v, want one more claim and the alias", got)
	}
	if _, err := s.Claimant(ctx, dup.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the duplicate is still there: %v", err)
	}
	c, _ := s.Claim(ctx, cs[0].ID)
	after, _ := s.History(ctx, cs[0].ID)
	if c.ClaimantID != keep.ID || c.Version != cs[0].Version+1 || len(after) != len(before)+1 || after[len(after)-1].Field != "claimant" {
		t.Errorf("the moved claim: claimant %d version %d, history %d rows after %d", c.ClaimantID, c.Version, len(after), len(before))
	}
	if _, err := s.MergeClaimants(ctx, tm.admin, keep.ID, keep.ID); err == nil {
		t.Error("merging a claimant into itself was accepted")
	}
}

// TestLinkClaimants: the back-fill for a database from before the registry
// turns speakers into claimants and links them.
func TestLinkClaimants(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	_, cs := importArticle(t, s, demoArticle(t))
	if _, err := s.db.Write.Exec("UPDATE claims SET claimant_id = NULL; DELETE FROM claimants"); err != nil {
		t.Fatal(err)
	}
	total := 0
	for after := int64(0); ; {
		next, n, err := s.LinkClaimants(ctx, after, 3)
		if err != nil {
			t.Fatal(err)
		}
		total += n
		if next == 0 {
			break
		}
		after = next
	}
	lavrov := claimantNamed(t, s, "Sergey Lavrov")
	want := 0
	for _, c := range cs {
		if c.ClaimantID != 0 {
			want++
		}
		got, _ := s.Claim(ctx, c.ID)
		if (got.ClaimantID != 0) != (c.ClaimantID != 0) || c.Speaker == "Sergey Lavrov" && got.ClaimantID != lavrov.ID {
			t.Errorf("claim %d (%q): linked to %q after the back-fill", c.ID, c.Speaker, got.Claimant)
		}
	}
	if total != want {
		t.Errorf("linked %d, want %d", total, want)
	}
}

// TestClaimantNames gives the names that begin with the prefix, in any
// case, in order, no more than the limit, and none after them.
func TestClaimantNames(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	for _, name := range []string{"maria Zakharova", "Mariam Sow", "Marco Rossi", "Maria Alonso", "Marib Agency", "Zoe Mari"} {
		if _, err := s.db.Write.ExecContext(ctx, "INSERT INTO claimants (name, created_at, updated_at) VALUES (?, '', '')", name); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		prefix string
		limit  int
		want   string
	}{
		{"Maria", 20, "Maria Alonso|maria Zakharova|Mariam Sow"},
		{"MARI", 20, "Maria Alonso|maria Zakharova|Mariam Sow|Marib Agency"},
		{"mari", 2, "Maria Alonso|maria Zakharova"},
		{"", 3, "Marco Rossi|Maria Alonso|maria Zakharova"},
		{"Marz", 20, ""},
		{"zoe", 20, "Zoe Mari"},
	} {
		got, err := s.ClaimantNames(ctx, tc.prefix, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("ClaimantNames(%q, %d) = %q, want %q", tc.prefix, tc.limit, got, tc.want)
		}
	}
}
