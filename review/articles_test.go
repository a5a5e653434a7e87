package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

const sampleText = "Minister says unemployment fell.\r\nUnemployment fell to 5.2 percent in October, the minister said.   \r\n\r\n\r\nCritics disagree.  \r\n"

func TestImportPlainText(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, cs, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Text: sampleText, URL: " https://news.example/a ", Published: "2026-11-20T23:30:00-05:00"})
	if err != nil {
		t.Fatal(err)
	}
	wantBody := "Minister says unemployment fell.\nUnemployment fell to 5.2 percent in October, the minister said.\n\nCritics disagree."
	if a.Body != wantBody {
		t.Errorf("got body %q, want %q", a.Body, wantBody)
	}
	if a.Title != "Minister says unemployment fell." {
		t.Errorf("got title %q, want the first line", a.Title)
	}
	if a.Published != "2026-11-20" || a.URL != "https://news.example/a" || a.Format != "text" {
		t.Errorf("got published %q url %q format %q", a.Published, a.URL, a.Format)
	}
	if len(cs) == 0 {
		t.Fatal("no claims")
	}
	worthy := 0
	for _, c := range cs {
		if a.Body[c.Start:c.End] != c.Text {
			t.Errorf("claim %d: text %q is not body[%d:%d] %q", c.ID, c.Text, c.Start, c.End, a.Body[c.Start:c.End])
		}
		sc := s.model.Score(c.Text)
		if c.Candidate == sc.Worthy {
			t.Errorf("claim %q: candidate=%v but the model says worthy=%v", c.Text, c.Candidate, sc.Worthy)
		}
		if !c.Candidate {
			worthy++
		}
		if c.Version != 1 || c.Status != StatusNew || c.Origin != "engine" || c.Slug == "" {
			t.Errorf("claim %d: got version %d status %s origin %s slug %q", c.ID, c.Version, c.Status, c.Origin, c.Slug)
		}
		h, err := s.History(ctx, c.ID)
		if err != nil || len(h) != 1 || h[0].Field != "created" || h[0].User != "rita" {
			t.Errorf("claim %d history: got %+v, %v; want one 'created' row by rita", c.ID, h, err)
		}
	}
	if a.Total != worthy || a.Done != 0 {
		t.Errorf("got progress %d/%d, want 0/%d", a.Done, a.Total, worthy)
	}
	got, err := s.Article(ctx, a.ID)
	if err != nil || got.Body != wantBody || got.Total != worthy {
		t.Errorf("Article: got %+v, %v", got, err)
	}
	listed, err := s.Claims(ctx, ClaimFilter{ArticleID: a.ID, IncludeCandidates: true})
	if err != nil || len(listed) != len(cs) {
		t.Fatalf("Claims: got %d, %v; want %d", len(listed), err, len(cs))
	}
	for i := 1; i < len(listed); i++ {
		if listed[i].Start < listed[i-1].Start {
			t.Error("claims of an article are not in text order")
		}
	}
	open, _ := s.Claims(ctx, ClaimFilter{ArticleID: a.ID})
	if len(open) != worthy {
		t.Errorf("without candidates: got %d claims, want %d", len(open), worthy)
	}

	// The same text again, with other line endings and spaces, is a duplicate.
	before := countRows(t, s, "claims")
	dup, _, err := s.ImportArticle(ctx, tm.editor, NewArticle{Title: "Again", Text: strings.ReplaceAll(sampleText, "\r\n", "\n") + "\n\n"})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate: got %v, want ErrConflict", err)
	}
	var de *DuplicateError
	if !errors.As(err, &de) || de.Article.ID != a.ID || dup == nil || dup.ID != a.ID {
		t.Errorf("duplicate: got %v / %+v, want article %d", err, dup, a.ID)
	}
	if countRows(t, s, "articles") != 1 || countRows(t, s, "claims") != before {
		t.Error("a duplicate wrote rows")
	}
}

