package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"claimdesk/review"
)

// cmdMatch asks "has this been checked before?" for a text given as
// arguments, or for each line of standard input.
func cmdMatch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("match [--limit N] [--json] [TEXT...]", e.stderr)
	dbPath := dbFlag(fs, e)
	limit := fs.Int("limit", review.DefaultMatchLimit, fmt.Sprintf("at most `N` matches a text (1 to %d)", review.MaxMatchLimit))
	asJSON := fs.Bool("json", false, `write {"text": ..., "matches": [...]} a text, one JSON object a line`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 1 || *limit > review.MaxMatchLimit {
		return usagef("--limit must be between 1 and %d (got %d)", review.MaxMatchLimit, *limit)
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	ask := func(text string) error {
		ms, err := store.MatchText(ctx, text, *limit)
		if err != nil {
			return fmt.Errorf("match: %s", fieldMessage(err))
		}
		if *asJSON {
			return enc.Encode(review.Asked{Text: text, Matches: ms})
		}
		for _, m := range ms {
			fmt.Fprintf(w, "%.3f %s %d %s\n", m.Score, m.Kind, m.ID, folded(m.Text))
		}
		return nil
	}
	if fs.NArg() > 0 {
		text := strings.Join(fs.Args(), " ")
		if strings.TrimSpace(text) == "" {
			return usagef("give the text to match, or none to read one text a line from standard input")
		}
		return ask(text)
	}
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64<<10), review.MaxMatchText+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if err := ask(line); err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintln(w)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("match: read standard input: %v (a line is at most %d bytes)", err, review.MaxMatchText)
	}
	return nil
}
