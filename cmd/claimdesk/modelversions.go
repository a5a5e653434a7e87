package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/review"
)

const modelUsage = `usage:
  claimdesk model list [--db PATH]                      the shipped model (0) and every trained version
  claimdesk model use [--db PATH] VERSION               switch to VERSION (0 or shipped: the embedded model) and re-score the open claims
  claimdesk model export [--db PATH] VERSION --out FILE  write a version's desk model file (extract --model reads it)
  claimdesk model add [--db PATH] FILE                  keep a desk model file as a new version
`

// cmdModel lists, switches, exports and adds desk models.
func cmdModel(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("model: say what to do: list, use, export or add\n%s", modelUsage)
	}
	action := args[0]
	want := map[string]int{"list": 0, "use": 1, "export": 1, "add": 1}
	if action == "-h" || action == "--help" || action == "help" {
		fmt.Fprint(e.stderr, modelUsage)
		return errFlagHelp
	}
	n, ok := want[action]
	if !ok {
		return usagef("model: unknown action %q (list, use, export or add)", action)
	}
	fs := newFlagSet("model "+action, e.stderr)
	fs.Usage = func() { io.WriteString(e.stderr, modelUsage) }
	db := dbFlag(fs, e)
	out := fs.String("out", "", "where model export writes the file")
	pos, err := parseFlagsAnywhere(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != n {
		return usagef("model %s: expected %d argument(s), got %d\n%s", action, n, len(pos), modelUsage)
	}
	if action == "export" && *out == "" {
		return usagef("model export: --out FILE is required")
	}
	var version int64
	if action == "use" || action == "export" {
		if version, err = parseModelVersion(pos[0]); err != nil {
			return err
		}
	}
	var data []byte
	if action == "add" {
		f, err := openRegular(pos[0])
		if err != nil {
			return err
		}
		data, err = io.ReadAll(io.LimitReader(f, 8<<20))
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %v", pos[0], err)
		}
	}
	// The model in use is not loaded here: a model that does not load
	// must not keep a desk from switching back.
	store, closeDB, err := openStoreShipped(ctx, *db)
	if err != nil {
		return err
	}
	defer closeDB()
	switch action {
	case "list":
		vs, err := store.Models(ctx)
		if err != nil {
			return err
		}
		printModels(e.stdout, vs)
	case "use":
		if err := store.UseModel(ctx, nil, version); err != nil {
			return fmt.Errorf("model use: %s", fieldMessage(err))
		}
		fmt.Fprintf(e.stdout, "model %d in use\n", version)
		changed, err := store.RescoreAll(ctx, review.MaxRescoreBatch, 0)
		if err != nil {
			return fmt.Errorf("model use: re-scoring the open claims: %w", err)
		}
		fmt.Fprintf(e.stdout, "re-scored %d open claims\n", changed)
	case "export":
		b, err := store.ExportModel(ctx, nil, version)
		if err != nil {
			return fmt.Errorf("model export: %s", fieldMessage(err))
		}
		if _, err := writeFileAtomic(*out, bytes.NewReader(b)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s (model %d, %d bytes)\n", *out, version, len(b))
	case "add":
		v, err := store.ImportModel(ctx, nil, data)
		if err != nil {
			return fmt.Errorf("%s: %s", pos[0], fieldMessage(err))
		}
		fmt.Fprintf(e.stdout, "kept as model %d (not in use: claimdesk model use %d)\n", v.Version, v.Version)
	}
	return nil
}

// parseModelVersion reads a version: a number, or "shipped" for 0.
func parseModelVersion(s string) (int64, error) {
	if strings.EqualFold(s, "shipped") {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return 0, usagef("model: %q is not a version (a number from claimdesk model list, or shipped)", s)
	}
	return v, nil
}

// f1Change is "0.6667 -> 0.7500" for a figure before and after.
func f1Change(before, after claims.Metrics) string {
	if before.N() == 0 && after.N() == 0 {
		return "-"
	}
	return fmt.Sprintf("%.4f -> %.4f", before.F1, after.F1)
}

