package report

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"claimdesk/review"
)

// The limits of claimReviewed, in characters. Fact-check readers show a
// short line: above ShortClaimReviewed the check warns (the statement
// shows cut off) but lets it through; above MaxClaimReviewed it is not a
// statement of one claim and the check refuses it. Nothing is ever cut:
// cutting a claim would change what it says.
const (
	ShortClaimReviewed = review.StatementTargetRunes // 75
	MaxClaimReviewed   = review.MaxStatementRunes    // 300
)

// Slug returns a claim's stable slug: the stored one when set (the store
// gives every claim one at import), otherwise the same shape the store
// makes: the first words of the text in lower-case ASCII letters and
// digits joined by hyphens (at most 60 characters, cut at a word), then
// the id ("unemployment-fell-to-3-5-percent-42"; "claim-42" when the text
// has no such characters). A claim's text never changes (a split makes new
// claims), so neither does its slug; the JSON export carries it so an
// imported claim keeps its URL.
func Slug(id int64, text, stored string) string {
	if stored != "" {
		return stored
	}
	return review.ClaimSlug(text, id)
}

// reviewURL is a claim's published fact-check URL: the editor's when set,
// otherwise publish.base_url and the slug; "" when neither is known.
func reviewURL(base, set string, id int64, text, slug string) string {
	if set != "" {
		return set
	}
	if base == "" {
		return ""
	}
	return strings.TrimRight(base, "/") + "/" + Slug(id, text, slug)
}

// Problem is one reason a claim's ClaimReview is not fit to publish.
type Problem struct {
	ClaimID   int64  `json:"claim_id"` // 0: a problem of the settings
	ArticleID int64  `json:"article_id"`
	Claim     string `json:"claim"`
	Field     string `json:"field"` // the ClaimReview field, e.g. "url"
	Message   string `json:"message"`
	// Warning: worth fixing, but the review may be published as it is.
	Warning bool `json:"warning,omitempty"`
}

// String is the problem as one line: "claim 12: url: ..." or
// "settings: author.name: ..."; a warning starts with "warning: ".
func (p Problem) String() string {
	w := ""
	if p.Warning {
		w = "warning: "
	}
	if p.ClaimID == 0 {
		return fmt.Sprintf("%ssettings: %s: %s", w, p.Field, p.Message)
	}
	return fmt.Sprintf("%sclaim %d: %s: %s", w, p.ClaimID, p.Field, p.Message)
}

// ClaimReview is a schema.org ClaimReview, as fact-check readers take it.
type ClaimReview struct {
	Context       string        `json:"@context"`
	Type          string        `json:"@type"`
	URL           string        `json:"url,omitempty"`
	ClaimReviewed string        `json:"claimReviewed"`
	DatePublished string        `json:"datePublished,omitempty"`
	Author        *Organization `json:"author,omitempty"`
	ReviewRating  Rating        `json:"reviewRating"`
	ItemReviewed  ClaimItem     `json:"itemReviewed"`
}

// Organization is the fact-checker.
type Organization struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
	Logo string `json:"logo,omitempty"`
}

// Rating is the verdict: always its name (alternateName); the numbers only
// for a verdict on the scale's numeric part, all at least 1 (a verdict
// without a number, such as Unproven, has none of them).
type Rating struct {
	Type          string `json:"@type"`
	RatingValue   int    `json:"ratingValue,omitempty"`
	BestRating    int    `json:"bestRating,omitempty"`
	WorstRating   int    `json:"worstRating,omitempty"`
	AlternateName string `json:"alternateName"`
}

// ClaimItem is the claim as it appeared.
type ClaimItem struct {
	Type            string         `json:"@type"`
	Author          *Person        `json:"author,omitempty"`
	DatePublished   string         `json:"datePublished,omitempty"`
	Appearance      []CreativeWork `json:"appearance,omitempty"`
	FirstAppearance *CreativeWork  `json:"firstAppearance,omitempty"`
}

// Person is who made the claim: a person, or an organisation when the
// claimant is one ("the Health Ministry", "Statistics Norway"); Type says
// which. JobTitle is a person's role, SameAs the claimant's same_as.
type Person struct {
	Type     string `json:"@type"`
	Name     string `json:"name"`
	JobTitle string `json:"jobTitle,omitempty"`
	SameAs   string `json:"sameAs,omitempty"`
}

