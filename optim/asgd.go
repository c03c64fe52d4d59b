package optim

import (
	"fmt"
	"math"
	"slices"

	"github.com/fastgrad/fastgrad/kernels"
)

// ASGDConfig holds torch.optim.ASGD's hyperparameters. Start from DefaultASGD: the zero value is rejected rather
// than read as a learning rate of 0.
type ASGDConfig struct {
	LR    float64 // learning rate, > 0
	Lambd float64 // λ, the decay term, ≥ 0: w ← (1 − λ·η)·w, and η = LR/(1 + λ·LR·t)^Alpha
	Alpha float64 // the power of η's decay, ≥ 0
	// T0 is the step after which the weights are averaged; until step T0 + 2 the average is the weights
	// themselves. Any finite value.
	T0          float64
	WeightDecay float64 // ≥ 0, coupled L2
	Maximize    bool
}

// DefaultASGD returns torch.optim.ASGD's defaults: LR 1e-2, λ 1e-4, α 0.75, t0 1e6, no weight decay.
func DefaultASGD() ASGDConfig { return ASGDConfig{LR: 1e-2, Lambd: 1e-4, Alpha: 0.75, T0: 1e6} }

// validate checks what PyTorch checks (lr and weight_decay), and also rejects a negative λ, which turns η into NaN
// once 1 + λ·LR·t is negative, and a negative α, with which η grows without bound.
func (c ASGDConfig) validate() error {
	const opt = "ASGD"
	return firstError(
		checkFinite(opt, field{"LR", c.LR}, field{"Lambd", c.Lambd}, field{"Alpha", c.Alpha}, field{"T0", c.T0},
			field{"WeightDecay", c.WeightDecay}),
		checkLR(opt, "DefaultASGD", c.LR),
		checkNonNegative(opt, field{"Lambd", c.Lambd}, field{"Alpha", c.Alpha}, field{"WeightDecay", c.WeightDecay}))
}

func (c ASGDConfig) learningRate() float64 { return c.LR }

func (c ASGDConfig) torchOptions() map[string]any {
	return map[string]any{"lr": c.LR, "lambd": c.Lambd, "alpha": c.Alpha, "t0": c.T0, "weight_decay": c.WeightDecay,
		"maximize": c.Maximize}
}

func (c ASGDConfig) stateNames() []string { return []string{"ax"} }

// ASGD is torch.optim.ASGD, averaged SGD: SGD with a step size η that decays as the steps go, and, from step
// T0 + 3 on, a running average of the weights (PyTorch's ax), which Averaged returns for evaluation.
//
// PyTorch computes a step's η and μ at the end of the step before, from the learning rate of then, and keeps them
// as state ("eta" and "mu" in TorchState, float32 values as PyTorch's tensors hold them): η of step 1 is LR, and
// a rate set by SetLR or a schedule after step t sets η from step t + 2 on, as in PyTorch, where the scheduler's
// rate for step t + 1 is read at the end of step t + 1.
type ASGD[F kernels.Float] struct {
	Core[F]
	cfgs  []ASGDConfig
	steps []kernels.ASGDStep // each group's scalars of the step under way
	// next holds each group's η and μ of its next step, group after group (PyTorch keeps them per parameter, the
	// same in a group).
	next []float64
}

// NewASGD validates cfg and the parameters and allocates ax.
func NewASGD[F kernels.Float](params []*Param[F], cfg ASGDConfig) (*ASGD[F], error) {
	return NewASGDGroups(Group[F, ASGDConfig]{params, cfg})
}

// NewASGDGroups is NewASGD over parameter groups, each with its own config.
func NewASGDGroups[F kernels.Float](groups ...Group[F, ASGDConfig]) (*ASGD[F], error) {
	c, cfgs, err := newGroups("ASGD", groups)
	if err != nil {
		return nil, err
	}
	o := &ASGD[F]{Core: c, cfgs: cfgs, steps: make([]kernels.ASGDStep, len(cfgs)), next: make([]float64, 0, 2*len(cfgs))}
	for _, cfg := range cfgs {
		o.next = append(o.next, o.initialExtra(cfg.LR)...)
	}
	o.owner = o
	return o, nil
}

// extraNames are PyTorch's names of a group's scalar state.
func (o *ASGD[F]) extraNames() []string { return []string{"eta", "mu"} }

// extraState is ASGD's scalar state for checkpoints, which a restore overwrites in place.
func (o *ASGD[F]) extraState() []float64 { return o.next }

// initialExtra returns η and μ as PyTorch starts them, at rate lr; step 1 takes its η from the rate of then.
func (o *ASGD[F]) initialExtra(lr float64) []float64 { return []float64{float64(float32(lr)), 1} }

// checkExtraState rejects an η or a μ no run can reach: η is a rate ≥ 0, μ = 1/max(1, t − t0) is in [0, 1].
func (o *ASGD[F]) checkExtraState(s []float64) error {
	for g := range len(s) / 2 {
		if eta, mu := s[2*g], s[2*g+1]; !(eta >= 0) || math.IsInf(eta, 0) {
			return fmt.Errorf("optim: ASGD: eta %v of group %d, want a finite rate ≥ 0", eta, g)
		} else if !(mu >= 0 && mu <= 1) {
			return fmt.Errorf("optim: ASGD: mu %v of group %d, want in [0, 1]", mu, g)
		}
	}
	return nil
}

// Step performs one step over every parameter, reading their Grad. It allocates nothing. It returns an error, and
// changes nothing, if a parameter's buffers were resized since NewASGD or the step count is already math.MaxInt.
func (o *ASGD[F]) Step() error { return o.step(o) }

// prepare computes group g's scalars for the step under way, and for the next from the rate of now.
func (o *ASGD[F]) prepare(g int) {
	h := o.cfgs[g].hyper(o.groups[g].lr)
	s := h.Step(1)
	if o.t > 1 {
		s.Eta, s.Mu = o.next[2*g], o.next[2*g+1]
	}
	o.steps[g] = s
	// Past 2²⁴ steps the next step's scalars no longer change, so the count can stop short of overflowing.
	next := h.Step(min(o.t, math.MaxInt-1) + 1)
	o.next[2*g], o.next[2*g+1] = next.Eta, next.Mu
}

// hyper returns the kernel's hyperparameters at learning rate lr: the one place the config reaches the kernel.
func (c ASGDConfig) hyper(lr float64) kernels.ASGDHyper {
	return kernels.ASGDHyper{LR: lr, Lambd: c.Lambd, Alpha: c.Alpha, T0: c.T0, WeightDecay: c.WeightDecay,
		Maximize: c.Maximize}
}

func (o *ASGD[F]) update(i, lo, hi int) {
	p := o.params[i]
	kernels.ASGD(&o.steps[o.group[i]], p.Value[lo:hi], p.Grad[lo:hi], o.state[i][0][lo:hi])
}

// Averaged returns a copy of parameter i's average of the weights (PyTorch's state["ax"]), i counting the
// parameters in the optimizer's order across its groups: the weights to evaluate with. Before the first step it is
// zero, and until step T0 + 2 it is the weights themselves. It panics if i is out of range.
func (o *ASGD[F]) Averaged(i int) []F {
	if o.lens == nil {
		panic(errNotBuilt.Error())
	}
	if i < 0 || i >= len(o.params) {
		panic(fmt.Sprintf("optim: ASGD: parameter %d out of range [0, %d)", i, len(o.params)))
	}
	return slices.Clone(o.state[i][0])
}
