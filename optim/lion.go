package optim

import "github.com/fastgrad/fastgrad/kernels"

// LionConfig holds Lion's hyperparameters, named as in its paper (Chen et al., 2023, "Symbolic Discovery of
// Optimization Algorithms"); PyTorch has no Lion. Start from DefaultLion: the zero value is rejected rather than
// read as a learning rate of 0.
type LionConfig struct {
	LR          float64    // learning rate, > 0
	Betas       [2]float64 // the update's interpolation and the momentum's decay, each in [0, 1)
	WeightDecay float64    // ≥ 0, decoupled: w ← (1 − LR·WeightDecay)·w
	// State is the type of exp_avg: the parameters' own by default, or 16 or 8 bits (float32 parameters only),
	// computed in float32 and rounded to nearest (or quantized) once per step.
	State StateType
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

func (c LionConfig) learningRate() float64 { return c.LR }

// torchOptions names Lion's options as the lion-pytorch package does, PyTorch having no Lion.
func (c LionConfig) torchOptions() map[string]any {
	return withState(map[string]any{"lr": c.LR, "betas": c.Betas, "weight_decay": c.WeightDecay}, c.State)
}

func (c LionConfig) stateType() StateType { return c.State }

func (c LionConfig) stateNames() []string { return []string{"exp_avg"} }

// Lion is the Lion optimizer (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"), which PyTorch
// does not ship: the sign of an interpolated momentum, with decoupled weight decay.
type Lion[F kernels.Float] struct {
	Core[F]
	cfgs   []LionConfig
	hypers []kernels.LionHyper
}

// NewLion validates cfg and the parameters and allocates exp_avg.
func NewLion[F kernels.Float](params []*Param[F], cfg LionConfig) (*Lion[F], error) {
	return NewLionGroups(Group[F, LionConfig]{params, cfg})
}

// NewLionGroups is NewLion over parameter groups, each with its own config.
func NewLionGroups[F kernels.Float](groups ...Group[F, LionConfig]) (*Lion[F], error) {
	c, cfgs, err := newGroups("Lion", groups)
	if err != nil {
		return nil, err
	}
	return &Lion[F]{Core: c, cfgs: cfgs, hypers: make([]kernels.LionHyper, len(cfgs))}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewLion or the step count is already math.MaxInt.
func (o *Lion[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way.
func (o *Lion[F]) prepare(g int) {
	o.hypers[g] = o.cfgs[g].hyper(o.groups[g].lr)
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c LionConfig) hyper(lr float64) kernels.LionHyper {
	return kernels.LionHyper{LR: lr, Beta1: c.Betas[0], Beta2: c.Betas[1], WeightDecay: c.WeightDecay}
}

func (o *Lion[F]) update(i, lo, hi int) {
	p, h := o.params[i], &o.hypers[o.group[i]]
	w, g := p.Value[lo:hi], p.Grad[lo:hi]
	switch hs, cp := o.half[i], o.copyOf(i); {
	case hs.bf16 != nil:
		kernels.LionStored(h, f32(w), f32(g), hs.bf16[0][lo:hi], kernels.Rounding{})
	case hs.f16 != nil:
		kernels.LionStored(h, f32(w), f32(g), hs.f16[0][lo:hi], kernels.Rounding{})
	case hs.q8 != nil:
		kernels.LionQ8(h, f32(w), f32(g), hs.q8[0].Slice(lo, hi))
	case cp != nil && cp.BF16 != nil:
		kernels.LionCopy(h, f32(w), f32(g), f32(o.state[i][0][lo:hi]), cp.BF16[lo:hi], cp.at(lo))
	case cp != nil:
		kernels.LionCopy(h, f32(w), f32(g), f32(o.state[i][0][lo:hi]), cp.F16[lo:hi], cp.at(lo))
	default:
		kernels.Lion(h, w, g, o.state[i][0][lo:hi])
	}
}

// fusesCopy reports whether update refreshes parameter i's weight copy itself: with float32 state, through
// LionCopy.
func (o *Lion[F]) fusesCopy(i int) bool { return o.stateType(i) == StateFloat32 }