// CreativeWork is a place the claim appeared: an article of the desk's
// (the claim's own, or one holding a claim confirmed as the same).
type CreativeWork struct {
	Type          string `json:"@type"`
	URL           string `json:"url"`
	Headline      string `json:"headline,omitempty"`
	DatePublished string `json:"datePublished,omitempty"`
}

// Review is one done claim's ClaimReview with the problems that keep it
// from being published and the warnings that do not.
type Review struct {
	ClaimID   int64
	ArticleID int64
	Claim     string
	Doc       ClaimReview
	Problems  []Problem
	Warnings  []Problem
}

// Reviews builds a ClaimReview for every done claim f selects and checks
// each, returning the reviews in claim order and the problems of the
// settings (no org.name or org.url), which hold for all of them. The done
// claims are what editors signed off, so they are held in memory.
func Reviews(ctx context.Context, store *review.Store, f Filter) ([]Review, []Problem, error) {
	snap, err := store.Snapshot(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("claimreview: %w", err)
	}
	defer snap.Close()
	return reviewsIn(ctx, snap, f, nil)
}

// reviewsIn is Reviews inside snap; seen, when not nil, is given each
// claim read (reused between calls) with the index of its review.
func reviewsIn(ctx context.Context, snap *review.Snapshot, f Filter, seen func(i int, it *review.ReportClaim)) ([]Review, []Problem, error) {
	set, err := snap.Settings(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("claimreview: %w", err)
	}
	vs, err := snap.Verdicts(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("claimreview: %w", err)
	}
	// An empty scale has no verdict to rate, so its range is never shown.
	worst, best := review.RatingRange(vs)
	var global []Problem
	org := &Organization{Type: "Organization", Name: set["org.name"], URL: set["org.url"], Logo: set["org.logo"]}
	if org.Name == "" {
		global = append(global, Problem{Field: "author.name", Message: "org.name is not set: the organisation's name, in the settings"})
	}
	var orgHost string
	if org.URL == "" {
		global = append(global, Problem{Field: "author.url", Message: "org.url is not set, so no fact-check URL can be checked against the organisation's domain: the organisation's website, in the settings"})
	} else if u, err := url.Parse(org.URL); err != nil || u.Hostname() == "" {
		global = append(global, Problem{Field: "author.url", Message: fmt.Sprintf("org.url %q is not a web address", org.URL)})
	} else {
		orgHost = strings.ToLower(u.Hostname())
	}
	if org.Name == "" {
		org = nil
	}
	base := set["publish.base_url"]

	df := f
	if df.Status != "" && df.Status != review.StatusDone {
		return []Review{}, global, nil
	}
	df.Status = review.StatusDone
	var out []Review
	err = snap.EachClaim(ctx, df, func(it *review.ReportClaim) error {
		// claimReviewed is the statement, the claim as checked; a claim
		// from before statements falls back on its source text, with a
		// warning.
		reviewed := it.Statement
		if reviewed == "" {
			reviewed = it.Text
		}
		r := Review{ClaimID: it.ID, ArticleID: it.ArticleID, Claim: reviewed}
		d := ClaimReview{Context: "https://schema.org", Type: "ClaimReview", ClaimReviewed: reviewed, Author: org,
			URL: reviewURL(base, it.ReviewURL, it.ID, it.Text, it.Slug)}
		if it.SignedOffAt != "" {
			d.DatePublished = displayDate(it.SignedOffAt)
		}
		d.ReviewRating = Rating{Type: "Rating", AlternateName: it.Verdict}
		if it.VerdictRating != review.NoRating {
			d.ReviewRating.RatingValue, d.ReviewRating.BestRating, d.ReviewRating.WorstRating = it.VerdictRating, best, worst
		}
		d.ItemReviewed = ClaimItem{Type: "Claim", DatePublished: it.ArticlePublished}
		// The author is the claimant of the registry (its kind, role and
		// same_as), else the speaker as the text names it.
		switch {
		case it.ClaimantName != "":
			typ := "Person"
			if it.ClaimantKind == review.KindOrganization {
				typ = "Organization"
			}
			d.ItemReviewed.Author = &Person{Type: typ, Name: it.ClaimantName}
			// Only a web address is a link readers follow (the registry
			// refuses others; an older row may hold one).
			if _, ok := review.WebURL(it.ClaimantSameAs); ok {
				d.ItemReviewed.Author.SameAs = it.ClaimantSameAs
			}
			if typ == "Person" {
				d.ItemReviewed.Author.JobTitle = it.ClaimantRole
			}
		case it.Speaker != "":
			d.ItemReviewed.Author = &Person{Type: speakerType(it.Speaker), Name: it.Speaker}
		}
		if _, ok := review.WebURL(it.ArticleURL); ok {
			d.ItemReviewed.Appearance = append(d.ItemReviewed.Appearance, CreativeWork{Type: "CreativeWork", URL: it.ArticleURL,
				Headline: it.ArticleTitle, DatePublished: it.ArticlePublished})
		}
		problem := func(field, msg string) {
			r.Problems = append(r.Problems, Problem{ClaimID: it.ID, ArticleID: it.ArticleID, Claim: reviewed, Field: field, Message: msg})
		}
		warn := func(field, msg string) {
			r.Warnings = append(r.Warnings, Problem{ClaimID: it.ID, ArticleID: it.ArticleID, Claim: reviewed, Field: field, Message: msg, Warning: true})
		}
		if it.Statement == "" {
			warn("claimReviewed", "the claim has no statement, so its source text is published: write the claim as checked on the claim page")
		}
		switch n := utf8.RuneCountInString(strings.TrimSpace(reviewed)); {
		case n == 0:
			problem("claimReviewed", "the claim has no text")
		case n > MaxClaimReviewed:
			problem("claimReviewed", fmt.Sprintf("the statement is %d characters long, more than %d: write the claim as checked in one short sentence on the claim page", n, MaxClaimReviewed))
		case n > ShortClaimReviewed:
			warn("claimReviewed", fmt.Sprintf("the statement is %d characters long; fact-check readers show about %d and cut the rest off: shorten it on the claim page if it can keep its numbers, names and negations", n, ShortClaimReviewed))
		}
		if it.Verdict == "" {
			problem("reviewRating.alternateName", "the claim has no verdict")
		}
		switch {
		case d.URL == "":
			problem("url", "no published URL: set publish.base_url in the settings, or the claim's own fact-check link")
		default:
			u, ok := review.WebURL(d.URL)
			if !ok || u.Hostname() == "" {
				problem("url", fmt.Sprintf("%q is not a web address", d.URL))
			} else if orgHost != "" && !sameSite(strings.ToLower(u.Hostname()), orgHost) {
				problem("url", fmt.Sprintf("%q is outside the organisation's domain %s", d.URL, orgHost))
			}
		}
		r.Doc = d
		out = append(out, r)
		if seen != nil {
			seen(len(out)-1, it)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("claimreview: %w", err)
	}
	if err := addAppearances(ctx, snap, out); err != nil {
		return nil, nil, fmt.Errorf("claimreview: %w", err)
	}
	if out == nil {
		out = []Review{}
	}
	return out, global, nil
}

// sameSite reports whether host is the organisation's host or under it
// (www.example.org and factcheck.example.org are both example.org's).
func sameSite(host, org string) bool {
	org = strings.TrimPrefix(org, "www.")
	host = strings.TrimPrefix(host, "www.")
	return host == org || strings.HasSuffix(host, "."+org)
}

// addAppearances adds, to each review, the articles of the claims a
// reviewer confirmed as the same claim (matches, either direction).
func addAppearances(ctx context.Context, snap *review.Snapshot, rs []Review) error {
	for i := range rs {
		r := &rs[i]
		apps, err := snap.ConfirmedAppearances(ctx, r.ClaimID)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, a := range r.Doc.ItemReviewed.Appearance {
			seen[a.URL] = true
		}
		for _, a := range apps {
			u, title, published := a.URL, a.Title, a.Published
			if _, ok := review.WebURL(u); ok && !seen[u] {
				seen[u] = true
				r.Doc.ItemReviewed.Appearance = append(r.Doc.ItemReviewed.Appearance, CreativeWork{Type: "CreativeWork", URL: u,
					Headline: title, DatePublished: published})
			}
		}
		r.Doc.ItemReviewed.FirstAppearance = firstAppearance(r.Doc.ItemReviewed.Appearance)
	}
	return nil
}

// firstAppearance is the appearance published earliest; undated ones count
// only when none has a date, and then the claim's own article (the first)
// is the first appearance.
func firstAppearance(as []CreativeWork) *CreativeWork {
	if len(as) == 0 {
		return nil
	}
	first := as[0]
	for _, a := range as[1:] {
		if a.DatePublished != "" && (first.DatePublished == "" || a.DatePublished < first.DatePublished) {
			first = a
		}
	}
	return &first
}

// CheckError is a failed ClaimReview check: nothing was written.
type CheckError struct {
	Problems []Problem
	// Claim is the claim of a refused review page (0 for an export).
	Claim int64
}

// Error says how many problems the check found and what to do.
func (e *CheckError) Error() string {
	if e.Claim != 0 {
		return fmt.Sprintf("the ClaimReview check found %d problem(s) with claim %d; its review page is published once they are fixed", len(e.Problems), e.Claim)
	}
	return fmt.Sprintf("the ClaimReview check found %d problem(s); fix them or export with --force to leave the claims out", len(e.Problems))
}

// WriteClaimReview checks the ClaimReviews of the done claims f selects and
// writes them as a JSON-LD array. Warnings never stop it (they are returned
// after the problems, marked Warning). When the check finds problems it writes
// nothing and returns a *CheckError listing them, unless force: then the
// claims with problems are left out (and the author when the settings
// lack the organisation's name), and every problem is returned with a nil
// error so the caller can say what was left out.
func WriteClaimReview(ctx context.Context, store *review.Store, f Filter, w io.Writer, force bool) ([]Problem, error) {
	rs, global, err := Reviews(ctx, store, f)
	if err != nil {
		return nil, err
	}
	problems := append([]Problem{}, global...)
	var warnings []Problem
	for _, r := range rs {
		problems = append(problems, r.Problems...)
		warnings = append(warnings, r.Warnings...)
	}
	if len(problems) > 0 && !force {
		return append(problems, warnings...), &CheckError{Problems: problems}
	}
	problems = append(problems, warnings...)
	docs := []ClaimReview{}
	for _, r := range rs {
		if len(r.Problems) == 0 {
			docs = append(docs, r.Doc)
		}
	}
	b, err := json.MarshalIndent(docs, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("claimreview: %w", err)
	}
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("claimreview: %w", err)
	}
	return problems, nil
}

// orgWords are words that make a speaker an organisation rather than a
// person, for schema.org's Claim author.
var orgWords = map[string]bool{
	"agency": true, "association": true, "authority": true, "bank": true, "bureau": true,
	"cabinet": true, "commission": true, "committee": true, "company": true, "congress": true,
	"corporation": true, "council": true, "court": true, "department": true, "government": true,
	"house": true, "institute": true, "kremlin": true, "ministry": true, "office": true,
	"organisation": true, "organization": true, "parliament": true, "party": true, "police": true,
	"secretariat": true, "senate": true, "service": true, "street": true, "statistics": true, "union": true,
	"university": true, "inc": true, "ltd": true, "un": true, "who": true, "nato": true,
}

// speakerType is "Organization" when the speaker names an organisation and
// "Person" otherwise: the claim engine resolves pronouns and roles to people,
// and keeps organisations as the text names them.
func speakerType(speaker string) string {
	words := strings.FieldsFunc(strings.ToLower(speaker), func(r rune) bool {
		return r == ' ' || r == '.' || r == ',' || r == '\'' || r == '’'
	})
	// "a National Security Council spokesperson" is a person speaking for one.
	if n := len(words); n > 0 {
		switch words[n-1] {
		case "spokesperson", "spokesman", "spokeswoman", "official", "officials", "minister", "president", "director", "head", "chief":
			return "Person"
		}
	}
	for _, w := range words {
		if orgWords[w] {
			return "Organization"
		}
	}
	return "Person"
}
