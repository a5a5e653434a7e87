package report

import (
	"context"
	"fmt"
	"io"
	"strings"

	"claimdesk/review"
)

// Format is one kind of export.
type Format struct {
	Name        string // as given to --format and ?format=
	Label       string // for buttons
	ContentType string
	Ext         string // file name extension, with the dot
}

// Formats lists the exports in the order the screens offer them.
var Formats = []Format{
	{"csv", "CSV", "text/csv; charset=utf-8", ".csv"},
	{"json", "JSON", "application/json; charset=utf-8", ".json"},
	{"md", "Markdown", "text/markdown; charset=utf-8", ".md"},
	{"html", "HTML report", "text/html; charset=utf-8", ".html"},
	{"claimreview", "ClaimReview", "application/ld+json; charset=utf-8", ".jsonld"},
}

// FormatByName returns the format called name, or a *review.ValidationError
// on "format" naming the ones there are.
func FormatByName(name string) (Format, error) {
	all := append(append([]Format{}, Formats...), ReviewPage)
	for _, f := range all {
		if f.Name == name {
			return f, nil
		}
	}
	names := make([]string, len(all))
	for i, f := range all {
		names[i] = f.Name
	}
	if name == "" {
		return Format{}, review.Invalid("format", "say which format: "+strings.Join(names, ", "))
	}
	return Format{}, review.Invalid("format", fmt.Sprintf("%q is not a format; the formats are %s", name, strings.Join(names, ", ")))
}

// Options are the switches some formats take.
type Options struct {
	// Excel puts the UTF-8 byte-order mark before a CSV export.
	Excel bool
	// Force writes a ClaimReview export despite the check, leaving out
	// what is invalid.
	Force bool
}

// Write writes the export of format for the claims f selects. For
// ClaimReview it returns the check's problems: with a *CheckError when
// nothing was written, with nil when Force left the invalid ones out. The
// review page is the claim f.ClaimID's alone (WriteReviewPage; Force does
// not apply).
func Write(ctx context.Context, store *review.Store, format Format, f Filter, w io.Writer, o Options) ([]Problem, error) {
	switch format.Name {
	case "csv":
		return nil, WriteCSV(ctx, store, f, w, o.Excel)
	case "json":
		return nil, WriteJSON(ctx, store, f, w)
	case "md":
		return nil, WriteMarkdown(ctx, store, f, w)
	case "html":
		return nil, WriteHTML(ctx, store, f, w)
	case "claimreview":
		return WriteClaimReview(ctx, store, f, w, o.Force)
	case ReviewPage.Name:
		if f.ClaimID == 0 {
			return nil, review.Invalid("claim", "the review page is one claim's: say which claim (--claim N)")
		}
		return WriteReviewPage(ctx, store, f.ClaimID, w)
	}
	_, err := FormatByName(format.Name)
	return nil, err
}

// FileName is the name a download of format for f gets:
// claims-article-12-done.csv, claims-2026-11-26.json, ...
func FileName(format Format, f Filter, now string) string {
	parts := []string{"claims"}
	if format.Name == ReviewPage.Name && f.ClaimID != 0 {
		return fmt.Sprintf("review-claim-%d%s", f.ClaimID, format.Ext)
	}
	if f.ArticleID != 0 {
		parts = append(parts, fmt.Sprintf("article-%d", f.ArticleID))
	}
	if f.ClaimID != 0 {
		parts = append(parts, fmt.Sprintf("claim-%d", f.ClaimID))
	}
	if f.ClaimantID != 0 {
		parts = append(parts, fmt.Sprintf("claimant-%d", f.ClaimantID))
	}
	if f.Status != "" {
		parts = append(parts, string(f.Status))
	}
	for _, word := range []string{f.Verdict, f.Assignee} {
		// Slug's words without its id: "mostly-true".
		if w := strings.TrimSuffix(Slug(0, word, ""), "-0"); w != "claim" {
			parts = append(parts, w)
		}
	}
	if f.Unassigned {
		parts = append(parts, "unassigned")
	}
	if len(parts) == 1 {
		parts = append(parts, now)
	}
	return strings.Join(parts, "-") + format.Ext
}
