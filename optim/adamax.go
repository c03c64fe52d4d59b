package optim

import "github.com/fastgrad/fastgrad/kernels"

// AdamaxConfig holds torch.optim.Adamax's hyperparameters. Start from DefaultAdamax: the zero value is rejected
// rather than read as a learning rate of 0.
type AdamaxConfig struct {
	LR          float64    // learning rate, > 0
	Betas       [2]float64 // decay of the first moment and of the infinity norm, each in [0, 1)
	Eps         float64    // > 0
	WeightDecay float64    // ≥ 0, an L2 term added to the gradient
	Maximize    bool
}

// DefaultAdamax returns torch.optim.Adamax's defaults: LR 2e-3, betas (0.9, 0.999), ε 1e-8.
func DefaultAdamax() AdamaxConfig {
	return AdamaxConfig{LR: 2e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8}
}

func (c AdamaxConfig) validate() error {
	const opt = "Adamax"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}, field{"Eps", c.Eps},
			field{"WeightDecay", c.WeightDecay}),
		checkLR(opt, "DefaultAdamax", c.LR),
		checkUnit(opt, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}),
		checkEps(opt, c.Eps),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}))
}

// Adamax is torch.optim.Adamax, Adam with the infinity norm.
type Adamax[F kernels.Float] struct {
	core[F]
	cfg AdamaxConfig
}

// NewAdamax validates cfg and the parameters and allocates exp_avg and exp_inf.
func NewAdamax[F kernels.Float](params []*Param[F], cfg AdamaxConfig) (*Adamax[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c, err := newCore("Adamax", params, cfg.LR, "exp_avg", "exp_inf")
	if err != nil {
		return nil, err
	}
	return &Adamax[F]{core: c, cfg: cfg}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing.
func (o *Adamax[F]) Step() error {
	if err := o.begin(); err != nil {
		return err
	}
	s := kernels.AdamaxHyper{LR: o.lr, Beta1: o.cfg.Betas[0], Beta2: o.cfg.Betas[1], Eps: o.cfg.Eps,
		WeightDecay: o.cfg.WeightDecay, Maximize: o.cfg.Maximize}.Step(o.t)
	for i, p := range o.params {
		kernels.Adamax(&s, p.Value, p.Grad, o.state[i][0], o.state[i][1])
	}
	return nil
}
