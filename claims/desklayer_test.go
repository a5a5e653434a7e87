package claims

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sportDesk is a synthetic desk that dismisses every sentence about sport
// as opinion and researches every sentence about the economy or health:
// both kinds carry numbers and names, so the shipped model calls many of
// the sport sentences check-worthy too.
func sportDesk(n int) (labels []Example, sportHeld, otherHeld []string) {
	teams := []string{"United", "Rovers", "City", "Athletic", "Wanderers", "Albion", "Rangers", "Celtic"}
	sport := []string{
		"%s beat %s 3-1 in the league match on Saturday, scoring %d goals in the second half.",
		"The striker of %s scored %d goals this season, more than anyone at %s.",
		"%s won the cup final against %s after %d minutes of extra time.",
		"The %s goalkeeper kept %d clean sheets in the football season before joining %s.",
	}
	other := []string{
		"Unemployment in %s rose to %d percent last year, the ministry of %s said.",
		"The government of %s spent %d billion dollars on hospitals, more than %s.",
		"Inflation in %s fell to %d percent in March, the lowest since %s records began.",
		"Vaccination rates in %s reached %d percent, according to the health agency of %s.",
	}
	places := []string{"Spain", "Kenya", "Ohio", "Brazil", "Poland", "Texas", "India", "Chile"}
	for i := 0; i < n; i++ {
		s := fmt.Sprintf(sport[i%len(sport)], teams[i%len(teams)], teams[(i+3)%len(teams)], 2+i%40)
		o := fmt.Sprintf(other[i%len(other)], places[i%len(places)], 3+i%50, places[(i+5)%len(places)])
		if i%5 == 4 { // every fifth of each is held out of training
			sportHeld = append(sportHeld, s)
			otherHeld = append(otherHeld, o)
			continue
		}
		labels = append(labels, Example{Text: s, Worthy: false}, Example{Text: o, Worthy: true})
	}
	return labels, sportHeld, otherHeld
}

func meanP(s *Scorer, texts []string) float64 {
	var sum float64
	for _, t := range texts {
		sum += s.P(t)
	}
	return sum / float64(len(texts))
}

