package optim

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// AdamConfig holds the hyperparameters of Adam, AdamW and AMSGrad, with torch.optim.Adam's names and meanings.
// Start from DefaultAdam or DefaultAdamW: the zero value is rejected by NewAdam rather than read as a learning
// rate, betas or ε of 0.
type AdamConfig struct {
	LR    float64    // learning rate, > 0
	Betas [2]float64 // decay of the first and second moments, each in [0, 1)
	Eps   float64    // added to the denominator, > 0
	// WeightDecay ≥ 0. A positive one needs a choice of its kind, since the two Adams a port may come from
	// differ: L2 (torch.optim.Adam's weight_decay) or DecoupledWeightDecay (torch.optim.AdamW, DefaultAdamW).
	WeightDecay float64
	// L2 makes WeightDecay an L2 term added to the gradient, g ← g + WeightDecay·w, as torch.optim.Adam's
	// weight_decay does: what a port of Adam(weight_decay=…) wants.
	L2 bool
	// DecoupledWeightDecay makes this AdamW, as current PyTorch's Adam names it: w ← (1 − LR·WeightDecay)·w
	// instead of adding WeightDecay·w to the gradient.
	DecoupledWeightDecay bool
	AMSGrad              bool // divide by the running maximum of the second moment
	Maximize             bool // ascend the objective
	// Mode is ModeTorch (PyTorch's m̂/(√v̂ + ε)) or ModeKeras: Keras 3's keras.optimizers.Adam (and the Adam
	// paper's ε̂), w ← w − (LR·√(1−β2ᵗ)/(1−β1ᵗ))·m/(√v + ε), ε added to √v before the bias correction; the
	// numbers differ from PyTorch's by a factor √(1−β2ᵗ) on ε. TensorFlow.js's tf.train.adam computes PyTorch's
	// formula (ε after the bias correction), in another rounding order and with float32 running products β1ᵗ,
	// β2ᵗ: use ModeTorch for it (docs/optim.md gives the measured difference).
	Mode Mode
	// State is the type of exp_avg, exp_avg_sq and max_exp_avg_sq: the parameters' own by default, or 16 or 8
	// bits (float32 parameters only), computed in float32 and rounded to nearest (or quantized) once per step.
	State StateType
}

// DefaultAdam returns torch.optim.Adam's defaults: LR 1e-3, betas (0.9, 0.999), ε 1e-8, no weight decay. To port
// Adam(weight_decay=wd) set WeightDecay and L2; for AdamW start from DefaultAdamW.
func DefaultAdam() AdamConfig {
	return AdamConfig{LR: 1e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8}
}

// DefaultAdamW returns torch.optim.AdamW's defaults: DefaultAdam with decoupled weight decay 1e-2.
func DefaultAdamW() AdamConfig {
	c := DefaultAdam()
	c.WeightDecay, c.DecoupledWeightDecay = 1e-2, true
	return c
}

// validate checks c as PyTorch does, and more strictly where a zero would be a forgotten field: LR and ε must be
// positive, the betas not both zero and a weight decay's kind chosen.
func (c AdamConfig) validate() error {
	const opt = "Adam"
	err := firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}, field{"Eps", c.Eps},
			field{"WeightDecay", c.WeightDecay}),
		checkLR(opt, "DefaultAdam", c.LR))
	if err == nil && c.Betas == [2]float64{} {
		return fmt.Errorf("optim: Adam: Betas are both 0, the zero value (start from DefaultAdam for PyTorch's (0.9, 0.999))")
	}
	return firstError(err,
		checkUnit(opt, field{"Betas[0]", c.Betas[0]}, field{"Betas[1]", c.Betas[1]}),
		checkEps(opt, c.Eps),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}),
		c.checkDecayKind(),
		checkMode(opt, c.Mode, ModeKeras))
}

// checkDecayKind refuses a weight decay whose kind is not chosen, or chosen twice: DefaultAdam plus a WeightDecay
// would otherwise silently be L2 to one reader and AdamW to another.
func (c AdamConfig) checkDecayKind() error {
	switch {
	case c.L2 && c.DecoupledWeightDecay:
		return fmt.Errorf("optim: Adam: L2 and DecoupledWeightDecay are both set: choose one")
	case c.WeightDecay > 0 && !c.L2 && !c.DecoupledWeightDecay:
		return fmt.Errorf("optim: Adam: WeightDecay=%v needs its kind: L2 (torch.optim.Adam's weight_decay) or "+
			"DecoupledWeightDecay (AdamW, as DefaultAdamW)", c.WeightDecay)
	}
	return nil
}

func (c AdamConfig) learningRate() float64 { return c.LR }

func (c AdamConfig) torchOptions() map[string]any {
	return withState(withMode(map[string]any{"lr": c.LR, "betas": c.Betas, "eps": c.Eps, "weight_decay": c.WeightDecay,
		"decoupled_weight_decay": c.DecoupledWeightDecay, "amsgrad": c.AMSGrad, "maximize": c.Maximize}, c.Mode), c.State)
}

