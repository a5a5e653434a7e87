// Command compare prints, for claimdesk's sentence segmenter and the
// libraries it is compared with, the golden rules each passes and the bytes
// per second each segments, measured in one process on the same text, with
// the ratio of claimdesk's speed to each of theirs.
//
// Run it from the bench directory: go run -tags sqlite_fts5 ./cmd/compare
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"testing"

	"claimdesk/bench"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	dir := fs.String("dir", ".", "the bench module's directory")
	size := fs.Int("size", 1<<20, "bytes of text to time each segmenter on")
	rounds := fs.Int("rounds", 3, "timing rounds; the best of each library counts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rounds < 1 || *size < 1 {
		return fmt.Errorf("-rounds and -size must be at least 1")
	}
	text, rules, err := bench.LoadCorpus(*dir, *size)
	if err != nil {
		return err
	}
	segs, err := bench.Segmenters()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "sentence segmentation: %d golden rules; %d bytes of text; GOMAXPROCS %d; best of %d interleaved rounds\n\n",
		len(rules), len(text), runtime.GOMAXPROCS(0), *rounds)
	golden := make([]bench.GoldenResult, len(segs))
	for k, seg := range segs {
		if golden[k], err = bench.Golden(seg, rules); err != nil {
			return err
		}
	}
	// The machine may be shared: the rounds interleave the libraries so
	// that a busy spell slows all of them, and the best round of each
	// stands for what it can do.
	best := make([]float64, len(segs))
	allocs := make([]int64, len(segs))
	for round := 0; round < *rounds; round++ {
		for k, seg := range segs {
			bps, a, err := measure(seg, text)
			if err != nil {
				return err
			}
			best[k] = max(best[k], bps)
			allocs[k] = a
		}
	}
	fmt.Fprintf(out, "%-22s %8s %12s %14s %10s\n", "library", "golden", "MB/s", "allocs/op", "ours is")
	for k, seg := range segs {
		ratio := "-"
		if k > 0 {
			ratio = fmt.Sprintf("%.1fx", best[0]/best[k])
		}
		fmt.Fprintf(out, "%-22s %5d/%-2d %12.2f %14d %10s\n", seg.Name, golden[k].Passed, golden[k].Total, best[k]/1e6, allocs[k], ratio)
	}
	return nil
}

// measure times seg on text with testing.Benchmark and returns bytes per
// second and allocations per call.
func measure(seg bench.Segmenter, text string) (float64, int64, error) {
	var splitErr error
	r := testing.Benchmark(func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := seg.Split(text); err != nil {
				splitErr = err
				return
			}
		}
	})
	if splitErr != nil {
		return 0, 0, fmt.Errorf("%s: %w", seg.Name, splitErr)
	}
	if r.N == 0 || r.T <= 0 {
		return 0, 0, fmt.Errorf("%s: the benchmark did not run", seg.Name)
	}
	return float64(r.Bytes) * float64(r.N) / r.T.Seconds(), r.AllocsPerOp(), nil
}
