package optim

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// RpropConfig holds torch.optim.Rprop's hyperparameters, with its names. Start from DefaultRprop: the zero value is
// rejected rather than read as a learning rate of 0.
type RpropConfig struct {
	LR        float64    // every step size's first value, > 0
	Etas      [2]float64 // (η−, η+): a step size's factors where the gradient changed sign and where it kept it, 0 < η− < 1 < η+
	StepSizes [2]float64 // (least, greatest) step size: 0 ≤ least ≤ greatest, greatest > 0
	Maximize  bool
}

// DefaultRprop returns torch.optim.Rprop's defaults: LR 1e-2, etas (0.5, 1.2), step sizes (1e-6, 50).
func DefaultRprop() RpropConfig {
	return RpropConfig{LR: 1e-2, Etas: [2]float64{0.5, 1.2}, StepSizes: [2]float64{1e-6, 50}}
}

// validate checks what PyTorch checks (lr, and 0 < η− < 1 < η+), and also the step sizes' bounds, which PyTorch
// leaves unchecked: a negative bound moves weights uphill, reversed bounds pin every step size to the greatest, and
// a greatest of 0 never moves a weight.
func (c RpropConfig) validate() error {
	const opt = "Rprop"
	err := firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Etas[0]", c.Etas[0]}, field{"Etas[1]", c.Etas[1]},
			field{"StepSizes[0]", c.StepSizes[0]}, field{"StepSizes[1]", c.StepSizes[1]}),
		checkLR(opt, "DefaultRprop", c.LR))
	switch {
	case err != nil:
		return err
	case !(0 < c.Etas[0] && c.Etas[0] < 1):
		return fmt.Errorf("optim: %s: Etas[0]=%v, want in (0, 1)", opt, c.Etas[0])
	case !(c.Etas[1] > 1):
		return fmt.Errorf("optim: %s: Etas[1]=%v, want > 1", opt, c.Etas[1])
	case !(c.StepSizes[1] > 0 && c.StepSizes[1] >= c.StepSizes[0]):
		return fmt.Errorf("optim: %s: StepSizes[1]=%v, want > 0 and ≥ StepSizes[0]", opt, c.StepSizes[1])
	}
	return checkNonNegative(opt, field{"StepSizes[0]", c.StepSizes[0]})
}

// etasIn rejects η− or η+ that F rounds to 1: the kernel compares the factors in F, and an η− of 1 there would take
// every unchanged step size for a shrunk one and never move a weight.
func etasIn[F kernels.Float](c RpropConfig) error {
	if em, ep := F(c.Etas[0]), F(c.Etas[1]); em == 1 || ep == 1 {
		return fmt.Errorf("optim: Rprop: Etas=%v is [%v %v] in %T: want 0 < Etas[0] < 1 < Etas[1] there", c.Etas, em, ep, em)
	}
	return nil
}

func (c RpropConfig) learningRate() float64 { return c.LR }

func (c RpropConfig) torchOptions() map[string]any {
	return map[string]any{"lr": c.LR, "etas": c.Etas, "step_sizes": c.StepSizes, "maximize": c.Maximize}
}

func (c RpropConfig) stateNames() []string { return []string{"prev", "step_size"} }

// Rprop is torch.optim.Rprop, resilient backpropagation: each weight moves by its own step size against the sign
// of its gradient, the step size growing by η+ while the gradient keeps its sign and shrinking by η− when it
// changes, and that step skipping the weight.
//
// As in PyTorch, the learning rate only starts the step sizes: the first Step fills step_size with the group's
// rate of then (its config's, or the last SetLR's or schedule's before that step), and later rates change nothing.
type Rprop[F kernels.Float] struct {
	Core[F]
	hypers []kernels.RpropHyper
}

// NewRprop validates cfg and the parameters and allocates prev and step_size.
func NewRprop[F kernels.Float](params []*Param[F], cfg RpropConfig) (*Rprop[F], error) {
	return NewRpropGroups(Group[F, RpropConfig]{params, cfg})
}

// NewRpropGroups is NewRprop over parameter groups, each with its own config.
func NewRpropGroups[F kernels.Float](groups ...Group[F, RpropConfig]) (*Rprop[F], error) {
	c, cfgs, err := newGroups("Rprop", groups)
	if err != nil {
		return nil, err
	}
	hypers := make([]kernels.RpropHyper, len(cfgs))
	for g, cfg := range cfgs {
		if err := etasIn[F](cfg); err != nil {
			if len(cfgs) > 1 {
				err = fmt.Errorf("%w (group %d)", err, g)
			}
			return nil, err
		}
		hypers[g] = cfg.hyper()
	}
	return &Rprop[F]{Core: c, hypers: hypers}, nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewRprop or the step count is already math.MaxInt.
func (o *Rprop[F]) Step() error { return o.step(o) }

// prepare starts group g's step sizes at its learning rate at the first step, where PyTorch creates the state.
func (o *Rprop[F]) prepare(g int) {
	if o.t != 1 {
		return
	}
	lr := F(o.groups[g].lr)
	for i := range o.params {
		if o.group[i] == g {
			for j := range o.state[i][1] {
				o.state[i][1][j] = lr
			}
		}
	}
}

// hyper returns the kernel's hyperparameters: the one place the config reaches the kernel. The learning rate is
// not among them: it is the step sizes' first value, which prepare writes into the state.
func (c RpropConfig) hyper() kernels.RpropHyper {
	return kernels.RpropHyper{EtaMinus: c.Etas[0], EtaPlus: c.Etas[1], StepMin: c.StepSizes[0], StepMax: c.StepSizes[1],
		Maximize: c.Maximize}
}

func (o *Rprop[F]) update(i, lo, hi int) {
	p := o.params[i]
	kernels.Rprop(&o.hypers[o.group[i]], p.Value[lo:hi], p.Grad[lo:hi], o.state[i][0][lo:hi], o.state[i][1][lo:hi])
}
