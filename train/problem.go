package train

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// Problem is a linear least-squares problem: the rows of a row-major matrix X and their targets y, or a subset of
// them (a cross-validation fold). It only reads X and y, which stay the caller's.
type Problem[F kernels.Float] struct {
	x, y []F
	cols int
	rows []int // the rows of X this problem holds, in order; nil for all of them
}

// NewProblem returns the problem of fitting y ≈ Xw, where X holds len(y) rows of cols features each, row after row.
func NewProblem[F kernels.Float](X, y []F, cols int) (*Problem[F], error) {
	switch {
	case cols <= 0:
		return nil, fmt.Errorf("train: NewProblem: cols=%d, want > 0", cols)
	case len(y) == 0:
		return nil, fmt.Errorf("train: NewProblem: no rows (len(y)=0)")
	case len(X)/cols != len(y) || len(X)%cols != 0:
		return nil, fmt.Errorf("train: NewProblem: len(X)=%d, want len(y)·cols=%d·%d", len(X), len(y), cols)
	}
	return &Problem[F]{x: X, y: y, cols: cols}, nil
}

// Rows returns the number of samples.
func (p *Problem[F]) Rows() int {
	if p.rows != nil {
		return len(p.rows)
	}
	return len(p.y)
}

// Cols returns the number of features, the length of a weight vector.
func (p *Problem[F]) Cols() int { return p.cols }

// Row returns sample i's features and target; i counts from 0 within the problem (a subset's own order). The row
// is a view of X, not a copy.
func (p *Problem[F]) Row(i int) (x []F, y F, err error) {
	if i < 0 || i >= p.Rows() {
		return nil, 0, fmt.Errorf("train: Row(%d) out of range [0, %d)", i, p.Rows())
	}
	r := p.rowIndex(i)
	return p.x[r*p.cols : (r+1)*p.cols], p.y[r], nil
}

// rowIndex maps a sample number to its row of X.
func (p *Problem[F]) rowIndex(i int) int {
	if p.rows != nil {
		return p.rows[i]
	}
	return i
}

// Subset returns the problem restricted to the samples listed, in that order, numbered within p (so subsets of
// subsets compose). It shares X and y: nothing is copied but the list. A sample may not be listed twice.
func (p *Problem[F]) Subset(samples []int) (*Problem[F], error) {
	if len(samples) == 0 {
		return nil, fmt.Errorf("train: Subset: no samples")
	}
	n := p.Rows()
	seen := make([]bool, n)
	rows := make([]int, len(samples))
	for k, i := range samples {
		if i < 0 || i >= n {
			return nil, fmt.Errorf("train: Subset: samples[%d]=%d out of range [0, %d)", k, i, n)
		}
		if seen[i] {
			return nil, fmt.Errorf("train: Subset: sample %d listed twice", i)
		}
		seen[i] = true
		rows[k] = p.rowIndex(i)
	}
	return &Problem[F]{x: p.x, y: p.y, cols: p.cols, rows: rows}, nil
}

// Loss returns the objective at w over every sample.
func (p *Problem[F]) Loss(obj Objective, w []F) (F, error) {
	g := make([]F, p.cols)
	return p.Gradient(obj, g, w)
}

// Gradient writes the objective's gradient at w into g and returns the objective, in one pass over the samples.
func (p *Problem[F]) Gradient(obj Objective, g, w []F) (F, error) {
	if err := obj.validate(); err != nil {
		return 0, err
	}
	if len(w) != p.cols || len(g) != p.cols {
		return 0, fmt.Errorf("train: Gradient: len(w)=%d, len(g)=%d, want Cols()=%d", len(w), len(g), p.cols)
	}
	return p.gradient(obj, g, nil, w), nil
}

// gradient is Gradient without the checks, also writing the residuals when r is not nil.
func (p *Problem[F]) gradient(obj Objective, g, r, w []F) F {
	n := p.Rows()
	s := F(obj.gradScale(n))
	var sum F
	if p.rows == nil {
		sum = kernels.LeastSquares(g, r, p.x, p.y, w, s)
	} else {
		sum = kernels.LeastSquaresBatch(g, r, p.x, p.y, w, p.rows, s)
	}
	return scaledLoss(obj, sum, n)
}

// sameShape reports whether q can stand in for p's samples: the same number of features.
func (p *Problem[F]) sameShape(q *Problem[F]) error {
	if q.cols != p.cols {
		return fmt.Errorf("train: validation problem has %d columns, want %d", q.cols, p.cols)
	}
	return nil
}
