// Package bench compares claimdesk's sentence segmenter with other Go
// libraries on the same text: the golden rules each one passes and how many
// bytes per second each one segments. It is a module of its own so that the
// libraries it compares against never enter the product's go.mod.
// It imports claimdesk/claims and the libraries it compares; nothing in
// the product imports it.
package bench
