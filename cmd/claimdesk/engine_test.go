package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"claimdesk/claims"
)

// runEngine runs the program as the binary would, with stdin as given, and
// returns its exit status, standard output and standard error.
func runEngine(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &stdout, &stderr)
	return exitCode(err, &stderr), stdout.String(), stderr.String()
}

// sampleArticle is the sample article kept with the claims tests.
const sampleArticle = "../../claims/testdata/article000.txt"

func readSample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(sampleArticle)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func engineModel(t *testing.T) *claims.Model {
	t.Helper()
	m, err := claims.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSentencesCommand(t *testing.T) {
	in := "The minister said prices\nwould rise in May. Wages fell 2% in June.\n"
	want := "The minister said prices would rise in May.\nWages fell 2% in June.\n"
	t.Run("stdin", func(t *testing.T) {
		code, out, errOut := runEngine(t, in, "sentences")
		if code != 0 || errOut != "" {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		if out != want {
			t.Errorf("output = %q, want %q", out, want)
		}
	})
	t.Run("file", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "in.txt")
		if err := os.WriteFile(p, []byte(in), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, _ := runEngine(t, "", "sentences", p)
		if code != 0 || out != want {
			t.Errorf("exit %d, output %q; want 0, %q", code, out, want)
		}
	})
	t.Run("sample article: one line per sentence of Segment", func(t *testing.T) {
		text := readSample(t)
		code, out, _ := runEngine(t, "", "sentences", sampleArticle)
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		sents := claims.Segment(text)
		if len(lines) != len(sents) {
			t.Fatalf("%d lines, want %d sentences", len(lines), len(sents))
		}
		for i, s := range sents {
			want := strings.Join(strings.Fields(strings.ReplaceAll(text[s.Start:s.End], "\n", " ")), " ")
			if got := strings.Join(strings.Fields(lines[i]), " "); got != want {
				t.Errorf("line %d = %q, want %q", i, lines[i], want)
			}
		}
	})
}

var checkworthyLine = regexp.MustCompile(`^[01]\.\d{4}\t(yes|no)$`)

func TestCheckworthyCommand(t *testing.T) {
	m := engineModel(t)
	sentences := []string{
		"Unemployment fell to 3.9% in March, the lowest level since 2008.",
		"What a lovely day it is.",
		"The bridge cost $1.2bn and opened on November 9.",
	}
	for _, tc := range []struct{ name, in string }{
		{"LF", strings.Join(sentences, "\n") + "\n"},
		{"CRLF without a final newline", strings.Join(sentences, "\r\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runEngine(t, tc.in, "checkworthy")
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != len(sentences) {
				t.Fatalf("%d output lines, want %d: %q", len(lines), len(sentences), out)
			}
			for i, line := range lines {
				if !checkworthyLine.MatchString(line) {
					t.Errorf("line %d = %q, want SCORE<TAB>yes|no with 4 decimals", i, line)
				}
				sc := m.Score(sentences[i])
				label := "no"
				if sc.Worthy {
					label = "yes"
				}
				if want := fmt.Sprintf("%.4f\t%s", sc.P, label); line != want {
					t.Errorf("line %d = %q, want %q", i, line, want)
				}
			}
		})
	}
	t.Run("empty input", func(t *testing.T) {
		code, out, _ := runEngine(t, "", "checkworthy")
		if code != 0 || out != "" {
			t.Errorf("exit %d, output %q; want 0 and nothing", code, out)
		}
	})
}

// jsonClaim is a claim as the extract command writes it; the pointers tell
// a missing field from a zero one.
type jsonClaim struct {
	Start   *int     `json:"start"`
	End     *int     `json:"end"`
	Text    *string  `json:"text"`
	Score   *float64 `json:"score"`
	Kind    *string  `json:"kind"`
	Speaker *string  `json:"speaker"`
	// SpeakerRole is the speaker's title when the text gives one.
	SpeakerRole *string `json:"speaker_role"`
	// Statement is the suggested statement: never empty for a claim.
	Statement *string `json:"statement"`
}

func decodeClaims(t *testing.T, out, text string) []jsonClaim {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var cs []jsonClaim
	if err := dec.Decode(&cs); err != nil {
		t.Fatalf("output is not a JSON array of claims: %v\n%s", err, out)
	}
	if cs == nil {
		t.Fatalf("output %q is not an array", out)
	}
	for i, c := range cs {
		if c.Start == nil || c.End == nil || c.Text == nil || c.Score == nil || c.Kind == nil || c.Speaker == nil || c.Statement == nil {
			t.Fatalf("claim %d lacks a field: %+v", i, c)
		}
		if *c.Start < 0 || *c.Start >= *c.End || *c.End > len(text) {
			t.Fatalf("claim %d: span [%d,%d) outside the input of %d bytes", i, *c.Start, *c.End, len(text))
		}
		if got, want := *c.Text, text[*c.Start:*c.End]; got != want {
			t.Errorf("claim %d: text %q, want the input's span %q", i, got, want)
		}
		if *c.Score < 0 || *c.Score > 1 {
			t.Errorf("claim %d: score %v outside [0,1]", i, *c.Score)
		}
		if *c.Statement == "" {
			t.Errorf("claim %d: empty statement", i)
		}
	}
	return cs
}

func TestExtractCommand(t *testing.T) {
	text := readSample(t)
	all := engineModel(t).Extract(text)
	worthy := 0
	for _, c := range all {
		if c.Worthy {
			worthy++
		}
	}
	if worthy == 0 || worthy == len(all) {
		t.Fatalf("the sample article has %d worthy claims of %d: the --all test below would prove nothing", worthy, len(all))
	}

	t.Run("worthy claims only", func(t *testing.T) {
		code, out, errOut := runEngine(t, "", "extract", sampleArticle)
		if code != 0 || errOut != "" {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		if got := len(decodeClaims(t, out, text)); got != worthy {
			t.Errorf("%d claims, want the %d worthy ones", got, worthy)
		}
	})
	t.Run("--all from stdin", func(t *testing.T) {
		code, out, errOut := runEngine(t, text, "extract", "--all")
		if code != 0 || errOut != "" {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		cs := decodeClaims(t, out, text)
		if len(cs) != len(all) {
			t.Fatalf("%d claims, want all %d", len(cs), len(all))
		}
		found := false
		for _, c := range cs {
			if strings.Contains(*c.Text, "We offered the UN Security Council") {
				found = true
				if *c.Speaker != "Sergey Lavrov" || *c.Kind != "quote" {
					t.Errorf("speaker %q kind %q, want Sergey Lavrov, quote", *c.Speaker, *c.Kind)
				}
				if strings.Contains(*c.Statement, "the top diplomat stated") {
					t.Errorf("statement %q keeps the reporting frame", *c.Statement)
				}
			}
		}
		if !found {
			t.Error("no claim holds \"We offered the UN Security Council\"")
		}
	})
	t.Run("--all after the file", func(t *testing.T) {
		code, out, errOut := runEngine(t, "", "extract", sampleArticle, "--all")
		if code != 0 || errOut != "" {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		if got := len(decodeClaims(t, out, text)); got != len(all) {
			t.Errorf("%d claims, want all %d", got, len(all))
		}
	})
	t.Run("- reads standard input", func(t *testing.T) {
		code, out, _ := runEngine(t, text, "extract", "--all", "-")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		if got := len(decodeClaims(t, out, text)); got != len(all) {
			t.Errorf("%d claims, want all %d", got, len(all))
		}
	})
	t.Run("-h shows the options and exits 0", func(t *testing.T) {
		code, out, errOut := runEngine(t, "", "extract", "-h")
		if code != 0 || out != "" || !strings.Contains(errOut, "-all") {
			t.Errorf("exit %d, stdout %q, stderr %q; want 0, nothing, the usage naming -all", code, out, errOut)
		}
	})
	t.Run("empty input gives an empty array", func(t *testing.T) {
		code, out, _ := runEngine(t, "", "extract")
		if code != 0 || strings.TrimSpace(out) != "[]" {
			t.Errorf("exit %d, output %q; want 0 and []", code, out)
		}
	})
}

func TestEngineCommandsBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	binary := write("image.bin", []byte("PNG\x00\x01\x02 data"))
	latin1 := write("latin1.txt", []byte("Prices rose in Troms\xf8 last year."))
	good := write("good.txt", []byte("Prices rose 5% in May."))
	missing := filepath.Join(dir, "no-such.txt")

	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string // the message must contain this
	}{
		{"missing file", "", []string{missing}, 1, "no-such.txt: no such file"},
		{"directory", "", []string{dir}, 1, "is a directory"},
		{"binary file", "", []string{binary}, 1, "binary file (NUL byte at offset 3)"},
		{"invalid UTF-8 file", "", []string{latin1}, 1, "invalid UTF-8 at byte offset 20"},
		{"invalid UTF-8 on stdin", "ok \xff", nil, 1, "standard input: invalid UTF-8 at byte offset 3"},
		{"two files", "", []string{good, good}, 2, "at most one FILE"},
		{"unknown flag", "", []string{"--bogus", good}, 2, "bogus"},
		{"unknown flag after the file", "", []string{good, "--bogus"}, 2, "bogus"},
	}
	for _, cmd := range []string{"sentences", "checkworthy", "extract"} {
		for _, tt := range tests {
			t.Run(cmd+"/"+tt.name, func(t *testing.T) {
				code, out, errOut := runEngine(t, tt.stdin, append([]string{cmd}, tt.args...)...)
				if code != tt.code {
					t.Errorf("exit status %d, want %d (stderr %q)", code, tt.code, errOut)
				}
				if out != "" {
					t.Errorf("wrote %q to standard output, want nothing", out)
				}
				if !strings.Contains(errOut, tt.want) {
					t.Errorf("stderr %q, want it to contain %q", errOut, tt.want)
				}
				if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
					t.Errorf("stderr shows a panic: %q", errOut)
				}
				if tt.code == 1 {
					if lines := strings.Count(strings.TrimSuffix(errOut, "\n"), "\n") + 1; lines != 1 || !strings.HasPrefix(errOut, "claimdesk: ") {
						t.Errorf("stderr %q: want one line starting with \"claimdesk: \"", errOut)
					}
				}
			})
		}
	}
}
