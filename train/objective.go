package train

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// Objective is the loss a problem is fitted by. Both are sums of squared residuals rᵢ = xᵢ·w − yᵢ; on a mini-batch
// they are taken over the batch's rows.
type Objective int

const (
	// MSE is the mean squared error Σrᵢ²/n, with gradient (2/n)·Xᵀr. It is the zero value.
	MSE Objective = iota
	// SSE is the sum of squared errors Σrᵢ², with gradient 2·Xᵀr.
	SSE
)

// String returns the objective's usual abbreviation.
func (o Objective) String() string {
	switch o {
	case MSE:
		return "MSE"
	case SSE:
		return "SSE"
	}
	return fmt.Sprintf("Objective(%d)", int(o))
}

func (o Objective) validate() error {
	if o != MSE && o != SSE {
		return fmt.Errorf("train: unknown objective %d", int(o))
	}
	return nil
}

// gradScale returns the factor s of the kernels' gradient s·Xᵀr over n rows, computed in float64 and rounded once.
func (o Objective) gradScale(n int) float64 {
	if o == SSE {
		return 2
	}
	return 2 / float64(n)
}

// perSample returns the weight of one squared residual in the objective over n rows.
func (o Objective) perSample(n int) float64 {
	if o == SSE {
		return 1
	}
	return 1 / float64(n)
}

// scaledLoss turns the sum of n squared residuals into the objective.
func scaledLoss[F kernels.Float](o Objective, sumSq F, n int) F {
	if o == SSE {
		return sumSq
	}
	return sumSq / F(n)
}
