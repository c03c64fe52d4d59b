package train

import (
	"errors"
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"gonum.org/v1/gonum/mat"
)

// Solution is a closed-form least-squares solution, computed in float64 by gonum.
type Solution struct {
	W []float64 // the weights
	// Cond is the condition number of the matrix the method factorized: XᵀX for the normal equations, X for QR
	// and SVD. The normal equations square X's.
	Cond float64
	// Rank is the number of singular values SolveSVD kept; Cols() for the other methods.
	Rank int
}

// SolveNormal solves the normal equations XᵀXw = Xᵀy by Cholesky. It is the fastest method and the least accurate:
// XᵀX is as ill-conditioned as X squared. It fails if XᵀX is not numerically positive definite.
func SolveNormal[F kernels.Float](p *Problem[F]) (*Solution, error) {
	if err := p.made(); err != nil {
		return nil, err
	}
	X, y, err := p.dense()
	if err != nil {
		return nil, err
	}
	var a mat.SymDense
	a.SymOuterK(1, X.T())
	var b mat.VecDense
	b.MulVec(X.T(), y)
	var chol mat.Cholesky
	if !chol.Factorize(&a) {
		return nil, fmt.Errorf("train: SolveNormal: XᵀX is not positive definite (collinear features?): use SolveSVD")
	}
	var w mat.VecDense
	if err := chol.SolveVecTo(&w, &b); err != nil && !isCondition(err) {
		return nil, err
	}
	return &Solution{W: w.RawVector().Data, Cond: chol.Cond(), Rank: p.cols}, nil
}

// SolveQR solves min ‖Xw − y‖ through X = QR, which never forms XᵀX. It needs at least as many samples as features
// and X of full column rank.
func SolveQR[F kernels.Float](p *Problem[F]) (*Solution, error) {
	if err := p.made(); err != nil {
		return nil, err
	}
	if p.Rows() < p.cols {
		return nil, fmt.Errorf("train: SolveQR: %d samples for %d features: use SolveSVD", p.Rows(), p.cols)
	}
	X, y, err := p.dense()
	if err != nil {
		return nil, err
	}
	var qr mat.QR
	qr.Factorize(X)
	var w mat.VecDense
	if err := qr.SolveVecTo(&w, false, y); err != nil {
		if !isCondition(err) || math.IsInf(qr.Cond(), 1) {
			return nil, fmt.Errorf("train: SolveQR: %w: use SolveSVD", err)
		}
	}
	return &Solution{W: w.RawVector().Data, Cond: qr.Cond(), Rank: p.cols}, nil
}

// SolveSVD returns the minimum-norm least-squares solution through the singular value decomposition, dropping the
// singular values below rcond times the largest (rcond ≤ 0 means machine ε times the larger dimension, numpy's
// lstsq default). It works for any X, rank-deficient or with fewer samples than features.
func SolveSVD[F kernels.Float](p *Problem[F], rcond float64) (*Solution, error) {
	if math.IsNaN(rcond) || rcond >= 1 {
		return nil, fmt.Errorf("train: SolveSVD: rcond=%v, want < 1", rcond)
	}
	if err := p.made(); err != nil {
		return nil, err
	}
	X, y, err := p.dense()
	if err != nil {
		return nil, err
	}
	if rcond <= 0 {
		rcond = 0x1p-52 * float64(max(p.Rows(), p.cols))
	}
	var svd mat.SVD
	if !svd.Factorize(X, mat.SVDThin) {
		return nil, fmt.Errorf("train: SolveSVD: the decomposition did not converge")
	}
	rank := svd.Rank(rcond)
	if rank == 0 {
		return nil, fmt.Errorf("train: SolveSVD: X is zero")
	}
	var w mat.VecDense
	svd.SolveVecTo(&w, y, rank)
	return &Solution{W: w.RawVector().Data, Cond: svd.Cond(), Rank: rank}, nil
}

// made rejects a nil Problem and one not made by NewProblem (the zero value has no rows), which gonum's
// factorizations would panic on.
func (p *Problem[F]) made() error {
	switch {
	case p == nil:
		return fmt.Errorf("train: nil problem")
	case p.cols == 0:
		return fmt.Errorf("train: empty problem: make it with NewProblem")
	}
	return nil
}

// dense copies the problem's samples into gonum's float64 matrices, rejecting values that are not finite (gonum's
// factorizations would return garbage or panic).
func (p *Problem[F]) dense() (*mat.Dense, *mat.VecDense, error) {
	n := p.Rows()
	X := mat.NewDense(n, p.cols, nil)
	y := mat.NewVecDense(n, nil)
	for i := range n {
		r := p.rowIndex(i)
		yi := float64(p.y[r])
		if !finite(yi) {
			return nil, nil, fmt.Errorf("train: y[%d]=%v is not finite", r, yi)
		}
		y.SetVec(i, yi)
		for j, xj := range p.x[r*p.cols : (r+1)*p.cols] {
			if !finite(float64(xj)) {
				return nil, nil, fmt.Errorf("train: X[%d][%d]=%v is not finite", r, j, xj)
			}
			X.Set(i, j, float64(xj))
		}
	}
	return X, y, nil
}

// isCondition reports whether err is gonum's warning that a matrix is ill-conditioned: the solution was still
// computed, and an ill-conditioned problem is one the caller may well be studying.
func isCondition(err error) bool {
	var c mat.Condition
	return errors.As(err, &c)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Comparison measures how far trained weights are from a reference solution.
type Comparison struct {
	MaxAbsDiff float64 // maxⱼ |wⱼ − refⱼ|
	RelErr     float64 // ‖w − ref‖₂ / ‖ref‖₂ (the absolute error when ref is 0)
}

// Compare compares w with ref, weight by weight.
func Compare[F kernels.Float](w []F, ref []float64) (Comparison, error) {
	if len(w) != len(ref) {
		return Comparison{}, fmt.Errorf("train: Compare: len(w)=%d, len(ref)=%d", len(w), len(ref))
	}
	var c Comparison
	var d2, r2 float64
	for j, wj := range w {
		d := float64(wj) - ref[j]
		c.MaxAbsDiff = math.Max(c.MaxAbsDiff, math.Abs(d))
		d2 += float64(d * d)
		r2 += float64(ref[j] * ref[j])
	}
	c.RelErr = math.Sqrt(d2)
	if r2 > 0 {
		c.RelErr /= math.Sqrt(r2)
	}
	return c, nil
}
