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
	// Mode is ModeTorch (PyTorch's formula, which Keras 3's keras.optimizers.Adadelta shares) or ModeTFJS:
	// TensorFlow.js 4.x's tf.train.adadelta, which divides by the squared-gradient average of the step before,
	// Δ = √(acc + ε)/√(sq₍ₜ₋₁₎ + ε)·g, where PyTorch divides by this step's (see adadeltaTFJS for the exact loop;
	// it has no WeightDecay or Maximize, and tfjs's defaults are LR 0.001, ρ 0.95, ε 1e-7).
	Mode Mode
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
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}),
		checkMode(opt, c.Mode, ModeTFJS),
		checkTFJS(opt, c.Mode, c.WeightDecay, c.Maximize))
}

func (c AdadeltaConfig) learningRate() float64 { return c.LR }

func (c AdadeltaConfig) torchOptions() map[string]any {
	return withMode(map[string]any{"lr": c.LR, "rho": c.Rho, "eps": c.Eps, "weight_decay": c.WeightDecay,
		"maximize": c.Maximize}, c.Mode)
}

func (c AdadeltaConfig) stateNames() []string { return []string{"square_avg", "acc_delta"} }

// Adadelta is torch.optim.Adadelta, or TensorFlow.js's form of it.
type Adadelta[F kernels.Float] struct {
	Core[F]
	cfgs   []AdadeltaConfig
	hypers []kernels.AdadeltaHyper
}

// NewAdadelta validates cfg and the parameters and allocates square_avg and acc_delta.
func NewAdadelta[F kernels.Float](params []*Param[F], cfg AdadeltaConfig) (*Adadelta[F], error) {
	return NewAdadeltaGroups(Group[F, AdadeltaConfig]{params, cfg})
}

// NewAdadeltaGroups is NewAdadelta over parameter groups, each with its own config.
func NewAdadeltaGroups[F kernels.Float](groups ...Group[F, AdadeltaConfig]) (*Adadelta[F], error) {
	c, cfgs, err := newGroups("Adadelta", groups)
	if err != nil {
		return nil, err
	}
	return &Adadelta[F]{Core: c, cfgs: cfgs, hypers: make([]kernels.AdadeltaHyper, len(cfgs))}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewAdadelta or the step count is already math.MaxInt.
func (o *Adadelta[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way.
func (o *Adadelta[F]) prepare(g int) {
	o.hypers[g] = o.cfgs[g].hyper(o.groups[g].lr)
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c AdadeltaConfig) hyper(lr float64) kernels.AdadeltaHyper {
	return kernels.AdadeltaHyper{LR: lr, Rho: c.Rho, Eps: c.Eps, WeightDecay: c.WeightDecay, Maximize: c.Maximize}
}

func (o *Adadelta[F]) update(i, lo, hi int) {
	st, p, h := o.state[i], o.params[i], &o.hypers[o.group[i]]
	if o.cfgs[o.group[i]].Mode == ModeTFJS {
		adadeltaTFJS(h, p.Value[lo:hi], p.Grad[lo:hi], st[0][lo:hi], st[1][lo:hi])
		return
	}
	kernels.Adadelta(h, p.Value[lo:hi], p.Grad[lo:hi], st[0][lo:hi], st[1][lo:hi])
}
