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

func (c RAdamConfig) learningRate() float64 { return c.LR }

func (c RAdamConfig) torchOptions() map[string]any {
	return map[string]any{"lr": c.LR, "betas": c.Betas, "eps": c.Eps, "weight_decay": c.WeightDecay,
		"decoupled_weight_decay": c.DecoupledWeightDecay, "maximize": c.Maximize}
}

func (c RAdamConfig) stateNames() []string { return []string{"exp_avg", "exp_avg_sq"} }

// RAdam is torch.optim.RAdam, Adam with the variance of the adaptive rate rectified.
type RAdam[F kernels.Float] struct {
	Core[F]
	cfgs  []RAdamConfig
	steps []kernels.RAdamStep
}

// NewRAdam validates cfg and the parameters and allocates exp_avg and exp_avg_sq.
func NewRAdam[F kernels.Float](params []*Param[F], cfg RAdamConfig) (*RAdam[F], error) {
	return NewRAdamGroups(Group[F, RAdamConfig]{params, cfg})
}

// NewRAdamGroups is NewRAdam over parameter groups, each with its own config.
func NewRAdamGroups[F kernels.Float](groups ...Group[F, RAdamConfig]) (*RAdam[F], error) {
	c, cfgs, err := newGroups("RAdam", groups)
	if err != nil {
		return nil, err
	}
	return &RAdam[F]{Core: c, cfgs: cfgs, steps: make([]kernels.RAdamStep, len(cfgs))}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewRAdam or the step count is already math.MaxInt.
func (o *RAdam[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way.
func (o *RAdam[F]) prepare(g int) {
	o.steps[g] = o.cfgs[g].hyper(o.groups[g].lr).Step(o.t)
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c RAdamConfig) hyper(lr float64) kernels.RAdamHyper {
	return kernels.RAdamHyper{LR: lr, Beta1: c.Betas[0], Beta2: c.Betas[1], Eps: c.Eps, WeightDecay: c.WeightDecay,
		Decoupled: c.DecoupledWeightDecay, Maximize: c.Maximize}
}

func (o *RAdam[F]) update(i, lo, hi int) {
	st, p := o.state[i], o.params[i]
	kernels.RAdam(&o.steps[o.group[i]], p.Value[lo:hi], p.Grad[lo:hi], st[0][lo:hi], st[1][lo:hi])
}