func TestImportValidation(t *testing.T) {
	s, _ := newTestStore(t)
	s.MaxArticleBytes = 1000
	ctx := context.Background()
	tm := newTeam(t, s)
	tests := []struct {
		name  string
		in    NewArticle
		field string
		want  string
	}{
		{"empty", NewArticle{Title: "T"}, "text", "the article has no text"},
		{"white space", NewArticle{Title: "T", Text: " \n\t\r\n "}, "text", "the article has no text"},
		{"markdown of only an image", NewArticle{Text: "![x](https://x.example/a.png)", Markdown: true}, "text", "no text"},
		{"html without text", NewArticle{HTML: "<html><body><script>x()</script></body></html>"}, "html", "no article text"},
		{"invalid utf-8 text", NewArticle{Text: "Good start \xff\xfe bad"}, "text", "offset 11"},
		{"invalid utf-8 title", NewArticle{Title: "ab\xc3", Text: "Fine text."}, "title", "invalid UTF-8"},
		{"invalid utf-8 author", NewArticle{Author: "\x80", Text: "Fine text."}, "author", "offset 0"},
		{"NUL byte", NewArticle{Text: "PK\x03\x04\x00\x00binary"}, "text", "binary file"},
		{"control bytes", NewArticle{Text: "\x01\x02\x03\x04\x05\x06\x07\x08abc"}, "text", "binary file"},
		{"javascript url", NewArticle{Text: "Fine text.", URL: "javascript:alert(1)"}, "url", "only http and https"},
		{"data url", NewArticle{Text: "Fine text.", URL: "data:text/html,hi"}, "url", "only http and https"},
		{"ftp url", NewArticle{Text: "Fine text.", URL: "ftp://x.example/a"}, "url", "only http and https"},
		{"relative url", NewArticle{Text: "Fine text.", URL: "/news/a"}, "url", "only http and https"},
		{"malformed url", NewArticle{Text: "Fine text.", URL: "http://%zz"}, "url", "only http and https"},
		{"bad date", NewArticle{Text: "Fine text.", Published: "26/11/2026"}, "published", "YYYY-MM-DD"},
		{"impossible date", NewArticle{Text: "Fine text.", Published: "2026-02-30"}, "published", "YYYY-MM-DD"},
		{"long title", NewArticle{Text: "Fine text.", Title: strings.Repeat("t", 501)}, "title", "too long"},
		{"text and html", NewArticle{Text: "Fine text.", HTML: "<p>Other</p>"}, "text", "not both"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := s.ImportArticle(ctx, tm.reviewer, tc.in)
			if msg := fieldErr(t, err, tc.field); !strings.Contains(msg, tc.want) {
				t.Errorf("got %q, want it to contain %q", msg, tc.want)
			}
		})
	}
	t.Run("too large", func(t *testing.T) {
		_, _, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Text: strings.Repeat("a", 1001)})
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "1000 bytes") {
			t.Errorf("got %v, want ErrTooLarge naming the limit", err)
		}
	})
	t.Run("several fields at once", func(t *testing.T) {
		_, _, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Text: "", URL: "mailto:a@b", Published: "soon"})
		v, ok := AsValidation(err)
		if !ok || len(v.Fields) != 3 {
			t.Errorf("got %v, want messages on text, url and published", err)
		}
	})
	for _, table := range []string{"articles", "claims", "history"} {
		if n := countRows(t, s, table); n != 0 {
			t.Errorf("got %d rows in %s after refused imports, want 0", n, table)
		}
	}
	// A disabled user cannot import.
	gone := *tm.reviewer
	gone.Disabled = true
	if _, _, err := s.ImportArticle(ctx, &gone, NewArticle{Text: "Fine text."}); !errors.Is(err, ErrForbidden) {
		t.Errorf("disabled importer: got %v, want ErrForbidden", err)
	}
}

func TestImportIsAtomic(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	// A failure on the second claim must leave neither the article nor the first claim.
	if _, err := s.db.Write.Exec(`CREATE TRIGGER boom BEFORE INSERT ON claims WHEN new.text LIKE '%BOOM%'
		BEGIN SELECT RAISE(ABORT, 'injected failure'); END`); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.ImportArticle(ctx, nil, NewArticle{Text: "First claim with 10 numbers. Second BOOM claim with 20."})
	if err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("got %v, want the injected failure", err)
	}
	for _, table := range []string{"articles", "claims", "history", "articles_fts"} {
		if n := countRows(t, s, table); n != 0 {
			t.Errorf("got %d rows in %s after a failed import, want 0", n, table)
		}
	}
}

func TestImportHTML(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	page := `<html><head><title>Jobs report</title><script>document.write("evil")</script></head>
<body><nav>All news</nav><article><h1>Jobs report</h1>
<p>Unemployment fell to 5.2 percent in October, the minister said on Tuesday in the capital.</p>
<p>Critics said the figure hides 40,000 people who left the labour market this year.</p>
<script>track()</script></article></body></html>`
	a, cs, err := s.ImportArticle(ctx, nil, NewArticle{HTML: page})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Jobs report" || a.Format != "html" {
		t.Errorf("got title %q format %q, want the page's title and html", a.Title, a.Format)
	}
	if strings.Contains(a.Body, "evil") || strings.Contains(a.Body, "track") || strings.Contains(a.Body, "<") {
		t.Errorf("scripts or tags left in the body: %q", a.Body)
	}
	if !strings.Contains(a.Body, "in the capital.\n\nCritics said") {
		t.Errorf("paragraphs are not separated by a blank line: %q", a.Body)
	}
	if len(cs) == 0 {
		t.Error("no claims from the HTML page")
	}
	// A title the person gave wins over the page's.
	b, _, err := s.ImportArticle(ctx, nil, NewArticle{Title: "Mine", HTML: strings.Replace(page, "Tuesday", "Monday", 1)})
	if err != nil || b.Title != "Mine" {
		t.Errorf("got %+v, %v; want title Mine", b, err)
	}
}

