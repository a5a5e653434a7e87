package claims

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// WordVectors holds a vector for each word of the embedded GloVe table
// (quantised to 8 bits with a scale per word), kept by the word's hash as
// the features see it. The model's small neural part reads the mean vector
// of a sentence's words, so that what a word means counts even when the
// training data never used it.
type WordVectors struct {
	dims   int
	hashes []uint32 // sorted once read
	scale  []float32
	data   []int8 // len(hashes) * dims
	// table finds a word's row.
	table hashIndex
	// seen are the hashes added, while the table is built.
	seen map[uint32]bool
}

// vectorDims is the length of the vectors the model reads.
const vectorDims = 100

// NewWordVectors returns an empty table of vectorDims-dimensional vectors.
func NewWordVectors() *WordVectors { return &WordVectors{dims: vectorDims} }

// Add quantises v and keeps it for word; a word whose hash is already
// there, or a vector of another length, is skipped.
func (t *WordVectors) Add(word string, v []float32) {
	if len(v) != t.dims {
		return
	}
	h := hashWord(kindSeed(kindWord), word, 0, len(word))
	if t.seen == nil {
		t.seen = map[uint32]bool{}
	}
	if t.seen[h] {
		return
	}
	t.seen[h] = true
	var mx float64
	for _, x := range v {
		mx = math.Max(mx, math.Abs(float64(x)))
	}
	scale := float32(mx / 127)
	for _, x := range v {
		var q int8
		if scale > 0 {
			q = int8(math.Round(float64(x) / float64(scale)))
		}
		t.data = append(t.data, q)
	}
	t.hashes = append(t.hashes, h)
	t.scale = append(t.scale, scale)
}

// rowOf returns the row of the word with hash h, or -1.
func (t *WordVectors) rowOf(h uint32) int { return t.table.find(h) }

const wordVectorsMagic = "CDCWVECS"

// WriteTo writes the table, sorted by hash: the magic, the dimensions (uint16) and the
// number of words (uint32), each word's hash and scale, the vectors, and a
// CRC-32 of all that.
func (t *WordVectors) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	b.WriteString(wordVectorsMagic)
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, uint16(t.dims)))
	b.Write(le.AppendUint32(nil, uint32(len(t.hashes))))
	order := make([]int, len(t.hashes))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return t.hashes[order[a]] < t.hashes[order[b]] })
	for _, i := range order {
		b.Write(le.AppendUint32(nil, t.hashes[i]))
		b.Write(le.AppendUint32(nil, math.Float32bits(t.scale[i])))
	}
	for _, i := range order {
		for _, x := range t.data[i*t.dims : (i+1)*t.dims] {
			b.WriteByte(byte(x))
		}
	}
	return writeTable(w, &b)
}

// errBadWordVectors is returned for a vector table that is not one.
var errBadWordVectors = errors.New("not a valid word-vector table")

// readWordVectors reads a table written by WriteTo.
func readWordVectors(p []byte) (*WordVectors, error) {
	dims, n, q, err := checkTable(p, wordVectorsMagic, errBadWordVectors)
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	if dims != vectorDims || len(q) != n*(8+dims) {
		return nil, fmt.Errorf("%w: %d dimensions, %d words in %d bytes", errBadWordVectors, dims, n, len(q))
	}
	t := &WordVectors{dims: dims, hashes: make([]uint32, n), scale: make([]float32, n), data: make([]int8, n*dims)}
	for i := range n {
		t.hashes[i] = le.Uint32(q[8*i:])
		t.scale[i] = math.Float32frombits(le.Uint32(q[8*i+4:]))
		if i > 0 && t.hashes[i] <= t.hashes[i-1] || !finite(float64(t.scale[i])) {
			return nil, fmt.Errorf("%w: word %d", errBadWordVectors, i)
		}
	}
	for i, x := range q[8*n:] {
		t.data[i] = int8(x)
	}
	t.table = newHashIndex(t.hashes)
	return t, nil
}

//go:embed weights/wordvecs.bin
var embeddedWordVectors []byte

// defaultWordVectors parses the embedded table.
func defaultWordVectors() (*WordVectors, error) {
	t, err := readWordVectors(embeddedWordVectors)
	if err != nil {
		return nil, fmt.Errorf("embedded word vectors: %w", err)
	}
	return t, nil
}
