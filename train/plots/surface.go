package plots

import (
	"fmt"
	"math"
)

// Surface is a function sampled on a rectangular grid: Z[j][i] is its value at (X[i], Y[j]).
type Surface struct {
	X, Y           []float64   // the grid's coordinates, increasing
	Z              [][]float64 // a row per y, a value per x
	XLabel, YLabel string      // the axes' labels
}

// NewSurface samples f on nx×ny evenly spaced points of [x0, x1]×[y0, y1], for a contour plot: for a loss, f
// varies two weights and holds the others.
func NewSurface(f func(x, y float64) float64, x0, x1 float64, nx int, y0, y1 float64, ny int) (*Surface, error) {
	if nx < 2 || ny < 2 || !(x0 < x1) || !(y0 < y1) || math.IsInf(x1-x0, 0) || math.IsInf(y1-y0, 0) {
		return nil, fmt.Errorf("plots: NewSurface: %d×%d points over [%v, %v]×[%v, %v]", nx, ny, x0, x1, y0, y1)
	}
	s := &Surface{X: make([]float64, nx), Y: make([]float64, ny), Z: make([][]float64, ny)}
	for i := range s.X {
		s.X[i] = x0 + (x1-x0)*float64(i)/float64(nx-1)
	}
	for j := range s.Y {
		s.Y[j] = y0 + (y1-y0)*float64(j)/float64(ny-1)
		s.Z[j] = make([]float64, nx)
		for i, x := range s.X {
			s.Z[j][i] = f(x, s.Y[j])
		}
	}
	return s, nil
}

// validate checks what a contour needs: increasing finite coordinates, a full grid of values, and values that
// span a range.
func (s *Surface) validate() (lo, hi float64, err error) {
	if s == nil || len(s.X) < 2 || len(s.Y) < 2 || len(s.Z) != len(s.Y) {
		return 0, 0, fmt.Errorf("plots: the surface is not a grid of at least 2×2 points")
	}
	for _, axis := range [][]float64{s.X, s.Y} {
		for i := 1; i < len(axis); i++ {
			if !(axis[i] > axis[i-1]) || math.IsInf(axis[i], 0) || math.IsInf(axis[0], 0) {
				return 0, 0, fmt.Errorf("plots: the surface's coordinates do not increase: %v", axis)
			}
		}
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range s.Z {
		if len(row) != len(s.X) {
			return 0, 0, fmt.Errorf("plots: a row of the surface has %d values, want %d", len(row), len(s.X))
		}
		for _, z := range row {
			if math.IsNaN(z) || math.IsInf(z, 0) {
				return 0, 0, fmt.Errorf("plots: the surface holds %v", z)
			}
			lo, hi = math.Min(lo, z), math.Max(hi, z)
		}
	}
	if !(lo < hi) {
		return 0, 0, fmt.Errorf("plots: the surface is flat")
	}
	return lo, hi, nil
}

// grid shows a Surface to gonum/plot as a plotter.GridXYZ.
type grid struct{ s *Surface }

// Dims returns the numbers of columns (x values) and rows (y values).
func (g grid) Dims() (c, r int) { return len(g.s.X), len(g.s.Y) }

// Z returns the value at column c, row r.
func (g grid) Z(c, r int) float64 { return g.s.Z[r][c] }

// X returns column c's x.
func (g grid) X(c int) float64 { return g.s.X[c] }

// Y returns row r's y.
func (g grid) Y(r int) float64 { return g.s.Y[r] }
