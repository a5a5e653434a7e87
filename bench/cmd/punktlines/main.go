// Command punktlines prints the sentences neurosnap/sentences' English
// tokenizer finds in FILE, one a line (newlines inside a sentence become
// spaces): the peer that `claimdesk sentences FILE` is timed against as a
// whole process (see ./cmd/speed).
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/neurosnap/sentences/english"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "punktlines:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: punktlines FILE")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	oneLine := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")
	for _, s := range tok.Tokenize(string(data)) {
		w.WriteString(oneLine.Replace(strings.TrimSpace(s.Text)))
		w.WriteByte('\n')
	}
	return w.Flush()
}
