package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"claimdesk/claims"
)

// cmdEval prints precision, recall and F1 of the Yes class of a labelled
// TSV file at the model's threshold.
func cmdEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("eval --data FILE.tsv [--model PATH]", e.stderr)
	data := fs.String("data", "", "labelled TSV file: ID<TAB>Text<TAB>Yes|No (required)")
	modelPath := fs.String("model", "", "model file written by claimdesk train (default: the built-in model)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *data == "" {
		return usagef("eval: --data FILE.tsv is required")
	}
	if fs.NArg() > 0 {
		return usagef("eval: unexpected argument %q", fs.Arg(0))
	}
	m, err := loadModelFlag(*modelPath)
	if err != nil {
		return err
	}
	examples, err := readLabelled(*data)
	if err != nil {
		return err
	}
	r := m.Evaluate(examples)
	fmt.Fprintf(e.stdout, "precision %.4f  recall %.4f  f1 %.4f  (n=%d: tp %d, fp %d, fn %d, tn %d; threshold %.4f)\n",
		r.Precision, r.Recall, r.F1, r.N(), r.TP, r.FP, r.FN, r.TN, m.Threshold())
	return nil
}

// cmdTrain trains the check-worthiness model on a labelled TSV file and
// writes it. The same files and options give the same bytes: trained on the
// CT24 train file with the news tune rows as --extra and the defaults, it is
// the built-in model.
func cmdTrain(ctx context.Context, e *env, args []string) error {
	if slices.Contains(args, "--from-desk") || slices.Contains(args, "-from-desk") {
		return cmdTrainFromDesk(ctx, e, args)
	}
	fs := newFlagSet("train --data FILE.tsv [--extra NEWS.tsv] --out PATH [--folds 5] [--seed 1]", e.stderr)
	data := fs.String("data", "", "labelled TSV file: ID<TAB>Text<TAB>Yes|No (required)")
	extra := fs.String("extra", "", "labelled rows of another kind (news) to learn from too; cross-validation scores only --data")
	out := fs.String("out", "", "where to write the model (required)")
	d := claims.DefaultTrainOptions()
	folds := fs.Int("folds", d.Folds, "k of the k-fold cross-validation that calibrates and sets the threshold")
	seed := fs.Uint64("seed", d.Seed, "fixes the order of the data; the same seed gives the same model")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *data == "":
		return usagef("train: --data FILE.tsv is required")
	case *out == "":
		return usagef("train: --out PATH is required")
	case fs.NArg() > 0:
		return usagef("train: unexpected argument %q", fs.Arg(0))
	case *folds < 2 || *folds > 100:
		return usagef("train: --folds %d: want 2 to 100", *folds)
	}
	if fi, err := os.Stat(*out); err == nil && fi.IsDir() {
		return fmt.Errorf("%s: is a directory; give a file name for the model", *out)
	}
	examples, err := readLabelled(*data)
	if err != nil {
		return err
	}
	opts := d
	opts.Folds, opts.Seed, opts.Log = *folds, *seed, e.stderr
	if *extra != "" {
		if opts.Extra, err = readLabelled(*extra); err != nil {
			return err
		}
	}
	m, err := claims.Train(examples, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", *data, err)
	}
	n, err := writeFileAtomic(*out, m)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d bytes; %d rows; threshold %.4f; cross-validated f1 %.4f)\n",
		*out, n, m.TrainRows(), m.Threshold(), m.CV().F1)
	return nil
}

// loadModelFlag loads the model named by --model, or the built-in one.
func loadModelFlag(path string) (*claims.Model, error) {
	if path == "" {
		return claims.DefaultModel()
	}
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := claims.LoadModel(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// readLabelled reads a labelled TSV file; its errors name the file and the
// line or byte offset.
func readLabelled(path string) ([]claims.Example, error) {
	f, err := openRegular(path)
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

// openRegular opens a file, saying plainly when it is missing or a
// directory.
func openRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s: no such file", path)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, not a file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot open: %v", path, err)
	}
	return f, nil
}

// writeFileAtomic writes the model to a temporary file next to path and
// renames it into place, so a failure never leaves half a model behind.
func writeFileAtomic(path string, m io.WriterTo) (int64, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("%s: cannot write: %v", path, err)
	}
	n, err := m.WriteTo(tmp)
	if err == nil {
		// CreateTemp makes the file private; a model is not a secret.
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return 0, fmt.Errorf("%s: cannot write: %v", path, err)
	}
	return n, nil
}
