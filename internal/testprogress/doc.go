// Command testprogress turns the JSON stream of `go test -json` into
// progress a person can follow through a long `make test`: a line when a
// package's tests start, one when they end (ok, FAIL, or without tests)
// with the time they took, a line naming what still runs after a minute
// without news, and a summary. A failure is never shortened: the whole
// output of every failing test, of a package that failed outside its
// tests (a panic, a timeout, TestMain) and of a build that failed is
// printed. Lines that are not JSON (the go command's own errors) are
// passed through as they are.
//
// It exits 1 when anything failed, when no test result was read at all,
// or when the stream ended with a package still running (the go command
// was stopped); the Makefile also keeps go test's own exit status
// (pipefail), so neither can hide the other's failure.
//
// Usage:
//
//	go test -json ./... 2>&1 | testprogress
//
// It is a tool of the project's own (standard library only), built by
// `make test` into bin/; nothing in the product imports it.
package main
