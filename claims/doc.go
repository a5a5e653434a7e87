// Package claims turns an article's text into checkable claims: sentence
// segmentation with byte offsets (Segment, from package claims/segment),
// check-worthiness scoring with an embedded model (Model.Score), speaker
// attribution, claim kinds and clause splitting (Model.Extract), and claim
// similarity. Words are found by the one scanner of package claims/words.
//
// It is pure: no database, no HTTP, no package-level state. It imports the
// standard library and its own sub-packages, and must not import any other
// claimdesk package.
package claims
