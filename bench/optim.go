package bench

import (
	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// The optim peer measures what a user of package optim pays per step over the bare kernel: one Step of the
// optimizer over one parameter made of the case's weights and gradient (the first two arrays of every optimizer
// case), configured with the case's hyperparameters, on one goroutine as the kernel runs (SetWorkers(1): a step
// split across cores would measure the cores, not the overhead). The optimizer allocates its own state, so this
// peer has only the back-to-back layout. An optimizer joins the peer with a case below and Optim in its suite entry's peers.

// optimStep returns one Step of package optim's optimizer named kernel over w and its gradient g.
func optimStep[F kernels.Float](kernel string, w, g []F) func() {
	ps := []*optim.Param[F]{{Name: "w", Value: w, Grad: g}}
	betas := [2]float64{beta1, beta2}
	switch kernel {
	case "Adam", "AMSGrad":
		c := optim.DefaultAdam()
		c.LR, c.Betas, c.Eps, c.AMSGrad = lr, betas, eps, kernel == "AMSGrad"
		return stepper(optim.NewAdam(ps, c))
	case "SGD":
		c := optim.DefaultSGD()
		c.LR, c.Momentum = lr, momentum
		return stepper(optim.NewSGD(ps, c))
	case "Adagrad":
		c := optim.DefaultAdagrad()
		c.LR = lr
		return stepper(optim.NewAdagrad(ps, c))
	case "RMSprop":
		c := optim.DefaultRMSprop()
		c.LR = lr
		return stepper(optim.NewRMSprop(ps, c))
	case "Adamax":
		c := optim.DefaultAdamax()
		c.LR, c.Betas, c.Eps = lr, betas, eps
		return stepper(optim.NewAdamax(ps, c))
	case "NAdam":
		c := optim.DefaultNAdam()
		c.LR, c.Betas, c.Eps = lr, betas, eps
		return stepper(optim.NewNAdam(ps, c))
	case "RAdam":
		c := optim.DefaultRAdam()
		c.LR, c.Betas, c.Eps = lr, betas, eps
		return stepper(optim.NewRAdam(ps, c))
	case "Adadelta":
		c := optim.DefaultAdadelta()
		c.LR = lr
		return stepper(optim.NewAdadelta(ps, c))
	case "Lion":
		c := optim.DefaultLion()
		c.LR = lr
		return stepper(optim.NewLion(ps, c))
	case "ASGD":
		c := optim.DefaultASGD()
		c.LR, c.T0 = lr, 0
		return stepper(optim.NewASGD(ps, c))
	case "Rprop":
		c := optim.DefaultRprop()
		c.LR = lr
		return stepper(optim.NewRprop(ps, c))
	}
	panic("bench: package optim has no optimizer " + kernel)
}

// stepper returns the call of an optimizer's Step, on the calling goroutine alone, which must not fail.
func stepper(opt interface {
	Step() error
	SetWorkers(int) error
}, err error) func() {
	if err == nil {
		err = opt.SetWorkers(1)
	}
	if err != nil {
		panic("bench: optim peer: " + err.Error())
	}
	return func() {
		if err := opt.Step(); err != nil {
			panic("bench: optim peer: " + err.Error())
		}
	}
}
