package optim

import "fmt"

// MomentumGroups is what a schedule that cycles momentum (OneCycleLR with CycleMomentum) needs of an optimizer:
// each parameter group's momentum, as PyTorch's cycle_momentum finds it: SGD's and RMSprop's Momentum, and β1
// (Betas[0]) for Adam, AdamW, Adamax, NAdam, RAdam and Lion. Each step's scalars are computed from the momentum
// the group has at that step (Adam's bias correction 1 − β1ᵗ included, as PyTorch computes it from the current
// β1), so a momentum changed between steps gives PyTorch's numbers.
//
// The momentum set here is not an option: TorchState and checkpoints keep the config's, and a checkpointed
// Scheduler sets the cycled one again when it is restored.
type MomentumGroups interface {
	LRGroups
	// Momentum returns the momentum group uses at its next step.
	Momentum(group int) float64
	// SetMomentum changes group's momentum from its next step on, or returns an error and changes nothing.
	SetMomentum(group int, m float64) error
}

// Momentum returns group's Momentum. It panics if group is out of range.
func (o *SGD[F]) Momentum(group int) float64 { o.mustGroup(group); return o.cfgs[group].Momentum }

// SetMomentum changes group's Momentum from its next step on. The group must have been built with momentum (it
// has a momentum_buffer then), and m must be in (0, 1). It panics if group is out of range.
func (o *SGD[F]) SetMomentum(group int, m float64) error {
	o.mustGroup(group)
	return setMomentum(o.name, group, m, &o.cfgs[group].Momentum, true)
}

// Momentum returns group's Momentum. It panics if group is out of range.
func (o *RMSprop[F]) Momentum(group int) float64 { o.mustGroup(group); return o.cfgs[group].Momentum }

// SetMomentum changes group's Momentum from its next step on. The group must have been built with momentum (it
// has a momentum_buffer then), and m must be in (0, 1). It panics if group is out of range.
func (o *RMSprop[F]) SetMomentum(group int, m float64) error {
	o.mustGroup(group)
	return setMomentum(o.name, group, m, &o.cfgs[group].Momentum, true)
}

// Momentum returns group's β1. It panics if group is out of range.
func (o *Adam[F]) Momentum(group int) float64 { o.mustGroup(group); return o.cfgs[group].Betas[0] }

// SetMomentum changes group's β1 from its next step on; m must be in [0, 1). It panics if group is out of range.
func (o *Adam[F]) SetMomentum(group int, m float64) error {
	o.mustGroup(group)
	return setMomentum(o.name, group, m, &o.cfgs[group].Betas[0], false)
}

// Momentum returns group's β1. It panics if group is out of range.
func (o *Adamax[F]) Momentum(group int) float64 { o.mustGroup(group); return o.cfgs[group].Betas[0] }

// SetMomentum changes group's β1 from its next step on; m must be in [0, 1). It panics if group is out of range.
func (o *Adamax[F]) SetMomentum(group int, m float64) error {
	o.mustGroup(group)
	return setMomentum(o.name, group, m, &o.cfgs[group].Betas[0], false)
}

// Momentum returns group's β1. It panics if group is out of range.
func (o *NAdam[F]) Momentum(group int) float64 { o.mustGroup(group); return o.cfgs[group].Betas[0] }

// SetMomentum changes group's β1 from its next step on; m must be in [0, 1). NAdam's μₜ uses the β1 of step t,
// and mu_product multiplies the μ of every step, as in PyTorch. It panics if group is out of range.
func (o *NAdam[F]) SetMomentum(group int, m float64) error {
	o.mustGroup(group)
	return setMomentum(o.name, group, m, &o.cfgs[group].Betas[0], false)
}

// Momentum returns group's β1. It panics if group is out of range.
func (o *RAdam[F]) Momentum(group int) float64 { o.mustGroup(group); return o.cfgs[group].Betas[0] }

// SetMomentum changes group's β1 from its next step on; m must be in [0, 1). It panics if group is out of range.
func (o *RAdam[F]) SetMomentum(group int, m float64) error {
	o.mustGroup(group)
	return setMomentum(o.name, group, m, &o.cfgs[group].Betas[0], false)
}

// Momentum returns group's β1. It panics if group is out of range.
func (o *Lion[F]) Momentum(group int) float64 { o.mustGroup(group); return o.cfgs[group].Betas[0] }

// SetMomentum changes group's β1 from its next step on; m must be in [0, 1). It panics if group is out of range.
func (o *Lion[F]) SetMomentum(group int, m float64) error {
	o.mustGroup(group)
	return setMomentum(o.name, group, m, &o.cfgs[group].Betas[0], false)
}

// setMomentum checks m and sets *field, for optimizer name, the group's momentum in its config. buffered: the momentum is SGD's or
// RMSprop's, which keeps a buffer only when built with momentum, so it must stay above 0 and have been.
func setMomentum(name string, group int, m float64, field *float64, buffered bool) error {
	switch {
	case buffered && *field == 0:
		return fmt.Errorf("optim: %s: SetMomentum(%d, %v): the group was built without momentum, so it keeps no "+
			"momentum_buffer (PyTorch would start one): build it with Momentum > 0", name, group, m)
	case buffered && !(m > 0 && m < 1):
		return fmt.Errorf("optim: %s: SetMomentum(%d, %v): want in (0, 1)", name, group, m)
	case !(m >= 0 && m < 1):
		return fmt.Errorf("optim: %s: SetMomentum(%d, %v): want in [0, 1)", name, group, m)
	}
	*field = m
	return nil
}
