// Package claimdesk holds what every part of claimdesk shares: the database
// schema (schema.sql, embedded) and opening a database with the right
// settings. It must not import any other claimdesk package.
package claimdesk
