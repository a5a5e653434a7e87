package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimdesk/review"
	"claimdesk/review/report"
)

const exportArticle = "Minister says 40 schools opened\n\n" +
	"The minister said 40 new schools opened in 2025. " +
	"Unemployment fell to 3 percent, she claimed. " +
	"Critics said the budget grew by 12 percent."

// seedExport makes a database through the store: an editor, an article and
// its claims, one of them signed off with a verdict, conclusion and
// evidence. It returns the database path, the article id and the done claim.
func seedExport(t *testing.T) (string, int64, review.Claim) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	ctx := context.Background()
	s := openTestStore(t, db)
	ed, err := s.CreateUser(ctx, nil, "ed", "password-ed", review.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	a, cs, err := s.ImportArticle(ctx, ed, review.NewArticle{Title: "Minister says 40 schools opened", URL: "https://news.example.com/schools",
		Published: "2026-11-20", Text: exportArticle})
	if err != nil {
		t.Fatal(err)
	}
	var target *review.Claim
	for i := range cs {
		if strings.Contains(cs[i].Text, "40 new schools") && !cs[i].Candidate {
			target = &cs[i]
		}
	}
	if target == nil {
		t.Fatalf("the engine found no claim about the schools in %v", cs)
	}
	if _, err := s.AddEvidence(ctx, ed, target.ID, review.NewEvidence{URL: "https://ministry.example.gov/schools", Title: "Schools list",
		Stance: review.StanceSupports}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Claim(ctx, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, verdict, concl := review.StatusNeedsReview, "True", "The ministry lists 40 schools."
	if c, err = s.UpdateClaim(ctx, ed, c.ID, review.ClaimUpdate{Version: c.Version, Status: &st, Verdict: &verdict, Conclusion: &concl}); err != nil {
		t.Fatal(err)
	}
	done := review.StatusDone
	if c, err = s.UpdateClaim(ctx, ed, c.ID, review.ClaimUpdate{Version: c.Version, Status: &done}); err != nil {
		t.Fatal(err)
	}
	return db, a.ID, *c
}

// code is the exit status run's error gives.
func code(err error) int {
	var sink strings.Builder
	return exitCode(err, &sink)
}

func TestExportFormats(t *testing.T) {
	db, article, done := seedExport(t)
	art := itoa64(article)
	tests := []struct {
		format string
		check  func(t *testing.T, out string)
	}{
		{"csv", func(t *testing.T, out string) {
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatalf("not CSV: %v", err)
			}
			if len(recs) < 2 || recs[0][0] != "claim_id" {
				t.Fatalf("CSV = %v, want a header and the claims", recs)
			}
		}},
		{"json", func(t *testing.T, out string) {
			var v struct {
				Format  string
				Version int
				Claims  []struct{ Text, Verdict string }
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if v.Format != "claimdesk-export" || v.Version != 1 || len(v.Claims) == 0 {
				t.Errorf("JSON header = %q %d with %d claims", v.Format, v.Version, len(v.Claims))
			}
		}},
		{"md", func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "# Minister says 40 schools opened\n") || !strings.Contains(out, "## Claim #"+itoa64(done.ID)+": ") {
				t.Errorf("Markdown starts %q", out[:min(80, len(out))])
			}
		}},
		{"html", func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, "<mark") {
				t.Errorf("HTML report lacks its doctype or highlights")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			out, stderr, err := runCmd(t, "", "export", "--format", tt.format, "--article", art, "--db", db)
			if err != nil {
				t.Fatalf("export: %v (%s)", err, stderr)
			}
			if !strings.Contains(out, strings.SplitN(done.Text, " ", 3)[1]) {
				t.Errorf("the export does not mention the done claim %q", done.Text)
			}
			tt.check(t, out)
		})
	}
}

