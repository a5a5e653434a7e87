package report

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"claimdesk/review"
)

// CSVHeader is the first row of a CSV export: one row per claim follows.
var CSVHeader = []string{"claim_id", "article_title", "article_url", "claim", "start", "end", "speaker", "kind",
	"score", "status", "verdict", "conclusion", "assignee", "evidence", "created", "updated", "signed_off_at", "signed_off_by",
	"statement", "claimant"}

// csvText are the columns of user text (neutralised); csvTimes the
// stored times (shown as RFC 3339 to the second).
var (
	csvText  = []int{1, 2, 3, 6, 7, 9, 10, 11, 12, 13, 17, 18, 19}
	csvTimes = []int{14, 15, 16}
)

// utf8BOM makes spreadsheet programs read the file as UTF-8.
const utf8BOM = "\ufeff"

// csvFlushEvery is how many rows are buffered before they go out.
const csvFlushEvery = 512

// WriteCSV writes the claims f selects as CSV (RFC 4180: CRLF line ends,
// quotes where needed; UTF-8); excel
// puts the byte-order mark first. Every text cell is neutralised (see
// Neutralise).
func WriteCSV(ctx context.Context, store *review.Store, f Filter, w io.Writer, excel bool) error {
	snap, err := store.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("csv export: %w", err)
	}
	defer snap.Close()
	if excel {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return fmt.Errorf("csv export: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	// RFC 4180 ends records with CRLF (line breaks inside a quoted cell
	// become CRLF too; CSV readers give them back as they were).
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("csv export: %w", err)
	}
	rec := make([]string, len(CSVHeader))
	n := 0
	err = snap.EachClaimLine(ctx, f, func(l *review.ClaimLine) error {
		rec[0], rec[1], rec[2], rec[3] = strconv.FormatInt(l.ID, 10), l.ArticleTitle, l.ArticleURL, l.Text
		rec[4], rec[5], rec[6], rec[7] = strconv.Itoa(l.Start), strconv.Itoa(l.End), l.Speaker, l.Kind
		rec[8], rec[9], rec[10], rec[11], rec[12], rec[13] = csvScore(l.Score), l.Status, l.Verdict, l.Conclusion, l.Assignee, l.Evidence
		rec[14], rec[15], rec[16], rec[17] = l.CreatedAt, l.UpdatedAt, l.SignedOffAt, l.SignedOffBy
		rec[18], rec[19] = l.Statement, l.Claimant
		for _, i := range csvText {
			rec[i] = Neutralise(rec[i])
		}
		for _, i := range csvTimes {
			rec[i] = displayTime(rec[i])
		}
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

// csvScore writes a score with at most four decimals, as the command line
// prints scores: a spreadsheet reader gains nothing from the seventeen
// digits of a float64.
func csvScore(score float64) string {
	return strconv.FormatFloat(math.Round(score*1e4)/1e4, 'f', -1, 64)
}
