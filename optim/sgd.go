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

// SGD is stochastic gradient descent with optional momentum, as torch.optim.SGD, or Keras's momentum form.
type SGD[F kernels.Float] struct {
	core[F]
	cfg SGDConfig
}

// NewSGD validates cfg and the parameters and allocates the momentum buffers (momentum_buffer) if Momentum > 0.
func NewSGD[F kernels.Float](params []*Param[F], cfg SGDConfig) (*SGD[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	var state []string
	if cfg.Momentum > 0 {
		state = []string{"momentum_buffer"}
	}
	c, err := newCore("SGD", params, cfg.LR, state...)
	if err != nil {
		return nil, err
	}
	return &SGD[F]{core: c, cfg: cfg}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing.
func (o *SGD[F]) Step() error {
	if err := o.begin(); err != nil {
		return err
	}
	if o.cfg.Keras {
		mu, nlr := F(o.cfg.Momentum), F(-o.lr)
		for i, p := range o.params {
			v := o.state[i][0]
			kernels.Scale(mu, v)
			kernels.Axpy(nlr, p.Grad, v)
			if o.cfg.Nesterov {
				kernels.Axpy(mu, v, p.Value)
				kernels.Axpy(nlr, p.Grad, p.Value)
			} else {
				kernels.Axpy(1, v, p.Value)
			}
		}
		return nil
	}
	s := kernels.SGDHyper{LR: o.lr, Momentum: o.cfg.Momentum, Dampening: o.cfg.Dampening, WeightDecay: o.cfg.WeightDecay,
		Nesterov: o.cfg.Nesterov, Maximize: o.cfg.Maximize}.Step(o.t)
	for i, p := range o.params {
		var buf []F
		if o.cfg.Momentum > 0 {
			buf = o.state[i][0]
		}
		kernels.SGD(&s, p.Value, p.Grad, buf)
	}
	return nil
}
