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
	"score", "status", "verdict", "conclusion", "assignee", "evidence", "created", "updated", "signed_off_at"}

// csvText are the columns of user text (neutralised); csvTimes the
// stored times (shown as RFC 3339 to the second).
var (
	csvText  = []int{1, 2, 3, 6, 7, 9, 10, 11, 12, 13}
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
	// RFC 4180 ends records with CRLF (line breaks inside a quoted cell
	// become CRLF too; CSV readers give them back as they were).
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("csv export: %w", err)
	}
	rec := make([]string, len(CSVHeader))
	// One query: the evidence comes concatenated by SQLite, in the order
	// it was added, which costs less than a second cursor merged in step.
	where, args := f.where(false)
	rows, err := snap.tx.QueryContext(ctx, `SELECT c.id, a.title, a.url, c.text, c.start_byte, c.end_byte, c.speaker, c.kind,
		c.score, c.status, COALESCE(v.name, ''), c.conclusion, COALESCE(u.name, ''),
		COALESCE((SELECT group_concat(e.stance || ': ' || s.url, '; ' ORDER BY e.id)
			FROM evidence e JOIN sources s ON s.id = e.source_id WHERE e.claim_id = c.id), ''),
		c.created_at, c.updated_at, COALESCE(c.signed_off_at, '')
		FROM claims c
		JOIN articles a ON a.id = c.article_id
		LEFT JOIN verdicts v ON v.id = c.verdict_id
		LEFT JOIN users u ON u.id = c.assignee_id
		WHERE `+where+` ORDER BY `+claimOrder, args...)
	if err != nil {
		return fmt.Errorf("csv export: %w", err)
	}
	defer rows.Close()
	var id int64
	var start, end int
	var score float64
	n := 0
	for rows.Next() {
		if err := rows.Scan(&id, &rec[1], &rec[2], &rec[3], &start, &end, &rec[6], &rec[7], &score, &rec[9], &rec[10],
			&rec[11], &rec[12], &rec[13], &rec[14], &rec[15], &rec[16]); err != nil {
			return fmt.Errorf("csv export: %w", err)
		}
		rec[0] = strconv.FormatInt(id, 10)
		rec[4] = strconv.Itoa(start)
		rec[5] = strconv.Itoa(end)
		rec[8] = csvScore(score)
		for _, i := range csvText {
			rec[i] = Neutralise(rec[i])
		}
		for _, i := range csvTimes {
			rec[i] = displayTime(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("csv export: %w", err)
		}
		n++
		if n%csvFlushEvery == 0 {
			cw.Flush()
			if err := cw.Error(); err != nil {
				return fmt.Errorf("csv export: %w", err)
			}
		}
	}
	err = rows.Err()
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
