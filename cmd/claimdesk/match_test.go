package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"claimdesk/review"
)

const sampleFeed = "demo/factchecks.claimreview.json"

// importSample loads the sample feed into a new database and returns it.
func importSample(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	out, errOut, err := runCmd(t, "", "import", "--db", db, "--claimreview", sampleFeed)
	if err != nil {
		t.Fatalf("import the sample feed: %v\n%s\n%s", err, out, errOut)
	}
	if !strings.Contains(out, "imported 30 fact-check(s): 30 new, 0 updated, 0 refused") {
		t.Fatalf("summary:\n%s", out)
	}
	return db
}

func TestImportClaimReview(t *testing.T) {
	db := importSample(t)
	// Again: every review updated, none duplicated.
	out, _, err := runCmd(t, "", "import", "--db", db, "--claimreview", sampleFeed)
	if err != nil || !strings.Contains(out, "imported 30 fact-check(s): 0 new, 30 updated, 0 refused") {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	dir := t.TempDir()
	lines := filepath.Join(dir, "more.jsonl.gz")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Join([]string{
		`{"@type": "ClaimReview", "url": "https://other.example/a", "claimReviewed": "Penguins live at the North Pole.", "reviewRating": {"alternateName": "False"}}`,
		`{"@type": "ClaimReview", "claimReviewed": "No link here."}`,
		`{broken`,
		`{"@type": "ClaimReview", "url": "ftp://other.example/b", "claimReviewed": "A bad link."}`,
		`{"@type": "ClaimReview", "url": "https://other.example/c", "claimReviewed": "Owls can turn their heads all the way around."}`,
	}, "\n")))
	zw.Close()
	writeFile(t, lines, gz.String())
	api := filepath.Join(dir, "api.json")
	writeFile(t, api, `{"claims": [{"text": "Sharks swim in the Thames.", "claimant": "A post", "claimReview": [{"publisher": {"name": "P", "site": "p.example"}, "url": "https://p.example/sharks", "title": "Sharks?", "textualRating": "False", "languageCode": "en"}]}]}`)
	out, _, err = runCmd(t, "", "import", "--db", db, "--claimreview", lines, api, filepath.Join(dir, "missing.json"))
	if code(err) != 1 {
		t.Fatalf("exit status %d (%v), want 1 with refused records\n%s", code(err), err, out)
	}
	if !strings.Contains(out, "imported 3 fact-check(s): 3 new, 0 updated, 4 refused") {
		t.Errorf("summary:\n%s", out)
	}
	for _, want := range []string{lines + " line 2: the url missing", lines + " line 3: not JSON", lines + " line 4: url: the link: only http and https links", "missing.json: no such file"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	s, closeDB, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	if n, _ := s.CountFactChecks(t.Context()); n != 33 {
		t.Errorf("fact-checks stored: %d, want 33", n)
	}
}

func TestMatchCommand(t *testing.T) {
	db := importSample(t)
	data, err := os.ReadFile(sampleFeed)
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Items []struct {
			Item []struct {
				URL   string `json:"url"`
				Claim string `json:"claimReviewed"`
			} `json:"item"`
		} `json:"dataFeedElement"`
	}
	if err := json.Unmarshal(data, &feed); err != nil {
		t.Fatal(err)
	}
	// The exact text of a fact-check finds it first, in both outputs.
	for _, it := range feed.Items[:10] {
		want := it.Item[0]
		out, _, err := runCmd(t, "", "match", "--db", db, "--json", want.Claim)
		if err != nil {
			t.Fatal(err)
		}
		var got review.Asked
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("not one JSON object: %v\n%s", err, out)
		}
		if got.Text != want.Claim || len(got.Matches) == 0 || len(got.Matches) > review.DefaultMatchLimit ||
			got.Matches[0].Kind != "fact_check" || got.Matches[0].URL != want.URL || got.Matches[0].Text != want.Claim {
			t.Errorf("match %q:\n%s", want.Claim, out)
		}
		plain, _, err := runCmd(t, "", "match", "--db", db, "--limit", "1", want.Claim)
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(plain)
		if len(f) < 4 || f[1] != "fact_check" || strings.Join(f[3:], " ") != want.Claim || strings.Count(plain, "\n") != 1 {
			t.Errorf("plain output %q, want one line: score fact_check id %s", plain, want.Claim)
		}
	}
	// The JSON shape, key by key.
	out, _, err := runCmd(t, "", "match", "--db", db, "--json", "--limit", "2", "coronavirus")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	ms, _ := raw["matches"].([]any)
	if raw["text"] != "coronavirus" || len(ms) != 2 {
		t.Fatalf("got %s", out)
	}
	for _, m := range ms {
		obj := m.(map[string]any)
		for _, k := range []string{"kind", "id", "text", "score", "confident", "url", "rating", "verdict", "status"} {
			if _, ok := obj[k]; !ok {
				t.Errorf("match %v lacks %q", obj, k)
			}
		}
		if sc, _ := obj["score"].(float64); sc < 0 || sc > 1 {
			t.Errorf("score %v outside [0, 1]", obj["score"])
		}
	}
	// Standard input: one JSON object a line.
	out, _, err = runCmd(t, "The vaccine changes human DNA.\n\n5G spreads the coronavirus\n", "match", "--db", db, "--json")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.TrimSpace(out), "\n") + 1; n != 2 {
		t.Errorf("two texts on standard input gave %d lines:\n%s", n, out)
	}
	if _, _, err := runCmd(t, "", "match", "--db", db, "--limit", "0", "x"); code(err) != 2 {
		t.Errorf("--limit 0: exit status %d, want 2", code(err))
	}
}

