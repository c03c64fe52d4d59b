package optim

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// SGDConfig holds torch.optim.SGD's hyperparameters. Start from DefaultSGD: the zero value is rejected by NewSGD
// rather than read as a learning rate of 0.
type SGDConfig struct {
	LR          float64 // learning rate, > 0
	Momentum    float64 // in [0, 1); 0 keeps no buffer
	Dampening   float64 // in [0, 1)
	WeightDecay float64 // ≥ 0, an L2 term added to the gradient
	Nesterov    bool    // Nesterov momentum; needs Momentum > 0 and Dampening 0, as in PyTorch
	Maximize    bool    // ascend the objective
	// Mode is ModeTorch or ModeKeras: Keras 3's keras.optimizers.SGD momentum form, v ← μ·v − LR·g and w ← w + v
	// (with Nesterov, w ← w + μ·v − LR·g), which differs from PyTorch's once the learning rate changes. It has no
	// dampening, weight decay or maximize. The kernels have no fused form of it, so Step composes Scale and Axpy:
	// exact, but three passes. TensorFlow.js's tf.train.momentum is PyTorch's form (v ← μ·v + g, w ← w − LR·v), to
	// the bit: use ModeTorch for it.
	Mode Mode
	// State is the type of momentum_buffer: the parameters' own by default, or 16 or 8 bits (float32 parameters
	// and PyTorch's momentum only), computed in float32 and rounded to nearest (or quantized) once per step.
	State StateType
}

// DefaultSGD returns torch.optim.SGD's defaults (PyTorch 2.x): plain SGD with learning rate 1e-3.
func DefaultSGD() SGDConfig { return SGDConfig{LR: 1e-3} }

func (c SGDConfig) validate() error {
	const opt = "SGD"
	err := firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Momentum", c.Momentum}, field{"Dampening", c.Dampening}, field{"WeightDecay", c.WeightDecay}),
		checkLR(opt, "DefaultSGD", c.LR),
		checkUnit(opt, field{"Momentum", c.Momentum}, field{"Dampening", c.Dampening}),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}),
		checkMode(opt, c.Mode, ModeKeras))
	switch {
	case err != nil:
		return err
	case c.Nesterov && (c.Momentum == 0 || c.Dampening != 0):
		return fmt.Errorf("optim: SGD: Nesterov needs Momentum > 0 and Dampening 0 (Momentum=%v, Dampening=%v)", c.Momentum, c.Dampening)
	case c.Mode == ModeKeras && (c.Momentum == 0 || c.Dampening != 0 || c.WeightDecay != 0 || c.Maximize):
		return fmt.Errorf("optim: SGD: Keras momentum needs Momentum > 0 and no Dampening, WeightDecay or Maximize")
	case c.State != StateFloat32 && (c.Momentum == 0 || c.Mode == ModeKeras):
		return fmt.Errorf("optim: SGD: State=%v keeps momentum_buffer in %v: it needs Momentum > 0 and not Keras", c.State, c.State)
	}
	return nil
}

func (c SGDConfig) learningRate() float64 { return c.LR }

func (c SGDConfig) torchOptions() map[string]any {
	return withState(withMode(map[string]any{"lr": c.LR, "momentum": c.Momentum, "dampening": c.Dampening,
		"weight_decay": c.WeightDecay, "nesterov": c.Nesterov, "maximize": c.Maximize}, c.Mode), c.State)
}

func (c SGDConfig) stateType() StateType { return c.State }

func (c SGDConfig) stateNames() []string {
	if c.Momentum > 0 {
		return []string{"momentum_buffer"}
	}
	return nil
}

// SGD is stochastic gradient descent with optional momentum, as torch.optim.SGD, or Keras's momentum form.
type SGD[F kernels.Float] struct {
	Core[F]
	cfgs  []SGDConfig
	steps []kernels.SGDStep
}

// NewSGD validates cfg and the parameters and allocates the momentum buffers (momentum_buffer) if Momentum > 0.
func NewSGD[F kernels.Float](params []*Param[F], cfg SGDConfig) (*SGD[F], error) {
	return NewSGDGroups(Group[F, SGDConfig]{params, cfg})
}

// NewSGDGroups is NewSGD over parameter groups, each with its own config.
func NewSGDGroups[F kernels.Float](groups ...Group[F, SGDConfig]) (*SGD[F], error) {
	c, cfgs, err := newGroups("SGD", groups)
	if err != nil {
		return nil, err
	}
	return &SGD[F]{Core: c, cfgs: cfgs, steps: make([]kernels.SGDStep, len(cfgs))}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewSGD or the step count is already math.MaxInt.
func (o *SGD[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way.
func (o *SGD[F]) prepare(g int) {
	o.steps[g] = o.cfgs[g].hyper(o.groups[g].lr).Step(o.t)
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c SGDConfig) hyper(lr float64) kernels.SGDHyper {
	return kernels.SGDHyper{LR: lr, Momentum: c.Momentum, Dampening: c.Dampening, WeightDecay: c.WeightDecay,
		Nesterov: c.Nesterov, Maximize: c.Maximize}
}

func (o *SGD[F]) update(i, lo, hi int) {
	g, p := o.group[i], o.params[i]
	c, w, grad, s := o.cfgs[g], p.Value[lo:hi], p.Grad[lo:hi], &o.steps[g]
	var buf []F
	if c.Momentum > 0 && o.stateType(i) == StateFloat32 {
		buf = o.state[i][0][lo:hi]
	}
	switch h, cp := o.half[i], o.copyOf(i); {
	case h.bf16 != nil:
		kernels.SGDStored(s, f32(w), f32(grad), h.bf16[0][lo:hi], kernels.Rounding{})
	case h.f16 != nil:
		kernels.SGDStored(s, f32(w), f32(grad), h.f16[0][lo:hi], kernels.Rounding{})
	case h.q8 != nil:
		kernels.SGDQ8(s, f32(w), f32(grad), h.q8[0].Slice(lo, hi))
	case c.Mode == ModeKeras:
		o.keras(g, w, grad, buf)
	case cp != nil && cp.BF16 != nil:
		kernels.SGDCopy(s, f32(w), f32(grad), f32(buf), cp.BF16[lo:hi], cp.at(lo))
	case cp != nil:
		kernels.SGDCopy(s, f32(w), f32(grad), f32(buf), cp.F16[lo:hi], cp.at(lo))
	default:
		kernels.SGD(s, w, grad, buf)
	}
}

// fusesCopy reports whether update refreshes parameter i's weight copy itself: with float32 state, through
// SGDCopy, but for the Keras form.
func (o *SGD[F]) fusesCopy(i int) bool {
	return o.stateType(i) == StateFloat32 && o.cfgs[o.group[i]].Mode != ModeKeras
}

// keras is group g's Keras momentum step over weights w, gradients grad and momentum buf.
func (o *SGD[F]) keras(g int, w, grad, buf []F) {
	mu, nlr := F(o.cfgs[g].Momentum), F(-o.groups[g].lr)
	kernels.Scale(mu, buf)
	kernels.Axpy(nlr, grad, buf)
	if o.cfgs[g].Nesterov {
		kernels.Axpy(mu, buf, w)
		kernels.Axpy(nlr, grad, w)
	} else {
		kernels.Axpy(1, buf, w)
	}
}
