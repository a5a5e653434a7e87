package claims

import "sync"

// foldMembers folds an ensemble into one model whose raw score is the mean
// of the members' raw scores, exactly (up to float32 rounding of the
// stored weights):
//
//   - the linear part is linear in its weights, so the mean of the
//     members' linear scores is the score of their mean weights and bias;
//   - a neural part is a sum over its units (and filters) of an output
//     weight times a rectified unit, so the mean of the members' parts is
//     the sum over all their units side by side, each output weight
//     divided by the number of members.
//
// The folded model is a model like any other: one pass scores it, the file
// format holds it, and its reasons split its score as a single model's do.
// The members share one feature configuration; the folded model is not
// calibrated (Train calibrates it).
func foldMembers(ms []*Model) *Model {
	k := len(ms)
	if k == 1 {
		return ms[0]
	}
	inv := 1 / float64(k)
	first := ms[0]
	m := &Model{cfg: first.cfg, weights: make([]float32, len(first.weights)), plattA: 1, threshold: 0.5, trainRows: first.trainRows}
	var bias float64
	for _, mm := range ms {
		bias += float64(mm.bias)
	}
	m.bias = float32(bias * inv)
	for i := range m.weights {
		var w float64
		for _, mm := range ms {
			w += float64(mm.weights[i])
		}
		m.weights[i] = float32(w * inv)
	}
	if first.nn == nil {
		return m
	}
	nn := &neural{}
	for _, mm := range ms {
		p := mm.nn
		nn.hidden += p.hidden
		nn.filters += p.filters
		nn.w1 = append(nn.w1, p.w1...)
		nn.b1 = append(nn.b1, p.b1...)
		nn.kc = append(nn.kc, p.kc...)
		nn.cc = append(nn.cc, p.cc...)
		for _, v := range p.v {
			nn.v = append(nn.v, float32(float64(v)*inv))
		}
		for _, u := range p.uc {
			nn.uc = append(nn.uc, float32(float64(u)*inv))
		}
	}
	m.nn = nn
	m.cfg.Hidden, m.cfg.Filters = uint8(nn.hidden), uint8(nn.filters)
	m.projOnce = new(sync.Once)
	return m
}
