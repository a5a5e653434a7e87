package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"claimdesk/review"
)

// cmdSearch searches claims, articles and sources from the shell, with the
// filters of the search page.
func cmdSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("search [options] QUERY...", e.stderr)
	dbPath := dbFlag(fs, e)
	status := fs.String("status", "", "only claims with this `STATUS` (new, researching, needs_review, done, dismissed)")
	verdict := fs.String("verdict", "", "only claims with this `VERDICT`")
	assignee := fs.String("assignee", "", "only claims assigned to `USER`")
	article := fs.Int64("article", 0, "only claims of article `ID` (and the article)")
	since := fs.String("since", "", "imported on or after `YYYY-MM-DD`")
	until := fs.String("until", "", "imported on or before `YYYY-MM-DD`")
	limit := fs.Int("limit", 20, "at most `N` results (up to 200)")
	asJSON := fs.Bool("json", false, `write {"results": [...]} as JSON`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(q) == "" {
		return usagef("give the words to search for (see claimdesk search -h)")
	}
	if *limit < 1 || *limit > 200 {
		return usagef("--limit must be between 1 and 200 (got %d)", *limit)
	}
	sq := review.SearchQuery{Q: q, Status: review.Status(*status), Verdict: *verdict, Assignee: *assignee, ArticleID: *article, Limit: *limit}
	var err error
	if sq.Since, err = parseDay("--since", *since); err != nil {
		return err
	}
	if sq.Until, err = parseDay("--until", *until); err != nil {
		return err
	}
	if !sq.Until.IsZero() {
		sq.Until = sq.Until.AddDate(0, 0, 1) // the whole day
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	ans, err := store.SearchAll(ctx, sq)
	if err != nil {
		return fmt.Errorf("search: %s", fieldMessage(err))
	}
	rs := ans.Results
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if ans.Results == nil {
			ans.Results = []review.SearchResult{}
		}
		return enc.Encode(ans)
	}
	w := bufio.NewWriter(e.stdout)
	if len(rs) == 0 {
		fmt.Fprintf(w, "nothing found for %s\n", strconv.Quote(q))
	} else if ans.AnyWords {
		fmt.Fprintln(w, "few results have all of these words: these have any of them, best first")
	}
	for _, r := range rs {
		switch r.Kind {
		case "claim":
			label := string(r.Status)
			if r.Verdict != "" {
				label += ", " + r.Verdict
			}
			if r.Assignee != "" {
				label += ", " + r.Assignee
			}
			fmt.Fprintf(w, "claim #%d [%s] in article #%d %s\n", r.ID, label, r.ArticleID, folded(r.Article))
		case "article":
			fmt.Fprintf(w, "article #%d %s\n", r.ID, folded(r.Title))
		case review.KindFactCheck:
			fmt.Fprintf(w, "fact-check #%d [%s, published by %s] %s\n", r.ID, folded(r.Rating), folded(r.Publisher), r.URL)
		default:
			fmt.Fprintf(w, "source #%d %s\n", r.ID, folded(r.Title))
		}
		// Hits between » and « : plain text, whatever the terminal.
		var b strings.Builder
		for _, p := range r.Parts {
			if p.Mark {
				b.WriteString("»" + p.Text + "«")
			} else {
				b.WriteString(p.Text)
			}
		}
		fmt.Fprintf(w, "    %s\n", folded(b.String()))
	}
	return w.Flush()
}

// folded folds white space so each result keeps to its lines.
func folded(s string) string { return strings.Join(strings.Fields(s), " ") }

// parseDay reads an optional YYYY-MM-DD flag.
func parseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, usagef("%s wants a date as YYYY-MM-DD (got %q)", flag, s)
	}
	return t, nil
}
