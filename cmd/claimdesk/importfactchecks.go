package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"claimdesk/review"
	"claimdesk/review/report"
)

// factCheckBatch is how many reviews share one transaction.
const factCheckBatch = 1000

// factCheckTally is what a fact-check import did, for the summary.
type factCheckTally struct {
	added, updated int
	refused        []string // "FILE WHERE: reason"
}

// importFactChecks reads each file as published fact-checks
// (report.ReadClaimReview) and stores them in batches; a bad record is
// reported with where it is and why, and never stops or half-writes the
// others. The matcher then marks and matches the open claims the new
// fact-checks may answer. The exit status is 1 when any record or file
// was refused.
func importFactChecks(ctx context.Context, store *review.Store, files []string, stdout, stderr io.Writer, quiet bool) error {
	t := &factCheckTally{}
	p := newProgress(stderr, len(files), quiet)
	for _, path := range files {
		if ctx.Err() != nil {
			break
		}
		importFactCheckFile(ctx, store, path, t, p)
		p.n++
		p.draw(p.n, p.total, "files", fmt.Sprintf("%d added  %d updated  %d refused", t.added, t.updated, len(t.refused)), filepath.Base(path))
	}
	p.done()
	fmt.Fprintf(stdout, "imported %d fact-check(s): %d new, %d updated, %d refused\n", t.added+t.updated, t.added, t.updated, len(t.refused))
	for _, r := range t.refused {
		fmt.Fprintf(stdout, "refused %s\n", r)
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stdout, "interrupted before the end")
		return fmt.Errorf("import interrupted: the fact-checks counted as imported are stored, the rest are not")
	}
	if err := matchPending(ctx, store, stdout, stderr, quiet, review.MatchProgress{}); err != nil {
		return err
	}
	if len(t.refused) > 0 {
		return fmt.Errorf("%d record(s) or file(s) refused (listed above)", len(t.refused))
	}
	return nil
}

func importFactCheckFile(ctx context.Context, store *review.Store, path string, t *factCheckTally, p *progress) {
	f, err := os.Open(path)
	if err != nil {
		t.refused = append(t.refused, fmt.Sprintf("%s: %s", path, osReason(err)))
		return
	}
	defer f.Close()
	var batch []report.FactCheckRecord
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ins := make([]review.NewFactCheck, len(batch))
		for i, r := range batch {
			ins[i] = r.FactCheck
		}
		res, err := store.ImportFactChecks(ctx, nil, ins)
		if err != nil {
			return err
		}
		for i, r := range res {
			switch {
			case r.Err != nil:
				t.refused = append(t.refused, fmt.Sprintf("%s %s: %s", path, batch[i].Where, fieldMessage(r.Err)))
			case r.Updated:
				t.updated++
			default:
				t.added++
			}
		}
		p.line("%s: %d fact-check(s) stored", path, len(res))
		batch = batch[:0]
		return ctx.Err()
	}
	err = report.ReadClaimReview(f, func(r report.FactCheckRecord) error {
		if r.Err != nil {
			t.refused = append(t.refused, fmt.Sprintf("%s %s: %s", path, r.Where, r.Err))
			return nil
		}
		batch = append(batch, r)
		if len(batch) >= factCheckBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil && ctx.Err() == nil {
		t.refused = append(t.refused, fmt.Sprintf("%s: %s", path, err))
	}
}

// matchDrawer draws the matcher's progress as import shows it, already
// claims matched before counted in.
func matchDrawer(p *progress, already int) func(review.MatchProgress) {
	total := 0
	return func(m review.MatchProgress) {
		total = max(total, already+m.Claims+m.Pending)
		p.draw(already+m.Claims, total, "claims", fmt.Sprintf("%d texts ranked", m.Texts), "matching")
	}
}

// matchPending runs the matcher after an import: the new claims' (or
// the claims new fact-checks may answer) "checked before?" matches are
// found and stored, with the progress shown as import shows it. already
// is what was matched beside the import: the progress and the counts
// include it.
func matchPending(ctx context.Context, store *review.Store, stdout, stderr io.Writer, quiet bool, already review.MatchProgress) error {
	p := newProgress(stderr, 0, quiet)
	res, err := store.MatchImported(ctx, matchDrawer(p, already.Claims))
	p.done()
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stdout, "matching interrupted: the claims left are matched by the next import or by serve")
			return fmt.Errorf("import interrupted during matching")
		}
		return err
	}
	printMatched(stdout, res.Plus(already))
	return nil
}

// printMatched says how many claims were looked up in the desk's earlier
// claims and the fact-check archive, and how many have a confident
// answer. Candidates (sentences under the check-worthiness threshold) are
// indexed, not looked up, as the import's own count leaves them out.
func printMatched(w io.Writer, m review.MatchProgress) {
	if m.LookedUp == 0 {
		return
	}
	fmt.Fprintf(w, "checked before? %d claim(s) looked up in earlier claims and fact-checks: %d with a confident match\n", m.LookedUp, m.Confident)
}
