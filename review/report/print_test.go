package report

import (
	"context"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// needTool returns the path of a program the print test needs; without it
// the test is skipped, unless CLAIMDESK_REQUIRE_BROWSER=1 (CI) makes that
// a failure.
func needTool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := osexec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CLAIMDESK_REQUIRE_BROWSER") == "1" {
		t.Fatalf("%s not found and CLAIMDESK_REQUIRE_BROWSER=1", names[0])
	}
	t.Skipf("%s not found: skipping the print test", names[0])
	return ""
}

// TestHTMLPrints prints a long report to PDF with headless chromium and
// checks the page count against what the content needs at the least.
func TestHTMLPrints(t *testing.T) {
	if testing.Short() {
		t.Skip("prints with a browser")
	}
	chromium := needTool(t, "chromium", "chromium-browser", "google-chrome")
	pdfinfo := needTool(t, "pdfinfo")

	s := newStore(t)
	editor := exec(t, s, "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('ed', 'editor', 'x', ?, ?)", ts("001:00"), ts("001:00"))
	const n = 40
	var body strings.Builder
	body.WriteString("A long speech\n\n")
	sentences := make([]string, n)
	for i := range sentences {
		sentences[i] = fmt.Sprintf("In year %d the figure rose by %d percent, the minister said.", 1980+i, i+3)
		body.WriteString(sentences[i] + " ")
	}
	a := addArticle(t, s, fixtureArticle{title: "A long speech", url: "https://news.example.com/long", body: body.String()}, editor)
	for i, text := range sentences {
		c := addClaim(t, s, a, body.String(), fixtureClaim{text: text, kind: "statistic", status: "done", verdict: "Half true",
			conclusion: fmt.Sprintf("Records for %d show a smaller rise. The minister's office did not answer.", 1980+i),
			signer:     editor, signedAt: ts("513:30"), score: 0.8})
		addEvidence(t, s, c, fmt.Sprintf("https://stats.example.gov/series/%d", i), "Series "+strconv.Itoa(i), "Statistics Office", "refutes", "", editor)
	}

	dir := t.TempDir()
	html := filepath.Join(dir, "report.html")
	out, err := os.Create(html)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(context.Background(), s, Filter{}, out); err != nil {
		t.Fatal(err)
	}
	out.Close()

	pdf := filepath.Join(dir, "report.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := osexec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-quic", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+html)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, msg)
	}
	info, err := osexec.Command(pdfinfo, pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, info)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo printed no page count:\n%s", info)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	t.Logf("%d claims printed on %d pages", n, pages)
	// Each claim is a box of at least four lines (heading, quote, details,
	// conclusion) of 11pt type at 1.5 line height (5.8 mm); an A4 page with
	// 18 mm margins holds 261 mm. The article text and chart come on top.
	minHeight := float64(n) * 4 * 5.8
	want := int(minHeight / 261)
	if pages < want {
		t.Errorf("the PDF has %d pages, want at least %d for %d claims", pages, want, n)
	}
	if pages > 4*want {
		t.Errorf("the PDF has %d pages for %d claims: the print rules waste paper (want at most %d)", pages, n, 4*want)
	}
}
