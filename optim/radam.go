package optim

import "github.com/fastgrad/fastgrad/kernels"

// RAdamConfig holds torch.optim.RAdam's hyperparameters (PyTorch 2.x, with decoupled_weight_decay). Start from
// DefaultRAdam: the zero value is rejected rather than read as a learning rate of 0.
type RAdamConfig struct {
	LR                   float64    // learning rate, > 0
	Betas                [2]float64 // each in [0, 1)
	Eps                  float64    // > 0
	WeightDecay          float64    // ≥ 0
	DecoupledWeightDecay bool       // w ← (1 − LR·WeightDecay)·w instead of an L2 term in the gradient
	Maximize             bool
}

// DefaultRAdam returns torch.optim.RAdam's defaults: LR 1e-3, betas (0.9, 0.999), ε 1e-8.
func DefaultRAdam() RAdamConfig {
	return RAdamConfig{LR: 1e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8}
}

func (c RAdamConfig) validate() error {
	const opt = "RAdam"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}, field{"Eps", c.Eps},
			field{"WeightDecay", c.WeightDecay}),
		checkLR(opt, "DefaultRAdam", c.LR),
		checkUnit(opt, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}),
		checkEps(opt, c.Eps),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}))
}

// RAdam is torch.optim.RAdam, Adam with the variance of the adaptive rate rectified.
type RAdam[F kernels.Float] struct {
	core[F]
	cfg RAdamConfig
}

// NewRAdam validates cfg and the parameters and allocates exp_avg and exp_avg_sq.
func NewRAdam[F kernels.Float](params []*Param[F], cfg RAdamConfig) (*RAdam[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c, err := newCore("RAdam", params, cfg.LR, "exp_avg", "exp_avg_sq")
	if err != nil {
		return nil, err
	}
	return &RAdam[F]{core: c, cfg: cfg}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing.
func (o *RAdam[F]) Step() error {
	if err := o.begin(); err != nil {
		return err
	}
	s := kernels.RAdamHyper{LR: o.lr, Beta1: o.cfg.Betas[0], Beta2: o.cfg.Betas[1], Eps: o.cfg.Eps,
		WeightDecay: o.cfg.WeightDecay, Decoupled: o.cfg.DecoupledWeightDecay, Maximize: o.cfg.Maximize}.Step(o.t)
	for i, p := range o.params {
		kernels.RAdam(&s, p.Value, p.Grad, o.state[i][0], o.state[i][1])
	}
	return nil
}
