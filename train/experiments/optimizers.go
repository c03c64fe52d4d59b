package experiments

import (
	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/train"
	"github.com/fastgrad/fastgrad/train/internal/kopt"
)

// method is an optimizer of the experiments: its name, and how to build it at a learning rate. Until package optim
// has SGD, Adagrad and RMSprop, they come from train's stopgap kopt, which runs fastgrad's kernels with PyTorch's
// semantics; switching one to optim is a change of its line here (sgdWith's for SGD), e.g.
// train.Use(optim.NewSGD[float64], cfg).
type method struct {
	name string
	opt  func(lr float64) train.Optimizer[float64]
}

// sgdWith is torch.optim.SGD with a learning rate, a momentum and the Nesterov switch.
func sgdWith(lr, mom float64, nesterov bool) train.Optimizer[float64] {
	return train.Use(kopt.NewSGD[float64], kopt.SGDConfig{LR: lr, Momentum: mom, Nesterov: nesterov})
}

var (
	sgd      = method{"SGD", func(lr float64) train.Optimizer[float64] { return sgdWith(lr, 0, false) }}
	momentum = method{"momentum 0.9", func(lr float64) train.Optimizer[float64] { return sgdWith(lr, 0.9, false) }}
	nesterov = method{"Nesterov 0.9 (PyTorch form)", func(lr float64) train.Optimizer[float64] { return sgdWith(lr, 0.9, true) }}
	adagrad  = method{"Adagrad", func(lr float64) train.Optimizer[float64] {
		return train.Use(kopt.NewAdagrad[float64], kopt.AdagradConfig{LR: lr, Eps: 1e-10})
	}}
	rmsprop = method{"RMSprop", func(lr float64) train.Optimizer[float64] {
		return train.Use(kopt.NewRMSprop[float64], kopt.RMSpropConfig{LR: lr, Alpha: 0.99, Eps: 1e-8})
	}}
	adam = method{"Adam", func(lr float64) train.Optimizer[float64] {
		c := optim.DefaultAdam()
		c.LR = lr
		return train.Use(optim.NewAdam[float64], c)
	}}
	// lookahead is Nesterov momentum in the lookahead form, which train runs itself: it has no optimizer.
	lookahead = method{name: "Nesterov 0.9 (lookahead form)"}
)

// setup is one optimizer at one learning rate in an experiment's table.
type setup struct {
	m  method
	lr float64
}

// config returns the training configuration of a setup, or of the lookahead form when m has no optimizer.
func (s setup) config(base train.Config[float64]) train.Config[float64] {
	if s.m.opt == nil {
		base.Lookahead = &train.Lookahead{LR: s.lr, Momentum: 0.9}
		return base
	}
	base.Optimizer = s.m.opt(s.lr)
	return base
}
