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
