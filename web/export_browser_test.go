package web

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"claimdesk/review"
)

// TestBrowserExportDownload: an editor opens an article and clicks its CSV
// export; the browser saves a file with the name the server gave, holding
// the article's claims.
func TestBrowserExportDownload(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	e, a, _, done := exportEnv(t)
	b := newBrowser(t, e.url)
	b.login("ed", "password-ed")
	b.open("open the article", "/articles/"+idStr(a.ID))

	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	begins := chromedp.Events(ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.Events(ctx, cdpbrowser.DownloadProgress)
	events := true
	b.do("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			// The tab's browser context, not the default one.
			BrowserContextID: chromedp.FromContext(b.ctx).BrowserContextID,
			Behavior:         cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName,
			DownloadPath:     dir,
			EventsEnabled:    &events,
		})
		return err
	}))
	b.do("click the CSV export", chromedp.Click(chromedp.CSS(`a.export-link[href*="format=csv"]`)))

	var suggested, guid string
	for ev, err := range begins {
		if err != nil {
			b.fail("download begins", "%v", err)
		}
		suggested, guid = ev.SuggestedFilename, ev.GUID
		break
	}
	if want := "claims-article-" + idStr(a.ID) + ".csv"; suggested != want {
		t.Errorf("the download is named %q, want %q", suggested, want)
	}
	for ev, err := range progress {
		if err != nil {
			b.fail("download completes", "%v", err)
		}
		if ev.GUID == guid && ev.State == cdpbrowser.DownloadProgressStateCompleted {
			break
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			b.fail("download completes", "the download was cancelled")
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		t.Fatalf("the downloaded file: %v", err)
	}
	// Downloaded from the browser, the CSV is for a spreadsheet: it starts
	// with the byte-order mark.
	if !strings.HasPrefix(string(data), "\ufeff") {
		t.Errorf("the CSV download does not start with the UTF-8 byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("the download is not CSV: %v", err)
	}
	claims, err := e.store.Claims(context.Background(), review.ClaimFilter{ArticleID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(claims)+1 || recs[0][0] != "claim_id" {
		t.Errorf("the CSV has %d rows, want a header and the article's %d claims", len(recs), len(claims))
	}
	found := false
	for _, r := range recs[1:] {
		if r[0] == idStr(done.ID) && r[9] == "done" && r[10] == "False" {
			found = true
		}
	}
	if !found {
		t.Errorf("the CSV lacks the done claim %d with its verdict:\n%s", done.ID, data)
	}

	// The ClaimReview link leads to the check (no settings yet), which
	// names the problems and offers the override.
	b.open("open the article again", "/articles/"+idStr(a.ID))
	b.submit("click the ClaimReview export", chromedp.Click(chromedp.CSS(`a.export-link[href*="format=claimreview"]`)))
	if loc := b.location(); !strings.HasPrefix(loc, "/export/check?") {
		b.fail("ClaimReview check", "landed on %q, want the check page", loc)
	}
	b.expect("ClaimReview check", "check-summary", "0 of 1")
	b.expect("ClaimReview check", "check-claim-"+idStr(done.ID), "no published URL")
	b.expect("ClaimReview check", "export-force", "Export anyway")
	b.capture("export-check")
}
