package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimdesk/claims"
)

// devSlice is 200 labelled rows kept in the project (see
// claims/testdata/checkworthy.md).
const devSlice = "../../claims/testdata/checkworthy_dev200.tsv"

// runModelCmd runs the program as the binary would and returns its exit
// status, standard output and standard error.
func runModelCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	code := exitCode(err, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func loadExamples(t *testing.T, path string) []claims.Example {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := claims.ReadTSV(f)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func evalLine(m *claims.Model, ex []claims.Example) string {
	r := m.Evaluate(ex)
	return fmt.Sprintf("precision %.4f  recall %.4f  f1 %.4f  (n=%d: tp %d, fp %d, fn %d, tn %d; threshold %.4f)\n",
		r.Precision, r.Recall, r.F1, r.N(), r.TP, r.FP, r.FN, r.TN, m.Threshold())
}

func TestEvalBuiltInModel(t *testing.T) {
	code, out, errOut := runModelCmd(t, "eval", "--data", devSlice)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	m, err := claims.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	if want := evalLine(m, loadExamples(t, devSlice)); out != want {
		t.Errorf("got %q, want %q", out, want)
	}
	if !strings.Contains(out, "n=200:") {
		t.Errorf("output %q does not count the 200 rows", out)
	}
}

func TestTrainThenEval(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.bin"), filepath.Join(dir, "b.bin")
	for _, p := range []string{a, b} {
		code, out, errOut := runModelCmd(t, "train", "--data", devSlice, "--out", p, "--folds", "3")
		if code != 0 {
			t.Fatalf("train: exit %d, stderr %q", code, errOut)
		}
		if !strings.Contains(errOut, "cross-validation (3 folds, 200 rows)") {
			t.Errorf("train stderr %q lacks the cross-validation figures", errOut)
		}
		if !strings.HasPrefix(out, "wrote "+p) {
			t.Errorf("train stdout %q, want it to start with %q", out, "wrote "+p)
		}
	}
	ba, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	bb, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ba, bb) {
		t.Errorf("two trainings on the same data differ")
	}
	m, err := claims.LoadModel(bytes.NewReader(ba))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runModelCmd(t, "eval", "--data", devSlice, "--model", a)
	if code != 0 {
		t.Fatalf("eval: exit %d, stderr %q", code, errOut)
	}
	if want := evalLine(m, loadExamples(t, devSlice)); out != want {
		t.Errorf("eval --model: got %q, want %q", out, want)
	}

	c := filepath.Join(dir, "c.bin")
	if code, _, errOut := runModelCmd(t, "train", "--data", devSlice, "--out", c, "--folds", "3", "--seed", "2"); code != 0 {
		t.Fatalf("train --seed 2: exit %d, stderr %q", code, errOut)
	}
	if bc, _ := os.ReadFile(c); bytes.Equal(ba, bc) {
		t.Errorf("--seed 2 gave the same model as seed 1")
	}
}

// TestTrainReproducesBuiltIn is the promise to a newsroom: claimdesk train
// on the CT24 train file, with the news tune rows as --extra and the
// defaults, writes the built-in weights.
func TestTrainReproducesBuiltIn(t *testing.T) {
	// the shared data sits beside the repository, or one folder further up
	// for a second checkout
	train := "../../../shared/data/checkworthy/CT24_checkworthy_english_train.tsv"
	if _, err := os.Stat(train); err != nil {
		train = "../" + train
	}
	if _, err := os.Stat(train); err != nil {
		t.Skipf("%s is absent: the shared data is not next to the project", train)
	}
	if testing.Short() {
		t.Skip("trains on 22,500 rows; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "model.bin")
	if code, _, errOut := runModelCmd(t, "train", "--data", train, "--extra", "../../claims/testdata/news_tune.tsv", "--out", out); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../claims/weights/model.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("trained model (%d bytes) differs from claims/weights/model.bin (%d bytes)", len(got), len(want))
	}
}

// TestTrainFailureKeepsModel: a training run that fails, on bad data or a
// bad extra file, leaves the model file in use as it was, byte for byte.
func TestTrainFailureKeepsModel(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.bin")
	if code, _, errOut := runModelCmd(t, "train", "--data", devSlice, "--out", model, "--folds", "3"); code != 0 {
		t.Fatalf("train: exit %d, stderr %q", code, errOut)
	}
	before, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"one class":     {"--data", writeTemp(t, "yes.tsv", "A.\tYes\nB.\tYes\nC.\tYes\n")},
		"invalid UTF-8": {"--data", writeTemp(t, "bad.tsv", "A.\tYes\nB\xfe.\tNo\n")},
		"bad extra":     {"--data", devSlice, "--extra", writeTemp(t, "extra.tsv", "A.\tMaybe\n")},
	} {
		code, _, errOut := runModelCmd(t, append([]string{"train", "--out", model, "--folds", "3"}, args...)...)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (stderr %q)", name, code, errOut)
		}
		after, err := os.ReadFile(model)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%s: the failed run changed %s", name, model)
		}
		m, err := os.Open(model)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := claims.LoadModel(m); err != nil {
			t.Errorf("%s: the model left in place does not load: %v", name, err)
		}
		m.Close()
	}
}

