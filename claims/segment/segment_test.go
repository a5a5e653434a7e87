package segment

import "testing"

// TestMaxAbbrev keeps maxAbbrev, a shortcut in the full-stop
// rule, in step with the word lists it stands for.
func TestMaxAbbrev(t *testing.T) {
	longest := 0
	for _, set := range []map[string]bool{titles, abbrevs, beforeNumber} {
		for w := range set {
			longest = max(longest, len(w))
		}
	}
	if longest != maxAbbrev {
		t.Errorf("longest abbreviation: got %d bytes, maxAbbrev is %d", longest, maxAbbrev)
	}
}

// TestSplitWords pins how the segmenter reads the words it looks up: as
// the claims word scanner finds them (words.Next), cut at an apostrophe.
func TestSplitWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"a contraction opens a sentence as its first part does",
			"He lives in the U.S. It's big.",
			[]string{"He lives in the U.S.", "It's big."}},
		{"a possessive name before a verb of saying keeps the quotation",
			`"Will it hold?" Lavrov's aide said.`,
			[]string{`"Will it hold?" Lavrov's aide said.`}},
		{"a word with digits is not the title it starts with",
			"Comments on draft rev1\nI have sent the file.",
			[]string{"Comments on draft rev1", "I have sent the file."}},
		{"a title at the end of a line still asks for a name",
			"The letter was signed by Rev\nMartin Luther King in 1963.",
			[]string{"The letter was signed by Rev\nMartin Luther King in 1963."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, s := range Split(tt.in) {
				got = append(got, tt.in[s.Start:s.End])
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("sentence %d: got %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}
