// Package review is the workbench: articles, claims, sources and evidence,
// statuses and verdicts, assignments, comments, people and roles, sessions,
// settings and the history of every change, stored in SQLite; the archive
// of published fact-checks, and "checked before?" matching: MatchText for
// any text, and the matcher (MatchPending, RunMatcher) that stores each
// claim's top matches after an import has committed.
//
// Every rule of the workflow (who may do what, which transitions are
// allowed, what a change to a claim means, what text is acceptable) lives
// here, each in one place. All the product's SQL is here too (db.go in the
// root package aside): reports read through a Snapshot and bulk writes go
// through a Loader; no exported method takes SQL or hands out the
// database. It imports claimdesk (the database), claims (the engine) and
// claims/match (the ranker); it must not import web or cmd.
package review
