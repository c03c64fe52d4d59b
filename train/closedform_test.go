package train

import (
	"math"
	"testing"
)

func TestClosedFormsAgree(t *testing.T) {
	p, _ := synthetic[float64](t, 300, 4, 10)
	normal, err := SolveNormal(p)
	if err != nil {
		t.Fatal(err)
	}
	qr, err := SolveQR(p)
	if err != nil {
		t.Fatal(err)
	}
	svd, err := SolveSVD(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Solution{normal, svd} {
		if e := relErr(t, s.W, qr.W); e > 1e-12 || s.Rank != 4 {
			t.Errorf("%v differs from QR's %v by %.3g (rank %d)", s.W, qr.W, e, s.Rank)
		}
	}
	// The gradient vanishes at the solution.
	g := make([]float64, 4)
	if _, err := p.Gradient(MSE, g, qr.W); err != nil {
		t.Fatal(err)
	}
	for _, gj := range g {
		if math.Abs(gj) > 1e-12 {
			t.Errorf("gradient %v at the solution", g)
		}
	}
	// The normal equations square the condition number.
	if r := normal.Cond / (svd.Cond * svd.Cond); r < 0.5 || r > 2 {
		t.Errorf("cond(XᵀX) = %.4g, cond(X)² = %.4g", normal.Cond, svd.Cond*svd.Cond)
	}
}

// With collinear columns the SVD returns the minimum-norm solution: here the duplicated column's weight is split
// evenly.
func TestSVDRankDeficient(t *testing.T) {
	X := []float64{1, 1, 2, 2, 3, 3, 4, 4}
	y := []float64{2, 4, 6, 8}
	p, _ := NewProblem(X, y, 2)
	s, err := SolveSVD(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Rank != 1 || math.Abs(s.W[0]-1) > 1e-12 || math.Abs(s.W[1]-1) > 1e-12 {
		t.Errorf("rank %d, w = %v, want rank 1 and (1, 1)", s.Rank, s.W)
	}
	// A subset is solved over its own rows.
	sub, _ := p.Subset([]int{3, 0})
	if s, err := SolveSVD(sub, 0); err != nil || math.Abs(s.W[0]-1) > 1e-12 {
		t.Errorf("subset: %v, %v", s, err)
	}
}