func TestExportClaimReviewCheck(t *testing.T) {
	db, _, done := seedExport(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "reviews.jsonld")

	// No settings: the check fails, nothing is written, stderr says why.
	stdout, stderr, err := runCmd(t, "", "export", "--format", "claimreview", "--out", out, "--db", db)
	if code(err) != 1 {
		t.Fatalf("exit = %d (%v), want 1", code(err), err)
	}
	for _, want := range []string{"claim " + itoa64(done.ID) + ": url:", "publish.base_url", "org.name"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed export left %v in the directory", entries)
	}

	// --force writes what is valid (nothing here) and says what it left out.
	stdout, stderr, err = runCmd(t, "", "export", "--format", "claimreview", "--force", "--db", db)
	if err != nil {
		t.Fatalf("--force: %v", err)
	}
	if strings.TrimSpace(stdout) != "[]" || !strings.Contains(stderr, "left out") {
		t.Errorf("--force: stdout %q, stderr %q", stdout, stderr)
	}

	for _, kv := range [][2]string{{"org.name", "Example Fact Check"}, {"org.url", "https://factcheck.example.org"},
		{"publish.base_url", "https://factcheck.example.org/checks"}} {
		if _, stderr, err := runCmd(t, "", "settings", "set", "--db", db, kv[0], kv[1]); err != nil {
			t.Fatalf("settings set %s: %v %s", kv[0], err, stderr)
		}
	}
	if _, stderr, err = runCmd(t, "", "export", "--format", "claimreview", "--out", out, "--db", db); err != nil {
		t.Fatalf("export after the settings: %v\n%s", err, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	if err := json.Unmarshal(b, &docs); err != nil || len(docs) != 1 {
		t.Fatalf("ClaimReview file = %s (%v), want one review", b, err)
	}
	url, _ := docs[0]["url"].(string)
	if want := "https://factcheck.example.org/checks/" + report.Slug(done.ID, done.Text, done.Slug); url != want {
		t.Errorf("url = %q, want %q (publish.base_url + the claim's slug)", url, want)
	}
	rating := docs[0]["reviewRating"].(map[string]any)
	if rating["alternateName"] != "True" {
		t.Errorf("reviewRating = %v", rating)
	}
}

func TestExportBadInput(t *testing.T) {
	db, _, _ := seedExport(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no format", []string{"export", "--db", db}, 2, "say which format"},
		{"unknown format", []string{"export", "--format", "xlsx", "--db", db}, 2, `"xlsx" is not a format`},
		{"bad date", []string{"export", "--format", "csv", "--since", "yesterday", "--db", db}, 2, "YYYY-MM-DD"},
		{"stray argument", []string{"export", "--format", "csv", "--db", db, "extra"}, 2, "unexpected argument"},
		{"unknown verdict", []string{"export", "--format", "csv", "--verdict", "Pants on fire", "--db", db}, 1, "no verdict named"},
		{"unknown status", []string{"export", "--format", "csv", "--status", "later", "--db", db}, 1, "not a status"},
		{"unknown assignee", []string{"export", "--format", "csv", "--assignee", "nobody", "--db", db}, 1, "no user named"},
		{"unknown article", []string{"export", "--format", "csv", "--article", "999", "--db", db}, 1, "no article 999"},
		{"dates reversed", []string{"export", "--format", "csv", "--since", "2026-11-25", "--until", "2026-11-20", "--db", db}, 1, "end date"},
		{"out in a missing directory", []string{"export", "--format", "csv", "--out", filepath.Join(t.TempDir(), "no", "such.csv"), "--db", db}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, err := runCmd(t, "", tt.args...)
			if got := code(err); got != tt.code {
				t.Fatalf("exit = %d (%v), want %d", got, err, tt.code)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

func TestExportOutAndFilters(t *testing.T) {
	db, article, done := seedExport(t)
	out := filepath.Join(t.TempDir(), "done.csv")
	if _, _, err := runCmd(t, "", "export", "--format", "csv", "--excel", "--status", "done", "--article", itoa64(article),
		"--until", "2099-01-01", "--out", out, "--db", db); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "\ufeff") {
		t.Errorf("--excel file does not start with the byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[1][0] != itoa64(done.ID) {
		t.Errorf("rows = %v, want the header and the done claim %d", recs, done.ID)
	}
	// A day before anything changed selects nothing.
	stdout, _, err := runCmd(t, "", "export", "--format", "csv", "--until", "2000-01-01", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(stdout, "\n"); n != 1 {
		t.Errorf("--until 2000-01-01 gave %d lines, want only the header", n)
	}
}

func TestSettingsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	if _, _, err := runCmd(t, "", "settings", "set", "org.url", "https://factcheck.example.org", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "settings", "get", "--db", db, "org.url")
	if err != nil || out != "https://factcheck.example.org\n" {
		t.Errorf("settings get = %q, %v", out, err)
	}
	out, _, err = runCmd(t, "", "settings", "list", "--db", db)
	if err != nil || !strings.Contains(out, "org.url") || !strings.Contains(out, "https://factcheck.example.org") || !strings.Contains(out, "publish.base_url") {
		t.Errorf("settings list = %q, %v", out, err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown key", []string{"settings", "set", "--db", db, "org.colour", "red"}, 1, "not a setting"},
		{"not a URL", []string{"settings", "set", "--db", db, "publish.base_url", "factcheck"}, 1, "value"},
		{"missing value", []string{"settings", "set", "--db", db, "org.name"}, 2, "expected 2"},
		{"unknown action", []string{"settings", "delete", "--db", db}, 2, "unknown action"},
		{"get unknown", []string{"settings", "get", "--db", db, "nope"}, 1, "not a setting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, "", tt.args...)
			if got := code(err); got != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("exit %d, error %v; want %d and %q", got, err, tt.code, tt.want)
			}
		})
	}
	out, _, _ = runCmd(t, "", "settings", "get", "--db", db, "publish.base_url")
	if out != "\n" {
		t.Errorf("a refused setting was stored: %q", out)
	}
}

func TestImportJSONFile(t *testing.T) {
	db, _, done := seedExport(t)
	file := filepath.Join(t.TempDir(), "export.json")
	if _, _, err := runCmd(t, "", "export", "--format", "json", "--out", file, "--db", db); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	s := openTestStore(t, other)
	var out, errb strings.Builder
	if err := importJSONFile(context.Background(), s, file, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "imported 1 article(s)") || !strings.Contains(out.String(), "added user ed, disabled") {
		t.Errorf("stdout = %q", out.String())
	}
	got, _, err := runCmd(t, "", "export", "--format", "csv", "--status", "done", "--db", other)
	if err != nil || !strings.Contains(got, done.Text) {
		t.Errorf("the imported database's done claims = %q, %v", got, err)
	}
	// Again: the article is there, so it is skipped and said so.
	out.Reset()
	errb.Reset()
	if err := importJSONFile(context.Background(), s, file, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errb.String(), "skipped: article") || !strings.Contains(out.String(), "imported 0 article(s)") {
		t.Errorf("second import: stdout %q stderr %q", out.String(), errb.String())
	}
	// A broken file: a clear error and nothing written.
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"format":"claimdesk-export","version":1,"articles":[{"id":1,"title":"x"`), 0o644)
	fresh := openTestStore(t, filepath.Join(t.TempDir(), "fresh.db"))
	err = importJSONFile(context.Background(), fresh, bad, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") || !strings.Contains(err.Error(), "ends too early") {
		t.Errorf("bad file: %v", err)
	}
	if err := importJSONFile(context.Background(), fresh, filepath.Join(t.TempDir(), "missing.json"), &out, &errb); err == nil {
		t.Errorf("a missing file imported without an error")
	}
}

// TestImportJSONCommand drives `claimdesk import --json` end to end: an
// export of one database loads into another, and a second load skips.
func TestImportJSONCommand(t *testing.T) {
	db, _, done := seedExport(t)
	file := filepath.Join(t.TempDir(), "export.json")
	if _, _, err := runCmd(t, "", "export", "--format", "json", "--out", file, "--db", db); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	out, stderr, err := runCmd(t, "", "import", "--json", file, "--db", other)
	if err != nil {
		t.Fatalf("import --json: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "imported 1 article(s)") {
		t.Errorf("stdout = %q", out)
	}
	first, _, err := runCmd(t, "", "export", "--format", "csv", "--status", "done", "--db", other)
	if err != nil || !strings.Contains(first, done.Text) {
		t.Errorf("the imported database's done claims = %q, %v", first, err)
	}
	_, stderr, err = runCmd(t, "", "import", "--json", file, "--db", other)
	if err != nil || !strings.Contains(stderr, "skipped: article") {
		t.Errorf("second import: %v, stderr %q", err, stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte("not json"), 0o644)
	if _, _, err := runCmd(t, "", "import", "--json", bad, "--db", other); code(err) != 1 || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("bad file: exit %d, %v", code(err), err)
	}
}

func itoa64(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestExportReviewPage: --format review writes one done claim's page with
// its ClaimReview, and refuses a claim that is not done or fails the check.
func TestExportReviewPage(t *testing.T) {
	db, art, done := seedExport(t)
	id := itoa64(done.ID)
	dir := t.TempDir()
	out := filepath.Join(dir, "review.html")

	// No settings: the check refuses, lists why, and writes nothing.
	stdout, stderr, err := runCmd(t, "", "export", "--format", "review", "--claim", id, "--out", out, "--db", db)
	if code(err) != 1 || stdout != "" || !strings.Contains(stderr, "org.name") || !strings.Contains(err.Error(), "review page") {
		t.Errorf("no settings: exit %d, stdout %q, stderr %q", code(err), stdout, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused page left %v", entries)
	}
	for _, kv := range [][2]string{{"org.name", "Example Fact Check"}, {"org.url", "https://factcheck.example.org"},
		{"publish.base_url", "https://factcheck.example.org/checks"}} {
		if _, stderr, err := runCmd(t, "", "settings", "set", "--db", db, kv[0], kv[1]); err != nil {
			t.Fatalf("settings set %s: %v %s", kv[0], err, stderr)
		}
	}
	if _, stderr, err = runCmd(t, "", "export", "--format", "review", "--claim", id, "--out", out, "--db", db); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<!DOCTYPE html>", done.Statement, "<strong>True</strong>", "The ministry lists 40 schools.",
		`<a href="https://ministry.example.gov/schools">Schools list</a>`, `<script type="application/ld+json">`,
		`"url":"https://factcheck.example.org/checks/` + report.Slug(done.ID, done.Text, done.Slug) + `"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}

	// A claim that is not done, a missing claim, filters that do not apply.
	cs, err := openTestStore(t, db).Claims(context.Background(), review.ClaimFilter{ArticleID: art, Status: review.StatusNew})
	if err != nil || len(cs) == 0 {
		t.Fatalf("no open claim to try: %v", err)
	}
	open := itoa64(cs[0].ID)
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"not done", []string{"--claim", open}, 1, "not done"},
		{"no such claim", []string{"--claim", "9999"}, 1, "no claim 9999"},
		{"no claim", nil, 2, "--claim ID"},
		{"other filters", []string{"--claim", id, "--status", "done"}, 2, "--claim alone"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"export", "--format", "review", "--db", db}, tt.args...)
			stdout, stderr, err := runCmd(t, "", args...)
			if code(err) != tt.code || err == nil || !strings.Contains(stderr+err.Error(), tt.want) || stdout != "" {
				t.Errorf("exit %d (%v), stderr %q, stdout %d bytes; want exit %d saying %q", code(err), err, stderr, len(stdout), tt.code, tt.want)
			}
		})
	}
}

// TestExportUnassigned: --assignee none exports the claims nobody is
// assigned to, as the claims list's filter of that name shows them.
func TestExportUnassigned(t *testing.T) {
	db, _, done := seedExport(t)
	ctx := context.Background()
	s := openTestStore(t, db)
	ed, err := s.UserByName(ctx, "ed")
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.Claims(ctx, review.ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var assigned int64
	for _, c := range all {
		if c.ID != done.ID && assigned == 0 {
			name := "ed"
			if _, err := s.UpdateClaim(ctx, ed, c.ID, review.ClaimUpdate{Version: c.Version, Assignee: &name}); err != nil {
				t.Fatal(err)
			}
			assigned = c.ID
		}
	}
	if assigned == 0 || len(all) < 2 {
		t.Fatalf("the sample has %d claims, want two or more", len(all))
	}
	stdout, _, err := runCmd(t, "", "export", "--format", "csv", "--assignee", "none", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != len(all)-1 {
		t.Errorf("--assignee none exported %d claims, want %d (all but the assigned one)", len(recs)-1, len(all)-1)
	}
	for _, r := range recs[1:] {
		if r[0] == itoa64(assigned) {
			t.Errorf("--assignee none exported claim %d, which is assigned to ed", assigned)
		}
	}
}