func TestDeskLayerLearnsTheDesk(t *testing.T) {
	base, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	labels, sportHeld, otherHeld := sportDesk(100)
	l, rep, err := TrainDeskLayer(context.Background(), base, labels, DeskTrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Yes != 80 || rep.No != 80 {
		t.Errorf("labels: got %d Yes, %d No, want 80, 80", rep.Yes, rep.No)
	}
	shipped, layered := NewScorer(base, nil), NewScorer(base, l)
	sportBefore, sportAfter := meanP(shipped, sportHeld), meanP(layered, sportHeld)
	otherBefore, otherAfter := meanP(shipped, otherHeld), meanP(layered, otherHeld)
	t.Logf("sport %.3f -> %.3f; economy and health %.3f -> %.3f; desk F1 %.3f -> %.3f; held-back F1 %.3f -> %.3f",
		sportBefore, sportAfter, otherBefore, otherAfter, rep.Before.F1, rep.After.F1, rep.HeldBefore.F1, rep.HeldAfter.F1)
	if sportBefore-sportAfter < 0.3 {
		t.Errorf("sport sentences the desk never trained on: mean P %.3f -> %.3f, want a drop of at least 0.3", sportBefore, sportAfter)
	}
	if otherAfter < otherBefore-0.05 || otherAfter < 0.6 {
		t.Errorf("economy and health sentences: mean P %.3f -> %.3f, want them kept high", otherBefore, otherAfter)
	}
	for _, s := range sportHeld {
		if layered.Score(s).Worthy {
			t.Errorf("still check-worthy after training: %q (P %.3f)", s, layered.P(s))
		}
	}
	if rep.After.F1 <= rep.Before.F1 || rep.After.F1 < 0.95 {
		t.Errorf("cross-validated desk F1 %.3f -> %.3f, want a gain to at least 0.95", rep.Before.F1, rep.After.F1)
	}
	if rep.HeldBefore.N() != 200 || rep.HeldAfter.N() != 200 {
		t.Errorf("held-back rows: %d and %d, want 200", rep.HeldBefore.N(), rep.HeldAfter.N())
	}
	if got, want := rep.HeldBefore, shipped.Evaluate(HeldBack()); got != want {
		t.Errorf("held-back before: got %+v, want the shipped model's %+v", got, want)
	}
	// The reasons of a sport sentence name what the desk taught.
	sc := layered.Score(sportHeld[0])
	found := false
	for _, r := range sc.Reasons {
		if strings.HasPrefix(r.Feature, "desk: ") && r.Weight < 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("reasons of %q: %v, want a desk feature that pulls it down", sportHeld[0], sc.Reasons)
	}
}

func TestDeskLayerFewLabelsStaysNearShipped(t *testing.T) {
	base, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	labels, _, otherHeld := sportDesk(4)
	l, _, err := TrainDeskLayer(context.Background(), base, labels, DeskTrainOptions{MinPerClass: 1})
	if err != nil {
		t.Fatal(err)
	}
	shipped, layered := NewScorer(base, nil), NewScorer(base, l)
	for _, s := range append(otherHeld, "Thank you very much.", "Crime fell 12 percent in 2019.") {
		if d := layered.P(s) - shipped.P(s); d > 0.25 || d < -0.25 {
			t.Errorf("%q: P moved by %.3f after 6 labels, want under 0.25", s, d)
		}
	}
}

func TestDeskLayerNeedsLabels(t *testing.T) {
	base, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	labels, _, _ := sportDesk(60) // 48 of each
	_, rep, err := TrainDeskLayer(context.Background(), base, labels, DeskTrainOptions{})
	var few *TooFewLabelsError
	if !errors.As(err, &few) {
		t.Fatalf("got %v, want a *TooFewLabelsError", err)
	}
	if few.Yes != 48 || few.No != 48 || few.Min != 50 || rep.Yes != 48 {
		t.Errorf("got %+v (report %d Yes), want 48 Yes, 48 No, min 50", few, rep.Yes)
	}
	if !strings.Contains(err.Error(), "at least 50 of each") {
		t.Errorf("message %q does not say what is needed", err)
	}
}

func TestDeskLayerCancelled(t *testing.T) {
	base, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	labels, _, _ := sportDesk(100)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l, _, err := TrainDeskLayer(ctx, base, labels, DeskTrainOptions{})
	if !errors.Is(err, context.Canceled) || l != nil {
		t.Fatalf("got layer %v, error %v; want no layer and context.Canceled", l, err)
	}
}

func TestDeskLayerFile(t *testing.T) {
	base, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	labels, sportHeld, _ := sportDesk(100)
	l, _, err := TrainDeskLayer(context.Background(), base, labels, DeskTrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := l.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadScorer(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.P(sportHeld[0]), NewScorer(base, l).P(sportHeld[0]); got != want {
		t.Errorf("loaded layer scores %v, want %v", got, want)
	}
	damaged := bytes.Clone(data)
	damaged[len(damaged)/2] ^= 0xff
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"damaged", damaged, "checksum mismatch"},
		{"cut short", data[:len(data)-9], "cut short"},
		{"empty", nil, "does not start with the model header"},
		{"not a model", []byte("hello, this is a text file and not a model at all, surely not one............"), "does not start with the model header"},
		{"other version", append([]byte(deskMagic+"\x09\x00"), data[10:]...), "version 9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadScorer(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
			if !errors.Is(err, ErrBadDeskLayer) && !errors.Is(err, ErrBadModel) {
				t.Errorf("error %v wraps neither ErrBadDeskLayer nor ErrBadModel", err)
			}
		})
	}
}

func TestHeldBackEmbedded(t *testing.T) {
	ex := HeldBack()
	yes := 0
	for _, e := range ex {
		if e.Worthy {
			yes++
		}
	}
	if len(ex) != 200 || yes == 0 || yes == 200 {
		t.Errorf("got %d rows, %d Yes; want 200 rows of both classes", len(ex), yes)
	}
}
