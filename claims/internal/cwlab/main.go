// Command cwlab measures check-worthiness models side by side in one run:
// for each variant, 5-fold cross-validated F1 on the CT24 train file, F1 on
// the CT24 dev file, and ROC AUC and F1 on the labelled news sentences
// (claims/testdata/news_checkworthy.tsv; the tune half, and the held-back
// half with -held). The variants are the plain TF-IDF + logistic
// regression reference, the features of the embedded model before the news
// work, each step added since, and (marked ~) the settings tried and not
// kept. It trains with claims.Train, the code that trains the embedded
// model. A variant that learns from the news tune rows is measured on them
// by cross-validation by document (each tune row scored by a model that
// never saw its article).
//
//	go run -tags sqlite_fts5 ./claims/internal/cwlab [-data ../shared/data/checkworthy] [-held] [-only TEXT] [-steps] [-cv] [-roles]
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"claimdesk/claims"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cwlab:", err)
		os.Exit(1)
	}
}

// newsRow is one labelled news sentence.
type newsRow struct {
	split, source string
	n             int
	ex            claims.Example
}

// variant is one model to measure.
type variant struct {
	name string
	opts claims.TrainOptions
	// withNews trains on the news tune rows too: the tune figures then
	// come from a cross-validation by document (newsFolds).
	withNews bool
}

// newsFolds is the number of folds, by document, of the tune half when a
// variant trains on it.
const newsFolds = 4

func variants() []variant {
	final := claims.DefaultTrainOptions()
	tfidf := final
	tfidf.IDF = true
	tfidf.Features = claims.FeatureConfig{HashBits: 18, Normalize: true}
	before := final
	before.Features = claims.FeatureConfig{HashBits: 18, Bigrams: true, Hand: true, Normalize: true}
	news := before
	news.Features.News = true
	clusters := news
	clusters.Features.Clusters = true
	linear := final
	linear.Features.Hidden = 0
	out := []variant{
		{"TF-IDF + logistic regression (reference)", tfidf, false},
		{"words, pairs, hand features (the first model)", before, false},
		{"+ news features", news, false},
		{"+ word clusters", clusters, false},
		{"+ news tune rows in training, weight 3 (the model before the neural part)", linear, true},
		{"+ neural part, 16 hidden units (the embedded model)", final, true},
	}
	for _, h := range []uint8{32, 64} {
		v := final
		v.Features.Hidden = h
		out = append(out, variant{fmt.Sprintf("~ neural part, %d hidden units", h), v, true})
	}
	for _, r := range []float64{0.02, 0.1} {
		v := final
		v.Features.Hidden = 32
		v.NeuralRate = r
		out = append(out, variant{fmt.Sprintf("~ neural part, 32 units, step %g", r), v, true})
	}
	for _, l2 := range []float64{3e-5, 3e-4} {
		v := final
		v.Features.Hidden = 32
		v.L2 = l2
		out = append(out, variant{fmt.Sprintf("~ neural part, 32 units, L2 %g", l2), v, true})
	}
	for _, f := range []uint8{8, 16, 32} {
		v := final
		v.Features.Filters = f
		out = append(out, variant{fmt.Sprintf("~ %d filters of three words", f), v, true})
	}
	for _, r := range []float64{0.01, 0.002} {
		for _, f := range []uint8{8, 16} {
			v := final
			v.Features.Filters = f
			v.ConvRate = r
			out = append(out, variant{fmt.Sprintf("~ %d filters of three words, step %g", f, r), v, true})
		}
	}
	v := final
	v.Features.Filters = 16
	v.ConvRate, v.ConvL2 = 0.01, 1e-3
	out = append(out, variant{"~ 16 filters of three words, step 0.01, L2 1e-3", v, true})
	for _, w := range []float64{1, 3} {
		v := final
		v.PositiveWeight = w
		out = append(out, variant{fmt.Sprintf("~ Yes rows weighed %g (default: the square root of No/Yes)", w), v, true})
	}
	v = final
	v.Features.Conjunctions = true
	out = append(out, variant{"~ neural part with pairs of hand features", v, true})
	v = linear
	v.Features.Conjunctions = true
	out = append(out, variant{"~ pairs of hand features, no neural part", v, true})
	for _, o := range []claims.TrainOptions{linear, final} {
		o.Seed = 2
		name := "~ seed 2, the model before the neural part"
		if o.Features.Hidden > 0 {
			name = "~ seed 2, the embedded model"
		}
		out = append(out, variant{name, o, true})
	}
	o := final
	o.Seed = 3
	out = append(out, variant{"~ seed 3, the embedded model", o, true})
	// Ensembles folded into one model (TrainOptions.Members); the tag in
	// brackets selects one alone with -only.
	for _, k := range []int{3, 5, 8} {
		v := final
		v.Members = k
		out = append(out, variant{fmt.Sprintf("~ ensemble of %d by seed [e%d]", k, k), v, true})
	}
	for _, k := range []int{3, 5} {
		for _, seed := range []uint64{2, 3} {
			v := final
			v.Members, v.Seed = k, seed
			out = append(out, variant{fmt.Sprintf("~ ensemble of %d by seed, seed %d [e%ds%d]", k, seed, k, seed), v, true})
		}
	}
	for _, k := range []int{5, 8} {
		v := final
		v.Members, v.Bootstrap = k, true
		out = append(out, variant{fmt.Sprintf("~ ensemble of %d on bootstrap samples [b%d]", k, k), v, true})
	}
	for _, seed := range []uint64{2, 3} {
		v := final
		v.Members, v.Bootstrap, v.Seed = 5, true, seed
		out = append(out, variant{fmt.Sprintf("~ ensemble of 5 on bootstrap samples, seed %d [b5s%d]", seed, seed), v, true})
	}
	// members that fit more closely alone, for the average to smooth
	v = final
	v.Members, v.Epochs = 5, 20
	out = append(out, variant{"~ ensemble of 5 by seed, 20 epochs [e5ep20]", v, true})
	v = final
	v.Members, v.L2, v.NeuralL2 = 5, 3e-5, 3e-5
	out = append(out, variant{"~ ensemble of 5 by seed, L2 3e-5 [e5l2]", v, true})
	v = final
	v.Members, v.NeuralRate = 5, 0.1
	out = append(out, variant{"~ ensemble of 5 by seed, neural step 0.1 [e5nr]", v, true})
	v = final
	v.Members, v.Features.Hidden = 4, 32
	out = append(out, variant{"~ ensemble of 4 by seed, 32 units each [e4h32]", v, true})
	out = append(out, variant{"~ news tune rows without word clusters", news, true})
	for _, w := range []float64{1, 10} {
		v := linear
		v.ExtraWeight = w
		out = append(out, variant{fmt.Sprintf("~ news rows weight %g, no neural part", w), v, true})
	}
	v = linear
	v.Epochs = 20
	out = append(out, variant{"~ 20 epochs, no neural part", v, true})
	v = linear
	v.Features.HashBits = 20
	out = append(out, variant{"~ 2^20 slots, no neural part", v, true})
	return out
}

