package train

import (
	"math"

	"github.com/fastgrad/fastgrad/detmath"
)

// cholesky is the factor L of a symmetric positive definite matrix A = LLᵀ, row-major n×n (the upper triangle
// zero). It is the GP's own rather than gonum's so that a fit gives the same bits on every CPU: every sum runs in
// index order with each product rounded, where gonum's BLAS is assembly with its own order on amd64 and Go
// (fused into multiply-adds) on arm64. The GP's matrices are a search's few hundred points at most, so the
// unblocked algorithm costs nothing that matters.
type cholesky struct {
	n int
	l []float64
}

// factorCholesky returns the factor of a + diag·I, reading a's lower triangle (row-major n×n), or false if a pivot
// is not positive: a + diag·I is not numerically positive definite.
func factorCholesky(a []float64, n int, diag float64) (*cholesky, bool) {
	l := make([]float64, n*n)
	for j := range n {
		rj := l[j*n : j*n+j]
		d := a[j*n+j] + diag
		for _, v := range rj {
			d -= float64(v * v)
		}
		if !(d > 0) || math.IsInf(d, 0) {
			return nil, false
		}
		d = math.Sqrt(d)
		l[j*n+j] = d
		for i := j + 1; i < n; i++ {
			s := a[i*n+j]
			for k, v := range l[i*n : i*n+j] {
				s -= float64(v * rj[k])
			}
			l[i*n+j] = s / d
		}
	}
	return &cholesky{n, l}, true
}

// solveLower overwrites b with the solution x of Lx = b.
func (c *cholesky) solveLower(b []float64) {
	for i := range c.n {
		s := b[i]
		for k, v := range c.l[i*c.n : i*c.n+i] {
			s -= float64(v * b[k])
		}
		b[i] = s / c.l[i*c.n+i]
	}
}

// solveUpper overwrites b with the solution x of Lᵀx = b.
func (c *cholesky) solveUpper(b []float64) {
	for i := c.n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < c.n; k++ {
			s -= float64(c.l[k*c.n+i] * b[k])
		}
		b[i] = s / c.l[i*c.n+i]
	}
}

// logDet returns log det A = 2·Σ log Lᵢᵢ, summed in index order.
func (c *cholesky) logDet() float64 {
	var s float64
	for i := range c.n {
		s += detmath.Log(c.l[i*c.n+i])
	}
	return float64(2 * s)
}
