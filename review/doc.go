// Package review is the workbench: articles, claims, sources and evidence,
// statuses and verdicts, assignments, comments, people and roles, sessions,
// settings and the history of every change, stored in SQLite.
//
// Every rule of the workflow (who may do what, which transitions are
// allowed) lives here, each in one place. It imports claimdesk (the
// database) and claims (the engine); it must not import web or cmd.
package review
