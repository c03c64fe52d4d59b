package bench

import (
	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// The optim peer measures what a user of package optim pays per step over the bare kernel: one Step of the
// optimizer over one parameter of the case's weights and gradient. The optimizer allocates its own state, so this
// peer has only the back-to-back layout. Adding an optimizer of package optim is one case in a function like
// optimAdam and its name in the suite's peers.

// optimAdam returns one Step of optim's Adam (AMSGrad with ams) over w and its gradient g, configured as the
// kernel case.
func optimAdam[F kernels.Float](w, g []F, ams bool) func() {
	cfg := optim.DefaultAdam()
	cfg.LR, cfg.Betas, cfg.Eps, cfg.AMSGrad = lr, [2]float64{beta1, beta2}, eps, ams
	return stepper(optim.NewAdam([]*optim.Param[F]{{Name: "w", Value: w, Grad: g}}, cfg))
}

// stepper returns the call of an optimizer's Step, which must not fail.
func stepper(opt interface{ Step() error }, err error) func() {
	if err != nil {
		panic("bench: optim peer: " + err.Error())
	}
	return func() {
		if err := opt.Step(); err != nil {
			panic("bench: optim peer: " + err.Error())
		}
	}
}
