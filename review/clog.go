package review

// #cgo LDFLAGS: -lm
// #include <math.h>
import "C"

// cLog is the C library's natural logarithm: the one SQLite's bm25()
// takes its idf with. Go's math.Log may differ in the last bit, and the
// matcher's copy of the index must give bm25 to the bit.
func cLog(x float64) float64 { return float64(C.log(C.double(x))) }
