package optim

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// NAdamConfig holds torch.optim.NAdam's hyperparameters (PyTorch 2.x, with decoupled_weight_decay). Start from
// DefaultNAdam: the zero value is rejected rather than read as a learning rate of 0.
type NAdamConfig struct {
	LR                   float64    // learning rate, > 0
	Betas                [2]float64 // each in [0, 1)
	Eps                  float64    // > 0
	WeightDecay          float64    // ≥ 0
	MomentumDecay        float64    // ψ, ≥ 0: the momentum schedule μₜ = β1·(1 − 0.5·0.96^(t·ψ))
	DecoupledWeightDecay bool       // w ← (1 − LR·WeightDecay)·w instead of an L2 term in the gradient
	Maximize             bool
}

// DefaultNAdam returns torch.optim.NAdam's defaults: LR 2e-3, betas (0.9, 0.999), ε 1e-8, ψ 4e-3.
func DefaultNAdam() NAdamConfig {
	return NAdamConfig{LR: 2e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8, MomentumDecay: 4e-3}
}

func (c NAdamConfig) validate() error {
	const opt = "NAdam"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}, field{"Eps", c.Eps},
			field{"WeightDecay", c.WeightDecay}, field{"MomentumDecay", c.MomentumDecay}),
		checkLR(opt, "DefaultNAdam", c.LR),
		checkUnit(opt, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}),
		checkEps(opt, c.Eps),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}, field{"MomentumDecay", c.MomentumDecay}))
}

// NAdam is torch.optim.NAdam, Adam with Nesterov momentum.
type NAdam[F kernels.Float] struct {
	core[F]
	cfg       NAdamConfig
	muProduct float64 // PyTorch's mu_product, the product of the μ so far
}

// NewNAdam validates cfg and the parameters and allocates exp_avg and exp_avg_sq.
func NewNAdam[F kernels.Float](params []*Param[F], cfg NAdamConfig) (*NAdam[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c, err := newCore("NAdam", params, cfg.LR, "exp_avg", "exp_avg_sq")
	if err != nil {
		return nil, err
	}
	o := &NAdam[F]{core: c, cfg: cfg, muProduct: 1}
	o.owner = o
	return o, nil
}

// extraState is NAdam's scalar state for checkpoints: PyTorch's mu_product.
func (o *NAdam[F]) extraState() []float64 { return []float64{o.muProduct} }

func (o *NAdam[F]) setExtraState(s []float64) error {
	if !(s[0] > 0 && s[0] <= 1) {
		return fmt.Errorf("optim: NAdam: checkpoint mu_product %v, want in (0, 1]", s[0])
	}
	o.muProduct = s[0]
	return nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing.
func (o *NAdam[F]) Step() error {
	if err := o.begin(); err != nil {
		return err
	}
	s, mp := kernels.NAdamHyper{LR: o.lr, Beta1: o.cfg.Betas[0], Beta2: o.cfg.Betas[1], Eps: o.cfg.Eps,
		WeightDecay: o.cfg.WeightDecay, MomentumDecay: o.cfg.MomentumDecay, Decoupled: o.cfg.DecoupledWeightDecay,
		Maximize: o.cfg.Maximize}.Step(o.t, o.muProduct)
	o.muProduct = mp
	for i, p := range o.params {
		kernels.NAdam(&s, p.Value, p.Grad, o.state[i][0], o.state[i][1])
	}
	return nil
}
