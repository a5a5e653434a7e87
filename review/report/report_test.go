package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"claimdesk/review"
)

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+2", "'=1+2"},
		{"+44 20 7946 0000", "'+44 20 7946 0000"},
		{"-3.5", "'-3.5"}, // a text cell, even when it looks like a number
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\tleading tab", "'\tleading tab"},
		{"\rleading return", "'\rleading return"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"plain text", "plain text"},
		{"", ""},
		{"3=3", "3=3"},
		{"a-b", "a-b"},
		{" =not first", " =not first"},
		{"'quoted", "'quoted"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Neutralise(tt.in); got != tt.want {
				t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// readCSV exports f as CSV and parses it back.
func readCSV(t *testing.T, s *review.Store, f Filter, excel bool) ([][]string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCSV(context.Background(), s, f, &buf, excel); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	body := bytes.TrimPrefix(raw, []byte(utf8BOM))
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the export is not valid CSV: %v", err)
	}
	return recs, raw
}

func TestCSVCells(t *testing.T) {
	f := newFixture(t)
	recs, raw := readCSV(t, f.store, Filter{}, false)
	if bytes.HasPrefix(raw, []byte(utf8BOM)) {
		t.Errorf("a plain export starts with the byte-order mark")
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	numeric := map[string]bool{"claim_id": true, "start": true, "end": true, "score": true}
	var tricky []string
	for _, r := range recs[1:] {
		if len(r) != len(CSVHeader) {
			t.Fatalf("row has %d cells, want %d", len(r), len(CSVHeader))
		}
		for name, i := range col {
			cell := r[i]
			if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
				t.Errorf("column %s cell %q starts with a formula character", name, cell)
			}
			if numeric[name] && strings.HasPrefix(cell, "'") {
				t.Errorf("numeric column %s cell %q was neutralised", name, cell)
			}
		}
		if r[col["claim_id"]] == itoa(int(f.tricky)) {
			tricky = r
		}
	}
	if tricky == nil {
		t.Fatal("the claim with formula text is not in the export")
	}
	checks := map[string]string{
		"article_title": "'=HYPERLINK(\"http://evil.example\") <b>Growth</b> & *trade*",
		"claim":         "'-3.5% growth, says @treasury <script>alert(1)</script> *really* #1",
		"speaker":       "'+Treasury",
		"conclusion":    "'=1+2 <script>alert('c')</script> *bold* [link](javascript:alert(1))\n- not a list\n1. not a list",
		"score":         "0.7",
		"start":         "0",
	}
	for name, want := range checks {
		if got := tricky[col[name]]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	// Evidence is one cell, "stance: title <url>" joined by " | " in the
	// order it was added, and the editor who signed off is named.
	var unemployment []string
	for _, r := range recs[1:] {
		if r[col["claim_id"]] == itoa(int(f.unemployment)) {
			unemployment = r
		}
	}
	if unemployment == nil {
		t.Fatal("the signed-off unemployment claim is not in the export")
	}
	if got, want := unemployment[col["evidence"]], "refutes: Labour force survey 2025 <https://stats.example.gov/labour> | context: 2019 release <https://archive.example.com/2019>"; got != want {
		t.Errorf("evidence = %q, want %q", got, want)
	}
	if got := unemployment[col["signed_off_by"]]; got != "ed" {
		t.Errorf("signed_off_by = %q, want the editor ed", got)
	}

	_, excel := readCSV(t, f.store, Filter{}, true)
	if !bytes.HasPrefix(excel, []byte(utf8BOM)) {
		t.Errorf("--excel export does not start with the UTF-8 byte-order mark")
	}
	if !bytes.Equal(excel[len(utf8BOM):], raw) {
		t.Errorf("--excel export differs from the plain one beyond the byte-order mark")
	}
}

func TestFilters(t *testing.T) {
	f := newFixture(t)
	day := func(s string) time.Time { d, _ := ParseDay("since", s); return d }
	tests := []struct {
		name   string
		filter Filter
		want   []int64
	}{
		{"everything", Filter{}, []int64{f.unemployment, f.deficit, f.schools, f.poll, f.quiet, f.tricky, f.tricky + 1}},
		{"one article", Filter{ArticleID: f.growth}, []int64{f.tricky, f.tricky + 1}},
		{"done", Filter{Status: review.StatusDone}, []int64{f.unemployment, f.schools, f.tricky}},
		{"verdict any case", Filter{Verdict: "fAlSe"}, []int64{f.unemployment}},
		{"assignee", Filter{Assignee: "rita"}, []int64{f.deficit, f.poll}},
		{"since a day", Filter{Since: day("2026-11-25")}, []int64{f.unemployment, f.deficit, f.schools, f.tricky}},
		{"until a day (exclusive)", Filter{Until: day("2026-11-25")}, []int64{f.poll, f.quiet, f.tricky + 1}},
		{"one day", Filter{Since: day("2026-11-24"), Until: day("2026-11-25")}, []int64{f.poll, f.quiet}},
		{"combined", Filter{ArticleID: f.budget, Status: review.StatusDone, Verdict: "True"}, []int64{f.schools}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, _ := readCSV(t, f.store, tt.filter, false)
			var got []string
			for _, r := range recs[1:] {
				got = append(got, r[0])
			}
			var want []string
			for _, id := range tt.want {
				want = append(want, itoa(int(id)))
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("claims = %v, want %v", got, want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	f := newFixture(t)
	day := func(s string) time.Time { d, _ := ParseDay("d", s); return d }
	tests := []struct {
		name   string
		filter Filter
		field  string // "" means valid
	}{
		{"valid", Filter{ArticleID: f.budget, Status: "done", Verdict: "true", Assignee: "RITA"}, ""},
		{"unknown status", Filter{Status: "finished"}, "status"},
		{"unknown verdict", Filter{Verdict: "Pants on fire"}, "verdict"},
		{"unknown assignee", Filter{Assignee: "nobody"}, "assignee"},
		{"unassigned", Filter{Unassigned: true}, ""},
		{"unassigned and an assignee", Filter{Unassigned: true, Assignee: "rita"}, "assignee"},
		{"unknown article", Filter{ArticleID: 999}, "article"},
		{"negative article", Filter{ArticleID: -1}, "article"},
		{"until before since", Filter{Since: day("2026-11-25"), Until: day("2026-11-24")}, "until"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(context.Background(), f.store, tt.filter)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			v, ok := review.AsValidation(err)
			if !ok {
				t.Fatalf("Validate = %v, want a ValidationError on %s", err, tt.field)
			}
			if v.Fields[tt.field] == "" {
				t.Errorf("fields = %v, want a message on %s", v.Fields, tt.field)
			}
		})
	}
	if _, err := ParseDay("since", "26/11/2026"); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("ParseDay(26/11/2026) = %v, want an error naming the format", err)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"*bold* _em_", `\*bold\* \_em\_`},
		{"[link](javascript:x)", `\[link\](javascript:x)`},
		{"<script>", `\<script\>`},
		{"a | b ~ c ` d # e & f ! g \\ h", "a \\| b \\~ c \\` d \\# e \\& f \\! g \\\\ h"},
		{"two\nlines", "two lines"},
		{"3.5 percent", "3.5 percent"},
	}
	for _, tt := range tests {
		t.Run("inline "+tt.in, func(t *testing.T) {
			if got := mdInline(tt.in); got != tt.want {
				t.Errorf("mdInline(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	starts := []struct{ in, want string }{
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"= underline", `\= underline`},
		{"1. first", `1\. first`},
		{"12) twelfth", `12\) twelfth`},
		{"2026 was a year", "2026 was a year"},
		{"# heading", `\# heading`},
	}
	for _, tt := range starts {
		t.Run("start "+tt.in, func(t *testing.T) {
			if got := mdStart(tt.in); got != tt.want {
				t.Errorf("mdStart(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	links := []struct{ text, url, want string }{
		{"Report", "https://example.org/a b", "[Report](<https://example.org/a%20b>)"},
		{"x", "javascript:alert(1)", "x"},
		{"y", "https://example.org/<x>", "[y](<https://example.org/%3Cx%3E>)"},
	}
	for _, tt := range links {
		t.Run("link "+tt.url, func(t *testing.T) {
			if got := mdLink(tt.text, tt.url); got != tt.want {
				t.Errorf("mdLink(%q, %q) = %q, want %q", tt.text, tt.url, got, tt.want)
			}
		})
	}
}

func TestHTMLEscapingAndSelfContained(t *testing.T) {
	f := newFixture(t)
	var buf bytes.Buffer
	if err := WriteHTML(context.Background(), f.store, Filter{}, &buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if regexp.MustCompile(`(?i)<script`).MatchString(out) {
		t.Errorf("the report holds a <script> element")
	}
	for _, want := range []string{
		// the claim (in the text and in the list), the conclusion, the source title
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"&lt;script&gt;alert(&#39;c&#39;)&lt;/script&gt;",
		"&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt; Report",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks the escaped text %q", want)
		}
	}
	// No outside requests: nothing loaded from anywhere.
	for _, bad := range []string{"<link", "src=", "@import", "url(", "<iframe", "<object", "<embed", "<img"} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("the report contains %q", bad)
		}
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(out, -1) {
		if !strings.HasPrefix(m[1], "#") && !strings.HasPrefix(m[1], "https://") && !strings.HasPrefix(m[1], "http://") {
			t.Errorf("link to %q: only web addresses and in-page anchors may be links", m[1])
		}
	}
	if !strings.Contains(out, "<svg") || !strings.Contains(out, "@page") {
		t.Errorf("the report lacks its chart or its print rules")
	}
}

// setSetting changes a setting of the fixture directly.
func setSetting(t *testing.T, s *review.Store, key, value string) {
	t.Helper()
	if value == "" {
		exec(t, s, "DELETE FROM settings WHERE key = ?", key)
		return
	}
	exec(t, s, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
}

func TestClaimReviewCheck(t *testing.T) {
	long := strings.Repeat("word ", 60) + "end." // 304 characters: over MaxClaimReviewed
	tests := []struct {
		name  string
		setup func(t *testing.T, f *fixture)
		want  []string // "claim field" or "settings field" of each problem
	}{
		{"passes", func(t *testing.T, f *fixture) {}, nil},
		{"no base URL: every claim without its own URL lacks url", func(t *testing.T, f *fixture) {
			setSetting(t, f.store, "publish.base_url", "")
		}, []string{"1 url", "3 url"}},
		{"no verdict", func(t *testing.T, f *fixture) {
			exec(t, f.store, "UPDATE claims SET verdict_id = NULL WHERE id = ?", f.schools)
		}, []string{"3 reviewRating.alternateName"}},
		{"url outside the organisation's domain", func(t *testing.T, f *fixture) {
			exec(t, f.store, "UPDATE claims SET review_url = 'https://elsewhere.example.com/x' WHERE id = ?", f.schools)
		}, []string{"3 url"}},
		{"url not a web address", func(t *testing.T, f *fixture) {
			exec(t, f.store, "UPDATE claims SET review_url = 'javascript:alert(1)' WHERE id = ?", f.schools)
		}, []string{"3 url"}},
		{"claimReviewed too long", func(t *testing.T, f *fixture) {
			body := "Intro. " + long
			a := addArticle(t, f.store, fixtureArticle{title: "Long", body: body}, f.editor)
			addClaim(t, f.store, a, body, fixtureClaim{text: long, kind: "other", status: "done", verdict: "True", signer: f.editor, signedAt: ts("516:00")})
		}, []string{"9 claimReviewed"}},
		{"claimReviewed blank", func(t *testing.T, f *fixture) {
			body := "Intro.   "
			a := addArticle(t, f.store, fixtureArticle{title: "Blank", body: body}, f.editor)
			exec(t, f.store, `INSERT INTO claims (article_id, start_byte, end_byte, text, status, verdict_id, created_at, updated_at)
				VALUES (?, 6, 9, '   ', 'done', 1, ?, ?)`, a, ts("516:00"), ts("516:00"))
		}, []string{"9 claimReviewed"}},
		{"no organisation name", func(t *testing.T, f *fixture) {
			setSetting(t, f.store, "org.name", "")
		}, []string{"settings author.name"}},
		{"no organisation URL", func(t *testing.T, f *fixture) {
			setSetting(t, f.store, "org.url", "")
		}, []string{"settings author.url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.setup(t, f)
			var buf bytes.Buffer
			problems, err := WriteClaimReview(context.Background(), f.store, Filter{}, &buf, false)
			var got []string
			for _, p := range problems {
				if p.Warning {
					continue // TestClaimReviewWarnings
				}
				who := "settings"
				if p.ClaimID != 0 {
					who = itoa(int(p.ClaimID))
				}
				got = append(got, who+" "+p.Field)
				if p.Message == "" {
					t.Errorf("problem %v has no message", p)
				}
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("problems = %v, want %v", got, tt.want)
			}
			var ce *CheckError
			if len(tt.want) == 0 {
				if err != nil || buf.Len() == 0 {
					t.Fatalf("WriteClaimReview = %v with %d bytes, want the reviews", err, buf.Len())
				}
				return
			}
			if !errors.As(err, &ce) {
				t.Fatalf("WriteClaimReview error = %v, want a *CheckError", err)
			}
			if buf.Len() != 0 {
				t.Errorf("a failed check wrote %d bytes", buf.Len())
			}
			// --force writes the rest and leaves out exactly the claims with problems.
			buf.Reset()
			if _, err := WriteClaimReview(context.Background(), f.store, Filter{}, &buf, true); err != nil {
				t.Fatalf("forced: %v", err)
			}
			for _, p := range problems {
				if p.ClaimID != 0 && !p.Warning && strings.Contains(buf.String(), `"claimReviewed": `+jsonString(p.Claim)) {
					t.Errorf("forced export still holds claim %d, which has a problem", p.ClaimID)
				}
			}
		})
	}
}

func jsonString(s string) string {
	var b bytes.Buffer
	enc := jsonEncoder(&b)
	enc.Encode(s)
	return strings.TrimSpace(b.String())
}

func TestSlug(t *testing.T) {
	tests := []struct {
		id           int64
		text, stored string
		want         string
	}{
		{42, "Unemployment fell to 3.5 percent, the minister said on Tuesday in Parliament.", "", "unemployment-fell-to-3-5-percent-the-minister-said-on-42"},
		{7, "«Ça coûte 5 €», dit-il.", "", "a-co-te-5-dit-il-7"},
		{9, "!!!", "", "claim-9"},
		{3, "anything", "kept-slug", "kept-slug"},
	}
	for _, tt := range tests {
		if got := Slug(tt.id, tt.text, tt.stored); got != tt.want {
			t.Errorf("Slug(%d, %q, %q) = %q, want %q", tt.id, tt.text, tt.stored, got, tt.want)
		}
	}
}

func jsonEncoder(b *bytes.Buffer) *json.Encoder {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(true)
	return enc
}

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }

// TestClaimReviewAppearances: a claim confirmed as the same as one in
// another article appears there too, whichever side of the match it is;
// suggested and rejected matches do not count.
func TestClaimReviewAppearances(t *testing.T) {
	f := newFixture(t)
	exec(t, f.store, "INSERT INTO matches (claim_id, other_id, score, state, created_at) VALUES (?, ?, 0.9, 'confirmed', ?)", f.tricky, f.deficit, ts("512:00"))
	exec(t, f.store, "INSERT INTO matches (claim_id, other_id, score, state, created_at) VALUES (?, ?, 0.9, 'rejected', ?)", f.schools, f.tricky, ts("512:00"))
	exec(t, f.store, "INSERT INTO matches (claim_id, other_id, score, state, created_at) VALUES (?, ?, 0.9, 'suggested', ?)", f.poll, f.schools, ts("512:00"))
	rs, _, err := Reviews(context.Background(), f.store, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64][]string{
		// the fixture's confirmed match: claim 7 (growth article) is the same as claim 1
		f.unemployment: {"https://news.example.com/budget", "https://other.example.net/growth"},
		f.schools:      {"https://news.example.com/budget"},
		f.tricky:       {"https://other.example.net/growth", "https://news.example.com/budget"},
	}
	for _, r := range rs {
		var got []string
		for _, a := range r.Doc.ItemReviewed.Appearance {
			got = append(got, a.URL)
		}
		if strings.Join(got, " ") != strings.Join(want[r.ClaimID], " ") {
			t.Errorf("claim %d appears at %v, want %v", r.ClaimID, got, want[r.ClaimID])
		}
	}
	if len(rs) != len(want) {
		t.Errorf("%d reviews, want %d (the done claims)", len(rs), len(want))
	}
}
