package words

import (
	"strings"
	"testing"
)

func TestNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"Don't stop", []string{"Don't", "stop"}},
		{"It’s 3.5 and 1,000.", []string{"It’s", "3.5", "and", "1,000"}},
		{"the U.S. economy", []string{"the", "U", "S", "economy"}},
		{"“Quoted” — dash", []string{"Quoted", "dash"}},
		{"twenty-two years", []string{"twenty", "two", "years"}},
		{"«Nous» £3bn\u00a0Émilie", []string{"«Nous»", "3bn", "Émilie"}},
		{"rock’n’roll ’90s o'clock' end'", []string{"rock’n’roll", "90s", "o'clock", "end"}},
		{"3. 5 1,,2 .5", []string{"3", "5", "1", "2", "5"}},
		{"  ", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var got []string
			for i := 0; ; {
				a, b := Next(tt.in, i)
				if a >= len(tt.in) {
					break
				}
				got = append(got, tt.in[a:b])
				i = b
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Don't", "don't"},
		{"It’s", "it's"},
		{"ÉMILIE", "\xc3\x89milie"}, // only ASCII is lower-cased
		{"“Q”", "“q”"},              // other punctuation is kept as it is
		{"a\xe2\x80", "a\xe2\x80"},  // a cut-off character is kept, byte by byte
	}
	for _, tt := range tests {
		var b []byte
		for i := 0; i < len(tt.in); {
			var c byte
			c, i = Fold(tt.in, i, len(tt.in))
			b = append(b, c)
		}
		if string(b) != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, b, tt.want)
		}
	}
}

func TestApostrophe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		ok    bool
		width int
	}{
		{"'", true, 1},
		{"’", true, 3},
		{"‘", false, 0},
		{"\xe2\x80", false, 0},
		{"a", false, 0},
	}
	for _, tt := range tests {
		if ok, w := Apostrophe(tt.in, 0); ok != tt.ok || w != tt.width {
			t.Errorf("Apostrophe(%q) = %t, %d; want %t, %d", tt.in, ok, w, tt.ok, tt.width)
		}
	}
}
