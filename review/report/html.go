package report

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"claimdesk/review"
)

//go:embed report.html.tmpl
var htmlTemplate string

// reportTemplate is parsed once; html/template escapes every value by its
// context, and no value is ever marked safe.
var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"status": statusLabel,
}).Parse(htmlTemplate))

// htmlSegment is a run of article text, highlighted when it is a claim.
type htmlSegment struct {
	Text   string
	N      int64 // the claim's id (written #12, as in the app); 0 for plain text
	Status string
	// start and end park a claim's span until the article is finished.
	start, end int
}

type htmlEvidence struct {
	Stance, Title, Href, Publisher, Accessed, Quote string
	Bare                                            bool // the title is the URL itself: printed once, not again after the link
}

// evidenceItems are a claim's evidence as the HTML pages show it: the URL
// stands for a missing title, and only a web address is a link.
func evidenceItems(es []review.ReportEvidence) []htmlEvidence {
	var out []htmlEvidence
	for _, e := range es {
		he := htmlEvidence{Stance: e.Stance, Title: e.Title, Publisher: e.Publisher, Accessed: e.Accessed, Quote: e.Quote}
		if he.Title == "" {
			he.Title, he.Bare = e.URL, true
		}
		he.Href, _ = webURL(e.URL)
		out = append(out, he)
	}
	return out
}

type htmlClaim struct {
	ID          int64
	Text        string
	Statement   string // the claim as checked, when it differs from Text
	Claimant    string // name and role from the registry
	Speaker     string // the text's own words, when they differ from the claimant's name
	Kind        string
	Status      review.Status
	Verdict     string
	VerdictID   int  // index into the scale, for its colour class; -1 unless signed off
	Proposed    bool // a verdict nobody signed off yet
	Conclusion  string
	Assignee    string
	SignedOffBy string
	SignedOff   string
	Evidence    []htmlEvidence
}

type htmlBar struct {
	Label string
	Count int
	Color string
	Y     int // top of the bar in the chart
	Width int // in chart units (0–300)
	TextY int
}

type htmlArticle struct {
	ID        int64
	Title     string
	Outlet    string
	Author    string
	Published string
	URL       string
	Href      string
	Segments  []htmlSegment
	Claims    []htmlClaim
	Bars      []htmlBar
	ChartH    int
	Total     int
}

type htmlPage struct {
	Title    string
	Verdicts []review.Verdict
	Empty    bool
}

// WriteHTML writes one self-contained HTML file: for each article, its text
// with the selected claims highlighted, a chart of their verdicts, then
// each claim with its verdict, conclusion and evidence. Styles are inline
// and there is no script and nothing fetched from elsewhere, so the file
// opens and prints anywhere. Claims are read in order and written one
// article at a time.
func WriteHTML(ctx context.Context, store *review.Store, f Filter, w io.Writer) error {
	if err := writeHTML(ctx, store, f, w); err != nil {
		return fmt.Errorf("html export: %w", err)
	}
	return nil
}

