package optim

import "github.com/fastgrad/fastgrad/kernels"

// LionConfig holds Lion's hyperparameters, named as in its paper (Chen et al., 2023, "Symbolic Discovery of
// Optimization Algorithms"); PyTorch has no Lion. Start from DefaultLion: the zero value is rejected rather than
// read as a learning rate of 0.
type LionConfig struct {
	LR          float64    // learning rate, > 0
	Betas       [2]float64 // the update's interpolation and the momentum's decay, each in [0, 1)
	WeightDecay float64    // ≥ 0, decoupled: w ← (1 − LR·WeightDecay)·w
}

// DefaultLion returns the paper's defaults: LR 1e-4, betas (0.9, 0.99), no weight decay.
func DefaultLion() LionConfig { return LionConfig{LR: 1e-4, Betas: [2]float64{0.9, 0.99}} }

func (c LionConfig) validate() error {
	const opt = "Lion"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}, field{"WeightDecay", c.WeightDecay}),
		checkLR(opt, "DefaultLion", c.LR),
		checkUnit(opt, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}))
}

// Lion is the Lion optimizer: the sign of an interpolated momentum.
type Lion[F kernels.Float] struct {
	core[F]
	cfg LionConfig
}

// NewLion validates cfg and the parameters and allocates exp_avg.
func NewLion[F kernels.Float](params []*Param[F], cfg LionConfig) (*Lion[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c, err := newCore("Lion", params, cfg.LR, "exp_avg")
	if err != nil {
		return nil, err
	}
	return &Lion[F]{core: c, cfg: cfg}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing.
func (o *Lion[F]) Step() error {
	if err := o.begin(); err != nil {
		return err
	}
	h := kernels.LionHyper{LR: o.lr, Beta1: o.cfg.Betas[0], Beta2: o.cfg.Betas[1], WeightDecay: o.cfg.WeightDecay}
	for i, p := range o.params {
		kernels.Lion(&h, p.Value, p.Grad, o.state[i][0])
	}
	return nil
}
