// Package report turns the workbench's claims into the reports editors
// hand on: CSV for spreadsheets, a versioned JSON record (and its import),
// a Markdown brief, a self-contained HTML report and schema.org ClaimReview
// JSON-LD with the check that guards it; and it reads published
// fact-checks from ClaimReview feeds (ReadClaimReview).
//
// Every export reads the database with one snapshot (a read transaction on
// the read pool), ordered by article and claim, and writes as it goes, so
// memory stays flat however many claims there are. Evidence, comments and
// history come from further queries in the same order, merged in step.
//
// It imports review alone (the database comes through the store); it must
// not import web or cmd.
package report
