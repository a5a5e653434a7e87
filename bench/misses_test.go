package bench

import "testing"

func TestMissClass(t *testing.T) {
	text := "It rained; the roads flooded. Then what? see here\nA title\nThe flood (map). Mr. Smith: yes"
	at := func(s string) int {
		for k := 0; k+len(s) <= len(text); k++ {
			if text[k:k+len(s)] == s {
				return k + len(s)
			}
		}
		t.Fatalf("%q not in the text", s)
		return 0
	}
	cases := []struct {
		m    Miss
		want string
	}{
		{Miss{at("rained;"), true}, "- semicolon"},
		{Miss{at("flooded."), false}, "+ full stop"},
		{Miss{at("what?"), true}, "- mark, lower-case next"},
		{Miss{at("see here"), true}, "- no mark, line break"},
		{Miss{at("(map)."), true}, "- full stop"},
		{Miss{at("Mr."), false}, "+ full stop"},
		{Miss{at("Smith:"), true}, "- colon"},
	}
	for _, c := range cases {
		if got := MissClass(text, c.m); got != c.want {
			t.Errorf("MissClass at %d: got %q, want %q", c.m.End, got, c.want)
		}
	}
	found := []Span{{0, 29}, {30, 40}}
	gold := []Span{{0, 10}, {11, 29}, {30, 40}}
	ms := Misses(found, gold)
	if len(ms) != 1 || ms[0] != (Miss{10, true}) {
		t.Errorf("Misses: got %v, want one missed end at 10", ms)
	}
	ms = Misses(gold, found)
	if len(ms) != 1 || ms[0] != (Miss{10, false}) {
		t.Errorf("Misses the other way: got %v, want one extra end at 10", ms)
	}
}
