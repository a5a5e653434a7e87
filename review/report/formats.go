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
	for _, f := range Formats {
		if f.Name == name {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
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
// nothing was written, with nil when Force left the invalid ones out.
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
	}
	_, err := FormatByName(format.Name)
	return nil, err
}

// FileName is the name a download of format for f gets:
// claims-article-12-done.csv, claims-2026-11-26.json, ...
func FileName(format Format, f Filter, now string) string {
	parts := []string{"claims"}
	if f.ArticleID != 0 {
		parts = append(parts, fmt.Sprintf("article-%d", f.ArticleID))
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
	if len(parts) == 1 {
		parts = append(parts, now)
	}
	return strings.Join(parts, "-") + format.Ext
}
