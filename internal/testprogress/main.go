package main

import (
	"bufio"
	"os"
	"time"
)

func main() {
	p := newPrinter(os.Stdout, time.Now)
	lines := make(chan string)
	var readErr error // set before lines is closed, read after
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		sc.Buffer(make([]byte, 64<<10), 16<<20) // a test may print long lines
		for sc.Scan() {
			lines <- sc.Text()
		}
		readErr = sc.Err()
		close(lines)
	}()
	run(p, lines, time.NewTicker(10*time.Second).C)
	if readErr != nil {
		p.readFailed(readErr)
	}
	os.Exit(p.finish())
}

// run feeds the printer every line until the stream ends, and lets it say
// what still runs on each tick.
func run(p *printer, lines <-chan string, tick <-chan time.Time) {
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return
			}
			p.line(l)
		case <-tick:
			p.heartbeat()
		}
	}
}
