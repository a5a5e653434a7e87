package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimdesk/claims"
)

func TestRocAUC(t *testing.T) {
	tests := []struct {
		name string
		p    []float64
		y    []bool
		want float64
	}{
		{"perfect", []float64{0.1, 0.2, 0.8, 0.9}, []bool{false, false, true, true}, 1},
		{"reversed", []float64{0.9, 0.8, 0.2, 0.1}, []bool{false, false, true, true}, 0},
		// pairs (yes, no): (0.3,0.1) win, (0.3,0.5) lose, (0.7,0.1) win, (0.7,0.5) win
		{"three of four", []float64{0.1, 0.3, 0.5, 0.7}, []bool{false, true, false, true}, 0.75},
		{"ties count half", []float64{0.5, 0.5}, []bool{true, false}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rocAUC(tt.p, tt.y); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReadNews(t *testing.T) {
	rows, err := readNews("../../testdata/news_checkworthy.tsv")
	if err != nil {
		t.Fatal(err)
	}
	tune, held := splitNews(rows)
	if len(tune) < 200 || len(held) < 200 {
		t.Errorf("tune %d rows, held %d rows; want at least 200 each", len(tune), len(held))
	}
	docs := map[string]string{}
	for _, r := range rows {
		if s, ok := docs[r.source]; ok && s != r.split {
			t.Errorf("%s is in both halves", r.source)
		}
		docs[r.source] = r.split
	}
	bad := filepath.Join(t.TempDir(), "bad.tsv")
	head := "id\tsplit\tsource\tn\tsentence\tlabel\n"
	for name, body := range map[string]string{
		"five columns": head + "1\ttune\tdoc\t0\tA.\n",
		"bad label":    head + "1\ttune\tdoc\t0\tA.\tMaybe\n",
		"bad split":    head + "1\ttest\tdoc\t0\tA.\tYes\n",
		"no rows":      head,
	} {
		if err := os.WriteFile(bad, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readNews(bad); err == nil || !strings.Contains(err.Error(), "bad.tsv") {
			t.Errorf("%s: got %v, want an error naming the file", name, err)
		}
	}
}

func TestRole(t *testing.T) {
	row := func(n int, text string) newsRow { return newsRow{n: n, ex: claims.Example{Text: text}} }
	for _, tt := range []struct {
		r    newsRow
		want string
	}{
		{row(0, "Wuhan Lab Denies Any Link"), "headline"},
		{row(2, "The lab said on Monday that it had no link."), "lead"},
		{row(5, "\u201cWe had no link,\u201d the lab said."), "quotation"},
		{row(6, "The lab is in Wuhan."), "body"},
	} {
		if got := role(tt.r, 2); got != tt.want {
			t.Errorf("role(%q) = %s, want %s", tt.r.ex.Text, got, tt.want)
		}
	}
}

// TestOnlyPicksSeveral: -only takes several texts separated by |, and a
// variant is measured when its name contains one of them.
func TestOnlyPicksSeveral(t *testing.T) {
	texts := strings.Split("TF-IDF|16 filters", "|")
	var picked []string
	for _, v := range variants() {
		if containsAny(v.name, texts) {
			picked = append(picked, v.name)
		}
	}
	if len(picked) < 2 || !strings.Contains(picked[0], "TF-IDF") {
		t.Fatalf("picked %q, want the TF-IDF reference and the 16-filter variants", picked)
	}
	for _, name := range picked[1:] {
		if !strings.Contains(name, "16 filters") {
			t.Errorf("picked %q, which contains neither text", name)
		}
	}
}
