// Package claims turns an article's text into checkable claims: sentence
// segmentation with byte offsets (Segment), check-worthiness scoring with an
// embedded model (Model.Score), speaker attribution, claim kinds and clause
// splitting (Model.Extract), and claim similarity.
//
// It is pure: no database, no HTTP, no package-level state. It imports only
// the standard library and must not import any other claimdesk package.
package claims
