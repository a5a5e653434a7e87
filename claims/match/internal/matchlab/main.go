// Command matchlab trains the "checked before?" ranker's weights and
// measures it against BM25, on the shared CheckThat! task 2A data, with
// the candidates a real SQLite FTS5 index gives (as the store queries it).
//
//	go run -tags sqlite_fts5 ./claims/match/internal/matchlab            # the benchmark (docs/BENCHMARKS.md)
//	go run -tags sqlite_fts5 ./claims/match/internal/matchlab -write claims/match/weights.txt
//
// It lives apart from package match so that the database driver never
// becomes one of that package's imports.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"unicode"

	"claimdesk/claims/match"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "matchlab:", err)
		os.Exit(1)
	}
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("matchlab", flag.ContinueOnError)
	write := fs.String("write", "", "train on all training queries and write the weights file here")
	tune := fs.Bool("tune-bm25", false, "compare bm25 column weights on the training queries")
	cv := fs.Bool("cv", false, "only cross-validate the re-ranker on the training queries")
	listwise := fs.Bool("listwise", false, "with -cv: fit each query's candidates as a list, not one by one")
	l2 := fs.Float64("l2", match.DefaultTrainOptions().L2, "with -cv: the ridge penalty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := sharedDir()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "matchlab")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ds, err := loadDataset(dir, tmp)
	if err != nil {
		return err
	}
	defer ds.db.Close()
	switch {
	case *write != "":
		b, rep, err := trainWeights(ds)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "threshold %.4f: out-of-fold precision %.3f, %d confident of %d, removed-answer firing %.3f\n",
			rep.Threshold, rep.Precision, rep.ConfidentAnswered, len(ds.Train), rep.Fire)
		return os.WriteFile(*write, b, 0o644)
	case *tune:
		return tuneBM25(ds, out)
	case *cv:
		opts := match.DefaultTrainOptions()
		opts.Listwise, opts.L2 = *listwise, *l2
		return crossValidate(ds, opts, out)
	}
	return benchmark(ds, out)
}

// trainWeights trains on every training query and returns the weights
// file's bytes.
func trainWeights(ds *dataset) ([]byte, *match.TrainReport, error) {
	ex, err := ds.examples(ds.Train)
	if err != nil {
		return nil, nil, err
	}
	r := match.NewRanker(ds.archive)
	rep, err := r.Train(ex, match.DefaultTrainOptions())
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	if _, err := r.WriteTo(&b); err != nil {
		return nil, nil, err
	}
	return b.Bytes(), rep, nil
}

// perQuery holds one system's R@1 and AP@5 for each query.
type perQuery struct{ r1, ap []float64 }

func (p *perQuery) add(ranked []string, answers map[string]bool) {
	r1, hits, ap := 0.0, 0, 0.0
	for k, id := range ranked {
		if k >= 5 {
			break
		}
		if answers[id] {
			if k == 0 {
				r1 = 1
			}
			hits++
			ap += float64(hits) / float64(k+1)
		}
	}
	p.r1 = append(p.r1, r1)
	p.ap = append(p.ap, ap/math.Min(float64(len(answers)), 5))
}

// interval is a mean with its 95 % percentile bootstrap interval (2,000
// resamples of the queries, a fixed seed).
func interval(xs []float64) string {
	if len(xs) == 0 {
		return "—"
	}
	mean := func(idx func(int) int) float64 {
		s := 0.0
		for i := range xs {
			s += xs[idx(i)]
		}
		return s / float64(len(xs))
	}
	seed := uint64(7)
	next := func() uint64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return seed >> 33
	}
	ms := make([]float64, 2000)
	for b := range ms {
		ms[b] = mean(func(int) int { return int(next() % uint64(len(xs))) })
	}
	sort.Float64s(ms)
	return fmt.Sprintf("%.3f [%.3f, %.3f]", mean(func(i int) int { return i }), ms[49], ms[1949])
}

func ids(ds *dataset, docs []match.Doc) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = ds.idOf(d)
	}
	return out
}

func rankedIDs(ds *dataset, ms []match.Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = ds.idOf(m.Doc)
	}
	return out
}

