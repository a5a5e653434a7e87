package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestWeightsFileIsReproducible retrains the ranker from the shared data
// and checks that it gives the embedded weights file byte for byte: the
// file in the repository is what the documented command makes.
func TestWeightsFileIsReproducible(t *testing.T) {
	if raceEnabled {
		t.Skip("retraining under the race detector takes many minutes; run without -race")
	}
	dir, err := sharedDir()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "train.queries.tsv")); err != nil {
		t.Skipf("the shared matching data is absent (%v)", err)
	}
	ds, err := loadDataset(dir, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ds.db.Close()
	got, _, err := trainWeights(ds)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "weights.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("retraining gives %d bytes that differ from claims/match/weights.txt (%d bytes); rebuild it with: go run -tags sqlite_fts5 ./claims/match/internal/matchlab -write claims/match/weights.txt", len(got), len(want))
	}
}

func TestMetrics(t *testing.T) {
	var p perQuery
	p.add([]string{"a", "b", "c"}, map[string]bool{"a": true})            // first: R@1 1, AP 1
	p.add([]string{"x", "a", "c"}, map[string]bool{"a": true})            // second: R@1 0, AP 0.5
	p.add([]string{"x", "a", "b"}, map[string]bool{"a": true, "b": true}) // (1/2 + 2/3) / 2
	p.add([]string{"x", "y"}, map[string]bool{"a": true})                 // missing: 0
	wantR1 := []float64{1, 0, 0, 0}
	wantAP := []float64{1, 0.5, (0.5 + 2.0/3) / 2, 0}
	for i := range wantR1 {
		if p.r1[i] != wantR1[i] || math.Abs(p.ap[i]-wantAP[i]) > 1e-12 {
			t.Errorf("query %d: R@1 %v AP@5 %v, want %v and %v", i, p.r1[i], p.ap[i], wantR1[i], wantAP[i])
		}
	}
}
