package report

import "testing"

func TestSpeakerType(t *testing.T) {
	tests := []struct {
		speaker, want string
	}{
		{"Sergey Lavrov", "Person"},
		{"Vladimir Putin", "Person"},
		{"the Health Ministry", "Organization"},
		{"Statistics Norway", "Organization"},
		{"the U.S. Department of Labor", "Organization"},
		{"a National Security Council spokesperson", "Person"},
		{"Downing Street", "Organization"},
		{"Fiona Hill", "Person"},
		{"the Kremlin", "Organization"},
		{"WHO", "Organization"},
	}
	for _, tt := range tests {
		t.Run(tt.speaker, func(t *testing.T) {
			if got := speakerType(tt.speaker); got != tt.want {
				t.Errorf("speakerType(%q) = %q, want %q", tt.speaker, got, tt.want)
			}
		})
	}
}

func TestCSVScore(t *testing.T) {
	tests := []struct {
		score float64
		want  string
	}{
		{0.3507330058395765, "0.3507"},
		{0.7, "0.7"},
		{0.99996, "1"},
		{0, "0"},
		{0.00004, "0"},
		{0.12345, "0.1235"},
	}
	for _, tt := range tests {
		if got := csvScore(tt.score); got != tt.want {
			t.Errorf("csvScore(%v) = %q, want %q", tt.score, got, tt.want)
		}
	}
}
