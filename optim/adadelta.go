package optim

import "github.com/fastgrad/fastgrad/kernels"

// AdadeltaConfig holds torch.optim.Adadelta's hyperparameters. Start from DefaultAdadelta: the zero value is
// rejected rather than read as a learning rate of 0.
type AdadeltaConfig struct {
	LR          float64 // the coefficient of the delta, > 0 (1 in PyTorch and the paper)
	Rho         float64 // decay of the running averages, in [0, 1)
	Eps         float64 // > 0
	WeightDecay float64 // ≥ 0, an L2 term added to the gradient
	Maximize    bool
}

// DefaultAdadelta returns torch.optim.Adadelta's defaults: LR 1, ρ 0.9, ε 1e-6.
func DefaultAdadelta() AdadeltaConfig { return AdadeltaConfig{LR: 1, Rho: 0.9, Eps: 1e-6} }

func (c AdadeltaConfig) validate() error {
	const opt = "Adadelta"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Rho", c.Rho}, field{"Eps", c.Eps}, field{"WeightDecay", c.WeightDecay}),
		checkLR(opt, "DefaultAdadelta", c.LR),
		checkUnit(opt, field{"Rho", c.Rho}),
		checkEps(opt, c.Eps),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}))
}

// Adadelta is torch.optim.Adadelta.
type Adadelta[F kernels.Float] struct {
	core[F]
	cfg AdadeltaConfig
}

// NewAdadelta validates cfg and the parameters and allocates square_avg and acc_delta.
func NewAdadelta[F kernels.Float](params []*Param[F], cfg AdadeltaConfig) (*Adadelta[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c, err := newCore("Adadelta", params, cfg.LR, "square_avg", "acc_delta")
	if err != nil {
		return nil, err
	}
	return &Adadelta[F]{core: c, cfg: cfg}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing.
func (o *Adadelta[F]) Step() error {
	if err := o.begin(); err != nil {
		return err
	}
	h := kernels.AdadeltaHyper{LR: o.lr, Rho: o.cfg.Rho, Eps: o.cfg.Eps, WeightDecay: o.cfg.WeightDecay, Maximize: o.cfg.Maximize}
	for i, p := range o.params {
		kernels.Adadelta(&h, p.Value, p.Grad, o.state[i][0], o.state[i][1])
	}
	return nil
}
