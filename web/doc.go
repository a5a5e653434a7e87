// Package web is claimdesk's HTTP face: the pages people work in, the JSON
// API scripts and content systems call, sessions and the middleware around
// every request.
//
// It owns one route table (routes.go), handlers that are methods on Server
// (one file per resource), the embedded templates and static files, and
// the one wrapper that turns errors into status codes and pages. Every rule
// of who may do what lives in package review; handlers parse, call review,
// then render or redirect. web imports review, review/report and claims;
// it must not import cmd, and nothing imports web but the command.
package web
