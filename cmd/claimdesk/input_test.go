package main

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

// TestReadAll checks the one-buffer read of a file whose size is known:
// it reads to the end whatever the hint (a file may grow or shrink between
// stat and read) and stops one byte past the limit, so the caller refuses
// the file instead of cutting it.
func TestReadAll(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		size    int
		hint    int64
		wantLen int
	}{
		{"hint exact", 5000, 5000, 5000},
		{"file grew after stat", 5000, 10, 5000},
		{"file shrank after stat", 10, 5000, 10},
		{"no hint", 70000, 0, 70000},
		{"empty", 0, 0, 0},
		{"past the limit", maxInputBytes + 10, maxInputBytes, maxInputBytes + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := bytes.Repeat([]byte("a"), tt.size)
			got, err := readAll(bytes.NewReader(in), tt.hint)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) < tt.wantLen || (tt.size > maxInputBytes && len(got) <= maxInputBytes) ||
				(tt.size <= maxInputBytes && len(got) != tt.wantLen) {
				t.Errorf("got %d bytes, want %d", len(got), tt.wantLen)
			}
		})
	}
}

// TestWriteOneLine pins how a sentence that spans lines is written: each
// line break, of whichever kind, becomes one space.
func TestWriteOneLine(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain sentence.", "plain sentence."},
		{"two\nlines.", "two lines."},
		{"two\r\nlines.", "two lines."},
		{"old\rMac.", "old Mac."},
		{"a\n\nb", "a  b"},
		{"ends\r", "ends "},
	}
	for _, tt := range tests {
		var b strings.Builder
		w := bufio.NewWriter(&b)
		writeOneLine(w, tt.in)
		w.Flush()
		if b.String() != tt.want {
			t.Errorf("writeOneLine(%q) = %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}
