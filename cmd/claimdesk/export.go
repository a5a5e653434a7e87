package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"claimdesk/review"
	"claimdesk/review/report"
)

const exportUsage = `usage: claimdesk export --format csv|json|md|html|claimreview [--article ID] [--claim ID]
         [--claimant ID] [--status S] [--verdict V] [--assignee NAME] [--since DATE] [--until DATE]
         [--out FILE] [--excel] [--force] [--db PATH]
       claimdesk export --format review --claim ID [--out FILE] [--db PATH]

Writes the claims the filters select to standard output, or to FILE. --since
and --until (YYYY-MM-DD, both days included) bound each claim's last change.
--format claimreview checks every done claim first and, when one is not fit to
publish, lists the problems on standard error and exits 1; --force exports the
others anyway. --format review writes the published review page of one done
claim (HTML with its ClaimReview JSON-LD); a claim that is not done, or that
the ClaimReview check refuses, is refused (no --force).
`

// cmdExport writes a claim report.
func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("export", e.stderr)
	fs.Usage = func() { io.WriteString(e.stderr, exportUsage); fs.PrintDefaults() }
	format := fs.String("format", "", "the export `FORMAT`: csv, json, md, html or claimreview")
	article := fs.Int64("article", 0, "only the claims of article `ID`")
	claim := fs.Int64("claim", 0, "only claim `ID` (--format review: the claim whose review page to write)")
	claimant := fs.Int64("claimant", 0, "only the claims of claimant `ID`")
	status := fs.String("status", "", "only claims with `STATUS` (new, researching, needs_review, done, dismissed)")
	verdict := fs.String("verdict", "", "only claims with `VERDICT`")
	assignee := fs.String("assignee", "", "only claims assigned to `NAME` (none: the claims nobody is assigned to)")
	since := fs.String("since", "", "only claims changed on or after `DATE` (YYYY-MM-DD)")
	until := fs.String("until", "", "only claims changed on or before `DATE` (YYYY-MM-DD)")
	out := fs.String("out", "", "write to `FILE` instead of standard output (nothing is left behind on failure)")
	excel := fs.Bool("excel", false, "CSV: start with the byte-order mark so spreadsheet programs read UTF-8")
	force := fs.Bool("force", false, "ClaimReview: export despite the check, leaving out the claims that fail it")
	db := dbFlag(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("export: unexpected argument %q (see claimdesk export -h)", fs.Arg(0))
	}
	fm, err := report.FormatByName(*format)
	if err != nil {
		return usagef("export: %s", fieldMessage(err))
	}
	f := report.Filter{ArticleID: *article, ClaimID: *claim, ClaimantID: *claimant, Status: review.Status(*status), Verdict: *verdict, Assignee: *assignee}
	if *assignee == review.NoAssignee {
		f.Assignee, f.Unassigned = "", true
	}
	if fm.Name == report.ReviewPage.Name {
		if *claim <= 0 {
			return usagef("export: --format review writes one claim's page: say which with --claim ID")
		}
		if (f != report.Filter{ClaimID: *claim}) || *force || *excel {
			return usagef("export: --format review takes --claim alone (no other filter, --force or --excel)")
		}
	}
	if *since != "" {
		if f.Since, err = report.ParseDay("since", *since); err != nil {
			return usagef("export: --since: %s", fieldMessage(err))
		}
	}
	if *until != "" {
		d, err := report.ParseDay("until", *until)
		if err != nil {
			return usagef("export: --until: %s", fieldMessage(err))
		}
		f.Until = d.AddDate(0, 0, 1) // the whole day
	}
	store, closeDB, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := report.Validate(ctx, store, f); err != nil {
		return fmt.Errorf("export: %s", fieldMessage(err))
	}
	var problems []report.Problem
	write := func(w io.Writer) error {
		var err error
		problems, err = report.Write(ctx, store, fm, f, w, report.Options{Excel: *excel, Force: *force})
		return err
	}
	if *out == "" {
		err = write(e.stdout)
	} else {
		err = writeOutAtomic(*out, write)
	}
	for _, p := range problems {
		fmt.Fprintf(e.stderr, "%s\n", p)
	}
	var ce *report.CheckError
	if errors.As(err, &ce) {
		return fmt.Errorf("export: %w", err)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if *force && len(problems) > 0 && !problems[0].Warning {
		left := map[int64]bool{}
		blocking := 0
		for _, p := range problems {
			if p.Warning {
				continue
			}
			blocking++
			if p.ClaimID != 0 {
				left[p.ClaimID] = true
			}
		}
		fmt.Fprintf(e.stderr, "claimdesk: --force: %d claim(s) with the problems above were left out", len(left))
		if len(left) < blocking {
			fmt.Fprint(e.stderr, " (and what the settings lack)")
		}
		fmt.Fprintln(e.stderr)
	}
	return nil
}

// fieldMessage is a validation error's messages without the "invalid
// input:" prefix, or the error's text.
func fieldMessage(err error) string {
	if v, ok := review.AsValidation(err); ok {
		s := ""
		for _, k := range sortedKeys(v.Fields) {
			if s != "" {
				s += "; "
			}
			s += k + ": " + v.Fields[k]
		}
		return s
	}
	return err.Error()
}

// writeOutAtomic writes path through a temporary file in the same
// directory, renamed into place only when write succeeded, so a failure
// leaves neither a partial file nor a changed old one.
func writeOutAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
