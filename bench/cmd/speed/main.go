// Command speed times whole processes on the same file, in one run:
// `claimdesk sentences big.txt > /dev/null` against punktlines (a small
// program that prints neurosnap/sentences' sentences one a line). big.txt
// is the UD edited documents (train and dev) concatenated until it holds
// -size bytes, written to a temporary directory and removed afterwards.
// Both programs are built first; the rounds interleave them, so a busy
// spell on a shared machine slows both, and the best round of each counts,
// by wall clock and by CPU time (user + system of the child).
//
// Run it from the bench directory: go run -tags sqlite_fts5 ./cmd/speed
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"claimdesk/bench"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "speed:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("speed", flag.ContinueOnError)
	dir := fs.String("data", bench.UDPath, "the UD sentence data folder (with train/ and dev/)")
	size := fs.Int("size", 18<<20, "bytes of text in big.txt")
	rounds := fs.Int("rounds", 5, "interleaved rounds; the best of each program counts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "claimdesk-speed-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	big := filepath.Join(tmp, "big.txt")
	n, err := writeBig(*dir, big, *size)
	if err != nil {
		return err
	}
	ours := filepath.Join(tmp, "claimdesk")
	peer := filepath.Join(tmp, "punktlines")
	if err := goBuild("..", ours, "./cmd/claimdesk"); err != nil {
		return err
	}
	if err := goBuild(".", peer, "./cmd/punktlines"); err != nil {
		return err
	}
	progs := []struct {
		name string
		argv []string
	}{
		{"claimdesk sentences", []string{ours, "sentences", big}},
		{"punktlines (neurosnap)", []string{peer, big}},
	}
	fmt.Fprintf(out, "whole process on %d bytes of UD edited text, output to /dev/null; best of %d interleaved rounds\n\n", n, *rounds)
	wall := make([]time.Duration, len(progs))
	cpu := make([]time.Duration, len(progs))
	for r := 0; r < *rounds; r++ {
		for k, p := range progs {
			w, c, err := timeRun(p.argv)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			if r == 0 || w < wall[k] {
				wall[k] = w
			}
			if r == 0 || c < cpu[k] {
				cpu[k] = c
			}
		}
	}
	fmt.Fprintf(out, "%-24s %12s %12s\n", "program", "wall", "cpu")
	for k, p := range progs {
		fmt.Fprintf(out, "%-24s %12s %12s\n", p.name, wall[k].Round(time.Millisecond), cpu[k].Round(time.Millisecond))
	}
	fmt.Fprintf(out, "\nclaimdesk is %.1fx faster by wall clock, %.1fx by CPU time\n",
		wall[1].Seconds()/wall[0].Seconds(), cpu[1].Seconds()/cpu[0].Seconds())
	return nil
}

// writeBig concatenates the edited documents of train and dev, separated
// by blank lines, repeated until the file holds at least size bytes (it
// stops after the document that reaches size).
func writeBig(dir, path string, size int) (int, error) {
	var docs []string
	for _, split := range []string{"train", "dev"} {
		ds, err := bench.LoadUD(dir, split)
		if err != nil {
			return 0, err
		}
		for _, d := range ds {
			if d.Group == "edited" {
				docs = append(docs, strings.TrimSpace(d.Text))
			}
		}
	}
	if len(docs) == 0 {
		return 0, fmt.Errorf("no edited documents in %s", dir)
	}
	var b strings.Builder
	b.Grow(size + 1<<16)
	for b.Len() < size {
		for _, d := range docs {
			if b.Len() >= size {
				break
			}
			b.WriteString(d)
			b.WriteString("\n\n")
		}
	}
	return b.Len(), os.WriteFile(path, []byte(b.String()), 0o600)
}

func goBuild(dir, out, pkg string) error {
	cmd := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", out, pkg)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building %s: %w", pkg, err)
	}
	return nil
}

// timeRun runs argv with its output to /dev/null and returns the wall
// time and the child's CPU time.
func timeRun(argv []string) (wall, cpu time.Duration, err error) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return 0, 0, err
	}
	defer devnull.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout = devnull
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, err
	}
	wall = time.Since(start)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}
