package report

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"claimdesk/review"
)

// ReviewPage is the published review of one claim: a self-contained HTML
// page with its ClaimReview JSON-LD. It is not one of Formats (the exports
// of a selection): it takes exactly one claim.
var ReviewPage = Format{"review", "Review page", "text/html; charset=utf-8", ".html"}

//go:embed reviewpage.html.tmpl
var reviewPageSource string

// reviewPageTemplate is parsed once. html/template escapes every value by
// its context; in the application/ld+json script the ClaimReview is given
// as a value, which the template writes as JSON with <, > and & escaped
// (\u003c...), so no text of a claim can close the script.
var reviewPageTemplate = template.Must(template.New("review").Parse(reviewPageSource))

// reviewPageData is what the review page shows.
type reviewPageData struct {
	Org         string
	OrgHref     string
	Statement   string
	Verdict     string
	Rating      Rating
	Conclusion  string
	Published   string // the date the verdict was signed off
	SignedOffBy string
	Claimant    *Person
	ClaimantURL string // same_as, when a web address
	Speaker     string // the words the text used, when no claimant is linked
	Text        string // the claim as it appeared in the article
	Article     reviewPageArticle
	Appearances []reviewPageArticle
	Evidence    []htmlEvidence
	URL         string
	Doc         ClaimReview
}

// reviewPageArticle is the source article or another appearance.
type reviewPageArticle struct {
	Title, Outlet, Author, Published, URL, Href string
}

// WriteReviewPage writes the published review page of claim id. The claim
// must be done (signed off) and pass the ClaimReview check: a claim that
// is not done is refused with a *review.RuleError (review.ErrConflict), a
// claim the check refuses with a *CheckError listing the problems
// (warnings are returned with it, and with nil when the page is written).
// Nothing is written when it refuses.
func WriteReviewPage(ctx context.Context, store *review.Store, id int64, w io.Writer) ([]Problem, error) {
	warnings, err := writeReviewPage(ctx, store, id, w)
	if err != nil {
		return warnings, fmt.Errorf("review page: %w", err)
	}
	return warnings, nil
}

func writeReviewPage(ctx context.Context, store *review.Store, id int64, w io.Writer) ([]Problem, error) {
	snap, err := store.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	f := Filter{ClaimID: id}
	var status review.Status
	found := false
	if err := snap.EachClaim(ctx, f, func(it *review.ReportClaim) error {
		found, status = true, it.Status
		return nil
	}); err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("claim %d: %w", id, review.ErrNotFound)
	}
	if status != review.StatusDone {
		return nil, &review.RuleError{Err: review.ErrConflict, Rule: fmt.Sprintf(
			"claim %d is %s, not done: its review is published only once an editor has signed its verdict off", id, statusLabel(status))}
	}
	var d reviewPageData
	rs, global, err := reviewsIn(ctx, snap, f, func(_ int, it *review.ReportClaim) {
		d = reviewPageData{Verdict: it.Verdict, Conclusion: it.Conclusion, SignedOffBy: it.SignedOffBy, Text: it.Text,
			Article: pageArticle(it.ArticleTitle, it.ArticleOutlet, it.ArticleAuthor, it.ArticlePublished, it.ArticleURL)}
		if it.ClaimantName == "" {
			d.Speaker = it.Speaker
		}
		d.Evidence = evidenceItems(it.Evidence)
	})
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("claim %d: %w", id, review.ErrNotFound)
	}
	r := rs[0]
	problems := append(append([]Problem{}, global...), r.Problems...)
	if len(problems) > 0 {
		return append(problems, r.Warnings...), &CheckError{Problems: problems, Claim: id}
	}
	doc := r.Doc
	d.Doc, d.Statement, d.Rating, d.Published, d.URL = doc, doc.ClaimReviewed, doc.ReviewRating, doc.DatePublished, doc.URL
	if doc.Author != nil {
		d.Org = doc.Author.Name
		d.OrgHref, _ = webURL(doc.Author.URL)
	}
	if a := doc.ItemReviewed.Author; a != nil && d.Speaker == "" {
		d.Claimant = a
		d.ClaimantURL, _ = webURL(a.SameAs)
	}
	// The first appearance is the claim's own article; the others are the
	// articles of claims confirmed as the same.
	for i, a := range doc.ItemReviewed.Appearance {
		if i == 0 && a.URL == d.Article.URL {
			continue
		}
		d.Appearances = append(d.Appearances, pageArticle(a.Headline, "", "", a.DatePublished, a.URL))
	}
	// Rendered into a buffer: a failure writes nothing.
	var buf bytes.Buffer
	if err := reviewPageTemplate.Execute(&buf, d); err != nil {
		return nil, err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return nil, err
	}
	return r.Warnings, nil
}

func pageArticle(title, outlet, author, published, u string) reviewPageArticle {
	a := reviewPageArticle{Title: title, Outlet: outlet, Author: author, Published: published, URL: u}
	a.Href, _ = webURL(u)
	if a.Title == "" {
		a.Title = u
	}
	return a
}
