package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"claimdesk/review"
)

// Filter selects the claims an export holds: review.ExportFilter, whose
// reads (in a review.Snapshot) the exports are made of. The zero Filter
// selects every claim.
type Filter = review.ExportFilter

// DateLayout is how the shell and the web take --since/--until.
const DateLayout = "2006-01-02"

// ParseDay parses a YYYY-MM-DD date (UTC) for a filter bound; field names
// the input in the error message.
func ParseDay(field, s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, review.Invalid(field, fmt.Sprintf("%q is not a date: write it as YYYY-MM-DD, e.g. 2026-11-26", s))
	}
	return t, nil
}

// Validate checks f against the store: a known status, an existing
// verdict, article and assignee, and Since before Until. Every problem is a
// field of the returned *review.ValidationError.
func Validate(ctx context.Context, store *review.Store, f Filter) error {
	return store.CheckExportFilter(ctx, f)
}

// fmtTime writes t as the store writes times, so a filter bound compares
// with stored text in time order.
func fmtTime(t time.Time) string { return t.UTC().Format(review.TimeLayout) }

// displayTime turns a stored time into RFC 3339 to the second ("" stays "").
func displayTime(s string) string {
	if s == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339)
}

// displayDate turns a stored time into its UTC date.
func displayDate(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(DateLayout)
}
