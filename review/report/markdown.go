package report

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"claimdesk/review"
)

// WriteMarkdown writes a brief per article: its details, then each claim f
// selects (dismissed ones only when f asks for them) with its status,
// verdict, conclusion and linked evidence. Every piece of user text is
// escaped so it reads as the words it is, never as Markdown.
func WriteMarkdown(ctx context.Context, store *review.Store, f Filter, w io.Writer) error {
	snap, err := store.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("markdown export: %w", err)
	}
	defer snap.Close()
	bw := bufio.NewWriterSize(w, 64<<10)
	var article int64
	err = snap.EachClaim(ctx, f, func(it *review.ReportClaim) error {
		if it.Status == review.StatusDismissed && f.Status != review.StatusDismissed {
			return nil
		}
		if it.ArticleID != article {
			if article != 0 {
				bw.WriteString("\n---\n\n")
			}
			article = it.ArticleID
			writeMarkdownArticle(bw, it)
		}
		writeMarkdownClaim(bw, it)
		return nil
	})
	if err != nil {
		return fmt.Errorf("markdown export: %w", err)
	}
	if article == 0 {
		bw.WriteString("No claims match this export.\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("markdown export: %w", err)
	}
	return nil
}

func writeMarkdownArticle(bw *bufio.Writer, it *review.ReportClaim) {
	fmt.Fprintf(bw, "# %s\n\n", mdInline(it.ArticleTitle))
	var meta []string
	if it.ArticleOutlet != "" {
		meta = append(meta, mdStart(it.ArticleOutlet))
	}
	if it.ArticleAuthor != "" {
		meta = append(meta, "by "+mdInline(it.ArticleAuthor))
	}
	if it.ArticlePublished != "" {
		meta = append(meta, "published "+mdInline(it.ArticlePublished))
	}
	if it.ArticleURL != "" {
		meta = append(meta, mdLink(it.ArticleURL, it.ArticleURL))
	}
	if len(meta) > 0 {
		bw.WriteString(strings.Join(meta, " · "))
		bw.WriteString("\n\n")
	}
}

func writeMarkdownClaim(bw *bufio.Writer, it *review.ReportClaim) {
	head := "not checked yet (" + statusLabel(it.Status) + ")"
	switch {
	case it.HasVerdict():
		head = mdInline(it.Verdict)
	case it.Verdict != "":
		head = "proposed: " + mdInline(it.Verdict) + " (not signed off, " + statusLabel(it.Status) + ")"
	}
	// The claim's id, as the app writes it, so #12 is #12 everywhere.
	fmt.Fprintf(bw, "## Claim #%d: %s\n\n", it.ID, head)
	fmt.Fprintf(bw, "> %s\n\n", mdStart(it.Text))
	if st := it.Statement; st != "" && st != it.Text {
		fmt.Fprintf(bw, "**As checked:** %s\n\n", mdInline(st))
	}
	var meta []string
	if c := claimantLine(it); c != "" {
		meta = append(meta, "Claimant: "+mdInline(c))
	}
	if it.Speaker != "" && it.Speaker != it.ClaimantName {
		meta = append(meta, "Speaker: "+mdInline(it.Speaker))
	}
	meta = append(meta, "Kind: "+mdInline(it.Kind), "Status: "+statusLabel(it.Status))
	if it.Assignee != "" {
		meta = append(meta, "Assigned to: "+mdInline(it.Assignee))
	}
	if it.SignedOffAt != "" {
		s := "Signed off " + displayDate(it.SignedOffAt)
		if it.SignedOffBy != "" {
			s += " by " + mdInline(it.SignedOffBy)
		}
		meta = append(meta, s)
	}
	bw.WriteString(strings.Join(meta, " · "))
	bw.WriteString("\n\n")
	if strings.TrimSpace(it.Conclusion) != "" {
		bw.WriteString("**Conclusion:**\n\n")
		bw.WriteString(mdBlock(it.Conclusion))
		bw.WriteString("\n\n")
	}
	if len(it.Evidence) > 0 {
		bw.WriteString("**Evidence:**\n\n")
		for _, e := range it.Evidence {
			title := e.Title
			if title == "" {
				title = e.URL
			}
			line := "- " + mdInline(e.Stance) + ": " + mdLink(title, e.URL)
			var more []string
			if e.Publisher != "" {
				more = append(more, mdInline(e.Publisher))
			}
			if e.Accessed != "" {
				more = append(more, "accessed "+mdInline(e.Accessed))
			}
			if len(more) > 0 {
				line += " (" + strings.Join(more, ", ") + ")"
			}
			if strings.TrimSpace(e.Quote) != "" {
				line += ": “" + mdInline(e.Quote) + "”"
			}
			bw.WriteString(line)
			bw.WriteString("\n")
		}
		bw.WriteString("\n")
	}
}

