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
	// Keras selects the Keras form of momentum, v ← μ·v − LR·g and w ← w + v (with Nesterov, w ← w + μ·v − LR·g),
	// which differs from PyTorch's once the learning rate changes. It has no dampening, weight decay or maximize.
	// The kernels have no fused form of it, so Step composes Scale and Axpy: exact, but three passes.
	Keras bool
}

// DefaultSGD returns torch.optim.SGD's defaults (PyTorch 2.x): plain SGD with learning rate 1e-3.
func DefaultSGD() SGDConfig { return SGDConfig{LR: 1e-3} }

func (c SGDConfig) validate() error {
	const opt = "SGD"
	err := firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Momentum", c.Momentum}, field{"Dampening", c.Dampening}, field{"WeightDecay", c.WeightDecay}),
		checkLR(opt, "DefaultSGD", c.LR),
		checkUnit(opt, field{"Momentum", c.Momentum}, field{"Dampening", c.Dampening}),
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}))
	switch {
	case err != nil:
		return err
	case c.Nesterov && (c.Momentum == 0 || c.Dampening != 0):
		return fmt.Errorf("optim: SGD: Nesterov needs Momentum > 0 and Dampening 0 (Momentum=%v, Dampening=%v)", c.Momentum, c.Dampening)
	case c.Keras && (c.Momentum == 0 || c.Dampening != 0 || c.WeightDecay != 0 || c.Maximize):
		return fmt.Errorf("optim: SGD: Keras momentum needs Momentum > 0 and no Dampening, WeightDecay or Maximize")
	}
	return nil
}

func (c SGDConfig) learningRate() float64 { return c.LR }

func (c SGDConfig) torchOptions() map[string]any {
	return withMode(map[string]any{"lr": c.LR, "momentum": c.Momentum, "dampening": c.Dampening,
		"weight_decay": c.WeightDecay, "nesterov": c.Nesterov, "maximize": c.Maximize}, c.Keras, "keras")
}

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
	c, w, grad := o.cfgs[g], p.Value[lo:hi], p.Grad[lo:hi]
	var buf []F
	if c.Momentum > 0 {
		buf = o.state[i][0][lo:hi]
	}
	if !c.Keras {
		kernels.SGD(&o.steps[g], w, grad, buf)
		return
	}
	mu, nlr := F(c.Momentum), F(-o.groups[g].lr)
	kernels.Scale(mu, buf)
	kernels.Axpy(nlr, grad, buf)
	if c.Nesterov {
		kernels.Axpy(mu, buf, w)
		kernels.Axpy(nlr, grad, w)
	} else {
		kernels.Axpy(1, buf, w)
	}
}
