// Package claimdesk holds what every part of claimdesk shares: the database
// schema (schema.sql, embedded), opening a database with the right
// settings, and copying, restoring and checking a database file (backup.go).
// It must not import any other claimdesk package.
package claimdesk