func printModels(w io.Writer, vs []review.ModelVersion) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tIN USE\tCREATED\tBY\tLABELS (YES/NO)\tDESK F1 (5-FOLD)\tHELD-BACK F1")
	for _, v := range vs {
		inUse, created, labels := "", "", "-"
		if v.InUse {
			inUse = "yes"
		}
		if v.Version == 0 {
			created = "shipped"
		} else {
			created = v.CreatedAt.Format("2006-01-02 15:04")
		}
		if v.Report.Yes+v.Report.No > 0 {
			labels = fmt.Sprintf("%d/%d", v.Report.Yes, v.Report.No)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", v.Version, inUse, created, v.CreatedBy, labels,
			f1Change(v.Report.Before, v.Report.After), f1Change(v.Report.HeldBefore, v.Report.HeldAfter))
	}
	tw.Flush()
}

// cmdTrainFromDesk is claimdesk train --from-desk: a new model version
// from the desk's decisions, kept but not put in use.
func cmdTrainFromDesk(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("train --from-desk [--db PATH] [--use]", e.stderr)
	fs.Bool("from-desk", true, "train on the desk's decisions in the database")
	db := dbFlag(fs, e)
	use := fs.Bool("use", false, "put the new model in use and re-score the open claims")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("train --from-desk: unexpected argument %q", fs.Arg(0))
	}
	store, closeDB, err := openStoreShipped(ctx, *db)
	if err != nil {
		return err
	}
	defer closeDB()
	v, err := store.TrainFromDesk(ctx, nil, claims.DeskTrainOptions{})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("train --from-desk: stopped; nothing kept, the model in use is unchanged")
		}
		return fmt.Errorf("train --from-desk: %s", fieldMessage(err))
	}
	r := v.Report
	fmt.Fprintf(e.stdout, "desk labels: %d Yes, %d No\n", r.Yes, r.No)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "\tshipped model\tmodel %d\n", v.Version)
	row := func(m claims.Metrics) string {
		return fmt.Sprintf("f1 %.4f (precision %.4f, recall %.4f)", m.F1, m.Precision, m.Recall)
	}
	fmt.Fprintf(tw, "desk labels, 5-fold cross-validation\t%s\t%s\n", row(r.Before), row(r.After))
	fmt.Fprintf(tw, "shipped held-back data (%d rows)\t%s\t%s\n", r.HeldBefore.N(), row(r.HeldBefore), row(r.HeldAfter))
	tw.Flush()
	if !*use {
		fmt.Fprintf(e.stdout, "kept as model %d (not in use: claimdesk model use %d)\n", v.Version, v.Version)
		return nil
	}
	if err := store.UseModel(ctx, nil, v.Version); err != nil {
		return fmt.Errorf("train --from-desk: %s", fieldMessage(err))
	}
	changed, err := store.RescoreAll(ctx, review.MaxRescoreBatch, 0)
	if err != nil {
		return fmt.Errorf("train --from-desk: re-scoring the open claims: %w", err)
	}
	fmt.Fprintf(e.stdout, "model %d in use; re-scored %d open claims\n", v.Version, changed)
	return nil
}

// openStoreShipped opens the database with the shipped model, leaving
// the model in use unloaded.
func openStoreShipped(ctx context.Context, path string) (*review.Store, func() error, error) {
	db, err := claimdesk.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	m, err := claims.DefaultModel()
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("load the check-worthiness model: %w", err)
	}
	return review.NewStore(db, m), db.Close, nil
}

// loadScorerFlag loads the model named by --model for scoring: a
// check-worthiness model or a desk model file; the built-in model when
// path is "".
func loadScorerFlag(path string) (*claims.Scorer, error) {
	if path == "" {
		m, err := builtinModel()
		if err != nil {
			return nil, err
		}
		return claims.NewScorer(m, nil), nil
	}
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := claims.LoadScorer(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
