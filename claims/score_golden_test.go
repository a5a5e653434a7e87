package claims

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenScoreTexts are sentences the project keeps, scored by the embedded
// model: the sample articles cut by Segment, the labelled dev slice, both
// sides of the similarity pairs, and a few sentences built to reach the
// corners of the word scanner (curly quotes and apostrophes, dashes,
// guillemets, no-break spaces, currency signs, numbers with separators).
// Each has a key that names where it came from.
func goldenScoreTexts(t *testing.T) (keys, texts []string) {
	t.Helper()
	add := func(key, s string) {
		keys = append(keys, key)
		texts = append(texts, s)
	}
	for _, path := range []string{
		"../cmd/claimdesk/demo/article.txt",
		"testdata/article000.txt",
		"testdata/news_floods.txt",
		"testdata/news_inflation.txt",
		"testdata/news_measles.txt",
	} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for i, s := range Segment(text) {
			add(fmt.Sprintf("%s:%d", filepath.Base(path), i), text[s.Start:s.End])
		}
	}
	for i, ex := range readExamples(t, devSlice) {
		add(fmt.Sprintf("dev200:%d", i), ex.Text)
	}
	f, err := os.Open("testdata/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 0; sc.Scan(); n++ {
		cols := strings.Split(sc.Text(), "\t")
		if n == 0 || len(cols) < 5 {
			continue
		}
		add(fmt.Sprintf("pairs:%d:a", n), cols[3])
		add(fmt.Sprintf("pairs:%d:b", n), cols[4])
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for i, s := range []string{
		"It’s “clear” — the rate rose to 3.5% in 2021, from 1,000 to 2,500 jobs.",
		"«Nous gagnerons», said the minister; inflation hit 7.9 per cent.",
		"The bill cost £3bn\u00a0and $4.2 million… or so they say!",
		"Didn’t we say we'll cut taxes by 20%? I think we will.",
		"Émilie Dupont, Łukasz Nowak and Zoë Smith met in Kraków on 12 Nov.",
		"‘Single quotes’ – en dash ‒ figure dash ― bar • bullet ‣ tri … end",
		"The U.S. GDP grew 2.3% YoY; unemployment fell to 3.9% (from 4.1%).",
		"Nobody expected THAT!!! 100,000,000 people voted in 1998.",
		"",
		"   ",
		"x",
		"9th 1st 2nd 3rd north south—east west’s",
		"a\u2019b \u2019tis ’90s o’clock rock’n’roll",
		"\xff\xfe broken \xe2\x80 bytes \xc2",
		strings.Repeat("word ", 300) + "ends here.",
	} {
		add(fmt.Sprintf("corner:%d", i), s)
	}
	return keys, texts
}

// scoreLine is a sentence's score in a form that compares exactly: the
// probability's bits, the decision, and each reason's name and weight bits.
func scoreLine(key string, s Score, p float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\t%016x\t%t\t%016x", key, math.Float64bits(s.P), s.Worthy, math.Float64bits(p))
	for _, r := range s.Reasons {
		fmt.Fprintf(&b, "\t%s=%016x", r.Feature, math.Float64bits(r.Weight))
	}
	return b.String()
}

// TestScoresGolden pins the embedded model's scores, bit for bit, on about
// a thousand sentences: a change to the word scanner or the feature hashing
// that moves any score, or any reason's name, fails here. After retraining
// the model, rewrite it with go test ./claims -run ScoresGolden -update.
func TestScoresGolden(t *testing.T) {
	t.Parallel()
	m := defaultModel(t)
	keys, texts := goldenScoreTexts(t)
	var got strings.Builder
	for i, s := range texts {
		got.WriteString(scoreLine(keys[i], m.Score(s), m.P(s)))
		got.WriteByte('\n')
	}
	path := filepath.Join("testdata", "scores.golden")
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (go test ./claims -run ScoresGolden -update writes it): %v", err)
	}
	gotLines := strings.Split(got.String(), "\n")
	wantLines := strings.Split(string(want), "\n")
	if len(gotLines) != len(wantLines) {
		t.Errorf("got %d lines, want %d", len(gotLines), len(wantLines))
	}
	bad := 0
	for i := 0; i < len(gotLines) && i < len(wantLines); i++ {
		if gotLines[i] != wantLines[i] {
			if bad++; bad <= 10 {
				t.Errorf("line %d:\n got %s\nwant %s", i+1, gotLines[i], wantLines[i])
			}
		}
	}
	if bad > 10 {
		t.Errorf("%d lines differ in all", bad)
	}
	if len(texts) < 500 {
		t.Errorf("only %d sentences scored; the golden set should hold several hundred", len(texts))
	}
}
