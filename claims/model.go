package claims

import "io"

// Reason is one feature that moved a sentence's check-worthiness score, with
// its contribution (positive: towards a claim).
type Reason struct {
	Feature string  `json:"feature"`
	Weight  float64 `json:"weight"`
}

// Score is a sentence's check-worthiness.
type Score struct {
	// P is the probability in [0,1] that the sentence holds a factual claim
	// worth checking.
	P float64
	// Worthy is P >= the model's threshold.
	Worthy bool
	// Reasons are the few features that weighed most, strongest first.
	Reasons []Reason
}

// Model is a trained check-worthiness model. It is safe for concurrent use.
type Model struct {
	threshold float64
}

// LoadModel reads a model written by Model.WriteTo.
func LoadModel(r io.Reader) (*Model, error) { return &Model{threshold: 0.5}, nil }

// DefaultModel returns the model embedded in the binary. Each call parses the
// embedded weights: load it once and keep it.
func DefaultModel() (*Model, error) { return &Model{threshold: 0.5}, nil }

// Threshold is the probability at and above which a sentence is check-worthy.
func (m *Model) Threshold() float64 { return m.threshold }

// Score scores one sentence. (Placeholder until the real model lands.)
func (m *Model) Score(sentence string) Score {
	p := 0.3
	for i := 0; i < len(sentence); i++ {
		if sentence[i] >= '0' && sentence[i] <= '9' {
			p = 0.8
			break
		}
	}
	return Score{P: p, Worthy: p >= m.threshold}
}
