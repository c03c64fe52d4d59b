package train

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// Polynomial returns the row-major design matrix of a polynomial of the given degree in x: row i is
// 1, xᵢ, xᵢ², …, xᵢ^degree, degree+1 columns of which the first is the bias. Degree 2 fits α + βx + γx². Powers
// are computed in float64 and rounded once.
func Polynomial[F kernels.Float](x []F, degree int) ([]F, error) {
	if degree < 0 {
		return nil, fmt.Errorf("train: Polynomial: degree=%d, want ≥ 0", degree)
	}
	cols := degree + 1
	if len(x) > math.MaxInt/cols {
		return nil, fmt.Errorf("train: Polynomial: %d samples of degree %d is too large", len(x), degree)
	}
	X := make([]F, len(x)*cols)
	for i, xi := range x {
		pow := 1.0
		for j := range cols {
			X[i*cols+j] = F(pow)
			pow = float64(pow * float64(xi))
		}
	}
	return X, nil
}

// AddBias returns a copy of the row-major X (cols columns) with a column of ones in front, for an intercept.
func AddBias[F kernels.Float](X []F, cols int) ([]F, error) {
	if err := checkMatrix(X, cols); err != nil {
		return nil, err
	}
	rows := len(X) / cols
	out := make([]F, 0, rows*(cols+1))
	for i := range rows {
		out = append(out, 1)
		out = append(out, X[i*cols:(i+1)*cols]...)
	}
	return out, nil
}

// ScaleColumns multiplies column j of the row-major X by factors[j], in place. Factors 1, 1, 1e-6 on a quadratic's
// design make the notebooks' ill-conditioned variant α + βx + 1e-6·γx², whose γ is a million times larger and
// whose loss is a million times flatter along it.
func ScaleColumns[F kernels.Float](X []F, cols int, factors []float64) error {
	if err := checkMatrix(X, cols); err != nil {
		return err
	}
	if len(factors) != cols {
		return fmt.Errorf("train: ScaleColumns: len(factors)=%d, want cols=%d", len(factors), cols)
	}
	for j, f := range factors {
		if !finite(f) {
			return fmt.Errorf("train: ScaleColumns: factors[%d]=%v is not finite", j, f)
		}
	}
	for i := 0; i < len(X); i += cols {
		for j, f := range factors {
			X[i+j] = F(float64(X[i+j]) * f)
		}
	}
	return nil
}

// checkMatrix checks that X holds whole rows of cols columns.
func checkMatrix[F kernels.Float](X []F, cols int) error {
	if cols <= 0 || len(X)%cols != 0 {
		return fmt.Errorf("train: len(X)=%d is not a whole number of rows of %d columns", len(X), cols)
	}
	return nil
}
