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
	// Mode is ModeTorch, u ← max(β2·u, |g| + ε) and w ← w − (LR/(1−β1ᵗ))·m/u, or ModeTFJS: TensorFlow.js 4.x's
	// tf.train.adamax, u ← max(β2·u, |g|) and w ← w − (LR/(1−β1ᵗ))·m/(u + ε), ε added after the maximum (see
	// adamaxTFJS for the exact loop; it has no WeightDecay or Maximize, and tfjs's defaults are LR 0.002, ε 1e-7).
	// Keras 3's Adamax adds ε after the maximum too, in another rounding order: this mode is its formula, not its
	// bits.
	Mode Mode
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
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}),
		checkMode(opt, c.Mode, ModeTFJS),
		checkTFJS(opt, c.Mode, c.WeightDecay, c.Maximize))
}

func (c AdamaxConfig) learningRate() float64 { return c.LR }

func (c AdamaxConfig) torchOptions() map[string]any {
	return withMode(map[string]any{"lr": c.LR, "betas": c.Betas, "eps": c.Eps, "weight_decay": c.WeightDecay,
		"maximize": c.Maximize}, c.Mode)
}

func (c AdamaxConfig) stateNames() []string { return []string{"exp_avg", "exp_inf"} }

// Adamax is torch.optim.Adamax, Adam with the infinity norm, or TensorFlow.js's form of it.
type Adamax[F kernels.Float] struct {
	Core[F]
	cfgs  []AdamaxConfig
	steps []kernels.AdamaxStep
	// pow1 is each group's β1ᵗ as TensorFlow.js keeps it, at step powAt, for ModeTFJS.
	pow1  []F
	powAt []int
}

// NewAdamax validates cfg and the parameters and allocates exp_avg and exp_inf.
func NewAdamax[F kernels.Float](params []*Param[F], cfg AdamaxConfig) (*Adamax[F], error) {
	return NewAdamaxGroups(Group[F, AdamaxConfig]{params, cfg})
}

// NewAdamaxGroups is NewAdamax over parameter groups, each with its own config.
func NewAdamaxGroups[F kernels.Float](groups ...Group[F, AdamaxConfig]) (*Adamax[F], error) {
	c, cfgs, err := newGroups("Adamax", groups)
	if err != nil {
		return nil, err
	}
	return &Adamax[F]{Core: c, cfgs: cfgs, steps: make([]kernels.AdamaxStep, len(cfgs)), pow1: make([]F, len(cfgs)),
		powAt: make([]int, len(cfgs))}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewAdamax or the step count is already math.MaxInt.
func (o *Adamax[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way.
func (o *Adamax[F]) prepare(g int) {
	o.steps[g] = o.cfgs[g].hyper(o.groups[g].lr).Step(o.t)
	if o.cfgs[g].Mode == ModeTFJS {
		o.pow1[g], o.powAt[g] = tfjsPower(o.cfgs[g].Betas[0], o.t, o.pow1[g], o.powAt[g]), o.t
	}
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c AdamaxConfig) hyper(lr float64) kernels.AdamaxHyper {
	return kernels.AdamaxHyper{LR: lr, Beta1: c.Betas[0], Beta2: c.Betas[1], Eps: c.Eps, WeightDecay: c.WeightDecay,
		Maximize: c.Maximize}
}

func (o *Adamax[F]) update(i, lo, hi int) {
	st, p, g := o.state[i], o.params[i], o.group[i]
	if o.cfgs[g].Mode == ModeTFJS {
		adamaxTFJS(&o.steps[g].AdamaxHyper, o.pow1[g], p.Value[lo:hi], p.Grad[lo:hi], st[0][lo:hi], st[1][lo:hi])
		return
	}
	kernels.Adamax(&o.steps[g], p.Value[lo:hi], p.Grad[lo:hi], st[0][lo:hi], st[1][lo:hi])
}
