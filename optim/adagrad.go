package optim

import "github.com/fastgrad/fastgrad/kernels"

// AdagradConfig holds torch.optim.Adagrad's hyperparameters. Start from DefaultAdagrad: the zero value is
// rejected rather than read as a learning rate of 0.
type AdagradConfig struct {
	LR                      float64 // learning rate, > 0
	LRDecay                 float64 // ≥ 0: step t uses LR/(1 + (t−1)·LRDecay)
	WeightDecay             float64 // ≥ 0, an L2 term added to the gradient
	InitialAccumulatorValue float64 // ≥ 0, the sum of squares' starting value
	Eps                     float64 // > 0, added to the denominator
	// Mode is ModeTorch (divide by √sum + ε) or ModeKeras: Keras 3's keras.optimizers.Adagrad, which divides by
	// √(sum + ε), w ← w − (LR·g)/√(sum + ε). TensorFlow.js's tf.train.adagrad has Keras's formula in another
	// rounding order, w ← w + (g/√(sum + ε))·(−LR): use ModeKeras for it (docs/optim.md gives the measured
	// difference). Keras's and TensorFlow.js's defaults differ from PyTorch's: ε 1e-7, initial sum 0.1.
	Mode     Mode
	Maximize bool
	// State is the type of sum: the parameters' own by default, or 16 or 8 bits (float32 parameters only),
	// computed in float32 and rounded to nearest (or quantized) once per step; InitialAccumulatorValue is
	// rounded (or quantized) to it too.
	State StateType
}

// DefaultAdagrad returns torch.optim.Adagrad's defaults: LR 0.01, ε 1e-10.
func DefaultAdagrad() AdagradConfig { return AdagradConfig{LR: 0.01, Eps: 1e-10} }

func (c AdagradConfig) validate() error {
	const opt = "Adagrad"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"LRDecay", c.LRDecay}, field{"WeightDecay", c.WeightDecay},
			field{"InitialAccumulatorValue", c.InitialAccumulatorValue}, field{"Eps", c.Eps}),
		checkLR(opt, "DefaultAdagrad", c.LR),
		checkNonNegative(opt, field{"LRDecay", c.LRDecay}, field{"WeightDecay", c.WeightDecay},
			field{"InitialAccumulatorValue", c.InitialAccumulatorValue}),
		checkEps(opt, c.Eps),
		checkMode(opt, c.Mode, ModeKeras))
}

func (c AdagradConfig) learningRate() float64 { return c.LR }

func (c AdagradConfig) stateNames() []string { return []string{"sum"} }

func (c AdagradConfig) initialState() float64 { return c.InitialAccumulatorValue }

func (c AdagradConfig) torchOptions() map[string]any {
	return withState(withMode(map[string]any{"lr": c.LR, "lr_decay": c.LRDecay, "weight_decay": c.WeightDecay,
		"initial_accumulator_value": c.InitialAccumulatorValue, "eps": c.Eps, "maximize": c.Maximize}, c.Mode), c.State)
}

func (c AdagradConfig) stateType() StateType { return c.State }

// Adagrad is torch.optim.Adagrad.
type Adagrad[F kernels.Float] struct {
	Core[F]
	cfgs  []AdagradConfig
	steps []kernels.AdagradStep
}

// NewAdagrad validates cfg and the parameters and allocates the sums of squares (sum), each starting at
// InitialAccumulatorValue.
func NewAdagrad[F kernels.Float](params []*Param[F], cfg AdagradConfig) (*Adagrad[F], error) {
	return NewAdagradGroups(Group[F, AdagradConfig]{params, cfg})
}

// NewAdagradGroups is NewAdagrad over parameter groups, each with its own config.
func NewAdagradGroups[F kernels.Float](groups ...Group[F, AdagradConfig]) (*Adagrad[F], error) {
	c, cfgs, err := newGroups("Adagrad", groups)
	if err != nil {
		return nil, err
	}
	return &Adagrad[F]{Core: c, cfgs: cfgs, steps: make([]kernels.AdagradStep, len(cfgs))}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewAdagrad or the step count is already math.MaxInt.
func (o *Adagrad[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way.
func (o *Adagrad[F]) prepare(g int) {
	o.steps[g] = o.cfgs[g].hyper(o.groups[g].lr).Step(o.t)
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c AdagradConfig) hyper(lr float64) kernels.AdagradHyper {
	return kernels.AdagradHyper{LR: lr, LRDecay: c.LRDecay, WeightDecay: c.WeightDecay, Eps: c.Eps,
		EpsInside: c.Mode == ModeKeras, Maximize: c.Maximize}
}

func (o *Adagrad[F]) update(i, lo, hi int) {
	p, s := o.params[i], &o.steps[o.group[i]]
	w, g := p.Value[lo:hi], p.Grad[lo:hi]
	switch h, cp := o.half[i], o.copyOf(i); {
	case h.bf16 != nil:
		kernels.AdagradStored(s, f32(w), f32(g), h.bf16[0][lo:hi], kernels.Rounding{})
	case h.f16 != nil:
		kernels.AdagradStored(s, f32(w), f32(g), h.f16[0][lo:hi], kernels.Rounding{})
	case h.q8 != nil:
		kernels.AdagradQ8(s, f32(w), f32(g), h.q8[0].Slice(lo, hi))
	case cp != nil && cp.BF16 != nil:
		kernels.AdagradCopy(s, f32(w), f32(g), f32(o.state[i][0][lo:hi]), cp.BF16[lo:hi], cp.at(lo))
	case cp != nil:
		kernels.AdagradCopy(s, f32(w), f32(g), f32(o.state[i][0][lo:hi]), cp.F16[lo:hi], cp.at(lo))
	default:
		kernels.Adagrad(s, w, g, o.state[i][0][lo:hi])
	}
}

// fusesCopy reports whether update refreshes parameter i's weight copy itself: with float32 state, through
// AdagradCopy.
func (o *Adagrad[F]) fusesCopy(i int) bool { return o.stateType(i) == StateFloat32 }
