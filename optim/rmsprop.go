package optim

import "github.com/fastgrad/fastgrad/kernels"

// RMSpropConfig holds torch.optim.RMSprop's hyperparameters. Start from DefaultRMSprop: the zero value is rejected
// rather than read as a learning rate of 0.
type RMSpropConfig struct {
	LR          float64 // learning rate, > 0
	Alpha       float64 // smoothing constant of the squared-gradient average, in [0, 1)
	Eps         float64 // > 0, added to the denominator
	WeightDecay float64 // ≥ 0, an L2 term added to the gradient
	Momentum    float64 // in [0, 1); 0 keeps no buffer
	Centered    bool    // normalise by the estimated variance, keeping the gradient's average
	Maximize    bool
	// Mode is ModeTorch (divide by √avg + ε), ModeKeras or ModeTFJS.
	//
	// ModeKeras divides by √(avg + ε), ε inside the root, as Keras 3's keras.optimizers.RMSprop and Gorgonia do,
	// and is otherwise PyTorch's step: with Momentum > 0 the buffer is PyTorch's, buf ← μ·buf + g/√(avg + ε) and
	// w ← w − LR·buf, where Keras folds LR into the buffer (the same numbers at a constant LR, up to rounding).
	//
	// ModeTFJS is TensorFlow.js 4.x's tf.train.rmsprop: w ← w − buf with buf ← μ·buf + LR·g/√(sq + ε), and,
	// centered, √(sq − (ga² + ε)), ε subtracted (see rmspropTFJS for the exact loop). It keeps momentum_buffer at
	// every Momentum, as tfjs does, and has no WeightDecay or Maximize; tfjs's defaults are α 0.9, ε 1e-7.
	Mode Mode
}

// DefaultRMSprop returns torch.optim.RMSprop's defaults: LR 0.01, α 0.99, ε 1e-8.
func DefaultRMSprop() RMSpropConfig { return RMSpropConfig{LR: 0.01, Alpha: 0.99, Eps: 1e-8} }

func (c RMSpropConfig) validate() error {
	const opt = "RMSprop"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Alpha", c.Alpha}, field{"Eps", c.Eps}, field{"WeightDecay", c.WeightDecay},
			field{"Momentum", c.Momentum}),
		checkLR(opt, "DefaultRMSprop", c.LR),
		checkUnit(opt, field{"Alpha", c.Alpha}, field{"Momentum", c.Momentum}),
		checkEps(opt, c.Eps),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}),
		checkMode(opt, c.Mode, ModeKeras, ModeTFJS),
		checkTFJS(opt, c.Mode, c.WeightDecay, c.Maximize))
}

func (c RMSpropConfig) learningRate() float64 { return c.LR }

func (c RMSpropConfig) torchOptions() map[string]any {
	return withMode(map[string]any{"lr": c.LR, "alpha": c.Alpha, "eps": c.Eps, "weight_decay": c.WeightDecay,
		"momentum": c.Momentum, "centered": c.Centered, "maximize": c.Maximize}, c.Mode)
}

// stateNames lists square_avg, then grad_avg when Centered, then momentum_buffer when Momentum > 0 or in ModeTFJS.
func (c RMSpropConfig) stateNames() []string {
	names := []string{"square_avg"}
	if c.Centered {
		names = append(names, "grad_avg")
	}
	if c.keepsBuffer() {
		names = append(names, "momentum_buffer")
	}
	return names
}

// keepsBuffer reports whether the config keeps momentum_buffer.
func (c RMSpropConfig) keepsBuffer() bool { return c.Momentum > 0 || c.Mode == ModeTFJS }

// RMSprop is torch.optim.RMSprop, plain, centered, with momentum, or both, or Keras's or TensorFlow.js's form.
type RMSprop[F kernels.Float] struct {
	Core[F]
	cfgs   []RMSpropConfig
	hypers []kernels.RMSpropHyper
}

// NewRMSprop validates cfg and the parameters and allocates square_avg, and grad_avg when Centered and
// momentum_buffer when Momentum > 0.
func NewRMSprop[F kernels.Float](params []*Param[F], cfg RMSpropConfig) (*RMSprop[F], error) {
	return NewRMSpropGroups(Group[F, RMSpropConfig]{params, cfg})
}

// NewRMSpropGroups is NewRMSprop over parameter groups, each with its own config.
func NewRMSpropGroups[F kernels.Float](groups ...Group[F, RMSpropConfig]) (*RMSprop[F], error) {
	c, cfgs, err := newGroups("RMSprop", groups)
	if err != nil {
		return nil, err
	}
	return &RMSprop[F]{Core: c, cfgs: cfgs, hypers: make([]kernels.RMSpropHyper, len(cfgs))}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewRMSprop or the step count is already math.MaxInt.
func (o *RMSprop[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way.
func (o *RMSprop[F]) prepare(g int) {
	o.hypers[g] = o.cfgs[g].hyper(o.groups[g].lr)
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c RMSpropConfig) hyper(lr float64) kernels.RMSpropHyper {
	return kernels.RMSpropHyper{LR: lr, Alpha: c.Alpha, Eps: c.Eps, WeightDecay: c.WeightDecay, Momentum: c.Momentum,
		Centered: c.Centered, EpsInside: c.Mode == ModeKeras, Maximize: c.Maximize}
}

func (o *RMSprop[F]) update(i, lo, hi int) {
	g, st, p := o.group[i], o.state[i], o.params[i]
	var gavg, buf []F
	k := 1 // the buffers follow square_avg in stateNames' order
	if o.cfgs[g].Centered {
		gavg, k = st[k][lo:hi], k+1
	}
	if o.cfgs[g].keepsBuffer() {
		buf = st[k][lo:hi]
	}
	if o.cfgs[g].Mode == ModeTFJS {
		rmspropTFJS(&o.hypers[g], p.Value[lo:hi], p.Grad[lo:hi], st[0][lo:hi], gavg, buf)
		return
	}
	kernels.RMSprop(&o.hypers[g], p.Value[lo:hi], p.Grad[lo:hi], st[0][lo:hi], gavg, buf)
}
