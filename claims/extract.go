package claims

// Kind is what sort of statement a claim is.
type Kind string

// The kinds of claim.
const (
	KindStatistic  Kind = "statistic"
	KindQuote      Kind = "quote"
	KindEvent      Kind = "event"
	KindComparison Kind = "comparison"
	KindPrediction Kind = "prediction"
	KindOther      Kind = "other"
)

// Claim is a candidate checkable statement: the bytes text[Start:End].
type Claim struct {
	Start   int     `json:"start"`
	End     int     `json:"end"`
	Text    string  `json:"text"`
	Score   float64 `json:"score"`
	Kind    Kind    `json:"kind"`
	Speaker string  `json:"speaker"`
	// Worthy is Score at or above the model's threshold; claims under it
	// are candidates a reviewer can promote.
	Worthy  bool     `json:"-"`
	Reasons []Reason `json:"-"`
}

// Extract returns the candidate claims of text, in text order: those under
// the threshold too (Worthy false), but never lines that are not statements
// (titles, navigation such as "All news").
// (Placeholder until the real extractor lands.)
func (m *Model) Extract(text string) []Claim {
	var out []Claim
	for _, s := range Segment(text) {
		t := text[s.Start:s.End]
		sc := m.Score(t)
		out = append(out, Claim{Start: s.Start, End: s.End, Text: t, Score: sc.P, Kind: KindOther, Worthy: sc.Worthy, Reasons: sc.Reasons})
	}
	return out
}
