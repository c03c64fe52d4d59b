package experiments

import (
	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/train"
)

// method is an optimizer of the experiments: its name, and how to build it at a learning rate.
type method struct {
	name string
	opt  func(lr float64) train.Optimizer[float64]
}

// sgdWith is torch.optim.SGD with a learning rate, a momentum and the Nesterov switch.
func sgdWith(lr, mom float64, nesterov bool) train.Optimizer[float64] {
	c := optim.DefaultSGD()
	c.LR, c.Momentum, c.Nesterov = lr, mom, nesterov
	return train.Use(optim.NewSGD[float64], c)
}

var (
	sgd      = method{"SGD", func(lr float64) train.Optimizer[float64] { return sgdWith(lr, 0, false) }}
	momentum = method{"momentum 0.9", func(lr float64) train.Optimizer[float64] { return sgdWith(lr, 0.9, false) }}
	nesterov = method{"Nesterov 0.9 (PyTorch form)", func(lr float64) train.Optimizer[float64] { return sgdWith(lr, 0.9, true) }}
	adagrad  = method{"Adagrad", func(lr float64) train.Optimizer[float64] {
		c := optim.DefaultAdagrad()
		c.LR = lr
		return train.Use(optim.NewAdagrad[float64], c)
	}}
	rmsprop = method{"RMSprop", func(lr float64) train.Optimizer[float64] {
		c := optim.DefaultRMSprop()
		c.LR = lr
		return train.Use(optim.NewRMSprop[float64], c)
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
