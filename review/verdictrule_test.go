package review

import (
	"context"
	"testing"
)

func TestHasVerdict(t *testing.T) {
	for _, tc := range []struct {
		status           Status
		verdict          string
		signed, proposed bool
	}{
		{StatusDone, "True", true, false},
		{StatusNeedsReview, "True", false, true},
		{StatusResearching, "False", false, true},
		{StatusNew, "False", false, true},
		{StatusDismissed, "True", false, false},
		{StatusDone, "", false, false},
		{StatusNew, "", false, false},
	} {
		if got := HasVerdict(tc.status, tc.verdict); got != tc.signed {
			t.Errorf("HasVerdict(%s, %q) = %v, want %v", tc.status, tc.verdict, got, tc.signed)
		}
		if got := ProposedVerdict(tc.status, tc.verdict); got != tc.proposed {
			t.Errorf("ProposedVerdict(%s, %q) = %v, want %v", tc.status, tc.verdict, got, tc.proposed)
		}
	}
}

// TestVerdictCountsOnlySignedOff: a proposed verdict is not counted on the
// dashboard as a verdict, but as a proposal. (TestMatchText checks that
// "checked before?" gives no verdict in progress.)
func TestVerdictCountsOnlySignedOff(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	signed := importClaim(t, s, "Unemployment fell to 5.2 percent in October.")
	proposed := importClaim(t, s, "Inflation rose to 9.1 percent in June.")
	signed = update(t, s, tm.reviewer, signed, ClaimUpdate{Verdict: new("False"), Conclusion: new("It was 5.4 percent.")})
	signed = addEvidence(t, s, tm.reviewer, signed)
	signed = update(t, s, tm.reviewer, signed, ClaimUpdate{Status: new(StatusNeedsReview)})
	if signed = update(t, s, tm.editor, signed, ClaimUpdate{Status: new(StatusDone)}); !signed.HasVerdict() {
		t.Fatalf("signed off: status %s verdict %q, want a verdict", signed.Status, signed.Verdict)
	}
	if proposed = update(t, s, tm.reviewer, proposed, ClaimUpdate{Verdict: new("True"), Status: new(StatusNeedsReview)}); !proposed.ProposedVerdict() || proposed.HasVerdict() {
		t.Fatalf("proposed: status %s verdict %q, want only a proposal", proposed.Status, proposed.Verdict)
	}

	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.ByVerdict["False"] != 1 || st.ByVerdict["True"] != 0 {
		t.Errorf("by verdict: got False %d, True %d; want 1 and 0 (the proposed True not counted)", st.ByVerdict["False"], st.ByVerdict["True"])
	}
	if st.Proposed != 1 {
		t.Errorf("proposed: got %d, want 1", st.Proposed)
	}
}
