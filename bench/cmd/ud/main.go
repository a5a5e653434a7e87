// Command ud prints whole-sentence F1 on the train and dev parts of the
// Universal Dependencies English sentence data (EWT and GUM), by group of
// documents (edited, informal, other), for claimdesk's segmenter on whole
// documents and for prose and neurosnap/sentences fed one paragraph at a
// time (they do not end a sentence at a blank line, so that is the fair
// comparison), all in one run.
//
// Run it from the bench directory: go run -tags sqlite_fts5 ./cmd/ud
//
// With -misses N it also prints up to N of claimdesk's errors in the
// chosen split and group: gold sentences it did not find ("-") and
// sentences it found that are not gold ("+").
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"claimdesk/bench"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ud:", err)
		os.Exit(1)
	}
}

var groups = []string{"edited", "informal", "other"}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("ud", flag.ContinueOnError)
	dir := fs.String("data", bench.UDPath, "the UD sentence data folder (with train/ and dev/)")
	splits := fs.String("splits", "train,dev", "comma-separated splits to score")
	misses := fs.Int("misses", 0, "print up to `N` of claimdesk's errors")
	group := fs.String("group", "informal", "the group whose errors -misses prints")
	only := fs.Bool("only", false, "score claimdesk alone (quicker, for tuning)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	segs, err := bench.Segmenters()
	if err != nil {
		return err
	}
	if *only {
		segs = segs[:1]
	}
	fmt.Fprintf(out, "whole-sentence F1 (precision, recall); claimdesk on whole documents, the others one paragraph at a time\n\n")
	fmt.Fprintf(out, "%-6s %-9s %6s", "split", "group", "sents")
	for _, s := range segs {
		fmt.Fprintf(out, " %26s", s.Name)
	}
	fmt.Fprintln(out)
	printed := 0
	for _, split := range strings.Split(*splits, ",") {
		docs, err := bench.LoadUD(*dir, split)
		if err != nil {
			return err
		}
		for _, g := range groups {
			scores := make([]bench.Score, len(segs))
			for _, d := range docs {
				if d.Group != g {
					continue
				}
				for k, seg := range segs {
					found, err := bench.SplitSpans(seg, d.Text, seg.Name != "claimdesk")
					if err != nil {
						return fmt.Errorf("%s: %w", d.Name, err)
					}
					scores[k].Add(found, d.Gold)
					if k == 0 && g == *group && printed < *misses {
						printed += printMisses(out, d, found, *misses-printed)
					}
				}
			}
			fmt.Fprintf(out, "%-6s %-9s %6d", split, g, scores[0].Gold)
			for _, s := range scores {
				p := float64(s.Right) / float64(max(s.Found, 1))
				r := float64(s.Right) / float64(max(s.Gold, 1))
				fmt.Fprintf(out, " %26s", fmt.Sprintf("%.3f (%.3f, %.3f)", s.F1(), p, r))
			}
			fmt.Fprintln(out)
		}
	}
	return nil
}

// printMisses prints the spans of found and gold that differ, at most
// limit of them, and returns how many it printed.
func printMisses(out io.Writer, d bench.Doc, found []bench.Span, limit int) int {
	in := func(sp bench.Span, set []bench.Span) bool {
		for _, x := range set {
			if x == sp {
				return true
			}
		}
		return false
	}
	n := 0
	for _, sp := range d.Gold {
		if n < limit && !in(sp, found) {
			fmt.Fprintf(out, "  %s - %q\n", d.Name, d.Text[sp.Start:sp.End])
			n++
		}
	}
	for _, sp := range found {
		if n < limit && !in(sp, d.Gold) {
			fmt.Fprintf(out, "  %s + %q\n", d.Name, d.Text[sp.Start:sp.End])
			n++
		}
	}
	return n
}
