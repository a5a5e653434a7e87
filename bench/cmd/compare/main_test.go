package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestRunPrintsEveryLibrary(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-dir", "../..", "-size", "20000", "-rounds", "1"}, &out); err != nil {
		t.Fatalf("run: %v", err)
	}
	got := out.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^claimdesk +49/49 +[0-9.]+ +[0-9]+ +-$`),
		regexp.MustCompile(`(?m)^neurosnap/sentences +[0-9]+/49 +[0-9.]+ +[0-9]+ +[0-9.]+x$`),
		regexp.MustCompile(`(?m)^jdkato/prose/v2 +[0-9]+/49 +[0-9.]+ +[0-9]+ +[0-9.]+x$`),
	} {
		if !want.MatchString(got) {
			t.Errorf("output lacks a line matching %s:\n%s", want, got)
		}
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-rounds", "0"}, "-rounds and -size must be at least 1"},
		{[]string{"-dir", "/nonexistent"}, "reading the golden rules"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out bytes.Buffer
			err := run(tt.args, &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%q) error = %v, want one containing %q", tt.args, err, tt.want)
			}
		})
	}
}