// TestMarkdownToText pins the plain text a Markdown article is stored as
// (after normalizeBody, as ImportArticle stores it): paragraphs and blocks
// apart by a blank line where the source had one, list items and lines of
// a paragraph each on a line of their own, headings as lines without their
// marks, link and emphasis text kept without the markup or the address,
// images and link definitions dropped, code kept as written.
func TestMarkdownToText(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"heading", "# Jobs report #\n\nText.", "Jobs report\n\nText."},
		{"setext heading", "Jobs report\n===========\n\nText.", "Jobs report\n\nText."},
		{"heading levels", "## Two\n\n### Three\nText under it.", "Two\n\nThree\nText under it."},
		{"emphasis", "It **rose** by *5%* and __fell__ _twice_, ~~not~~ ***really***.", "It rose by 5% and fell twice, not really."},
		{"nested emphasis", "A **bold _and italic_ part** and *an **inner** one*.", "A bold and italic part and an inner one."},
		{"snake case stays", "the snake_case_name stays", "the snake_case_name stays"},
		{"link", "Read [the report](https://x.example/r \"t\") now.", "Read the report now."},
		{"link with emphasis", "Read [the **full** report](https://x.example/r).", "Read the full report."},
		{"reference link", "Read [the report][1].\n\n[1]: https://x.example/r", "Read the report."},
		{"image dropped", "Look ![a chart](c.png) here.", "Look  here."},
		{"lists keep text", "- one\n* two\n+ three\n1. four\n2) five", "one\ntwo\nthree\nfour\nfive"},
		{"list after a paragraph", "Key points:\n- Prices rose.\n- Wages fell.\n\nAfter.", "Key points:\nPrices rose.\nWages fell.\n\nAfter."},
		{"loose list", "- Prices rose.\n\n- Wages fell.", "Prices rose.\n\nWages fell."},
		{"nested list", "- one\n  - one a\n  - one b\n- two", "one\none a\none b\ntwo"},
		{"quote", "> He said 10% rose.", "He said 10% rose."},
		{"quote of two paragraphs", "> First.\n>\n> Second.", "First.\n\nSecond."},
		{"lines of a paragraph", "First line\nsecond line.", "First line\nsecond line."},
		{"hard line break", "First line  \nsecond line.", "First line\nsecond line."},
		{"inline code as is", "Run `a *b* c` now.", "Run a *b* c now."},
		{"fenced code as is", "```\nx = *y*\n```", "x = *y*"},
		{"fenced code between paragraphs", "Before.\n\n```go\nx := 1\n\ny := 2\n```\n\nAfter.", "Before.\n\nx := 1\n\ny := 2\n\nAfter."},
		{"rule dropped", "a\n\n---\n\nb", "a\n\nb"},
		{"escapes", `5 \* 3 and \_x\_`, "5 * 3 and _x_"},
		{"autolink", "See <https://x.example/a>.", "See https://x.example/a."},
		{"html block kept as written", "<div>\nSome text\n</div>\n\nAfter.", "<div>\nSome text\n</div>\n\nAfter."},
		{"inline html kept as written", "It <b>rose</b> by 5%.", "It <b>rose</b> by 5%."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := normalizeBody(markdownToText(tc.in)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestImportMarkdownSpans(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	a, cs, err := s.ImportArticle(ctx, nil, NewArticle{Markdown: true, Text: "# Report\n\nUnemployment **fell** to [5.2 percent](https://x.example) in October."})
	if err != nil {
		t.Fatal(err)
	}
	if a.Format != "markdown" || a.Body != "Report\n\nUnemployment fell to 5.2 percent in October." || a.Title != "Report" {
		t.Errorf("got format %q body %q title %q", a.Format, a.Body, a.Title)
	}
	for _, c := range cs {
		if a.Body[c.Start:c.End] != c.Text || strings.ContainsAny(c.Text, "*[]#") {
			t.Errorf("claim %q does not match the plain body", c.Text)
		}
	}
}

func TestUpdateArticleAndList(t *testing.T) {
	s, clock := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	a, _, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Text: "Prices rose 3 percent."})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(1e9)
	b, _, _ := s.ImportArticle(ctx, tm.reviewer, NewArticle{Text: "Rents rose 9 percent."})
	got, err := s.UpdateArticle(ctx, tm.reviewer, a.ID, ArticleUpdate{Title: " Prices\nreport ", URL: "https://x.example/p", Outlet: "Daily", Author: "Kim", Published: "2026-01-02"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Prices report" || got.Outlet != "Daily" || got.Body != "Prices rose 3 percent." {
		t.Errorf("got %+v", got)
	}
	if _, err := s.UpdateArticle(ctx, tm.reviewer, a.ID, ArticleUpdate{Title: "", URL: "javascript:x"}); err == nil {
		t.Error("an empty title and a javascript link were accepted")
	} else if v, _ := AsValidation(err); v == nil || v.Fields["title"] == "" || v.Fields["url"] == "" {
		t.Errorf("got %v, want messages on title and url", err)
	}
	if _, err := s.UpdateArticle(ctx, tm.reviewer, 999, ArticleUpdate{Title: "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown article: got %v, want ErrNotFound", err)
	}
	list, err := s.Articles(ctx, ArticleFilter{})
	if err != nil || len(list) != 2 || list[0].ID != b.ID || list[1].ID != a.ID {
		t.Fatalf("got %+v, %v; want b then a", list, err)
	}
	if list[0].Total != 1 {
		t.Errorf("got total %d, want 1", list[0].Total)
	}
	since, _ := s.Articles(ctx, ArticleFilter{Since: clock.Now()})
	if len(since) != 1 || since[0].ID != b.ID {
		t.Errorf("since filter: got %+v", since)
	}
}

func TestDefaultTitle(t *testing.T) {
	tests := []struct {
		name, body string
		markdown   bool
		want       string
	}{
		{"navigation first", "All news\n\nUS, French envoys will come to Moscow\n\nText.", false, "US, French envoys will come to Moscow"},
		{"headline first", "Prices rose again in May\nMore text here.", false, "Prices rose again in May"},
		{"only short lines", "Home\nWorld\nSport", false, "Home"},
		{"short markdown heading", "Report\n\nUnemployment fell.", true, "Report"},
		{"sixth line too late", "a\nb\nc\nd\ne\nthis has three words", false, "a"},
		{"menu of capitalised words", "Home World Sport Business\n\nPrices rose again in May\n\nMore text.", false, "Prices rose again in May"},
		{"line before the dateline", "Latest stories from our desk\nPrices rose again in May\nLONDON, May 3 (Reuters) - Prices rose by 2 percent in May, the office for national statistics said on Friday.", false, "Prices rose again in May"},
		{"headline above a standfirst", "All news\n\nUS, French representatives will come to Moscow soon to discuss Karabakh\n\nAccording to Russia's top diplomat, Russia does not want to distance itself from its OSCE Minsk Group co-chairs on this issue\n\nMOSCOW, November 12. /TASS/. US and French representatives will come to Moscow soon to discuss the agreements, Lavrov stated on Thursday.", false, "US, French representatives will come to Moscow soon to discuss Karabakh"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := defaultTitle(tc.body, tc.markdown); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSuggestTitleIsTheImportsTitle: the title the import form suggests is
// the one the import stores when the person gives none, for each kind of
// text; a text that cannot be imported suggests nothing.
func TestSuggestTitleIsTheImportsTitle(t *testing.T) {
	s, _ := newTestStore(t)
	tm := newTeam(t, s)
	ctx := context.Background()
	tests := []struct {
		name string
		in   NewArticle
		want string
	}{
		{"menu line first", NewArticle{Text: "All news\r\n\r\nPrices rose again in May, the office said\r\n\r\nLONDON, May 3 (Reuters) - Prices rose by 2 percent in May, the office for national statistics said on Friday."}, "Prices rose again in May, the office said"},
		{"markdown heading", NewArticle{Text: "# Jobs *report*\n\nUnemployment fell to 4 percent in May, the ministry said.", Markdown: true}, "Jobs report"},
		{"html title", NewArticle{HTML: "<html><head><title>Budget gap widens</title></head><body><p>Menu</p><p>The deficit grew to 3 percent of GDP last year, the treasury said.</p></body></html>"}, "Budget gap widens"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := s.SuggestTitle(tc.in)
			if got != tc.want {
				t.Errorf("SuggestTitle = %q, want %q", got, tc.want)
			}
			a, _, err := s.ImportArticle(ctx, tm.reviewer, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != got {
				t.Errorf("the import stored the title %q, the suggestion was %q", a.Title, got)
			}
		})
	}
	if got := s.SuggestTitle(NewArticle{Text: "  \n\n "}); got != "" {
		t.Errorf("an empty text suggests %q, want nothing", got)
	}
}