// containsAny says whether s contains one of the texts.
func containsAny(s string, texts []string) bool {
	for _, t := range texts {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("cwlab", flag.ContinueOnError)
	dataDir := fs.String("data", "", "folder of the CT24 train and dev files (default: ../shared/data/checkworthy, or ../../shared/... for a second checkout)")
	newsPath := fs.String("news", "claims/testdata/news_checkworthy.tsv", "labelled news sentences")
	held := fs.Bool("held", false, "also measure the held-back news half (report only: never tune on it)")
	only := fs.String("only", "", "measure only the variants whose name contains this (or one of several texts separated by |)")
	dump := fs.String("dump", "", "write the tune half's sentences with each variant's probability to this file")
	steps := fs.Bool("steps", false, "measure only the steps (not the variants marked ~)")
	cvOnly := fs.Bool("cv", false, "measure cross-validated F1 on CT24 train alone (quick)")
	roles := fs.Bool("roles", false, "print how the embedded model scores the held news half by the sentence's role in its article, and stop")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dataDir == "" {
		*dataDir = "../shared/data/checkworthy"
		if _, err := os.Stat(*dataDir); err != nil {
			*dataDir = "../../shared/data/checkworthy"
		}
	}
	train, err := readExamples(filepath.Join(*dataDir, "CT24_checkworthy_english_train.tsv"))
	if err != nil {
		return err
	}
	dev, err := readExamples(filepath.Join(*dataDir, "CT24_checkworthy_english_dev.tsv"))
	if err != nil {
		return err
	}
	news, err := readNews(*newsPath)
	if err != nil {
		return err
	}
	tune, heldRows := splitNews(news)
	if *roles {
		return roleTable(out, heldRows)
	}
	fmt.Fprintf(out, "CT24 train %d rows, dev %d rows; news tune %d rows, held %d rows\n\n", len(train), len(dev), len(tune), len(heldRows))
	head := "| variant | CV F1 (P / R) | threshold | dev F1 | news tune AUC | news tune F1 (P / R) |"
	rule := "|---|---|---|---|---|---|"
	if *held {
		head += " news held AUC | news held F1 (P / R) |"
		rule += "---|---|"
	}
	fmt.Fprintln(out, head)
	fmt.Fprintln(out, rule)
	for _, v := range variants() {
		if *only != "" && !containsAny(v.name, strings.Split(*only, "|")) || *steps && strings.HasPrefix(v.name, "~") {
			continue
		}
		start := time.Now()
		opts := v.opts
		if v.withNews {
			opts.Extra = examples(tune)
		}
		m, err := claims.Train(train, opts)
		if err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		if *dump != "" {
			if err := dumpScores(*dump, v.name, m, tune); err != nil {
				return err
			}
		}
		if *cvOnly {
			cv := m.CV()
			fmt.Fprintf(out, "| %s | %.4f (%.3f / %.3f) | %.3f | <!-- %.1fs -->\n", v.name, cv.F1, cv.Precision, cv.Recall, m.Threshold(), time.Since(start).Seconds())
			continue
		}
		cv, d := m.CV(), m.Evaluate(dev)
		auc, nm := newsFigures(m, tune)
		if v.withNews {
			if auc, nm, err = newsCV(train, tune, v.opts); err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
		}
		fmt.Fprintf(out, "| %s | %.4f (%.3f / %.3f) | %.3f | %.4f | %.3f | %.3f (%.3f / %.3f) |",
			v.name, cv.F1, cv.Precision, cv.Recall, m.Threshold(), d.F1, auc, nm.F1, nm.Precision, nm.Recall)
		if *held {
			auc, nm := newsFigures(m, heldRows)
			fmt.Fprintf(out, " %.3f | %.3f (%.3f / %.3f) |", auc, nm.F1, nm.Precision, nm.Recall)
		}
		fmt.Fprintf(out, " <!-- %.1fs -->\n", time.Since(start).Seconds())
	}
	return nil
}

// newsCV scores each tune row by a model trained on CT24 and the tune rows
// of the other documents (newsFolds folds by document), and gives ROC AUC
// and the metrics at each fold model's threshold over all of them.
func newsCV(train []claims.Example, tune []newsRow, opts claims.TrainOptions) (float64, claims.Metrics, error) {
	docs := map[string]int{}
	var names []string
	for _, r := range tune {
		if _, ok := docs[r.source]; !ok {
			docs[r.source] = 0
			names = append(names, r.source)
		}
	}
	sort.Strings(names)
	for i, n := range names {
		docs[n] = i % newsFolds
	}
	p := make([]float64, len(tune))
	y := make([]bool, len(tune))
	var pooled claims.Metrics
	for f := range newsFolds {
		var in, out []newsRow
		for _, r := range tune {
			if docs[r.source] != f {
				in = append(in, r)
			} else {
				out = append(out, r)
			}
		}
		o := opts
		o.Extra = examples(in)
		m, err := claims.Train(train, o)
		if err != nil {
			return 0, claims.Metrics{}, err
		}
		for i, r := range tune {
			if docs[r.source] == f {
				p[i], y[i] = m.P(r.ex.Text), r.ex.Worthy
			}
		}
		pooled = pooled.Plus(m.Evaluate(examples(out)))
	}
	return rocAUC(p, y), pooled, nil
}

func examples(rows []newsRow) []claims.Example {
	out := make([]claims.Example, len(rows))
	for i, r := range rows {
		out[i] = r.ex
	}
	return out
}

// newsFigures are ROC AUC of the model's probabilities and its metrics at
// its threshold on the news rows.
func newsFigures(m *claims.Model, rows []newsRow) (float64, claims.Metrics) {
	ex := make([]claims.Example, len(rows))
	p := make([]float64, len(rows))
	y := make([]bool, len(rows))
	for i, r := range rows {
		ex[i] = r.ex
		p[i] = m.P(r.ex.Text)
		y[i] = r.ex.Worthy
	}
	return rocAUC(p, y), m.Evaluate(ex)
}

// rocAUC is the probability that a random Yes row scores above a random
// No row (ties count half).
func rocAUC(p []float64, y []bool) float64 {
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return p[order[a]] < p[order[b]] })
	var rankSum, npos float64
	for i := 0; i < len(order); {
		j := i
		for j < len(order) && p[order[j]] == p[order[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // ranks i+1..j, averaged
		for k := i; k < j; k++ {
			if y[order[k]] {
				rankSum += mid
				npos++
			}
		}
		i = j
	}
	nneg := float64(len(p)) - npos
	if npos == 0 || nneg == 0 {
		return 0.5
	}
	return (rankSum - npos*(npos+1)/2) / (npos * nneg)
}

func readExamples(path string) ([]claims.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ex, err := claims.ReadTSV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ex, nil
}

// readNews reads news_checkworthy.tsv: id, split, source, n, sentence, label.
func readNews(path string) ([]newsRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []newsRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 6 {
			return nil, fmt.Errorf("%s: line %d: %d columns, want 6", path, line, len(c))
		}
		var n int
		if _, err := fmt.Sscan(c[3], &n); err != nil {
			return nil, fmt.Errorf("%s: line %d: position %q", path, line, c[3])
		}
		r := newsRow{split: c[1], source: c[2], n: n, ex: claims.Example{ID: c[0], Text: c[4], Worthy: c[5] == "Yes", Line: line}}
		if c[5] != "Yes" && c[5] != "No" || c[1] != "tune" && c[1] != "held" {
			return nil, fmt.Errorf("%s: line %d: split %q, label %q", path, line, c[1], c[5])
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New(path + ": no rows")
	}
	return out, nil
}

func splitNews(rows []newsRow) (tune, held []newsRow) {
	for _, r := range rows {
		if r.split == "tune" {
			tune = append(tune, r)
		} else {
			held = append(held, r)
		}
	}
	return tune, held
}

// dumpScores appends the tune rows, their labels and the model's
// probabilities to a file, for reading the errors.
func dumpScores(path, name string, m *claims.Model, rows []newsRow) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	for _, r := range rows {
		fmt.Fprintf(f, "%s\t%s\t%d\t%t\t%.3f\t%s\n", name, r.source, r.n, r.ex.Worthy, m.P(r.ex.Text), r.ex.Text)
	}
	return f.Close()
}

