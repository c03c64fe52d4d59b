package train

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// Synthetic returns the notebooks' synthetic regression data: rows samples of cols features, feature j uniform in
// (−5, 5) and scaled by 2j+1, so that the columns' scales differ and the loss's contours are elongated, and targets
// y = Xw + ε with ε ~ N(0, noise²). The same seed gives the same data.
func Synthetic[F kernels.Float](rows, cols int, w []float64, noise float64, seed uint64) (X, y []F, err error) {
	switch {
	case rows <= 0 || cols <= 0:
		return nil, nil, fmt.Errorf("train: Synthetic: %d×%d, want positive dimensions", rows, cols)
	case len(w) != cols:
		return nil, nil, fmt.Errorf("train: Synthetic: len(w)=%d, want cols=%d", len(w), cols)
	case !(noise >= 0) || math.IsInf(noise, 0):
		return nil, nil, fmt.Errorf("train: Synthetic: noise=%v, want finite and ≥ 0", noise)
	case rows > math.MaxInt/cols:
		return nil, nil, fmt.Errorf("train: Synthetic: %d×%d is too large", rows, cols)
	}
	for j, wj := range w {
		if !finite(wj) {
			return nil, nil, fmt.Errorf("train: Synthetic: w[%d]=%v is not finite", j, wj)
		}
	}
	src := newPCG(seed, 0)
	gauss := newPCG(seed, 1)
	X, y = make([]F, rows*cols), make([]F, rows)
	for i := range rows {
		var t float64
		for j := range cols {
			x := F((float64(10*uniform(src)) - 5) * float64(2*j+1))
			X[i*cols+j] = x
			t += float64(float64(x) * w[j])
		}
		y[i] = F(t + float64(noise*normal(gauss)))
	}
	return X, y, nil
}
