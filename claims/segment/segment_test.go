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
