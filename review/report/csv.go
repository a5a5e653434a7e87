package report

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"claimdesk/review"
)

// CSVHeader is the first row of a CSV export: one row per claim follows.
var CSVHeader = []string{"claim_id", "article_title", "article_url", "claim", "start", "end", "speaker", "kind",
	"score", "status", "verdict", "conclusion", "assignee", "evidence", "created", "updated", "signed_off_at"}

// utf8BOM makes spreadsheet programs read the file as UTF-8.
const utf8BOM = "\ufeff"

// csvFlushEvery is how many rows are buffered before they go out.
const csvFlushEvery = 512

// WriteCSV writes the claims f selects as CSV (RFC 4180, UTF-8); excel
// puts the byte-order mark first. Every text cell is neutralised (see
// Neutralise).
func WriteCSV(ctx context.Context, store *review.Store, f Filter, w io.Writer, excel bool) error {
	snap, err := begin(ctx, store)
	if err != nil {
		return fmt.Errorf("csv export: %w", err)
	}
	defer snap.close()
	if excel {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return fmt.Errorf("csv export: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("csv export: %w", err)
	}
	rec := make([]string, len(CSVHeader))
	var ev strings.Builder
	n := 0
	err = snap.eachItem(ctx, f, func(it *item) error {
		ev.Reset()
		for i, e := range it.Evidence {
			if i > 0 {
				ev.WriteString("; ")
			}
			ev.WriteString(e.Stance)
			ev.WriteString(": ")
			ev.WriteString(e.URL)
		}
		rec[0] = strconv.FormatInt(it.ID, 10)
		rec[1] = Neutralise(it.ArticleTitle)
		rec[2] = Neutralise(it.ArticleURL)
		rec[3] = Neutralise(it.Text)
		rec[4] = strconv.Itoa(it.Start)
		rec[5] = strconv.Itoa(it.End)
		rec[6] = Neutralise(it.Speaker)
		rec[7] = Neutralise(it.Kind)
		rec[8] = strconv.FormatFloat(it.Score, 'f', -1, 64)
		rec[9] = Neutralise(string(it.Status))
		rec[10] = Neutralise(it.Verdict)
		rec[11] = Neutralise(it.Conclusion)
		rec[12] = Neutralise(it.Assignee)
		rec[13] = Neutralise(ev.String())
		rec[14] = displayTime(it.CreatedAt)
		rec[15] = displayTime(it.UpdatedAt)
		rec[16] = displayTime(it.SignedOffAt)
		if err := cw.Write(rec); err != nil {
			return err
		}
		n++
		if n%csvFlushEvery == 0 {
			cw.Flush()
			return cw.Error()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("csv export: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("csv export: %w", err)
	}
	return nil
}

// Neutralise keeps a spreadsheet from reading a text cell as a formula:
// a cell that begins with =, +, -, @, a tab or a carriage return gets a
// single quote in front (OWASP's advice for CSV injection). Numbers are
// written by the exporter itself and never pass through here.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
