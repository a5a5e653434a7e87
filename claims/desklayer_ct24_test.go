package claims

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestDeskLayerOnCT24Dev measures the desk layer on a desk whose labels
// are CT24 dev rows 201 to 1032 (not the held-back slice, which is rows
// 1 to 200): the labels of the annotators of the dev set, on debates the
// shipped model did not train on. It skips without ../shared.
func TestDeskLayerOnCT24Dev(t *testing.T) {
	f, err := os.Open(filepath.Join(sharedData(t), "checkworthy", "CT24_checkworthy_english_dev.tsv"))
	if err != nil {
		t.Skipf("CT24 dev set not found in ../shared/data: %v", err)
	}
	defer f.Close()
	ex, err := ReadTSV(f)
	if err != nil {
		t.Fatal(err)
	}
	base, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	desk := ex[200:]
	_, rep, err := TrainDeskLayer(context.Background(), base, desk, DeskTrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("desk of %d labels (%d Yes, %d No): F1 %.4f -> %.4f (P %.4f -> %.4f, R %.4f -> %.4f); held-back F1 %.4f -> %.4f",
		len(desk), rep.Yes, rep.No, rep.Before.F1, rep.After.F1, rep.Before.Precision, rep.After.Precision,
		rep.Before.Recall, rep.After.Recall, rep.HeldBefore.F1, rep.HeldAfter.F1)
	// A desk that agrees with the data the shipped model learned from
	// must not lose much by training on its own labels.
	if rep.After.F1 < rep.Before.F1-0.03 {
		t.Errorf("cross-validated F1 %.4f -> %.4f: the layer lost more than 0.03 on labels like the shipped model's own", rep.Before.F1, rep.After.F1)
	}
}
