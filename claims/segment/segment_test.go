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

// splitTexts returns the sentences Split finds in in, as text.
func splitTexts(in string) []string {
	var got []string
	for _, s := range Split(in) {
		got = append(got, in[s.Start:s.End])
	}
	return got
}

func checkSplit(t *testing.T, in string, want []string) {
	t.Helper()
	got := splitTexts(in)
	if len(got) != len(want) {
		t.Fatalf("Split(%q):\n got %q\nwant %q", in, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("Split(%q) sentence %d: got %q, want %q", in, i, got[i], want[i])
		}
	}
}

// TestSplitClasses pins each class of boundary that informal text and
// edited text with citations call for. The cases that find a boundary
// (or keep a quotation whole) failed before these rules; the "not ..."
// cases guard against splitting too often.
func TestSplitClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		class, name, in string
		want            []string
	}{
		// A lower-case start after . ? ! in informal text.
		{"lower case", "after a question mark",
			"Did you try the new bakery? best croissants in town!",
			[]string{"Did you try the new bakery?", "best croissants in town!"}},
		{"lower case", "after an exclamation mark",
			"Avoid this garage! they charged me twice.",
			[]string{"Avoid this garage!", "they charged me twice."}},
		{"lower case", "after a short ordinary word",
			"We went with my mum. the kids loved it.",
			[]string{"We went with my mum.", "the kids loved it."}},
		{"lower case", "after a long word",
			"The room was clean and quiet. staff were friendly too.",
			[]string{"The room was clean and quiet.", "staff were friendly too."}},
		{"lower case", "not after a listed abbreviation",
			"Bring plates, cups etc. and we will do the rest.",
			[]string{"Bring plates, cups etc. and we will do the rest."}},
		{"lower case", "not after an abbreviation with inner stops",
			"Use a mild cleaner, e.g. vinegar and water.",
			[]string{"Use a mild cleaner, e.g. vinegar and water."}},
		{"lower case", "not after an initial",
			"The prize went to Harry S. and his brother.",
			[]string{"The prize went to Harry S. and his brother."}},
		{"lower case", "not after a closing quote",
			`"Is it far?" she asked.`,
			[]string{`"Is it far?" she asked.`}},
		{"lower case", "not after a capitalised word quoted in running text",
			"Speakers say Huh? in almost every language.",
			[]string{"Speakers say Huh? in almost every language."}},
		{"lower case", "not after a percentage abbreviation",
			"Sales fell 3 pct. in March.",
			[]string{"Sales fell 3 pct. in March."}},
		{"lower case", "not after two full stops",
			"I called twice.. nobody answered.",
			[]string{"I called twice.. nobody answered."}},

		// Citation marks after the full stop stay with their sentence.
		{"citation", "a range after a space",
			"Earlier surveys found the same pattern. [4 - 6] Economists disagree about why.",
			[]string{"Earlier surveys found the same pattern. [4 - 6]", "Economists disagree about why."}},
		{"citation", "two marks after a space",
			"The dam was finished in 1936. [2] [5] It still stands.",
			[]string{"The dam was finished in 1936. [2] [5]", "It still stands."}},
		{"citation", "a mark ending the paragraph",
			"The ship sank in a storm. [3]",
			[]string{"The ship sank in a storm. [3]"}},
		{"citation", "a list of marks",
			"Rainfall doubled in a decade. [2,7] Farmers adapted.",
			[]string{"Rainfall doubled in a decade. [2,7]", "Farmers adapted."}},
		{"citation", "a bracketed word is no mark",
			"He wrote it himself. [Editor's note] The rest is lost.",
			[]string{"He wrote it himself.", "[Editor's note] The rest is lost."}},

		// A mis-curled closing quote does not block a split.
		{"quote", "an opening double quote used to close",
			"The board called it “a fair ruling.“ Then the appeal began.",
			[]string{"The board called it “a fair ruling.“", "Then the appeal began."}},
		{"quote", "an opening double quote still opens",
			"He left. “Where now?” she asked.",
			[]string{"He left.", "“Where now?” she asked."}},

		// A name and an unlisted verb of saying after a quotation.
		{"attribution", "an unlisted verb in -s",
			`"Marvellous!" Margot grins.`,
			[]string{`"Marvellous!" Margot grins.`}},
		{"attribution", "an unlisted verb in -ed with two names",
			`"Not again?" Ana Ruiz sighed, and sat down.`,
			[]string{`"Not again?" Ana Ruiz sighed, and sat down.`}},
		{"attribution", "a name that goes on is a new sentence",
			`"Done!" Margot opens the door and leaves.`,
			[]string{`"Done!"`, "Margot opens the door and leaves."}},

		// Words that look like abbreviations.
		{"abbreviation", "a title before the article A",
			"The lecture was given by our Prof. A colleague took notes.",
			[]string{"The lecture was given by our Prof.", "A colleague took notes."}},
		{"abbreviation", "a title before an initial",
			"It was written by Prof. A. Novak in 1998.",
			[]string{"It was written by Prof. A. Novak in 1998."}},
		{"abbreviation", "a possessive in capitals",
			"Please send the forms to the NHS's. Thanks again.",
			[]string{"Please send the forms to the NHS's.", "Thanks again."}},
		{"abbreviation", "population before a number",
			"They moved to Ghent (pop. 263,000) in May.",
			[]string{"They moved to Ghent (pop. 263,000) in May."}},

		// Ellipses.
		{"ellipsis", "an ellipsis opening the next sentence",
			"The line never moved. ... It was noon before we got in.",
			[]string{"The line never moved.", "... It was noon before we got in."}},
		{"ellipsis", "after a bracket before a capital",
			"The screen is sharp (12 megapixels)... Battery life is poor.",
			[]string{"The screen is sharp (12 megapixels)...", "Battery life is poor."}},
	}
	for _, tt := range tests {
		t.Run(tt.class+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			checkSplit(t, tt.in, tt.want)
		})
	}
}