func (c AdamConfig) stateType() StateType { return c.State }

func (c AdamConfig) stateNames() []string {
	if c.AMSGrad {
		return []string{"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
	}
	return []string{"exp_avg", "exp_avg_sq"}
}

// Adam is the Adam, AdamW or AMSGrad optimizer over a fixed list of parameters, as torch.optim.Adam/AdamW.
type Adam[F kernels.Float] struct {
	Core[F]
	cfgs  []AdamConfig
	steps []kernels.AdamStep // each group's scalars of the step under way
}

// NewAdam validates cfg and the parameters and allocates the optimizer's state (exp_avg, exp_avg_sq, and
// max_exp_avg_sq with AMSGrad), all zero as in PyTorch.
func NewAdam[F kernels.Float](params []*Param[F], cfg AdamConfig) (*Adam[F], error) {
	return NewAdamGroups(Group[F, AdamConfig]{params, cfg})
}

// NewAdamGroups is NewAdam over parameter groups, each with its own config.
func NewAdamGroups[F kernels.Float](groups ...Group[F, AdamConfig]) (*Adam[F], error) {
	c, cfgs, err := newGroups("Adam", groups)
	if err != nil {
		return nil, err
	}
	return &Adam[F]{Core: c, cfgs: cfgs, steps: make([]kernels.AdamStep, len(cfgs))}, nil
}

// Step performs one optimization step over every parameter, reading their Grad. It allocates nothing. It returns an
// error, and changes nothing, if a parameter's buffers were resized since NewAdam or the step count is already
// math.MaxInt.
func (o *Adam[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way.
func (o *Adam[F]) prepare(g int) {
	o.steps[g] = o.cfgs[g].hyper(o.groups[g].lr).Step(o.t)
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c AdamConfig) hyper(lr float64) kernels.AdamHyper {
	return kernels.AdamHyper{LR: lr, Beta1: c.Betas[0], Beta2: c.Betas[1], Eps: c.Eps, WeightDecay: c.WeightDecay,
		Decoupled: c.DecoupledWeightDecay, AMSGrad: c.AMSGrad, Maximize: c.Maximize, EpsHat: c.Mode == ModeKeras}
}

func (o *Adam[F]) update(i, lo, hi int) {
	g, st, p, s := o.group[i], o.state[i], o.params[i], &o.steps[o.group[i]]
	switch h, cp := o.half[i], o.copyOf(i); {
	case h.bf16 != nil:
		adamStored(s, f32(p.Value[lo:hi]), f32(p.Grad[lo:hi]), h.bf16, lo, hi)
	case h.f16 != nil:
		adamStored(s, f32(p.Value[lo:hi]), f32(p.Grad[lo:hi]), h.f16, lo, hi)
	case h.q8 != nil:
		var vmax kernels.Q8
		if len(h.q8) > 2 {
			vmax = h.q8[2].Slice(lo, hi)
		}
		kernels.AdamQ8(s, f32(p.Value[lo:hi]), f32(p.Grad[lo:hi]), h.q8[0].Slice(lo, hi), h.q8[1].Slice(lo, hi), vmax)
	case cp != nil:
		w, grad, m, v := f32(p.Value[lo:hi]), f32(p.Grad[lo:hi]), f32(st[0][lo:hi]), f32(st[1][lo:hi])
		var vmax []float32
		if o.cfgs[g].AMSGrad {
			vmax = f32(st[2][lo:hi])
		}
		if cp.BF16 != nil {
			kernels.AdamCopy(s, w, grad, m, v, vmax, cp.BF16[lo:hi], cp.at(lo))
		} else {
			kernels.AdamCopy(s, w, grad, m, v, vmax, cp.F16[lo:hi], cp.at(lo))
		}
	default:
		var vmax []F
		if o.cfgs[g].AMSGrad {
			vmax = st[2][lo:hi]
		}
		kernels.Adam(s, p.Value[lo:hi], p.Grad[lo:hi], st[0][lo:hi], st[1][lo:hi], vmax)
	}
}

// fusesCopy reports whether update refreshes parameter i's weight copy itself: with float32 state, through
// AdamCopy.
func (o *Adam[F]) fusesCopy(i int) bool { return o.stateType(i) == StateFloat32 }

// adamStored updates elements [lo, hi) of float32 weights w and gradients g (that window already) with their
// 16-bit state st: exp_avg, exp_avg_sq and, with AMSGrad, max_exp_avg_sq.
func adamStored[S kernels.Half](s *kernels.AdamStep, w, g []float32, st [][]S, lo, hi int) {
	var vmax []S
	if len(st) > 2 {
		vmax = st[2][lo:hi]
	}
	kernels.AdamStored(s, w, g, st[0][lo:hi], st[1][lo:hi], vmax, kernels.Rounding{})
}
