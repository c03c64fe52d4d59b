package train

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// Scaling is how a Scaler maps each feature.
type Scaling int

const (
	// Standardize maps feature j to (x − mean)/standard deviation (the population's, over the rows fitted).
	Standardize Scaling = iota + 1
	// MinMax maps feature j onto [0, 1]: (x − min)/(max − min).
	MinMax
)

// Scaler rescales features, column by column, so that gradient descent sees a rounder loss, and maps the weights
// learned on the scaled features back to the original units. Column j becomes (x − Shift[j])/Scale[j]. A constant
// column (the bias) is left as it is, and takes up the intercept the shifts of the others introduce.
type Scaler[F kernels.Float] struct {
	Kind         Scaling   // how the columns were fitted
	Shift, Scale []float64 // per column
	// Intercept is the first constant, nonzero column, which absorbs the shifts; −1 if there is none.
	Intercept int
	bias      float64 // the intercept column's value
}

// FitScaler computes the scaling of each column of the row-major X (cols columns), in float64.
func FitScaler[F kernels.Float](X []F, cols int, kind Scaling) (*Scaler[F], error) {
	if kind != Standardize && kind != MinMax {
		return nil, fmt.Errorf("train: FitScaler: unknown scaling %d", int(kind))
	}
	if err := checkMatrix(X, cols); err != nil {
		return nil, err
	}
	rows := len(X) / cols
	if rows == 0 {
		return nil, fmt.Errorf("train: FitScaler: no rows")
	}
	s := &Scaler[F]{Kind: kind, Shift: make([]float64, cols), Scale: make([]float64, cols), Intercept: -1}
	for j := range cols {
		lo, hi, mean := math.Inf(1), math.Inf(-1), 0.0
		for i := range rows {
			x := float64(X[i*cols+j])
			if !finite(x) {
				return nil, fmt.Errorf("train: FitScaler: X[%d][%d]=%v is not finite", i, j, x)
			}
			lo, hi = math.Min(lo, x), math.Max(hi, x)
			mean += x
		}
		mean /= float64(rows)
		if lo == hi {
			s.Shift[j], s.Scale[j] = 0, 1
			if lo != 0 && s.Intercept < 0 {
				s.Intercept, s.bias = j, lo
			}
			continue
		}
		if kind == MinMax {
			s.Shift[j], s.Scale[j] = lo, hi-lo
			continue
		}
		var ss float64
		for i := range rows {
			d := float64(X[i*cols+j]) - mean
			ss += float64(d * d)
		}
		s.Shift[j], s.Scale[j] = mean, math.Sqrt(ss/float64(rows))
	}
	return s, nil
}

// check rejects a Scaler that FitScaler did not make and that does not hold together.
func (s *Scaler[F]) check() error {
	if len(s.Shift) != len(s.Scale) || s.Intercept >= len(s.Shift) {
		return fmt.Errorf("train: Scaler: %d shifts, %d scales, intercept column %d", len(s.Shift), len(s.Scale), s.Intercept)
	}
	return nil
}

// Transform returns a scaled copy of the row-major X, which must have the columns the scaler was fitted on.
func (s *Scaler[F]) Transform(X []F) ([]F, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	cols := len(s.Shift)
	if err := checkMatrix(X, cols); err != nil {
		return nil, err
	}
	out := make([]F, len(X))
	for i := 0; i < len(X); i += cols {
		for j := range cols {
			out[i+j] = F((float64(X[i+j]) - s.Shift[j]) / s.Scale[j])
		}
	}
	return out, nil
}

// Weights maps weights w learned on scaled features to the weights of the same model on the original ones:
// Σⱼ wⱼ(xⱼ − Shiftⱼ)/Scaleⱼ = Σⱼ (wⱼ/Scaleⱼ)·xⱼ − Σⱼ wⱼ·Shiftⱼ/Scaleⱼ, the constant going to the intercept
// column. It fails if there is a constant to place and no intercept column to place it in.
func (s *Scaler[F]) Weights(w []F) ([]float64, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if len(w) != len(s.Shift) {
		return nil, fmt.Errorf("train: Scaler.Weights: len(w)=%d, want %d", len(w), len(s.Shift))
	}
	out := make([]float64, len(w))
	var offset float64
	for j, wj := range w {
		out[j] = float64(wj) / s.Scale[j]
		offset -= float64(out[j] * s.Shift[j])
	}
	if offset == 0 {
		return out, nil
	}
	if s.Intercept < 0 {
		return nil, fmt.Errorf("train: Scaler.Weights: the shifted features need an intercept, and no column is constant (add a bias column)")
	}
	if s.bias == 0 { // FitScaler records it; a Scaler made otherwise would divide by zero
		return nil, fmt.Errorf("train: Scaler.Weights: the value of intercept column %d is unknown (a Scaler not made by FitScaler)", s.Intercept)
	}
	out[s.Intercept] += offset / s.bias
	return out, nil
}
