package claims

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSegment checks that Segment never panics and that its spans keep
// their promises for any input, invalid UTF-8 included: ordered, not
// overlapping, no white space at either end, and every byte that is not
// white space in exactly one span. It also checks that a sentence never
// ends inside a multi-byte character, and that segmenting is stable: the
// same input gives the same spans.
func FuzzSegment(f *testing.F) {
	seeds := []string{
		"",
		" ",
		"Hello World. My name is Jonas.",
		"I live in the U.S. How about you?",
		"MOSCOW, November 12. /TASS/. US and French representatives will come.",
		`"What is more, we invited them," Lavrov said. "Will it hold?" Lavrov asked.`,
		"All news\n\nUS, French representatives\nAccording to him, yes",
		"1. The first item. 2. The second item.",
		"a) one b) two c) three",
		"• 9. The first item • 10. The second item",
		"\u20439. The first item \u204310. The second item",
		"One habit . . . was that of compounds. . . . The practice was not abandoned. . . .",
		"Bohr [...] used the analogy [...]\" (Smith 55).",
		"Treaty signed in 1994.[12] Ratified.[3][4] Done",
		"\u00a0\u2003First one.\u3000Second one.\u2029Third one\u202f",
		"\xff\xfe. \xc2. \xe2\x80. \xe2\x80\xa6 \xe2\x80\xa2 x \xe3\x80",
		"Mr.\nSmith\r\n\r\nDr.",
		"....!?!?\"')]}’”» A",
		"x.\u2028Y\u0085z\u2029",
		strings.Repeat("A. ", 50),
		strings.Repeat("\n", 10) + "1.)",
		"He said... \xe2\x80\xa6 N\u00b0. 1026.253.553. That is it.",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := Segment(text)
		checkSpans(t, text, got)
		for k, s := range got {
			if utf8.ValidString(text) && !utf8.ValidString(text[s.Start:s.End]) {
				t.Fatalf("span %d [%d,%d) cuts a character of valid text %q", k, s.Start, s.End, text)
			}
		}
		again := Segment(text)
		if len(again) != len(got) {
			t.Fatalf("second run: got %d spans, want %d", len(again), len(got))
		}
		for k := range got {
			if again[k] != got[k] {
				t.Fatalf("second run: span %d = %v, want %v", k, again[k], got[k])
			}
		}
	})
}

// FuzzSegmentParagraphs checks that a blank line is a hard boundary: the
// sentences of a + "\n\n" + b are those of a followed by those of b, so
// nothing on one side of a blank line changes how the other side is split.
func FuzzSegmentParagraphs(f *testing.F) {
	f.Add("I live in the U.S.", "Government jobs are scarce.")
	f.Add("compounds. . . .", "The practice was not abandoned.")
	f.Add(`"Why?"`, "Lavrov asked.")
	f.Add("1. The first item", "2. The second item")
	f.Add("Title line", "Next line")
	f.Add("\xe2\x80", "\xa6 x")
	// A line longer than any wrap width on one side must not change how
	// the single line breaks on the other side are read.
	f.Add("Short line\nNext line", strings.Repeat("word ", 40)+"\nTwo Methods:\nBasic")
	f.Add(strings.Repeat("word ", 40)+"\r\rTitle\nnext", "Title:\nNext")
	f.Fuzz(func(t *testing.T, a, b string) {
		text := a + "\n\n" + b
		got := Segment(text)
		checkSpans(t, text, got)
		want := Segment(a)
		for _, s := range Segment(b) {
			want = append(want, Sentence{Start: s.Start + len(a) + 2, End: s.End + len(a) + 2})
		}
		if len(got) != len(want) {
			t.Fatalf("Segment(%q): got %v, want %v (a's spans, then b's)", text, got, want)
		}
		for k := range got {
			if got[k] != want[k] {
				t.Fatalf("Segment(%q): got %v, want %v (a's spans, then b's)", text, got, want)
			}
		}
	})
}
