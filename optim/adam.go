package optim

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// AdamConfig holds the hyperparameters of Adam, AdamW and AMSGrad, with torch.optim.Adam's names and meanings.
// Start from DefaultAdam or DefaultAdamW: the zero value is rejected by NewAdam rather than read as a learning
// rate, betas or ε of 0.
type AdamConfig struct {
	LR          float64    // learning rate, > 0
	Betas       [2]float64 // decay of the first and second moments, each in [0, 1)
	Eps         float64    // added to the denominator, > 0
	WeightDecay float64    // ≥ 0: an L2 term added to the gradient, or, with Decoupled, decay of the weights
	Decoupled   bool       // AdamW: w ← (1 − LR·WeightDecay)·w instead of adding WeightDecay·w to the gradient
	AMSGrad     bool       // divide by the running maximum of the second moment
	Maximize    bool       // ascend the objective
	EpsHat      bool       // Keras / the Adam paper's ε̂: ε is added to √v before the bias correction
}

// DefaultAdam returns torch.optim.Adam's defaults: LR 1e-3, betas (0.9, 0.999), ε 1e-8, no weight decay.
func DefaultAdam() AdamConfig {
	return AdamConfig{LR: 1e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8}
}

// DefaultAdamW returns torch.optim.AdamW's defaults: DefaultAdam with decoupled weight decay 1e-2.
func DefaultAdamW() AdamConfig {
	c := DefaultAdam()
	c.WeightDecay, c.Decoupled = 1e-2, true
	return c
}

// validate checks c as PyTorch does, and more strictly where a zero would be a forgotten field: LR and ε must be
// positive and the betas not both zero.
func (c AdamConfig) validate() error {
	finite := func(name string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("optim: Adam: %s=%v is not finite", name, v)
		}
		return nil
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"LR", c.LR}, {"Betas[0]", c.Betas[0]}, {"Betas[1]", c.Betas[1]}, {"Eps", c.Eps}, {"WeightDecay", c.WeightDecay}} {
		if err := finite(f.name, f.v); err != nil {
			return err
		}
	}
	switch {
	case c.LR <= 0:
		return fmt.Errorf("optim: Adam: LR=%v, want > 0 (start from DefaultAdam for PyTorch's 1e-3)", c.LR)
	case c.Betas == [2]float64{}:
		return fmt.Errorf("optim: Adam: Betas are both 0, the zero value (start from DefaultAdam for PyTorch's (0.9, 0.999))")
	case c.Betas[0] < 0 || c.Betas[0] >= 1:
		return fmt.Errorf("optim: Adam: Betas[0]=%v, want in [0, 1)", c.Betas[0])
	case c.Betas[1] < 0 || c.Betas[1] >= 1:
		return fmt.Errorf("optim: Adam: Betas[1]=%v, want in [0, 1)", c.Betas[1])
	case c.Eps <= 0:
		return fmt.Errorf("optim: Adam: Eps=%v, want > 0 (PyTorch's default is 1e-8)", c.Eps)
	case c.WeightDecay < 0:
		return fmt.Errorf("optim: Adam: WeightDecay=%v, want ≥ 0", c.WeightDecay)
	}
	return nil
}

// Adam is the Adam, AdamW or AMSGrad optimizer over a fixed list of parameters, as torch.optim.Adam/AdamW.
type Adam[F kernels.Float] struct {
	cfg    AdamConfig
	params []*Param[F]
	lens   []int
	m, v   [][]F
	vmax   [][]F // nil per parameter unless AMSGrad
	t      int
}

// NewAdam validates cfg and the parameters and allocates the optimizer's state (first and second moments, and
// their running maximum with AMSGrad), all zero as in PyTorch.
func NewAdam[F kernels.Float](params []*Param[F], cfg AdamConfig) (*Adam[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	lens, err := checkParams(params)
	if err != nil {
		return nil, err
	}
	o := &Adam[F]{cfg: cfg, params: params, lens: lens}
	o.m, o.v, o.vmax = make([][]F, len(params)), make([][]F, len(params)), make([][]F, len(params))
	for i, n := range lens {
		o.m[i], o.v[i] = make([]F, n), make([]F, n)
		if cfg.AMSGrad {
			o.vmax[i] = make([]F, n)
		}
	}
	return o, nil
}

// Step performs one optimization step over every parameter, reading their Grad. It allocates nothing. It returns an
// error, and changes nothing, if a parameter's buffers were resized since NewAdam.
func (o *Adam[F]) Step() error {
	if err := checkUnchanged(o.params, o.lens); err != nil {
		return err
	}
	o.t++
	h := kernels.AdamHyper{LR: o.cfg.LR, Beta1: o.cfg.Betas[0], Beta2: o.cfg.Betas[1], Eps: o.cfg.Eps,
		WeightDecay: o.cfg.WeightDecay, Decoupled: o.cfg.Decoupled, AMSGrad: o.cfg.AMSGrad,
		Maximize: o.cfg.Maximize, EpsHat: o.cfg.EpsHat}
	s := h.Step(o.t)
	for i, p := range o.params {
		kernels.Adam(&s, p.Value, p.Grad, o.m[i], o.v[i], o.vmax[i])
	}
	return nil
}

// StepCount returns the number of steps taken (PyTorch's state["step"]).
func (o *Adam[F]) StepCount() int { return o.t }

// LR returns the current learning rate.
func (o *Adam[F]) LR() float64 { return o.cfg.LR }

// SetLR changes the learning rate used from the next step on, as a schedule does; it rejects a rate that is not
// positive and finite.
func (o *Adam[F]) SetLR(lr float64) error {
	c := o.cfg
	c.LR = lr
	if err := c.validate(); err != nil {
		return err
	}
	o.cfg = c
	return nil
}

// ZeroGrad sets every parameter's gradient to zero.
func (o *Adam[F]) ZeroGrad() {
	for _, p := range o.params {
		clear(p.Grad)
	}
}
