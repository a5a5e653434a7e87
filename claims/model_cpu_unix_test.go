//go:build unix

package claims

import (
	"syscall"
	"testing"
	"time"
)

// modelCPUTime is the CPU time the process has used so far (all threads, the
// collector's included). On a busy shared machine it measures the work
// of a benchmark far more steadily than the wall clock does.
func modelCPUTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
