package kopt

import (
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// RMSpropConfig holds torch.optim.RMSprop's learning rate, smoothing constant α and ε (plain: not centered, no
// momentum, no weight decay).
type RMSpropConfig struct {
	LR    float64 // > 0
	Alpha float64 // in [0, 1)
	Eps   float64 // > 0, added to the root of the average
}

// RMSprop is torch.optim.RMSprop over a fixed list of parameters.
type RMSprop[F kernels.Float] struct {
	h      kernels.RMSpropHyper
	params []*optim.Param[F]
	sq     [][]F
}

// NewRMSprop checks cfg and allocates the squared-gradient averages.
func NewRMSprop[F kernels.Float](params []*optim.Param[F], cfg RMSpropConfig) (*RMSprop[F], error) {
	if err := checkParams("RMSprop", params); err != nil {
		return nil, err
	}
	if err := inRange("RMSprop", "LR", cfg.LR, 0, math.Inf(1), true); err != nil {
		return nil, err
	}
	if err := inRange("RMSprop", "Alpha", cfg.Alpha, 0, 1, false); err != nil {
		return nil, err
	}
	if err := inRange("RMSprop", "Eps", cfg.Eps, 0, math.Inf(1), true); err != nil {
		return nil, err
	}
	o := &RMSprop[F]{h: kernels.RMSpropHyper{LR: cfg.LR, Alpha: cfg.Alpha, Eps: cfg.Eps}, params: params,
		sq: make([][]F, len(params))}
	for i, p := range params {
		o.sq[i] = make([]F, len(p.Value))
	}
	return o, nil
}

// Step updates every parameter from its gradient.
func (o *RMSprop[F]) Step() error {
	for i, p := range o.params {
		kernels.RMSprop(&o.h, p.Value, p.Grad, o.sq[i], nil, nil)
	}
	return nil
}
