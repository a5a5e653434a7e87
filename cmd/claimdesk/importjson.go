package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"claimdesk/review"
	"claimdesk/review/report"
)

// importJSONFile loads a JSON export (docs/EXPORT.md) from path ("-" is
// standard input) into store in one transaction, and says on stdout what
// it loaded and on stderr what it skipped. `claimdesk import --json FILE`
// calls it.
func importJSONFile(ctx context.Context, store *review.Store, path string, stdout, stderr io.Writer) error {
	var r io.Reader
	if path == "-" {
		r = os.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("import %s: %w", path, err)
		}
		defer f.Close()
		r = f
	}
	res, err := report.ImportJSON(ctx, store, r)
	if err != nil {
		return fmt.Errorf("import %s: nothing was imported: %s", path, fieldMessage(err))
	}
	fmt.Fprintf(stdout, "imported %d article(s), %d claim(s), %d piece(s) of evidence (%d with a source already here), %d comment(s), %d history row(s), %d match(es) from %s\n",
		res.Articles, res.Claims, res.Evidence, res.SourcesReused, res.Comments, res.History, res.Matches, path)
	for _, u := range res.UsersCreated {
		fmt.Fprintf(stdout, "added user %s, disabled: an admin enables them and sets a password (claimdesk user enable / passwd)\n", u)
	}
	for _, v := range res.VerdictsCreated {
		fmt.Fprintf(stdout, "added verdict %q to the scale\n", v)
	}
	for _, k := range res.ClaimantsCreated {
		fmt.Fprintf(stdout, "added claimant %q to the registry\n", k)
	}
	for _, k := range res.SettingsSet {
		fmt.Fprintf(stdout, "set %s (it was not set here)\n", k)
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(stderr, "skipped: %s\n", s)
	}
	return nil
}
