// Package report turns the workbench's claims into the reports editors
// hand on: CSV for spreadsheets, a versioned JSON record (and its import),
// a Markdown brief, a self-contained HTML report and schema.org ClaimReview
// JSON-LD with the check that guards it; and it reads published
// fact-checks from ClaimReview feeds (ReadClaimReview).
//
// Every export reads one review.Snapshot (a read transaction on the read
// pool), ordered by article and claim, and writes as it goes, so memory
// stays flat however many claims there are; the snapshot merges evidence,
// comments and history in step. The import hands the file's records to a
// review.Loader (one write transaction). The package holds no SQL: what is
// stored and how is review's; the formats are this package's.
//
// It imports review alone; it must not import web or cmd.
package report
