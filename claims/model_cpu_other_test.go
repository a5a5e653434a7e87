//go:build !unix

package claims

import (
	"testing"
	"time"
)

// modelCPUTime is unknown here: the benchmarks report no CPU-time figure.
func modelCPUTime(b *testing.B) time.Duration { return 0 }