// role names a news sentence's place in its article: the headline (the
// first line), the lead (the first sentence of the body), a sentence with
// a quotation, or the rest of the body.
func role(r newsRow, leadN int) string {
	switch {
	case r.n == 0:
		return "headline"
	case r.n == leadN:
		return "lead"
	case strings.ContainsAny(r.ex.Text, "\"\u201c\u201d"):
		return "quotation"
	}
	return "body"
}

// roleTable prints, for each role, the rows, the share labelled Yes, and
// the embedded model's mean probability and share at or above its
// threshold: a role feature can pay only where the two disagree.
func roleTable(out io.Writer, rows []newsRow) error {
	m, err := claims.DefaultModel()
	if err != nil {
		return err
	}
	// the lead is the first row after the headline that ends a sentence
	lead := map[string]int{}
	for _, r := range rows {
		t := strings.TrimSpace(r.ex.Text)
		if _, ok := lead[r.source]; ok || r.n == 0 || !strings.HasSuffix(t, ".") || len(strings.Fields(t)) < 6 {
			continue
		}
		lead[r.source] = r.n
	}
	type acc struct {
		n, yes, worthy int
		p              float64
	}
	by := map[string]*acc{}
	for _, r := range rows {
		k := role(r, lead[r.source])
		if by[k] == nil {
			by[k] = &acc{}
		}
		a := by[k]
		p := m.P(r.ex.Text)
		a.n++
		a.p += p
		if r.ex.Worthy {
			a.yes++
		}
		if p >= m.Threshold() {
			a.worthy++
		}
	}
	fmt.Fprintln(out, "| role | rows | labelled Yes | mean P | at or above the threshold |")
	fmt.Fprintln(out, "|---|---|---|---|---|")
	for _, k := range []string{"headline", "lead", "quotation", "body"} {
		if a := by[k]; a != nil {
			fmt.Fprintf(out, "| %s | %d | %.2f | %.2f | %.2f |\n", k, a.n, float64(a.yes)/float64(a.n), a.p/float64(a.n), float64(a.worthy)/float64(a.n))
		}
	}
	return nil
}
