package optim

import (
	"fmt"
	"math"
)

// LRGroups is what a learning-rate schedule needs of an optimizer: the learning rates of its parameter groups, each
// with its own base rate. A Scheduler or ReduceLROnPlateau drives the rates through it; any optimizer with these
// three methods has it.
type LRGroups interface {
	// NumGroups returns the number of parameter groups, each with its own learning rate.
	NumGroups() int
	// LR returns the learning rate group uses at its next step.
	LR(group int) float64
	// SetLR changes the learning rate of group from its next step on, or returns an error and changes nothing.
	SetLR(group int, lr float64) error
}

// Schedule gives a parameter group's learning rate at each step, from the group's base rate. Step t counts from 0:
// Rate(base, 0) is the rate of the first optimizer step, as a PyTorch scheduler's value at epoch 0 is.
//
// Rate must depend on nothing but its arguments: a Scheduler's whole position is then its step count, which a
// checkpoint can save and restore (SchedulerState), and the rate of any step is known without replaying the
// steps before it. PyTorch computes most of its schedules recursively from the previous rate; the schedules here
// evaluate the closed form that recursion telescopes to, so they carry no rounding from step to step.
type Schedule interface {
	// Rate returns the learning rate of step t ≥ 0 for a group whose base rate is base.
	Rate(base float64, t int) float64
}

// MomentumSchedule is a Schedule that sets the optimizer's momentum at each step too, as PyTorch's OneCycleLR with
// cycle_momentum does: OneCycleLR with CycleMomentum is one. A Scheduler over it sets every group's momentum
// through the optimizer's MomentumGroups, and NewScheduler fails over an optimizer that has none.
type MomentumSchedule interface {
	Schedule
	// Momentum returns the momentum of step t ≥ 0, the same for every group. Like Rate it must depend on nothing
	// but its argument.
	Momentum(t int) float64
}

// Scheduler drives the learning rates of an optimizer's parameter groups from a Schedule, as PyTorch's
// torch.optim.lr_scheduler classes do. The base rate of each group is its learning rate when NewScheduler is called
// (PyTorch's initial_lr).
//
// NewScheduler already sets each group's rate to the schedule's value at t = 0, the rate of the first optimizer step.
// Call Step once after each optimizer step, in PyTorch's order:
//
//	for ... {
//		opt.Step()
//		sched.Step() // sets the rates of the next step
//	}
//
// After k calls to Step, group g's rate is Rate(base_g, k): the rate of optimizer step k (counting from 0). A schedule
// defined in epochs (as PyTorch's examples step StepLR once per epoch) is stepped once per epoch instead, after the
// epoch's last optimizer step.
//
// Over a MomentumSchedule it sets each group's momentum (SGD's Momentum, Adam's β1) to the schedule's at the same
// step, after the rates.
//
// A Scheduler sets each rate from the group's base rate, so it overrides a rate changed by anything else in between
// (ReduceLROnPlateau, SetLR); PyTorch's chainable schedulers would instead scale the changed rate. Combine schedules
// with Chain or SequentialLR rather than two Schedulers.
type Scheduler struct {
	opt   LRGroups
	sched Schedule
	base  []float64
	cur   []float64 // the rates last set, to undo a partly applied step
	next  []float64
	mom   MomentumGroups // the optimizer, if the schedule sets momentum
	curM  []float64      // the momenta last set
	t     int
	// strict: Step refuses to advance unless the optimizer's step count moved since the last Step (seen; -1 after
	// SetState, when any count is accepted once).
	strict bool
	seen   int
}

// SchedulerState is a Scheduler's position, for a checkpoint: the rate it has set is the schedule's at Step for
// each group's base rate, and so is the momentum a MomentumSchedule sets. Restore it with SetState on a Scheduler
// over the same schedule: that sets the rates and the momenta of step Step again.
type SchedulerState struct {
	Step    int       // calls to Scheduler.Step so far: the index of the optimizer step the rates are for
	BaseLRs []float64 // each group's base rate
}

