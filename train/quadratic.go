package train

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// Quadratic is a problem's objective written as the quadratic form it is: L(w) = k·(wᵀAw − 2bᵀw + c) with
// A = XᵀX, b = Xᵀy, c = yᵀy, and k = 1/n for MSE or 1 for SSE, accumulated in float64 in one pass over the
// samples. Evaluating it then costs O(d²) instead of a pass: loss surfaces and loss curves evaluate the objective at
// thousands of points.
type Quadratic struct {
	a    [][]float64
	b    []float64
	c, k float64
}

// NewQuadratic accumulates p's quadratic form.
func NewQuadratic[F kernels.Float](p *Problem[F], obj Objective) (*Quadratic, error) {
	if p == nil {
		return nil, fmt.Errorf("train: NewQuadratic: nil problem")
	}
	if err := obj.validate(); err != nil {
		return nil, err
	}
	d := p.cols
	q := &Quadratic{a: make([][]float64, d), b: make([]float64, d), k: obj.perSample(p.Rows())}
	for j := range q.a {
		q.a[j] = make([]float64, d)
	}
	for i := range p.Rows() {
		r := p.rowIndex(i)
		x, y := p.x[r*d:(r+1)*d], float64(p.y[r])
		q.c += float64(y * y)
		for j, xj := range x {
			q.b[j] += float64(float64(xj) * y)
			for l, xl := range x {
				q.a[j][l] += float64(float64(xj) * float64(xl))
			}
		}
	}
	return q, nil
}

// Loss returns L(w). Near the minimum it loses relative accuracy to cancellation (the terms are each larger than
// their sum); Excess does not.
func (q *Quadratic) Loss(w []float64) (float64, error) {
	if len(w) != len(q.b) {
		return 0, fmt.Errorf("train: Quadratic.Loss: len(w)=%d, want %d", len(w), len(q.b))
	}
	s := q.c
	for j, wj := range w {
		s -= float64(2 * q.b[j] * wj)
		s += float64(wj * q.form(j, w))
	}
	return float64(q.k * s), nil
}

// Excess returns L(w) − L(ref) for a minimizer ref (the closed form), as k·(w − ref)ᵀA(w − ref): the gradient
// vanishes at ref, so the difference is exactly this quadratic term, computed without cancellation however small
// it is. Convergence plots draw it on a log scale.
func (q *Quadratic) Excess(w, ref []float64) (float64, error) {
	if len(w) != len(q.b) || len(ref) != len(q.b) {
		return 0, fmt.Errorf("train: Quadratic.Excess: len(w)=%d, len(ref)=%d, want %d", len(w), len(ref), len(q.b))
	}
	d := make([]float64, len(w))
	for j := range d {
		d[j] = w[j] - ref[j]
	}
	var s float64
	for j, dj := range d {
		s += float64(dj * q.form(j, d))
	}
	return float64(q.k * s), nil
}

// form returns row j of A times v.
func (q *Quadratic) form(j int, v []float64) float64 {
	var s float64
	for l, vl := range v {
		s += float64(q.a[j][l] * vl)
	}
	return s
}
