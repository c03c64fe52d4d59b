package optim

import "github.com/fastgrad/fastgrad/kernels"

// AdagradConfig holds torch.optim.Adagrad's hyperparameters. Start from DefaultAdagrad: the zero value is
// rejected rather than read as a learning rate of 0.
type AdagradConfig struct {
	LR                      float64 // learning rate, > 0
	LRDecay                 float64 // ≥ 0: step t uses LR/(1 + (t−1)·LRDecay)
	WeightDecay             float64 // ≥ 0, an L2 term added to the gradient
	InitialAccumulatorValue float64 // ≥ 0, the sum of squares' starting value
	Eps                     float64 // > 0, added to the denominator
	EpsInside               bool    // Keras: divide by √(sum + ε) instead of √sum + ε
	Maximize                bool
}

// DefaultAdagrad returns torch.optim.Adagrad's defaults: LR 0.01, ε 1e-10.
func DefaultAdagrad() AdagradConfig { return AdagradConfig{LR: 0.01, Eps: 1e-10} }

func (c AdagradConfig) validate() error {
	const opt = "Adagrad"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"LRDecay", c.LRDecay}, field{"WeightDecay", c.WeightDecay},
			field{"InitialAccumulatorValue", c.InitialAccumulatorValue}, field{"Eps", c.Eps}),
		checkLR(opt, "DefaultAdagrad", c.LR),
		checkNonNegative(opt, field{"LRDecay", c.LRDecay}, field{"WeightDecay", c.WeightDecay},
			field{"InitialAccumulatorValue", c.InitialAccumulatorValue}),
		checkEps(opt, c.Eps))
}

// Adagrad is torch.optim.Adagrad.
type Adagrad[F kernels.Float] struct {
	core[F]
	cfg AdagradConfig
}

// NewAdagrad validates cfg and the parameters and allocates the sums of squares (sum), each starting at
// InitialAccumulatorValue.
func NewAdagrad[F kernels.Float](params []*Param[F], cfg AdagradConfig) (*Adagrad[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c, err := newCore("Adagrad", params, cfg.LR, "sum")
	if err != nil {
		return nil, err
	}
	for i := range c.state {
		for j := range c.state[i][0] {
			c.state[i][0][j] = F(cfg.InitialAccumulatorValue)
		}
	}
	return &Adagrad[F]{core: c, cfg: cfg}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing.
func (o *Adagrad[F]) Step() error {
	if err := o.begin(); err != nil {
		return err
	}
	s := kernels.AdagradHyper{LR: o.lr, LRDecay: o.cfg.LRDecay, WeightDecay: o.cfg.WeightDecay, Eps: o.cfg.Eps,
		EpsInside: o.cfg.EpsInside, Maximize: o.cfg.Maximize}.Step(o.t)
	for i, p := range o.params {
		kernels.Adagrad(&s, p.Value, p.Grad, o.state[i][0])
	}
	return nil
}
