package kopt

import (
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// AdagradConfig holds torch.optim.Adagrad's learning rate and ε (no decay, accumulators starting at 0).
type AdagradConfig struct {
	LR  float64 // > 0
	Eps float64 // > 0, added to the root of the sum
}

// Adagrad is torch.optim.Adagrad over a fixed list of parameters.
type Adagrad[F kernels.Float] struct {
	h      kernels.AdagradHyper
	params []*optim.Param[F]
	sum    [][]F
	t      int
}

// NewAdagrad checks cfg and allocates the accumulators.
func NewAdagrad[F kernels.Float](params []*optim.Param[F], cfg AdagradConfig) (*Adagrad[F], error) {
	if err := checkParams("Adagrad", params); err != nil {
		return nil, err
	}
	if err := inRange("Adagrad", "LR", cfg.LR, 0, math.Inf(1), true); err != nil {
		return nil, err
	}
	if err := inRange("Adagrad", "Eps", cfg.Eps, 0, math.Inf(1), true); err != nil {
		return nil, err
	}
	o := &Adagrad[F]{h: kernels.AdagradHyper{LR: cfg.LR, Eps: cfg.Eps}, params: params, sum: make([][]F, len(params))}
	for i, p := range params {
		o.sum[i] = make([]F, len(p.Value))
	}
	return o, nil
}

// Step updates every parameter from its gradient.
func (o *Adagrad[F]) Step() error {
	o.t++
	s := o.h.Step(o.t)
	for i, p := range o.params {
		kernels.Adagrad(&s, p.Value, p.Grad, o.sum[i])
	}
	return nil
}
