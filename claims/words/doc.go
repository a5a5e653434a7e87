// Package words is the one word scanner of package claims: what a word is
// (letters and digits, non-ASCII letters, apostrophes between letters,
// points and commas between digits), how it is folded for comparison
// (ASCII lower case, a curly apostrophe read as a straight one), and the
// byte classes both rest on. The sentence segmenter looks its words up
// through it, and the check-worthiness features hash the words it finds,
// so a change here changes every score of the embedded model (the golden
// scores test in package claims says so).
//
// It is pure byte scanning over UTF-8 text: no allocation, no package
// state beyond one constant table. It imports nothing, not even the
// standard library, and no claimdesk package imports it but claims and
// its sub-packages.
package words