// NewScheduler reads the optimizer's current rates as the groups' base rates and sets each group's rate (and, for a
// MomentumSchedule, momentum) to the schedule's for step 0. It returns an error, and changes no rate or momentum,
// if the optimizer has no group or a base rate that is negative or not finite, if the schedule sets momentum and
// the optimizer has none (is not a MomentumGroups, as PyTorch's OneCycleLR raises ValueError for cycle_momentum
// over an optimizer without momentum or betas), or if the optimizer rejects a rate or a momentum.
func NewScheduler(opt LRGroups, s Schedule) (*Scheduler, error) {
	if isNil(opt) {
		return nil, fmt.Errorf("optim: Scheduler: nil optimizer")
	}
	if s == nil {
		return nil, fmt.Errorf("optim: Scheduler: nil schedule")
	}
	n := opt.NumGroups()
	if n < 1 {
		return nil, fmt.Errorf("optim: Scheduler: the optimizer has %d parameter groups, want ≥ 1", n)
	}
	sc := &Scheduler{opt: opt, sched: s, base: make([]float64, n), cur: make([]float64, n), next: make([]float64, n)}
	if _, ok := s.(MomentumSchedule); ok {
		if sc.mom, ok = opt.(MomentumGroups); !ok {
			return nil, fmt.Errorf("optim: Scheduler: the schedule cycles momentum, and the optimizer (%T) has none "+
				"(no Momentum and SetMomentum)", opt)
		}
		sc.curM = make([]float64, n)
		for g := range n {
			sc.curM[g] = sc.mom.Momentum(g)
		}
	}
	for g := range n {
		lr := opt.LR(g)
		if err := schedCheckRate(lr); err != nil {
			return nil, fmt.Errorf("optim: Scheduler: group %d's base rate: %w", g, err)
		}
		sc.base[g], sc.cur[g] = lr, lr
	}
	if err := sc.apply(0); err != nil {
		return nil, err
	}
	return sc, nil
}

// Step advances to the next optimizer step and sets every group's rate to the schedule's value there. Call it once
// after each optimizer step (see Scheduler). It allocates nothing. If the schedule gives a rate that is negative or
// not finite, or the optimizer rejects one, or the step count is already math.MaxInt, Step returns an error and
// leaves every rate and the step count as they were.
func (s *Scheduler) Step() error {
	n := s.seen
	if s.strict {
		if n = s.opt.(stepCounter).StepCount(); n == s.seen {
			return fmt.Errorf("optim: Scheduler: Step with no optimizer step since the last (the optimizer is at step %d): call it once after each optimizer step", n)
		}
	}
	if s.t == math.MaxInt {
		// Only SetState or a forged checkpoint gets here. Counting on would wrap to a negative step, which no
		// Schedule is defined at.
		return fmt.Errorf("optim: Scheduler: the step count is at its largest, %d", s.t)
	}
	if err := s.apply(s.t + 1); err != nil {
		return err
	}
	s.seen = n
	return nil
}

// stepCounter is an optimizer that counts its steps, as every optimizer of this package does.
type stepCounter interface{ StepCount() int }

// SetStrict turns on (or off) a check PyTorch only warns about: in strict mode, Step returns an error, and changes
// nothing, unless the optimizer took a step since the last Step (or since SetStrict), so that calling Step twice
// per optimizer step, or before the first one, cannot silently shift every later rate. Leave it off where
// optimizer steps are skipped on purpose and the schedule must still advance (a GradScaler, or
// SetNonfinite(NonfiniteSkip), skipping a step of non-finite gradients). It returns an error if the optimizer
// does not count its steps (has no StepCount).
func (s *Scheduler) SetStrict(on bool) error {
	c, ok := s.opt.(stepCounter)
	if !ok {
		return fmt.Errorf("optim: Scheduler: SetStrict: the optimizer (%T) has no StepCount", s.opt)
	}
	s.strict, s.seen = on, c.StepCount()
	return nil
}