func recallAt(ds *dataset, qs []query, cands [][]match.Doc) float64 {
	n := 0
	for i, q := range qs {
		for _, d := range cands[i] {
			if q.Answers[ds.idOf(d)] {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(qs))
}

func benchmark(ds *dataset, out io.Writer) error {
	fmt.Fprintf(out, "archive %d fact-checks; train %d queries, dev %d; candidates %d; bm25 weights %v\n\n",
		len(ds.FactChecks), len(ds.Train), len(ds.Dev), match.Candidates, ds.bm25Weights)
	fmt.Fprintln(out, "| queries | system | R@1 [95 % CI] | MAP@5 [95 % CI] |")
	fmt.Fprintln(out, "|---|---|---|---|")
	row := func(split, name string, p perQuery) {
		fmt.Fprintf(out, "| %s | %s | %s | %s |\n", split, name, interval(p.r1), interval(p.ap))
	}
	// Train, 5-fold cross-validation: the baselines have nothing to fit;
	// the re-ranker is scored on each fold by weights trained on the others.
	trainEx, err := ds.examples(ds.Train)
	if err != nil {
		return err
	}
	cvr := match.NewRanker(ds.archive)
	rep, err := cvr.Train(trainEx, match.DefaultTrainOptions())
	if err != nil {
		return err
	}
	var notes []string
	for _, split := range []struct {
		name string
		qs   []query
		cv   bool
	}{{"train (5-fold CV)", ds.Train, true}, {"dev", ds.Dev, false}} {
		var raw, clean, rerank perQuery
		var cands [][]match.Doc
		ranker := match.Default()
		for qi, q := range split.qs {
			rc, err := ds.rawCandidates(q)
			if err != nil {
				return err
			}
			raw.add(ids(ds, rc), q.Answers)
			cc, err := ds.candidates(q, false, ds.bm25Weights)
			if err != nil {
				return err
			}
			cands = append(cands, cc)
			clean.add(ids(ds, cc), q.Answers)
			if split.cv {
				rerank.add(oofRanked(ds, trainEx[qi].Cands, rep.OOF[qi]), q.Answers)
			} else {
				rerank.add(rankedIDs(ds, ranker.Rank(q.Text, cc)), q.Answers)
			}
		}
		row(split.name, "BM25, tweet as given, claim + headline", raw)
		row(split.name, "BM25, cleaned query, claim + headline + description", clean)
		row(split.name, "re-ranker over BM25's top 30", rerank)
		notes = append(notes, fmt.Sprintf("%s: right answer among the %d candidates for %.3f of queries", split.name, match.Candidates, recallAt(ds, split.qs, cands)))
	}
	fmt.Fprintln(out)
	for _, n := range notes {
		fmt.Fprintln(out, n)
	}
	fmt.Fprintf(out, "\ntrain, out of fold: threshold %.4f, confident precision %.3f (%d confident), removed-answer firing %.3f\n",
		rep.Threshold, rep.Precision, rep.ConfidentAnswered, rep.Fire)
	return confidence(ds, out)
}

func oofRanked(ds *dataset, cands []match.Doc, scores []float64) []string {
	idx := make([]int, len(cands))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = ds.idOf(cands[j])
	}
	return out
}

// confidence reports, on dev with the embedded weights, how often a
// confident top answer is right, and how often a query whose answers were
// deleted from the archive still gets a confident one.
func confidence(ds *dataset, out io.Writer) error {
	r := match.Default()
	var right, fired []float64
	for _, q := range ds.Dev {
		cc, err := ds.candidates(q, false, ds.bm25Weights)
		if err != nil {
			return err
		}
		if ms := r.Rank(q.Text, cc); len(ms) > 0 && ms[0].Confident {
			right = append(right, b2f(q.Answers[ds.idOf(ms[0].Doc)]))
		}
		rc, err := ds.candidates(q, true, ds.bm25Weights)
		if err != nil {
			return err
		}
		ms := r.Rank(q.Text, rc)
		fired = append(fired, b2f(len(ms) > 0 && ms[0].Confident))
	}
	fmt.Fprintf(out, "\ndev, embedded weights (threshold %.4f):\n", r.Threshold())
	fmt.Fprintf(out, "- confident precision, archive as given: %s (%d of %d queries confident)\n", interval(right), len(right), len(ds.Dev))
	fmt.Fprintf(out, "- confident with each query's answers removed from the archive: %s of queries\n", interval(fired))
	return nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func tuneBM25(ds *dataset, out io.Writer) error {
	for _, w := range [][]float64{{1, 1, 1}, {1, 1, 0.5}, {1, 0.5, 0.5}, {1, 1, 0.25}, {2, 1, 0.5}, {1, 0.5, 0.25}, {1, 1, 0}, {1.5, 1, 0.3}} {
		var p perQuery
		var cands [][]match.Doc
		for _, q := range ds.Train {
			cc, err := ds.candidates(q, false, w)
			if err != nil {
				return err
			}
			cands = append(cands, cc)
			p.add(ids(ds, cc), q.Answers)
		}
		fmt.Fprintf(out, "weights %v: train R@1 %s MAP@5 %s R@30 %.3f\n", w, interval(p.r1), interval(p.ap), recallAt(ds, ds.Train, cands))
	}
	return nil
}

func crossValidate(ds *dataset, opts match.TrainOptions, out io.Writer) error {
	ex, err := ds.examples(ds.Train)
	if err != nil {
		return err
	}
	rep, err := match.NewRanker(ds.archive).Train(ex, opts)
	if err != nil {
		return err
	}
	var p perQuery
	for qi, q := range ds.Train {
		p.add(oofRanked(ds, ex[qi].Cands, rep.OOF[qi]), q.Answers)
	}
	fmt.Fprintf(out, "%+v\ntrain out of fold: R@1 %s MAP@5 %s; threshold %.4f precision %.3f confident %d fire %.3f\n",
		opts, interval(p.r1), interval(p.ap), rep.Threshold, rep.Precision, rep.ConfidentAnswered, rep.Fire)
	return nil
}
