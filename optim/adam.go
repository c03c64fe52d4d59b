package optim

import (
	"fmt"

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
		checkNonNegative(opt, field{"WeightDecay", c.WeightDecay}))
}

// Adam is the Adam, AdamW or AMSGrad optimizer over a fixed list of parameters, as torch.optim.Adam/AdamW.
type Adam[F kernels.Float] struct {
	core[F]
	cfg AdamConfig
}

// NewAdam validates cfg and the parameters and allocates the optimizer's state (exp_avg, exp_avg_sq, and
// max_exp_avg_sq with AMSGrad), all zero as in PyTorch.
func NewAdam[F kernels.Float](params []*Param[F], cfg AdamConfig) (*Adam[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	state := []string{"exp_avg", "exp_avg_sq"}
	if cfg.AMSGrad {
		state = append(state, "max_exp_avg_sq")
	}
	c, err := newCore("Adam", params, cfg.LR, state...)
	if err != nil {
		return nil, err
	}
	return &Adam[F]{core: c, cfg: cfg}, nil
}

// Step performs one optimization step over every parameter, reading their Grad. It allocates nothing. It returns an
// error, and changes nothing, if a parameter's buffers were resized since NewAdam.
func (o *Adam[F]) Step() error {
	if err := o.begin(); err != nil {
		return err
	}
	h := kernels.AdamHyper{LR: o.lr, Beta1: o.cfg.Betas[0], Beta2: o.cfg.Betas[1], Eps: o.cfg.Eps,
		WeightDecay: o.cfg.WeightDecay, Decoupled: o.cfg.Decoupled, AMSGrad: o.cfg.AMSGrad,
		Maximize: o.cfg.Maximize, EpsHat: o.cfg.EpsHat}
	s := h.Step(o.t)
	for i, p := range o.params {
		var vmax []F
		if o.cfg.AMSGrad {
			vmax = o.state[i][2]
		}
		kernels.Adam(&s, p.Value, p.Grad, o.state[i][0], o.state[i][1], vmax)
	}
	return nil
}
