// Package segment cuts a text into sentences with byte offsets (Split): the
// rules for full stops after abbreviations and initials, quotations with
// their attribution, ellipses, titles, list items and line breaks are in
// segment.go; those for boundaries no punctuation marks (time stamps,
// addresses, separator lines, smileys, photo credits, date lines) in
// layout.go.
//
// It is pure: text in, spans out, no package state that changes. It imports
// the standard library and claimdesk/claims/words (whose scanner finds the
// words it looks up) and nothing else; package claims re-exports it as
// claims.Segment and claims.Sentence.
package segment
