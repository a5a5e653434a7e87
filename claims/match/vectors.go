package match

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"sync"
)

// VectorTable is a table of word vectors quantised to 8 bits, each with a
// scale of its own and the word's frequency rank in the corpus the vectors
// were trained on (for SIF weights). The embedded one (vectors.bin) is cut
// from GloVe by internal/glovecut; see VECTORS.md.
type VectorTable struct {
	dims  int
	index map[string]int32
	words []string
	rank  []int32
	scale []float32
	data  []int8
}

// NewVectorTable returns an empty table of dims-dimensional vectors.
func NewVectorTable(dims int) *VectorTable {
	return &VectorTable{dims: dims, index: map[string]int32{}}
}

// Len returns how many words the table holds.
func (t *VectorTable) Len() int { return len(t.words) }

// Add quantises v and keeps it for word, whose frequency rank is rank
// (0 the most frequent).
func (t *VectorTable) Add(word string, rank int, v []float64) {
	if _, ok := t.index[word]; ok || len(v) != t.dims {
		return
	}
	mx := 0.0
	for _, x := range v {
		mx = math.Max(mx, math.Abs(x))
	}
	scale := float32(mx / 127)
	t.index[word] = int32(len(t.words))
	t.words = append(t.words, word)
	t.rank = append(t.rank, int32(rank))
	t.scale = append(t.scale, scale)
	for _, x := range v {
		q := 0.0
		if scale > 0 {
			q = math.Round(x / float64(scale))
		}
		t.data = append(t.data, int8(q))
	}
}

const vectorsHeader = "claimdesk word vectors 1\n"

// Write writes the table, its words in sorted order, so that the same
// table always gives the same bytes.
func (t *VectorTable) Write(w io.Writer) error {
	order := make([]int, len(t.words))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return t.words[order[a]] < t.words[order[b]] })
	var b bytes.Buffer
	b.WriteString(vectorsHeader)
	binary.Write(&b, binary.LittleEndian, uint32(len(t.words)))
	binary.Write(&b, binary.LittleEndian, uint16(t.dims))
	for _, i := range order {
		b.WriteByte(byte(len(t.words[i])))
		b.WriteString(t.words[i])
		binary.Write(&b, binary.LittleEndian, t.rank[i])
		binary.Write(&b, binary.LittleEndian, t.scale[i])
		for _, x := range t.data[i*t.dims : (i+1)*t.dims] {
			b.WriteByte(byte(x))
		}
	}
	_, err := b.WriteTo(w)
	return err
}

// readVectors reads a table written by Write.
func readVectors(p []byte) (*VectorTable, error) {
	if !bytes.HasPrefix(p, []byte(vectorsHeader)) {
		return nil, errors.New("match vectors: bad header")
	}
	p = p[len(vectorsHeader):]
	if len(p) < 6 {
		return nil, io.ErrUnexpectedEOF
	}
	n := int(binary.LittleEndian.Uint32(p))
	t := NewVectorTable(int(binary.LittleEndian.Uint16(p[4:])))
	p = p[6:]
	t.words = make([]string, 0, n)
	t.data = make([]int8, 0, n*t.dims)
	for range n {
		if len(p) < 1 || len(p) < 1+int(p[0])+8+t.dims {
			return nil, io.ErrUnexpectedEOF
		}
		l := int(p[0])
		w := string(p[1 : 1+l])
		p = p[1+l:]
		t.index[w] = int32(len(t.words))
		t.words = append(t.words, w)
		t.rank = append(t.rank, int32(binary.LittleEndian.Uint32(p)))
		t.scale = append(t.scale, math.Float32frombits(binary.LittleEndian.Uint32(p[4:])))
		for _, x := range p[8 : 8+t.dims] {
			t.data = append(t.data, int8(x))
		}
		p = p[8+t.dims:]
	}
	if len(p) != 0 {
		return nil, fmt.Errorf("match vectors: %d bytes after the last word", len(p))
	}
	return t, nil
}

//go:embed vectors.bin
var vectorsFile []byte

// vectors reads the embedded table once; after that it is only read.
var vectors = sync.OnceValue(func() *VectorTable {
	t, err := readVectors(vectorsFile)
	if err != nil {
		panic(err) // the build embeds a table the tests read: this cannot fail in a tested build
	}
	return t
})

// sif is the smooth inverse frequency weight a/(a+p(w)) of Arora et al.
// (2017), with p(w) read off the word's frequency rank by Zipf's law over
// the vectors' 341,479 words.
func sif(rank int32) float32 {
	const a = 1e-3
	p := 1 / (float64(rank+1) * math.Log(341479))
	return float32(a / (a + p))
}

// embed returns the SIF-weighted sum of the vectors of the content words
// of a cleaned text (its direction is all that cosine reads).
func (t *VectorTable) embed(ts []token) []float32 {
	v := make([]float32, t.dims)
	for _, tk := range ts {
		if stopword(tk.word) {
			continue
		}
		i, ok := t.index[tk.word]
		if !ok {
			continue
		}
		w := sif(t.rank[i]) * t.scale[i]
		for k, x := range t.data[int(i)*t.dims : (int(i)+1)*t.dims] {
			v[k] += w * float32(x)
		}
	}
	return v
}

func cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}

// Words returns the words of s as the index's tokenizer writes them
// (lower-cased, diacritics off), for building word tables.
func Words(s string) []string {
	ts := tokens(s)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.word
	}
	return out
}

// EmbeddedVectors returns the embedded word-vector table (vectors.bin), for
// the tools that derive other tables from it; it is read once and shared,
// so callers must not change it.
func EmbeddedVectors() *VectorTable { return vectors() }

// Each calls fn for every word of the table in the order they were added,
// with its frequency rank and its vector (dequantised).
func (t *VectorTable) Each(fn func(word string, rank int, v []float32)) {
	v := make([]float32, t.dims)
	for i, w := range t.words {
		for k, x := range t.data[i*t.dims : (i+1)*t.dims] {
			v[k] = t.scale[i] * float32(x)
		}
		fn(w, int(t.rank[i]), v)
	}
}
