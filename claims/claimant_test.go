package claims

import (
	"os"
	"path/filepath"
	"testing"
)

func TestClaimantKind(t *testing.T) {
	tests := []struct {
		speaker, kind string
		ok            bool
	}{
		{"Sergey Lavrov", ClaimantPerson, true},
		{"Vladimir Putin", ClaimantPerson, true},
		{"Ministry of Finance", ClaimantOrganization, true},
		{"the Office for National Statistics", ClaimantOrganization, true},
		{"Saudi Arabia's Civil Defense Authority", ClaimantOrganization, true},
		{"North Korea", ClaimantOrganization, true},
		{"WHO", ClaimantOrganization, true},
		{"a National Security Council spokesperson", "", false},
		{"The National Security Council Spokesperson", ClaimantPerson, true},
		{"Whitmore", ClaimantPerson, true},
		{"the minister", "", false},
		{"officials", "", false},
		{"Scientology officials", "", false},
		{"He", "", false},
		{"", "", false},
		{"bad \xff", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.speaker, func(t *testing.T) {
			kind, ok := ClaimantKind(tt.speaker)
			if kind != tt.kind || ok != tt.ok {
				t.Errorf("ClaimantKind(%q) = %q, %v; want %q, %v", tt.speaker, kind, ok, tt.kind, tt.ok)
			}
		})
	}
}

// TestSpeakerRole checks that Extract gives Sergey Lavrov's title with
// every claim attributed to him.
func TestSpeakerRole(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("testdata", "article000.txt"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range m.Extract(string(text)) {
		if c.Speaker == "Sergey Lavrov" {
			n++
			if c.SpeakerRole != "Russian Foreign Minister" {
				t.Errorf("claim at %d: role %q, want Russian Foreign Minister", c.Start, c.SpeakerRole)
			}
		}
	}
	if n < 5 {
		t.Errorf("%d claims by Sergey Lavrov, want at least 5", n)
	}
}
