package optim

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// NAdamConfig holds torch.optim.NAdam's hyperparameters (PyTorch 2.x, with decoupled_weight_decay). Start from
// DefaultNAdam: the zero value is rejected rather than read as a learning rate of 0.
//
// fastgrad follows PyTorch 2.x's NAdam. PyTorch before 2.0 multiplied μₜ into the product μ₁…μₜ twice (pytorch
// issue #92699, fixed in 2.0), so torch 1.13's NAdam gives other numbers from the first step on: compare with
// torch ≥ 2.0.
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

func (c NAdamConfig) learningRate() float64 { return c.LR }

func (c NAdamConfig) torchOptions() map[string]any {
	return map[string]any{"lr": c.LR, "betas": c.Betas, "eps": c.Eps, "weight_decay": c.WeightDecay,
		"momentum_decay": c.MomentumDecay, "decoupled_weight_decay": c.DecoupledWeightDecay, "maximize": c.Maximize}
}

func (c NAdamConfig) stateNames() []string { return []string{"exp_avg", "exp_avg_sq"} }

// NAdam is torch.optim.NAdam, Adam with Nesterov momentum.
type NAdam[F kernels.Float] struct {
	Core[F]
	cfgs      []NAdamConfig
	steps     []kernels.NAdamStep
	muProduct []float64 // each group's mu_product (PyTorch keeps it per parameter, the same in a group): Π μ so far
}

// NewNAdam validates cfg and the parameters and allocates exp_avg and exp_avg_sq.
func NewNAdam[F kernels.Float](params []*Param[F], cfg NAdamConfig) (*NAdam[F], error) {
	return NewNAdamGroups(Group[F, NAdamConfig]{params, cfg})
}

// NewNAdamGroups is NewNAdam over parameter groups, each with its own config.
func NewNAdamGroups[F kernels.Float](groups ...Group[F, NAdamConfig]) (*NAdam[F], error) {
	c, cfgs, err := newGroups("NAdam", groups)
	if err != nil {
		return nil, err
	}
	o := &NAdam[F]{Core: c, cfgs: cfgs, steps: make([]kernels.NAdamStep, len(cfgs)), muProduct: make([]float64, len(cfgs))}
	for g := range o.muProduct {
		o.muProduct[g] = 1
	}
	o.owner = o
	return o, nil
}

// extraNames is PyTorch's name of a group's scalar state.
func (o *NAdam[F]) extraNames() []string { return []string{"mu_product"} }

// initialExtra returns mu_product before the first step: the empty product.
func (o *NAdam[F]) initialExtra(float64) []float64 { return []float64{1} }

// extraState is NAdam's scalar state for checkpoints: each group's mu_product, which a checkpoint's restore
// overwrites in place.
func (o *NAdam[F]) extraState() []float64 { return o.muProduct }

// checkExtraState rejects a mu_product no run can reach: each μ is in [0, 1) (0 when Betas[0] is), so their product
// is in [0, 1].
func (o *NAdam[F]) checkExtraState(s []float64) error {
	for g, mp := range s {
		if !(mp >= 0 && mp <= 1) {
			return fmt.Errorf("optim: NAdam: checkpoint mu_product %v of group %d, want in [0, 1]", mp, g)
		}
	}
	return nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewNAdam or the step count is already math.MaxInt.
func (o *NAdam[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way.
func (o *NAdam[F]) prepare(g int) {
	o.steps[g], o.muProduct[g] = o.cfgs[g].hyper(o.groups[g].lr).Step(o.t, o.muProduct[g])
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c NAdamConfig) hyper(lr float64) kernels.NAdamHyper {
	return kernels.NAdamHyper{LR: lr, Beta1: c.Betas[0], Beta2: c.Betas[1], Eps: c.Eps, WeightDecay: c.WeightDecay,
		MomentumDecay: c.MomentumDecay, Decoupled: c.DecoupledWeightDecay, Maximize: c.Maximize}
}

func (o *NAdam[F]) update(i, lo, hi int) {
	st, p := o.state[i], o.params[i]
	kernels.NAdam(&o.steps[o.group[i]], p.Value[lo:hi], p.Grad[lo:hi], st[0][lo:hi], st[1][lo:hi])
}