func TestModelCommandsBadInput(t *testing.T) {
	dir := t.TempDir()
	header := "Sentence_id\tText\tclass_label\n"
	badRow := writeTemp(t, "bad.tsv", header+"1\tTaxes rose.\tYes\n2\tHello.\tPerhaps\n")
	badUTF8 := writeTemp(t, "utf8.tsv", header+"1\tTaxes\xff rose.\tYes\n")
	empty := writeTemp(t, "empty.tsv", header)
	notModel := writeTemp(t, "model.bin", "this is not a model\n")
	out := filepath.Join(dir, "out.bin")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"eval without --data", []string{"eval"}, 2, "--data FILE.tsv is required"},
		{"eval with an argument", []string{"eval", "--data", devSlice, "extra"}, 2, `unexpected argument "extra"`},
		{"eval unknown flag", []string{"eval", "--bogus"}, 2, "bogus"},
		{"eval missing file", []string{"eval", "--data", filepath.Join(dir, "nope.tsv")}, 1, "nope.tsv: no such file"},
		{"eval directory", []string{"eval", "--data", dir}, 1, "is a directory"},
		{"eval bad row", []string{"eval", "--data", badRow}, 1, `line 3: label "Perhaps" is not Yes or No`},
		{"eval invalid UTF-8", []string{"eval", "--data", badUTF8}, 1, "invalid UTF-8 at byte offset 36"},
		{"eval no rows", []string{"eval", "--data", empty}, 1, "no labelled rows"},
		{"eval bad model", []string{"eval", "--data", devSlice, "--model", notModel}, 1, "not a valid check-worthiness model file"},
		{"eval missing model", []string{"eval", "--data", devSlice, "--model", filepath.Join(dir, "none.bin")}, 1, "none.bin: no such file"},
		{"train without --data", []string{"train", "--out", out}, 2, "--data FILE.tsv is required"},
		{"train without --out", []string{"train", "--data", devSlice}, 2, "--out PATH is required"},
		{"train one fold", []string{"train", "--data", devSlice, "--out", out, "--folds", "1"}, 2, "--folds 1"},
		{"train missing file", []string{"train", "--data", filepath.Join(dir, "nope.tsv"), "--out", out}, 1, "no such file"},
		{"train directory", []string{"train", "--data", dir, "--out", out}, 1, "is a directory"},
		{"train bad row", []string{"train", "--data", badRow, "--out", out}, 1, "line 3"},
		{"train invalid UTF-8", []string{"train", "--data", badUTF8, "--out", out}, 1, "byte offset 36"},
		{"train no rows", []string{"train", "--data", empty, "--out", out}, 1, "no labelled rows"},
		{"train out is a directory", []string{"train", "--data", devSlice, "--out", dir}, 1, "is a directory; give a file name"},
		{"train too few Yes rows", []string{"train", "--data", writeTemp(t, "few.tsv", "A.\tYes\nB.\tNo\nC.\tNo\n"), "--out", out}, 1, "1 Yes and 2 No rows"},
		{"train one class only", []string{"train", "--data", writeTemp(t, "allno.tsv", header+"1\tA.\tNo\n2\tB.\tNo\n3\tC.\tNo\n"), "--out", out}, 1, "one class only: all 3 rows are No"},
		{"train wrong columns", []string{"train", "--data", writeTemp(t, "cols.tsv", header+"1\tA.\tYes\n2\tB.\tmore text\tNo\n"), "--out", out}, 1, "line 3: 4 columns, want 2 or 3"},
		{"train no tab", []string{"train", "--data", writeTemp(t, "notab.tsv", header+"1\tA.\tYes\nB. No\n"), "--out", out}, 1, "line 3: want ID<TAB>Text<TAB>label"},
		{"train bad extra", []string{"train", "--data", devSlice, "--extra", badUTF8, "--out", out}, 1, "utf8.tsv: bad labelled data: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runModelCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit status: got %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not say %q", stderr, tt.want)
			}
			if tt.code == 1 && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr is not one line: %q", stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written despite the error", out)
			}
		})
	}
	left, err := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if err != nil || len(left) > 0 {
		t.Errorf("temporary files left behind: %v %v", left, err)
	}
}
