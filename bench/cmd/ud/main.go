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
// chosen split and group: sentence ends it missed ("-") and ends it found
// that are not gold ("+"), with the text around them. With -classes it
// prints how many of those errors fall in each class (bench.MissClass: the
// mark before the end, whether a line break or a lower-case word follows),
// for every split of the chosen group, most frequent first.
//
// With -layout line the paragraphs are separated by one line break instead
// of a blank line, as text pasted from a word processor arrives; the peers
// are then fed one line at a time, which still gives them every paragraph
// end.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
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
	layout := fs.String("layout", "blank", "paragraphs as the treebanks give them (`blank`: a blank line between them) or \"line\" (one line break)")
	classes := fs.Bool("classes", false, "count claimdesk's errors in the chosen group by class")
	if err := fs.Parse(args); err != nil {
		return err
	}
	parts := bench.Paragraphs
	switch *layout {
	case "blank":
	case "line":
		parts = bench.Lines
	default:
		return fmt.Errorf("-layout %q: want blank or line", *layout)
	}
	segs, err := bench.Segmenters()
	if err != nil {
		return err
	}
	if *only {
		segs = segs[:1]
	}
	fmt.Fprintf(out, "whole-sentence F1 (precision, recall); claimdesk on whole documents, the others one paragraph at a time; paragraphs separated by %s\n\n",
		map[string]string{"blank": "a blank line", "line": "one line break"}[*layout])
	fmt.Fprintf(out, "%-6s %-9s %6s", "split", "group", "sents")
	for _, s := range segs {
		fmt.Fprintf(out, " %26s", s.Name)
	}
	fmt.Fprintln(out)
	printed := 0
	var counts []map[string]int
	for _, split := range strings.Split(*splits, ",") {
		byClass := map[string]int{}
		counts = append(counts, byClass)
		docs, err := bench.LoadUD(*dir, split)
		if err != nil {
			return err
		}
		if *layout == "line" {
			for k := range docs {
				if docs[k], err = docs[k].OneLineBreak(); err != nil {
					return err
				}
			}
		}
		for _, g := range groups {
			scores := make([]bench.Score, len(segs))
			for _, d := range docs {
				if d.Group != g {
					continue
				}
				for k, seg := range segs {
					var cut func(string) []bench.Span
					if seg.Name != "claimdesk" {
						cut = parts
					}
					found, err := bench.SplitSpans(seg, d.Text, cut)
					if err != nil {
						return fmt.Errorf("%s: %w", d.Name, err)
					}
					scores[k].Add(found, d.Gold)
					if k == 0 && g == *group {
						ms := bench.Misses(found, d.Gold)
						if printed < *misses {
							printed += printMisses(out, d, ms, *misses-printed)
						}
						for _, m := range ms {
							byClass[bench.MissClass(d.Text, m)]++
						}
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
	if *classes {
		for k, split := range strings.Split(*splits, ",") {
			printClasses(out, split, *group, counts[k])
		}
	}
	return nil
}

// printClasses prints the count of claimdesk's errors in each class, most
// frequent first.
func printClasses(out io.Writer, split, group string, byClass map[string]int) {
	names := make([]string, 0, len(byClass))
	total := 0
	for c, n := range byClass {
		names = append(names, c)
		total += n
	}
	sort.Slice(names, func(a, b int) bool {
		if byClass[names[a]] != byClass[names[b]] {
			return byClass[names[a]] > byClass[names[b]]
		}
		return names[a] < names[b]
	})
	fmt.Fprintf(out, "\n%s %s: %d differing ends (\"-\" a gold end missed, \"+\" an end found that is not gold)\n", split, group, total)
	for _, c := range names {
		fmt.Fprintf(out, "  %5d  %s\n", byClass[c], c)
	}
}

// printMisses prints, at most limit of them, the sentence ends where
// claimdesk and the gold differ, with the text around them and their
// class. It returns how many it printed.
func printMisses(out io.Writer, d bench.Doc, ms []bench.Miss, limit int) int {
	n := 0
	for _, m := range ms {
		if n == limit {
			break
		}
		a, b := max(0, m.End-40), min(len(d.Text), m.End+30)
		fmt.Fprintf(out, "  %-28s %q\n", bench.MissClass(d.Text, m), d.Text[a:m.End]+" | "+d.Text[m.End:b])
		n++
	}
	return n
}
