package claims

import (
	"bufio"
	"os"
	"sort"
	"strings"
	"testing"
)

// TestSampleObligationWorthy: in the sample article, the obligation of the
// signed agreement is a claim the desk checks, not a candidate under the
// threshold. (The obligation feature itself still weighs against it: in
// the debates "must" is mostly rhetoric; the sentence is a claim through
// what it is about, see docs/MODEL.md.)
func TestSampleObligationWorthy(t *testing.T) {
	b, err := os.ReadFile("testdata/article000.txt")
	if err != nil {
		t.Fatal(err)
	}
	const want = "Besides, Baku and Yerevan must exchange prisoners and the bodies of those killed."
	for _, c := range defaultModel(t).Extract(string(b)) {
		if c.Text != want {
			continue
		}
		if !c.Worthy {
			t.Errorf("P %.4f, under the threshold %.4f; want worthy", c.Score, defaultModel(t).Threshold())
		}
		return
	}
	t.Fatalf("Extract does not give %q", want)
}

// TestNewsHeldAUC: on the held-back half of the labelled news sentences,
// which the model never learnt from, the embedded model ranks claims above
// the rest (ROC AUC 0.826 when it was trained; the lab prints it, see
// docs/MODEL.md).
func TestNewsHeldAUC(t *testing.T) {
	f, err := os.Open("testdata/news_checkworthy.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := defaultModel(t)
	type row struct {
		p   float64
		yes bool
	}
	var rows []row
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 6 || c[1] != "held" {
			continue
		}
		rows = append(rows, row{m.P(c[4]), c[5] == "Yes"})
	}
	if len(rows) < 200 {
		t.Fatalf("%d held rows, want at least 200", len(rows))
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].p < rows[b].p })
	// AUC from ranks (no ties expected among real-valued scores)
	var rankSum, pos float64
	for i, r := range rows {
		if r.yes {
			rankSum += float64(i + 1)
			pos++
		}
	}
	neg := float64(len(rows)) - pos
	auc := (rankSum - pos*(pos+1)/2) / (pos * neg)
	if auc < 0.80 {
		t.Errorf("held news ROC AUC %.3f, want at least 0.80", auc)
	}
}

// TestNewsTuneFile: news_tune.tsv, which trains the embedded model, is
// exactly the tune half of news_checkworthy.tsv.
func TestNewsTuneFile(t *testing.T) {
	b, err := os.ReadFile("testdata/news_checkworthy.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var want []Example
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		c := strings.Split(line, "\t")
		if i == 0 || c[1] != "tune" {
			continue
		}
		want = append(want, Example{ID: c[0], Text: c[4], Worthy: c[5] == "Yes"})
	}
	got := readExamples(t, newsTune)
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].ID != want[i].ID || got[i].Text != want[i].Text || got[i].Worthy != want[i].Worthy {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestNewsHeadlineWorthy: a news headline of the kind the model once left
// under the threshold now passes it through what the model learnt in
// general, not through any rule or row made for it (no training row
// mentions Wuhan): the verb "denies", and the capitalised words, which the
// model reads as names (title case helps it here; see docs/MODEL.md, where
// the examples still under the threshold are listed too). Extract leaves
// an article's title out of its claims; the model scores it when asked.
func TestNewsHeadlineWorthy(t *testing.T) {
	m := defaultModel(t)
	const s = "Wuhan Lab Denies Any Link to First Coronavirus Outbreak"
	if sc := m.Score(s); !sc.Worthy {
		t.Errorf("%q: P %.4f under the threshold %.4f; reasons %v", s, sc.P, m.Threshold(), sc.Reasons)
	}
}
