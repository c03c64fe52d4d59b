package experiments

import (
	"math"

	"github.com/fastgrad/fastgrad/train"
)

// summarize turns a result into an Outcome, its weights w given in the original units.
func summarize(name string, lr float64, res *train.Result[float64], w, ref []float64) Outcome {
	r := Outcome{Optimizer: name, LR: lr, W: append([]float64(nil), w...), Loss: res.Loss, Iters: res.Iters,
		Reason: res.Reason, RelErr: math.NaN()}
	if c, err := train.Compare(w, ref); err == nil {
		r.RelErr = c.RelErr
	}
	return r
}

// closedForm solves p by QR, and by SVD if QR fails.
func closedForm(p *train.Problem[float64]) (*train.Solution, error) {
	s, err := train.SolveQR(p)
	if err != nil {
		return train.SolveSVD(p, 0)
	}
	return s, nil
}
