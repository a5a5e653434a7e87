package claims

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReasonGroupsCoverTheModel: every feature the default model gives as
// a reason, over the sentences of the committed data, has a group in the
// table or is hidden on purpose; every hand-written feature has a group of
// its own (not "other wording"). A new family of features fails here until
// the table takes it.
func TestReasonGroupsCoverTheModel(t *testing.T) {
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "checkworthy_dev200.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(filepath.Join("testdata", "article000.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var sentences []string
	for i, line := range strings.Split(string(raw), "\n") {
		if f := strings.Split(line, "\t"); i > 0 && len(f) == 3 {
			sentences = append(sentences, f[1])
		}
	}
	for _, s := range Segment(string(body)) {
		sentences = append(sentences, string(body[s.Start:s.End]))
	}
	families := map[string]int{}
	shown, hidden := 0, 0
	for _, s := range sentences {
		for _, r := range m.Score(s).Reasons {
			family, _ := featureFamily(r.Feature)
			families[family]++
			switch groupOf(r.Feature) {
			case -2:
				t.Errorf("the feature %q (family %s) has no group and is not hidden: add it to reasonGroups or hiddenFamilies", r.Feature, family)
			case -1:
				hidden++
			default:
				shown++
			}
		}
	}
	if len(families) < 3 || shown == 0 || hidden == 0 {
		t.Errorf("families %v, %d shown and %d hidden: want several families, some of each", families, shown, hidden)
	}
	other := len(reasonGroups) - 1
	for h := uint8(0); h < handCount; h++ {
		if g := groupOf(handLabel(h)); g < 0 || g == other {
			t.Errorf("the hand-written feature %q goes to group %d, want a named group", handLabel(h), g)
		}
	}
}

func TestGroupReasons(t *testing.T) {
	got := GroupReasons([]Reason{
		{Feature: `word "percent"`, Weight: 0.3},
		{Feature: "has a number", Weight: 0.4},
		{Feature: `first word "the"`, Weight: 0.16},
		{Feature: `word "minister"`, Weight: 0.2},
		{Feature: `letters "_perc"`, Weight: 0.1},
		{Feature: `words "vladimir putin"`, Weight: -0.2},
		{Feature: `word "announced"`, Weight: 0.05},
	})
	want := []struct {
		label string
		n     int
	}{{"states a number", 2}, {"names an official", 1}, {"other wording", 1}, {"attributes it to someone", 1}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %d groups", got, len(want))
	}
	for i, w := range want {
		if got[i].Label != w.label || len(got[i].Features) != w.n {
			t.Errorf("group %d: got %q with %v, want %q with %d features", i, got[i].Label, got[i].Features, w.label, w.n)
		}
	}
	if w := got[0].Weight; w < 0.69 || w > 0.71 {
		t.Errorf("states a number weighs %.3f, want 0.7 (0.3 + 0.4)", w)
	}
	for _, g := range got {
		for _, f := range g.Features {
			if f == `first word "the"` || strings.HasPrefix(f, "letters") {
				t.Errorf("%q is shown, want it hidden", f)
			}
		}
	}
}