func writeHTML(ctx context.Context, store *review.Store, f Filter, w io.Writer) error {
	snap, err := store.Snapshot(ctx)
	if err != nil {
		return err
	}
	defer snap.Close()
	set, err := snap.Settings(ctx)
	if err != nil {
		return err
	}
	scale, err := snap.Verdicts(ctx)
	if err != nil {
		return err
	}
	page := htmlPage{Title: "Claim report", Verdicts: scale}
	if set["org.name"] != "" {
		page.Title = "Claim report — " + set["org.name"]
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := reportTemplate.ExecuteTemplate(bw, "head", page); err != nil {
		return err
	}
	var cur *htmlArticle
	var body string
	any := false
	flush := func() error {
		if cur == nil {
			return nil
		}
		finishArticle(cur, body, scale)
		err := reportTemplate.ExecuteTemplate(bw, "article", cur)
		cur = nil
		return err
	}
	err = snap.EachClaim(ctx, f, func(it *review.ReportClaim) error {
		if it.Status == review.StatusDismissed && f.Status != review.StatusDismissed {
			return nil
		}
		any = true
		if cur == nil || cur.ID != it.ArticleID {
			if err := flush(); err != nil {
				return err
			}
			cur = &htmlArticle{ID: it.ArticleID, Title: it.ArticleTitle, Outlet: it.ArticleOutlet, Author: it.ArticleAuthor,
				Published: it.ArticlePublished, URL: it.ArticleURL}
			cur.Href, _ = webURL(it.ArticleURL)
			if body, err = snap.ArticleBody(ctx, it.ArticleID); err != nil {
				return err
			}
		}
		c := htmlClaim{ID: it.ID, Text: it.Text, Claimant: claimantLine(it), Kind: it.Kind, Status: it.Status,
			Verdict: it.Verdict, VerdictID: -1, Conclusion: it.Conclusion, Assignee: it.Assignee, SignedOffBy: it.SignedOffBy}
		if it.Statement != it.Text {
			c.Statement = it.Statement
		}
		if it.Speaker != it.ClaimantName {
			c.Speaker = it.Speaker
		}
		if it.SignedOffAt != "" {
			c.SignedOff = displayDate(it.SignedOffAt)
		}
		// Only a signed-off verdict is counted and coloured as one.
		c.Proposed = !it.HasVerdict() && it.Verdict != ""
		for i, v := range scale {
			if v.Name == it.Verdict && it.HasVerdict() {
				c.VerdictID = i
			}
		}
		c.Evidence = evidenceItems(it.Evidence)
		cur.Claims = append(cur.Claims, c)
		// Keep the claim's span for highlighting.
		cur.Segments = append(cur.Segments, htmlSegment{N: c.ID, Status: string(it.Status), start: it.Start, end: it.End})
		return nil
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	page.Empty = !any
	if err := reportTemplate.ExecuteTemplate(bw, "foot", page); err != nil {
		return err
	}
	return bw.Flush()
}

// finishArticle cuts the article text into plain and highlighted runs (the
// spans were parked in Segments) and counts the verdicts for the chart.
func finishArticle(a *htmlArticle, body string, scale []review.Verdict) {
	spans := a.Segments
	a.Segments = nil
	pos := 0
	for _, s := range spans {
		start, end := s.start, s.end
		// Claims come in text order; one that overlaps the previous (or
		// lies outside the text) is listed below but not highlighted twice.
		if start < pos || end > len(body) || start >= end {
			continue
		}
		if start > pos {
			a.Segments = append(a.Segments, htmlSegment{Text: body[pos:start]})
		}
		a.Segments = append(a.Segments, htmlSegment{Text: body[start:end], N: s.N, Status: s.Status})
		pos = end
	}
	if pos < len(body) {
		a.Segments = append(a.Segments, htmlSegment{Text: body[pos:]})
	}

	counts := make([]int, len(scale)+1) // the last: no verdict yet
	for _, c := range a.Claims {
		if c.VerdictID >= 0 {
			counts[c.VerdictID]++
		} else {
			counts[len(scale)]++
		}
	}
	a.Total = len(a.Claims)
	max := 1
	for _, n := range counts {
		if n > max {
			max = n
		}
	}
	y := 0
	for i, n := range counts {
		label, color := "Not signed off", "#6e7781"
		if i < len(scale) {
			label, color = scale[i].Name, scale[i].Color
		}
		if n == 0 {
			continue
		}
		if !review.ValidColor(color) {
			color = "#6e7781"
		}
		a.Bars = append(a.Bars, htmlBar{Label: label, Count: n, Color: color, Y: y, Width: 300 * n / max, TextY: y + 15})
		y += 24
	}
	a.ChartH = y
	if a.ChartH == 0 {
		a.ChartH = 1
	}
}
