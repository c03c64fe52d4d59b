package gorgonia

import (
	"errors"
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Builder builds an optimizer of package optim over the parameters the first Step binds, such as
//
//	func(p []*optim.Param[float32]) (optim.Optimizer[float32], error) { return optim.NewAdam(p, cfg) }
type Builder[F kernels.Float] func(params []*optim.Param[F]) (optim.Optimizer[F], error)

// Solver is a gorgonia.Solver that updates the nodes with an optimizer of package optim (see the package comment).
// Build it with NewAdam, NewSGD, NewRMSprop, NewAdagrad or New. It is not safe for concurrent use.
type Solver struct {
	new32    Builder[float32]
	new64    Builder[float64]
	batch    float64
	clip     optim.Clip
	schedule optim.Schedule
	b32      *binding[float32]
	b64      *binding[float64]
}

var _ G.Solver = (*Solver)(nil)

// Option sets what a Solver does around its optimizer's update.
type Option func(*Solver)

// WithBatchSize makes every Step multiply the gradients by 1/b first, as Gorgonia's WithBatchSize does for b > 1.
func WithBatchSize(b float64) Option { return func(s *Solver) { s.batch = b } }

// WithClip makes the optimizer clip the gradients at every step (optim's SetClip): Clip{Value: c} is Gorgonia's
// WithClip(c).
func WithClip(c optim.Clip) Option { return func(s *Solver) { s.clip = c } }

// WithSchedule sets the learning rate by sch: an optim.Scheduler built with the optimizer and stepped after each
// Step, so step k (from 0) runs at sch.Rate(LR, k).
func WithSchedule(sch optim.Schedule) Option { return func(s *Solver) { s.schedule = sch } }

// NewAdam returns a Solver running optim.Adam with cfg (AdamW with cfg.DecoupledWeightDecay).
func NewAdam(cfg optim.AdamConfig, opts ...Option) (*Solver, error) {
	return New(func(p []*optim.Param[float32]) (optim.Optimizer[float32], error) { return optim.NewAdam(p, cfg) },
		func(p []*optim.Param[float64]) (optim.Optimizer[float64], error) { return optim.NewAdam(p, cfg) }, opts...)
}

// NewSGD returns a Solver running optim.SGD with cfg: Gorgonia's VanillaSolver without momentum, its Momentum with
// cfg.Mode = optim.ModeKeras.
func NewSGD(cfg optim.SGDConfig, opts ...Option) (*Solver, error) {
	return New(func(p []*optim.Param[float32]) (optim.Optimizer[float32], error) { return optim.NewSGD(p, cfg) },
		func(p []*optim.Param[float64]) (optim.Optimizer[float64], error) { return optim.NewSGD(p, cfg) }, opts...)
}

// NewRMSprop returns a Solver running optim.RMSprop with cfg; cfg.Mode = optim.ModeKeras gives Gorgonia's RMSPropSolver's rule.
func NewRMSprop(cfg optim.RMSpropConfig, opts ...Option) (*Solver, error) {
	return New(func(p []*optim.Param[float32]) (optim.Optimizer[float32], error) { return optim.NewRMSprop(p, cfg) },
		func(p []*optim.Param[float64]) (optim.Optimizer[float64], error) { return optim.NewRMSprop(p, cfg) }, opts...)
}

// NewAdagrad returns a Solver running optim.Adagrad with cfg; cfg.Mode = optim.ModeKeras gives Gorgonia's AdaGradSolver's rule.
func NewAdagrad(cfg optim.AdagradConfig, opts ...Option) (*Solver, error) {
	return New(func(p []*optim.Param[float32]) (optim.Optimizer[float32], error) { return optim.NewAdagrad(p, cfg) },
		func(p []*optim.Param[float64]) (optim.Optimizer[float64], error) { return optim.NewAdagrad(p, cfg) }, opts...)
}

// New returns a Solver whose first Step builds its optimizer with new32 over float32 nodes or new64 over float64
// ones. It builds each once over a throwaway parameter, so that a bad config or option fails here rather than at
// the first Step.
func New(new32 Builder[float32], new64 Builder[float64], opts ...Option) (*Solver, error) {
	if new32 == nil || new64 == nil {
		return nil, errors.New("gorgonia: New: nil builder")
	}
	s := &Solver{new32: new32, new64: new64, batch: 1}
	for _, o := range opts {
		o(s)
	}
	if !(s.batch >= 1) || math.IsInf(s.batch, 1) {
		return nil, fmt.Errorf("gorgonia: WithBatchSize(%v): want a finite batch size ≥ 1", s.batch)
	}
	if _, err := build(s, []*optim.Param[float32]{{Name: "probe", Value: make([]float32, 1), Grad: make([]float32, 1)}}, new32); err != nil {
		return nil, err
	}
	if _, err := build(s, []*optim.Param[float64]{{Name: "probe", Value: make([]float64, 1), Grad: make([]float64, 1)}}, new64); err != nil {
		return nil, err
	}
	return s, nil
}

// Optimizer32 returns the optimizer over float32 nodes, or nil before the first Step or if the nodes are float64:
// for its checkpoints, its learning rate or its PyTorch state.
func (s *Solver) Optimizer32() optim.Optimizer[float32] {
	if s.b32 == nil {
		return nil
	}
	return s.b32.opt
}

// Optimizer64 is Optimizer32 for float64 nodes.
func (s *Solver) Optimizer64() optim.Optimizer[float64] {
	if s.b64 == nil {
		return nil
	}
	return s.b64.opt
}

// Step updates every node of model from its gradient, then zeroes the gradients. The first call binds the nodes
// (see the package comment); a call that returns an error before the update has changed nothing.
func (s *Solver) Step(model []G.ValueGrad) error {
	switch {
	case s.b32 != nil:
		return s.b32.step(s, model)
	case s.b64 != nil:
		return s.b64.step(s, model)
	case len(model) == 0:
		return errors.New("gorgonia: Solver.Step: no nodes")
	}
	w, _, err := arrays(model, 0)
	if err != nil {
		return err
	}
	switch w.Dtype() {
	case tensor.Float32:
		if s.b32, err = bind(s, model, s.new32); err != nil {
			return err
		}
		return s.b32.step(s, model)
	case tensor.Float64:
		if s.b64, err = bind(s, model, s.new64); err != nil {
			return err
		}
		return s.b64.step(s, model)
	}
	return fmt.Errorf("gorgonia: Solver.Step: node 0 (%s) is %v: want float32 or float64", nodeName(model[0]), w.Dtype())
}
