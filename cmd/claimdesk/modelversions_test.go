package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimdesk/claims"
)

const sportLine = "United beat Rovers 3-1 in the league match on Saturday, scoring 2 goals in the second half."

// sportModelFile writes a desk model that scores sport down.
func sportModelFile(t *testing.T) string {
	t.Helper()
	base, err := claims.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	var labels []claims.Example
	for _, s := range []string{sportLine, "The striker of City scored 12 goals this season, more than anyone at Albion.",
		"Rangers won the cup final against Celtic after 30 minutes of extra time."} {
		labels = append(labels, claims.Example{Text: s})
	}
	for _, s := range []string{"Unemployment in Spain rose to 5 percent last year, the ministry said.",
		"The government of Kenya spent 3 billion dollars on hospitals, more than Chile."} {
		labels = append(labels, claims.Example{Text: s, Worthy: true})
	}
	l, _, err := claims.TrainDeskLayer(context.Background(), base, labels, claims.DeskTrainOptions{MinPerClass: 1, Folds: 2, Lambda: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	data, err := l.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "sport.model")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func extractScore(t *testing.T, args ...string) float64 {
	t.Helper()
	code, out, errOut := runModelCmd(t, append([]string{"extract", "--all"}, args...)...)
	if code != 0 {
		t.Fatalf("extract %v: exit %d: %s", args, code, errOut)
	}
	var cs []claims.Claim
	if err := json.Unmarshal([]byte(out), &cs); err != nil || len(cs) != 1 {
		t.Fatalf("extract: %d claims, %v", len(cs), err)
	}
	return cs[0].Score
}

func TestModelVersionCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "desk.db")
	article := writeTemp(t, "sport.txt", sportLine+"\n")

	code, _, errOut := runModelCmd(t, "train", "--from-desk", "--db", db)
	if code != 1 || !strings.Contains(errOut, "0 Yes and 0 No labels") || !strings.Contains(errOut, "at least 50 of each") {
		t.Errorf("train --from-desk on an empty desk: exit %d, %q; want 1 and the need for 50 of each", code, errOut)
	}
	bad := writeTemp(t, "bad.model", "CDDESKLY but then nothing a model holds")
	code, _, errOut = runModelCmd(t, "model", "add", "--db", db, bad)
	if code != 1 || !strings.Contains(errOut, "not a valid desk model file") {
		t.Errorf("model add of a damaged file: exit %d, %q; want 1 and the reason", code, errOut)
	}
	code, _, errOut = runModelCmd(t, "extract", "--model", bad, article)
	if code != 1 || !strings.Contains(errOut, "bad.model") || !strings.Contains(errOut, "not a valid desk model file") {
		t.Errorf("extract --model with a damaged file: exit %d, %q; want 1 and the reason", code, errOut)
	}

	good := sportModelFile(t)
	builtin := extractScore(t, article)
	desk := extractScore(t, "--model", good, article)
	if builtin-desk < 0.1 {
		t.Errorf("extract --model: sport scored %.3f, built-in %.3f; want the desk model lower by 0.1", desk, builtin)
	}
	if code, out, errOut := runModelCmd(t, "import", "--db", db, article); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	code, out, errOut := runModelCmd(t, "model", "add", "--db", db, good)
	if code != 0 || !strings.Contains(out, "kept as model 1") {
		t.Fatalf("model add: exit %d, %q %q", code, out, errOut)
	}
	code, out, _ = runModelCmd(t, "model", "use", "--db", db, "1")
	if code != 0 || !strings.Contains(out, "model 1 in use") || !strings.Contains(out, "re-scored 1 open claims") {
		t.Errorf("model use 1: exit %d, %q", code, out)
	}
	code, out, _ = runModelCmd(t, "model", "list", "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[1], "0 ") || !strings.HasPrefix(lines[2], "1 ") || !strings.Contains(lines[2], "yes") || strings.Contains(lines[1], "yes") {
		t.Errorf("model list: exit %d:\n%s\nwant the shipped model and model 1, in use", code, out)
	}
	if code, _, errOut := runModelCmd(t, "model", "use", "--db", db, "9"); code != 1 || !strings.Contains(errOut, "model 9") {
		t.Errorf("model use 9: exit %d, %q; want 1 saying there is no model 9", code, errOut)
	}
	if code, _, _ := runModelCmd(t, "model", "use", "--db", db, "latest"); code != 2 {
		t.Errorf("model use latest: exit %d, want 2 (not a version)", code)
	}
	out2 := filepath.Join(dir, "exported.model")
	if code, _, errOut := runModelCmd(t, "model", "export", "--db", db, "1", "--out", out2); code != 0 {
		t.Fatalf("model export: %d %s", code, errOut)
	}
	a, _ := os.ReadFile(good)
	b, _ := os.ReadFile(out2)
	if string(a) != string(b) {
		t.Errorf("exported %d bytes, want the %d added", len(b), len(a))
	}
	code, out, _ = runModelCmd(t, "model", "use", "--db", db, "shipped")
	if code != 0 || !strings.Contains(out, "model 0 in use") || !strings.Contains(out, "re-scored 1 open claims") {
		t.Errorf("model use shipped: exit %d, %q", code, out)
	}
}
