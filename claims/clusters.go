package claims

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sort"
	"strings"
)

// Clusters sorts words into groups of words used alike (by their GloVe
// vectors), so that a word the training data never saw still counts
// through the group it belongs to. Words are kept by their hash (hashWord
// with the word seed), as the features see them; each group is named by
// its three most frequent words.
type Clusters struct {
	hashes []uint32 // sorted
	ids    []uint8
	names  []string
	// added counts the words added to each cluster, to name it by the first
	// three.
	added []int
	// table finds a word's place in hashes, about one cache miss a lookup.
	table hashIndex
}

// maxClusters is the most clusters a table may have (an id is one byte).
const maxClusters = 256

// NewClusters returns an empty table of k clusters (k at most 256).
func NewClusters(k int) *Clusters {
	k = min(max(k, 1), maxClusters)
	return &Clusters{names: make([]string, k), added: make([]int, k)}
}

// Add puts word in cluster id. Add the words most frequent first: the first
// three of a cluster name it. A word whose hash is already there is
// skipped.
func (c *Clusters) Add(word string, id int) {
	if id < 0 || id >= len(c.names) {
		return
	}
	h := hashWord(kindSeed(kindWord), word, 0, len(word))
	i := sort.Search(len(c.hashes), func(i int) bool { return c.hashes[i] >= h })
	if i < len(c.hashes) && c.hashes[i] == h {
		return
	}
	c.hashes = append(c.hashes, 0)
	copy(c.hashes[i+1:], c.hashes[i:])
	c.hashes[i] = h
	c.ids = append(c.ids, 0)
	copy(c.ids[i+1:], c.ids[i:])
	c.ids[i] = uint8(id)
	if c.added[id] < 3 {
		if c.names[id] != "" {
			c.names[id] += ", "
		}
		c.names[id] += word
	}
	c.added[id]++
}

// index builds the lookup table of the words.
func (c *Clusters) index() { c.table = newHashIndex(c.hashes) }

// hashIndex finds a 32-bit word hash in a list of them: open addressing
// with linear probing, at most half full, so a lookup is about one cache
// miss.
type hashIndex struct {
	keys []uint32
	pos  []int32 // the hash's place in the list plus one; 0: empty
}

// newHashIndex indexes the distinct hashes hs.
func newHashIndex(hs []uint32) hashIndex {
	size := 16
	for size < 2*len(hs) {
		size *= 2
	}
	t := hashIndex{keys: make([]uint32, size), pos: make([]int32, size)}
	mask := uint32(size - 1)
	for k, h := range hs {
		i := mix(h) & mask
		for t.pos[i] != 0 {
			i = (i + 1) & mask
		}
		t.keys[i], t.pos[i] = h, int32(k)+1
	}
	return t
}

// find returns the place of h in the indexed list, or -1.
func (t *hashIndex) find(h uint32) int {
	if t.keys == nil {
		return -1
	}
	mask := uint32(len(t.keys) - 1)
	for i := mix(h) & mask; ; i = (i + 1) & mask {
		switch {
		case t.pos[i] == 0:
			return -1
		case t.keys[i] == h:
			return int(t.pos[i] - 1)
		}
	}
}

// The word tables (clusters, vectors) are files of a magic, a uint16 and a
// uint32 (what the table is and how many words), the body, and a CRC-32
// of all that.

// writeTable closes the table in b with its CRC-32 and writes it.
func writeTable(w io.Writer, b *bytes.Buffer) (int64, error) {
	b.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes())))
	n, err := w.Write(b.Bytes())
	return int64(n), err
}

// checkTable checks a table file's magic and its closing CRC-32 and
// returns its two numbers and its body.
func checkTable(p []byte, magic string, bad error) (a, n int, body []byte, err error) {
	if len(p) < len(magic)+6+4 || string(p[:len(magic)]) != magic {
		return 0, 0, nil, bad
	}
	le := binary.LittleEndian
	if crc32.ChecksumIEEE(p[:len(p)-4]) != le.Uint32(p[len(p)-4:]) {
		return 0, 0, nil, fmt.Errorf("%w: checksum mismatch", bad)
	}
	q := p[len(magic) : len(p)-4]
	return int(le.Uint16(q)), int(le.Uint32(q[2:])), q[6:], nil
}

const clustersMagic = "CDCWCLUS"

// WriteTo writes the table: the magic, the number of clusters and of
// words (uint16, uint32), each word's hash and cluster, each cluster's
// name (a length byte and the bytes), and a CRC-32 of all that.
func (c *Clusters) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	b.WriteString(clustersMagic)
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, uint16(len(c.names))))
	b.Write(le.AppendUint32(nil, uint32(len(c.hashes))))
	for i, h := range c.hashes {
		b.Write(le.AppendUint32(nil, h))
		b.WriteByte(c.ids[i])
	}
	for _, n := range c.names {
		if len(n) > 255 {
			n = n[:255]
		}
		b.WriteByte(byte(len(n)))
		b.WriteString(n)
	}
	return writeTable(w, &b)
}

// errBadClusters is returned for a cluster table that is not one.
var errBadClusters = errors.New("not a valid word-cluster table")

// readClusters reads a table written by WriteTo.
func readClusters(p []byte) (*Clusters, error) {
	k, n, q, err := checkTable(p, clustersMagic, errBadClusters)
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	if k == 0 || k > maxClusters || len(q) < 5*n {
		return nil, fmt.Errorf("%w: %d clusters, %d words", errBadClusters, k, n)
	}
	c := &Clusters{hashes: make([]uint32, n), ids: make([]uint8, n), names: make([]string, k)}
	for i := range n {
		c.hashes[i], c.ids[i] = le.Uint32(q), q[4]
		if int(c.ids[i]) >= k || i > 0 && c.hashes[i] <= c.hashes[i-1] {
			return nil, fmt.Errorf("%w: word %d", errBadClusters, i)
		}
		q = q[5:]
	}
	for i := range k {
		if len(q) < 1 || len(q) < 1+int(q[0]) {
			return nil, fmt.Errorf("%w: cut short", errBadClusters)
		}
		c.names[i] = strings.Clone(string(q[1 : 1+int(q[0])]))
		q = q[1+int(q[0]):]
	}
	if len(q) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the names", errBadClusters, len(q))
	}
	c.index()
	return c, nil
}

//go:embed weights/clusters.bin
var embeddedClusters []byte

// defaultClusters parses the embedded table.
func defaultClusters() (*Clusters, error) {
	c, err := readClusters(embeddedClusters)
	if err != nil {
		return nil, fmt.Errorf("embedded word clusters: %w", err)
	}
	return c, nil
}
