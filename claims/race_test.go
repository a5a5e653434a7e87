//go:build race

package claims

// raceEnabled says the tests run under the race detector.
const raceEnabled = true
