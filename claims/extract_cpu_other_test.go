//go:build !unix

package claims

import "time"

// extractCPUTime is unknown here; benchmarks then report wall-clock rates only.
func extractCPUTime() time.Duration { return 0 }
