package optim

import "github.com/fastgrad/fastgrad/kernels"

// RMSpropConfig holds torch.optim.RMSprop's hyperparameters. Start from DefaultRMSprop: the zero value is rejected
// rather than read as a learning rate of 0.
type RMSpropConfig struct {
	LR          float64 // learning rate, > 0
	Alpha       float64 // smoothing constant of the squared-gradient average, in [0, 1)
	Eps         float64 // > 0, added to the denominator
	WeightDecay float64 // ≥ 0, an L2 term added to the gradient
	Momentum    float64 // in [0, 1); 0 keeps no buffer
	Centered    bool    // normalise by the estimated variance, keeping the gradient's average
	EpsInside   bool    // Keras / TensorFlow: √(avg + ε) instead of √avg + ε
	Maximize    bool
}

// DefaultRMSprop returns torch.optim.RMSprop's defaults: LR 0.01, α 0.99, ε 1e-8.
func DefaultRMSprop() RMSpropConfig { return RMSpropConfig{LR: 0.01, Alpha: 0.99, Eps: 1e-8} }

func (c RMSpropConfig) validate() error {
	const opt = "RMSprop"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Alpha", c.Alpha}, field{"Eps", c.Eps}, field{"WeightDecay", c.WeightDecay},
			field{"Momentum", c.Momentum}),
		checkLR(opt, "DefaultRMSprop", c.LR),
		checkUnit(opt, field{"Alpha", c.Alpha}, field{"Momentum", c.Momentum}),
		checkEps(opt, c.Eps),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}))
}

// RMSprop is torch.optim.RMSprop, plain, centered, with momentum, or both.
type RMSprop[F kernels.Float] struct {
	core[F]
	cfg       RMSpropConfig
	gavg, buf int // indices of grad_avg and momentum_buffer in each parameter's state, or −1
}

// NewRMSprop validates cfg and the parameters and allocates square_avg, and grad_avg when Centered and
// momentum_buffer when Momentum > 0.
func NewRMSprop[F kernels.Float](params []*Param[F], cfg RMSpropConfig) (*RMSprop[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	state, gavg, buf := []string{"square_avg"}, -1, -1
	if cfg.Centered {
		gavg, state = len(state), append(state, "grad_avg")
	}
	if cfg.Momentum > 0 {
		buf, state = len(state), append(state, "momentum_buffer")
	}
	c, err := newCore("RMSprop", params, cfg.LR, state...)
	if err != nil {
		return nil, err
	}
	return &RMSprop[F]{core: c, cfg: cfg, gavg: gavg, buf: buf}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing.
func (o *RMSprop[F]) Step() error {
	if err := o.begin(); err != nil {
		return err
	}
	h := kernels.RMSpropHyper{LR: o.lr, Alpha: o.cfg.Alpha, Eps: o.cfg.Eps, WeightDecay: o.cfg.WeightDecay,
		Momentum: o.cfg.Momentum, Centered: o.cfg.Centered, EpsInside: o.cfg.EpsInside, Maximize: o.cfg.Maximize}
	for i, p := range o.params {
		var gavg, buf []F
		if o.gavg >= 0 {
			gavg = o.state[i][o.gavg]
		}
		if o.buf >= 0 {
			buf = o.state[i][o.buf]
		}
		kernels.RMSprop(&h, p.Value, p.Grad, o.state[i][0], gavg, buf)
	}
	return nil
}
