//go:build unix

package match

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used so far (all threads, the
// collector's included). On a busy shared machine it measures a
// benchmark's work far more steadily than the wall clock does.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
