// Package match answers "has this been checked before?" for one text: it
// cleans tweets and other pasted text for the full-text index (Clean),
// writes the index query that finds candidates (Query), and re-ranks the
// candidates the index returns with a trained, calibrated model (Ranker).
//
// It is pure: no database, no HTTP, no package-level state that changes.
// It imports only the standard library; the index and its SQL belong to
// the store. The model's weights are embedded (weights.txt) and are
// rebuilt, byte for byte, by the trainer in internal/matchlab from the
// shared matching data (see docs/ARCHITECTURE.md).
package match