// statusLabel is a status as people say it inside a sentence: the store's
// label in lower case ("needs review").
func statusLabel(s review.Status) string { return strings.ToLower(s.Label()) }

// mdSpecial are the characters that mean something anywhere in a line of
// CommonMark; each is escaped with a backslash (any ASCII punctuation may be).
const mdSpecial = "\\`*_[]<>#|~&!"

// mdInline escapes s for use inside one line: line breaks become spaces
// and every special character gets a backslash.
func mdInline(s string) string {
	return mdChars(strings.Join(strings.Fields(s), " "))
}

// mdStart is mdInline for text that begins a line.
func mdStart(s string) string { return mdLineStart(mdInline(s)) }

// mdLine escapes one line (no line breaks in s) that begins a line.
func mdLine(s string) string { return mdLineStart(mdChars(s)) }

// mdChars backslash-escapes the characters of mdSpecial.
func mdChars(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(mdSpecial, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mdLineStart escapes an already escaped text's first marker when it
// starts like a list item, a setext underline or a numbered list
// ("1. ", "2) ") and would change the line's shape.
func mdLineStart(out string) string {
	if out != "" && strings.IndexByte("-+=", out[0]) >= 0 {
		return "\\" + out
	}
	d := 0
	for d < len(out) && out[d] >= '0' && out[d] <= '9' {
		d++
	}
	if d > 0 && d < len(out) && (out[d] == '.' || out[d] == ')') {
		return out[:d] + "\\" + out[d:]
	}
	return out
}

// mdBlock escapes text of several lines, keeping its line breaks and
// paragraphs (leading blanks are dropped: four would make a code block).
func mdBlock(s string) string {
	lines := strings.Split(strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n"), "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			lines[i] = ""
			continue
		}
		lines[i] = mdLine(l)
		// Keep single line breaks as breaks.
		if i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			lines[i] += "\\"
		}
	}
	return strings.Join(lines, "\n")
}

// mdLink links text to u when u is a web address; anything else (a
// javascript: URL, a typo) is written as plain escaped text.
func mdLink(text, u string) string {
	href, ok := webURL(u)
	if !ok {
		return mdInline(text)
	}
	return "[" + mdInline(text) + "](<" + href + ">)"
}

// webURL returns u cleaned for use as a link when it is an http or https
// address: the characters that would end a link early are percent-encoded.
func webURL(u string) (string, bool) {
	p, ok := review.WebURL(strings.TrimSpace(u))
	if !ok {
		return "", false
	}
	s := p.String()
	r := strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\n", "", "\r", "")
	return r.Replace(s), true
}

// claimantLine names a claim's claimant with their role ("Sergey Lavrov,
// Russian Foreign Minister"); "" when none is linked.
func claimantLine(it *review.ReportClaim) string {
	if it.ClaimantName == "" {
		return ""
	}
	if it.ClaimantRole != "" {
		return it.ClaimantName + ", " + it.ClaimantRole
	}
	return it.ClaimantName
}
