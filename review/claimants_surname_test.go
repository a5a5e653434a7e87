package review

import (
	"context"
	"testing"
)

// TestClaimantSurnameAcrossArticles: a later article's "Lavrov said" joins
// Sergey Lavrov, named in full by an earlier one, because no other person
// has that surname; a surname two people share stays apart.
func TestClaimantSurnameAcrossArticles(t *testing.T) {
	s, _ := newTestStore(t)
	_, _ = importArticle(t, s, demoArticle(t))
	lavrov := claimantNamed(t, s, "Sergey Lavrov")
	_, cs := importArticle(t, s, "Lavrov said on Friday that the talks would resume in 2021.")
	if len(cs) != 1 || cs[0].Speaker != "Lavrov" {
		t.Fatalf("the engine did not attribute the claim to Lavrov: %+v", cs)
	}
	if cs[0].ClaimantID != lavrov.ID {
		t.Errorf("\"Lavrov said\" linked to %d %q, want Sergey Lavrov (%d)", cs[0].ClaimantID, cs[0].Claimant, lavrov.ID)
	}

	importArticle(t, s, "Ann Johnson said the bridge cost 5 million dollars in 2020.")
	importArticle(t, s, "Bob Johnson said the road cost 3 million dollars in 2021.")
	ann, bob := claimantNamed(t, s, "Ann Johnson"), claimantNamed(t, s, "Bob Johnson")
	_, cs = importArticle(t, s, "Johnson said the tunnel cost 7 million dollars in 2022.")
	if len(cs) != 1 || cs[0].Speaker != "Johnson" {
		t.Fatalf("the engine did not attribute the claim to Johnson: %+v", cs)
	}
	if cs[0].ClaimantID == ann.ID || cs[0].ClaimantID == bob.ID {
		t.Errorf("\"Johnson said\" was joined to %q though two people have that surname", cs[0].Claimant)
	}
	// A full name never joins a surname-only claimant.
	if id, err := findBySurname(context.Background(), s.db.Read, "Sergey Lavrov"); err != nil || id != 0 {
		t.Errorf("findBySurname(full name) = %d, %v; want 0", id, err)
	}
}
