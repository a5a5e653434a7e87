//go:build !unix

package match

import (
	"testing"
	"time"
)

// cpuTime is unknown here: the benchmarks then report wall-clock rates only.
func cpuTime(b *testing.B) time.Duration { return 0 }
