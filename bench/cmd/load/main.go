// Command load asks a running server for each of its URLs from many
// clients at once, one URL after the other, and prints each one's
// throughput and latency: the 64-client figures of docs/BENCHMARKS.md
// ("Pages at the scale of an archive"), /healthz and a claim page in the
// same run on the same server.
//
//	load -c 64 -d 10s -cookie 'claimdesk_session=...' http://127.0.0.1:8116/healthz http://127.0.0.1:8116/claims/500000
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	clients := flag.Int("c", 64, "clients asking at once")
	dur := flag.Duration("d", 10*time.Second, "how long to ask each URL")
	cookie := flag.String("cookie", "", "Cookie header to send (a logged-in session)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: load [-c N] [-d DURATION] [-cookie COOKIE] URL...")
		os.Exit(2)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	for _, u := range flag.Args() {
		if err := run(client, u, *cookie, *clients, *dur); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
	}
}

// run asks u from n clients for d and prints what it measured.
func run(client *http.Client, u, cookie string, n int, d time.Duration) error {
	var mu sync.Mutex
	var lat []time.Duration
	var failed error
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(stop) {
				req, err := http.NewRequest("GET", u, nil)
				if err != nil {
					mu.Lock()
					failed = err
					mu.Unlock()
					return
				}
				if cookie != "" {
					req.Header.Set("Cookie", cookie)
				}
				t := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: status %d", u, resp.StatusCode)
					}
				}
				if err != nil {
					mu.Lock()
					failed = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if failed != nil {
		return failed
	}
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("%-40s %8d requests %9.1f/s  p50 %8.2f ms  p99 %8.2f ms\n", u, len(lat), float64(len(lat))/elapsed.Seconds(),
		float64(pct(0.50).Microseconds())/1000, float64(pct(0.99).Microseconds())/1000)
	return nil
}
