package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"claimdesk/claims"
)

// cmdSentences writes one sentence per line; newlines inside a sentence
// become spaces.
func cmdSentences(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("sentences [FILE]", e.stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	text, _, err := readText(e, fs.Args())
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	oneLine := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")
	for _, s := range claims.Segment(text) {
		line := oneLine.Replace(text[s.Start:s.End])
		w.WriteString(line)
		w.WriteByte('\n')
	}
	return w.Flush()
}

// cmdCheckworthy reads one sentence per line and writes SCORE<TAB>yes|no
// for each.
func cmdCheckworthy(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("checkworthy [FILE]", e.stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	text, _, err := readText(e, fs.Args())
	if err != nil {
		return err
	}
	m, err := claims.DefaultModel()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	text = strings.TrimSuffix(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if text == "" {
		return w.Flush()
	}
	for _, line := range strings.Split(text, "\n") {
		sc := m.Score(line)
		label := "no"
		if sc.Worthy {
			label = "yes"
		}
		fmt.Fprintf(w, "%.4f\t%s\n", sc.P, label)
	}
	return w.Flush()
}

// cmdExtract writes the candidate claims of an article as a JSON array.
func cmdExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("extract [FILE]", e.stderr)
	all := fs.Bool("all", false, "include candidates under the model's threshold")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	text, _, err := readText(e, fs.Args())
	if err != nil {
		return err
	}
	m, err := claims.DefaultModel()
	if err != nil {
		return err
	}
	out := []claims.Claim{}
	for _, c := range m.Extract(text) {
		if c.Worthy || *all {
			out = append(out, c)
		}
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
