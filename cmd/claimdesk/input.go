package main

import (
	"fmt"
	"io"
	"os"
	"unsafe"

	"claimdesk/review"
)

// maxInputBytes caps what the text commands read: more is refused, not cut.
const maxInputBytes = 64 << 20

// readText reads the file named by args (or standard input when there is
// none, or it is "-") and checks it is text: not a directory, not binary,
// valid UTF-8. Errors are one line a person understands.
func readText(e *env, args []string) (string, error) {
	if len(args) > 1 {
		return "", usagef("give at most one FILE (got %d)", len(args))
	}
	name := "standard input"
	var r io.Reader = e.stdin
	var sizeHint int64
	if len(args) == 1 && args[0] != "-" {
		name = args[0]
		fi, err := os.Stat(name)
		if err != nil {
			if os.IsNotExist(err) {
				return "", fmt.Errorf("%s: no such file", name)
			}
			return "", fmt.Errorf("%s: %v", name, err)
		}
		if fi.IsDir() {
			return "", fmt.Errorf("%s: is a directory, not a text file", name)
		}
		f, err := os.Open(name)
		if err != nil {
			return "", fmt.Errorf("%s: cannot open: %v", name, err)
		}
		defer f.Close()
		r = f
		if fi.Mode().IsRegular() {
			sizeHint = fi.Size()
		}
	}
	data, err := readAll(r, sizeHint)
	if err != nil {
		return "", fmt.Errorf("%s: cannot read: %v", name, err)
	}
	if len(data) > maxInputBytes {
		return "", fmt.Errorf("%s: larger than %d MiB; split it into smaller files", name, maxInputBytes>>20)
	}
	if len(data) == 0 {
		return "", nil
	}
	// The bytes are ours alone and never written again: the text shares
	// them instead of copying a file of up to maxInputBytes.
	text := unsafe.String(&data[0], len(data))
	if p := review.TextProblem(text); p != "" {
		return "", fmt.Errorf("%s: %s", name, p)
	}
	return text, nil
}

// readAll reads r to its end or to maxInputBytes+1 bytes. With the size of
// a file known it reads into one buffer of that size, where io.ReadAll
// would grow a buffer step by step and copy the text each time.
func readAll(r io.Reader, sizeHint int64) ([]byte, error) {
	if sizeHint <= 0 || sizeHint > maxInputBytes {
		return io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	}
	// One byte more than the size, so a file that grew is still read to
	// its end (and refused past the limit).
	data := make([]byte, 0, sizeHint+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if len(data) > maxInputBytes {
			return data, nil
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
}
