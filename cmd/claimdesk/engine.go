package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"

	"claimdesk/claims"
)

// cmdSentences writes one sentence per line; newlines inside a sentence
// become spaces.
func cmdSentences(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("sentences [FILE]", e.stderr)
	text, err := readInput(e, fs, args)
	if err != nil {
		return err
	}
	// A large buffer: the lines of a long text go out in few writes.
	w := bufio.NewWriterSize(e.stdout, 256<<10)
	for _, s := range claims.Segment(text) {
		writeOneLine(w, text[s.Start:s.End])
		w.WriteByte('\n')
	}
	return w.Flush()
}

// writeOneLine writes s with each line break ("\r\n", "\n" or "\r")
// turned into a space; most sentences have none and are written as they
// are.
func writeOneLine(w *bufio.Writer, s string) {
	for {
		k := strings.IndexAny(s, "\r\n")
		if k < 0 {
			w.WriteString(s)
			return
		}
		w.WriteString(s[:k])
		w.WriteByte(' ')
		if s[k] == '\r' && k+1 < len(s) && s[k+1] == '\n' {
			k++
		}
		s = s[k+1:]
	}
}

// cmdCheckworthy reads one sentence per line and writes SCORE<TAB>yes|no
// for each.
func cmdCheckworthy(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("checkworthy [FILE]", e.stderr)
	text, err := readInput(e, fs, args)
	if err != nil {
		return err
	}
	m, err := builtinModel()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	text = strings.TrimSuffix(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if text == "" {
		return w.Flush()
	}
	for line := range strings.SplitSeq(text, "\n") {
		sc := m.Score(line)
		label := "no"
		if sc.Worthy {
			label = "yes"
		}
		fmt.Fprintf(w, "%.4f\t%s\n", sc.P, label)
	}
	return w.Flush()
}

// readInput is the text commands' shared start: their flags (allowed
// after the file name too), then the one FILE or standard input, read and
// checked as text.
func readInput(e *env, fs *flag.FlagSet, args []string) (string, error) {
	files, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return "", err
	}
	return readText(e, files)
}

// builtinModel loads the model compiled into the binary, saying so when it
// cannot.
func builtinModel() (*claims.Model, error) {
	m, err := claims.DefaultModel()
	if err != nil {
		return nil, fmt.Errorf("loading the built-in model: %w", err)
	}
	return m, nil
}

// parseFlagsAnywhere parses args allowing flags after the file name too
// ("claimdesk extract article.txt --all") and returns the other arguments.
// Everything after "--" is an argument, as usual.
func parseFlagsAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	var after []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, after = args[:i], args[i+1:]
	}
	var rest []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return append(rest, after...), nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// cmdExtract writes the candidate claims of an article as a JSON array.
func cmdExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("extract [FILE]", e.stderr)
	all := fs.Bool("all", false, "include candidates under the model's threshold")
	modelPath := fs.String("model", "", "model `FILE`: one claimdesk train or claimdesk model export wrote (default: the built-in model)")
	text, err := readInput(e, fs, args)
	if err != nil {
		return err
	}
	m, err := loadScorerFlag(*modelPath)
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
