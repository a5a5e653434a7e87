//go:build unix

package monitor

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPollUnchanged polls 200 feeds whose outlet answers 304 (the
// stored ETag matches), as the monitor does on a quiet day: a
// conditional GET and the poll's record per feed. The CPU time counted
// is the whole process's, the test server's answers included, so it is
// an upper bound. bare-get is the baseline: the same conditional GET
// with net/http alone, nothing read or written.
func BenchmarkPollUnchanged(b *testing.B) {
	const feeds = 200
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"same"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"same"`)
		w.Write([]byte(`<rss><channel><title>Quiet</title></channel></rss>`))
	}))
	b.Cleanup(srv.Close)
	ctx := context.Background()

	b.Run("monitor", func(b *testing.B) {
		s := newStore(b)
		m := New(s, Options{})
		for i := range feeds {
			f := addFeed(b, s, fmt.Sprintf("%s/feed/%d.xml", srv.URL, i), true)
			if err := m.Poll(ctx, *f); err != nil { // primes the ETag
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		start := cpuTime(b)
		for b.Loop() {
			fs, err := s.Feeds(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range fs {
				if err := m.Poll(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(cpuTime(b)-start)/float64(time.Millisecond)/float64(b.N*feeds), "cpu-ms/feed")
	})
	b.Run("bare-get", func(b *testing.B) {
		client := &http.Client{}
		start := cpuTime(b)
		for b.Loop() {
			for i := range feeds {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/feed/%d.xml", srv.URL, i), nil)
				req.Header.Set("If-None-Match", `"same"`)
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
		b.ReportMetric(float64(cpuTime(b)-start)/float64(time.Millisecond)/float64(b.N*feeds), "cpu-ms/feed")
	})
}