// StepCount returns the number of calls to Step: the index of the optimizer step whose rates are now set.
func (s *Scheduler) StepCount() int { return s.t }

// State returns the Scheduler's position, to save in a checkpoint.
func (s *Scheduler) State() SchedulerState {
	return SchedulerState{Step: s.t, BaseLRs: append([]float64(nil), s.base...)}
}

// SetState restores a position from State, setting every group's rate to the schedule's value at st.Step. It returns
// an error, and changes nothing, if st does not fit the optimizer (another number of groups, a negative step, a base
// rate that is negative or not finite) or the optimizer rejects a rate.
func (s *Scheduler) SetState(st SchedulerState) error {
	if err := s.checkState(st); err != nil {
		return fmt.Errorf("optim: Scheduler: SetState: %w", err)
	}
	old := append([]float64(nil), s.base...)
	copy(s.base, st.BaseLRs)
	if err := s.apply(st.Step); err != nil {
		copy(s.base, old)
		return err
	}
	s.seen = -1
	return nil
}

// checkState rejects a position that does not fit: another number of groups, a negative step, a base rate that is
// negative or not finite, or one for which the schedule gives such a rate at st.Step.
func (s *Scheduler) checkState(st SchedulerState) error {
	if st.Step < 0 {
		return fmt.Errorf("state Step=%d, want ≥ 0", st.Step)
	}
	if len(st.BaseLRs) != len(s.base) {
		return fmt.Errorf("%d base rates for %d parameter groups", len(st.BaseLRs), len(s.base))
	}
	for g, lr := range st.BaseLRs {
		if err := schedCheckRate(lr); err != nil {
			return fmt.Errorf("BaseLRs[%d]: %w", g, err)
		}
		if err := schedCheckRate(s.sched.Rate(lr, st.Step)); err != nil {
			return fmt.Errorf("group %d at step %d: the schedule's rate: %w", g, st.Step, err)
		}
	}
	return nil
}

// apply sets every group's rate for step t and makes t the current step, or restores the rates already changed and
// returns an error: a failed step must leave the optimizer and the Scheduler agreeing on the position.
func (s *Scheduler) apply(t int) error {
	for g, b := range s.base {
		s.next[g] = s.sched.Rate(b, t)
		if err := schedCheckRate(s.next[g]); err != nil {
			return fmt.Errorf("optim: Scheduler: step %d, group %d: the schedule's rate: %w", t, g, err)
		}
	}
	for g, lr := range s.next {
		if err := s.opt.SetLR(g, lr); err != nil {
			s.undo(g, 0)
			return fmt.Errorf("optim: Scheduler: step %d, group %d: %w", t, g, err)
		}
	}
	if s.mom != nil {
		m := s.sched.(MomentumSchedule).Momentum(t)
		for g := range s.curM {
			if err := s.mom.SetMomentum(g, m); err != nil {
				s.undo(len(s.cur), g)
				return fmt.Errorf("optim: Scheduler: step %d, group %d: the schedule's momentum: %w", t, g, err)
			}
		}
		for g := range s.curM {
			s.curM[g] = m
		}
	}
	copy(s.cur, s.next)
	s.t = t
	return nil
}

// undo sets the rates of the first rates groups, and the momenta of the first momenta, back to the values the
// Scheduler set last. These are the values the optimizer held a moment ago, so it accepts them again.
func (s *Scheduler) undo(rates, momenta int) {
	for g := range rates {
		_ = s.opt.SetLR(g, s.cur[g])
	}
	for g := range momenta {
		_ = s.mom.SetMomentum(g, s.curM[g])
	}
}

// schedCheckRate rejects a learning rate no optimizer can use. Zero is allowed: schedules such as PolynomialLR
// reach it, as PyTorch's do.
func schedCheckRate(lr float64) error {
	if math.IsNaN(lr) || math.IsInf(lr, 0) || lr < 0 {
		return fmt.Errorf("rate %v, want finite and ≥ 0", lr)
	}
	return nil
}
