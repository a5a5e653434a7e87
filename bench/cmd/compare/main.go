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
	if err := fs.Parse(args); err != nil {
		return err
	}
	text, rules, err := bench.LoadCorpus(*dir, *size)
	if err != nil {
		return err
	}
	segs, err := bench.Segmenters()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "sentence segmentation: %d golden rules; %d bytes of text; GOMAXPROCS %d\n\n",
		len(rules), len(text), runtime.GOMAXPROCS(0))
	fmt.Fprintf(out, "%-22s %8s %12s %14s %10s\n", "library", "golden", "MB/s", "allocs/op", "ours is")
	var ours float64
	for k, seg := range segs {
		g, err := bench.Golden(seg, rules)
		if err != nil {
			return err
		}
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
			return fmt.Errorf("%s: %w", seg.Name, splitErr)
		}
		if r.N == 0 || r.T <= 0 {
			return fmt.Errorf("%s: the benchmark did not run", seg.Name)
		}
		bps := float64(r.Bytes) * float64(r.N) / r.T.Seconds()
		ratio := "-"
		if k == 0 {
			ours = bps
		} else {
			ratio = fmt.Sprintf("%.1fx", ours/bps)
		}
		fmt.Fprintf(out, "%-22s %5d/%-2d %12.2f %14d %10s\n", seg.Name, g.Passed, g.Total, bps/1e6, r.AllocsPerOp(), ratio)
	}
	return nil
}
