package kopt

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// SGDConfig holds torch.optim.SGD's learning rate, momentum and Nesterov switch (no dampening, no weight decay).
type SGDConfig struct {
	LR       float64 // > 0
	Momentum float64 // in [0, 1); 0 for plain SGD
	Nesterov bool    // PyTorch's Nesterov form; needs a momentum
}

// SGD is torch.optim.SGD over a fixed list of parameters.
type SGD[F kernels.Float] struct {
	h      kernels.SGDHyper
	params []*optim.Param[F]
	buf    [][]F
	t      int
}

// NewSGD checks cfg and allocates the momentum buffers.
func NewSGD[F kernels.Float](params []*optim.Param[F], cfg SGDConfig) (*SGD[F], error) {
	if err := checkParams("SGD", params); err != nil {
		return nil, err
	}
	if err := inRange("SGD", "LR", cfg.LR, 0, math.Inf(1), true); err != nil {
		return nil, err
	}
	if err := inRange("SGD", "Momentum", cfg.Momentum, 0, 1, false); err != nil {
		return nil, err
	}
	if cfg.Nesterov && cfg.Momentum == 0 {
		return nil, fmt.Errorf("kopt: SGD: Nesterov needs a momentum")
	}
	o := &SGD[F]{h: kernels.SGDHyper{LR: cfg.LR, Momentum: cfg.Momentum, Nesterov: cfg.Nesterov}, params: params,
		buf: make([][]F, len(params))}
	if cfg.Momentum != 0 {
		for i, p := range params {
			o.buf[i] = make([]F, len(p.Value))
		}
	}
	return o, nil
}

// Step updates every parameter from its gradient.
func (o *SGD[F]) Step() error {
	o.t++
	s := o.h.Step(o.t)
	for i, p := range o.params {
		kernels.SGD(&s, p.Value, p.Grad, o.buf[i])
	}
	return nil
}
