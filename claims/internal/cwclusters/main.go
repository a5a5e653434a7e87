// Command cwclusters writes the word clusters of the check-worthiness model
// (claims/weights/clusters.bin): the words of the GloVe table embedded in
// claims/match (vectors.bin, see claims/match/VECTORS.md) that are plain
// lower-case ASCII, grouped by spherical k-means on their vectors, so that a
// news word the debates never used still counts through the words it is
// like. The result depends only on the table and the flags: the same
// inputs give the same bytes.
//
//	go run ./claims/internal/cwclusters -o claims/weights/clusters.bin
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"

	"claimdesk/claims"
	"claimdesk/claims/match"
)

func main() {
	out := flag.String("o", "claims/weights/clusters.bin", "file to write")
	vecOut := flag.String("vectors", "", "also write the words' vectors (claims/weights/wordvecs.bin) to this file")
	k := flag.Int("k", 256, "number of clusters")
	iters := flag.Int("iter", 15, "k-means iterations")
	flag.Parse()
	if err := run(*out, *vecOut, *k, *iters); err != nil {
		fmt.Fprintln(os.Stderr, "cwclusters:", err)
		os.Exit(1)
	}
}

type word struct {
	w    string
	rank int
	v    []float64
}

func run(path, vecPath string, k, iters int) error {
	var ws []word
	vt := claims.NewWordVectors()
	match.EmbeddedVectors().Each(func(w string, rank int, v []float32) {
		for i := 0; i < len(w); i++ {
			if c := w[i]; !(c >= 'a' && c <= 'z' || c == '\'') {
				return
			}
		}
		vt.Add(w, v)
		u := make([]float64, len(v))
		var n float64
		for i, x := range v {
			u[i] = float64(x)
			n += u[i] * u[i]
		}
		if n == 0 {
			return
		}
		n = math.Sqrt(n)
		for i := range u {
			u[i] /= n
		}
		ws = append(ws, word{w, rank, u})
	})
	sort.Slice(ws, func(a, b int) bool { return ws[a].rank < ws[b].rank || ws[a].rank == ws[b].rank && ws[a].w < ws[b].w })
	if len(ws) < k {
		return fmt.Errorf("%d words for %d clusters", len(ws), k)
	}
	dims := len(ws[0].v)
	// start from k words spread over the frequency ranks
	cent := make([][]float64, k)
	for c := range cent {
		cent[c] = append([]float64(nil), ws[c*len(ws)/k].v...)
	}
	assign := make([]int, len(ws))
	for range iters {
		for i, w := range ws {
			best, bc := -2.0, 0
			for c, ce := range cent {
				var d float64
				for j := range dims {
					d += w.v[j] * ce[j]
				}
				if d > best {
					best, bc = d, c
				}
			}
			assign[i] = bc
		}
		for c := range cent {
			for j := range cent[c] {
				cent[c][j] = 0
			}
		}
		for i, w := range ws {
			for j := range dims {
				cent[assign[i]][j] += w.v[j]
			}
		}
		for c := range cent {
			var n float64
			for _, x := range cent[c] {
				n += x * x
			}
			if n == 0 {
				continue
			}
			n = math.Sqrt(n)
			for j := range cent[c] {
				cent[c][j] /= n
			}
		}
	}
	if vecPath != "" {
		if err := write(vecPath, vt); err != nil {
			return err
		}
	}
	t := claims.NewClusters(k)
	for i, w := range ws {
		t.Add(w.w, assign[i])
	}
	return write(path, t)
}

func write(path string, t io.WriterTo) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := t.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
