// Package monitor brings articles in by themselves: it polls the feeds
// (RSS 2.0, Atom, sitemaps) that admins add, on each feed's schedule, with
// conditional GETs and a back-off on errors, fetches each new item once
// and imports it through the store's one import path. Every connection it
// opens (the feed, each redirect, each item) passes a guard that refuses
// private and local addresses at connect time unless the feed allows them.
// Its Sender delivers the alerts' webhook outbox beside the poller:
// signed POSTs through the same guard, retried with a back-off, each
// rule's alerts in order.
//
// It owns fetching, parsing and scheduling; what is stored and every rule
// of the workbench (who may add a feed, what an article may be) are
// review's, and all SQL stays there. It imports review, the standard
// library and golang.org/x/net/html/charset (the encodings feeds declare);
// it must not import web or cmd. serve starts it and stops it by
// cancelling its context.
package monitor