// An article import matches its claims after storing them: the demo
// article's claims find the sample feed's fact-checks on Karabakh.
func TestImportMatchesAfterStoring(t *testing.T) {
	db := importSample(t)
	art := filepath.Join(t.TempDir(), "article.txt")
	writeFile(t, art, demoArticle)
	out, _, err := runCmd(t, "", "import", "--db", db, art)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	var lookedUp, confident int
	if _, err := fmt.Sscanf(out[strings.Index(out, "checked before? ")+len("checked before? "):], "%d claim(s) looked up in earlier claims and fact-checks: %d with a confident match", &lookedUp, &confident); err != nil {
		t.Fatalf("import did not report matching (%v):\n%s", err, out)
	}
	s, closeDB, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	// The counts are the article's claims that are not candidates, as the
	// import's summary counts them, and those of them with a confident
	// answer stored.
	cs, err := s.Claims(t.Context(), review.ClaimFilter{IncludeCandidates: true})
	if err != nil {
		t.Fatal(err)
	}
	worthy, withConfident, withFactCheck := 0, 0, 0
	for _, c := range cs {
		ms, err := s.Matches(t.Context(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Candidate {
			worthy++
			if slices.ContainsFunc(ms, func(m review.Match) bool { return m.Confident && m.ClaimID == c.ID }) {
				withConfident++
			}
		}
		if slices.ContainsFunc(ms, func(m review.Match) bool { return m.Kind == review.KindFactCheck }) {
			withFactCheck++
		}
	}
	if lookedUp != worthy || confident != withConfident || !strings.Contains(out, fmt.Sprintf("with %d claim(s)", lookedUp)) {
		t.Errorf("reported %d looked up, %d confident; the store has %d claims, %d with a confident answer:\n%s", lookedUp, confident, worthy, withConfident, out)
	}
	if withFactCheck == 0 {
		t.Errorf("none of the %d claims has a stored fact-check match", len(cs))
	}
}

// serve --demo loads the sample feed beside the sample article, and the
// background matcher stores the article's matches while serve runs; it
// stops with serve.
func TestServeMatchesInTheBackground(t *testing.T) {
	db := filepath.Join(t.TempDir(), "claimdesk.db")
	_, stderr, stop := startServe(t, db, "--demo")
	s, closeDB, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	if n, err := s.CountFactChecks(t.Context()); err != nil || n != 30 {
		t.Fatalf("fact-checks after --demo: %d (%v), want 30", n, err)
	}
	cs, err := s.Claims(t.Context(), review.ClaimFilter{IncludeCandidates: true})
	if err != nil || len(cs) == 0 {
		t.Fatalf("claims after --demo: %d (%v)", len(cs), err)
	}
	// The matcher runs on its own: wait (bounded) for the first claim's
	// matches, which the sample feed's Karabakh reviews provide.
	var ms []review.Match
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ms, err = s.Matches(t.Context(), cs[0].ID); err != nil {
			t.Fatal(err)
		}
		if len(ms) > 0 {
			break
		}
	}
	if len(ms) == 0 {
		t.Errorf("no matches stored for claim %d while serve ran\n%s", cs[0].ID, stderr.String())
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("serve did not stop cleanly:\n%s", stderr.String())
	}
}
