package optim

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/detmath"
)

// OneCycleConfig holds the parameters of OneCycleLR, with torch.optim.lr_scheduler.OneCycleLR's names and meanings.
// Start from DefaultOneCycle: the zero value is rejected rather than read as divisors of 0.
type OneCycleConfig struct {
	TotalSteps int // steps in the cycle, ≥ 1 (PyTorch's total_steps, or epochs·steps_per_epoch)
	// MaxLR is PyTorch's max_lr, the peak rate, for every group, whatever rate the optimizer was built with: porting
	// Adam(lr=1e-3) with OneCycleLR(max_lr=1e-2) peaks at 1e-2. 0 makes each group's base rate (its rate when
	// NewScheduler is called) its own peak: that is how PyTorch's list of one max_lr per group is ported (give each
	// group its max_lr as its rate). It must be finite and ≥ 0.
	MaxLR          float64
	PctStart       float64 // fraction of the cycle spent raising the rate, in [0, 1]; at most 0.5 with ThreePhase
	LinearAnneal   bool    // anneal linearly (PyTorch's anneal_strategy="linear") instead of along a cosine
	DivFactor      float64 // the cycle starts at peak/DivFactor, > 0
	FinalDivFactor float64 // and ends at peak/DivFactor/FinalDivFactor, > 0
	ThreePhase     bool    // back down to peak/DivFactor by step 2·PctStart·TotalSteps − 2, then to the end rate
	// CycleMomentum is PyTorch's cycle_momentum: the momentum moves inversely to the rate, from MaxMomentum down to
	// BaseMomentum at the peak and back (the schedule is then a MomentumSchedule, and the Scheduler sets SGD's and
	// RMSprop's Momentum, or the Adam family's β1, as PyTorch sets 'momentum' or betas[0]). PyTorch turns it on by
	// default; DefaultOneCycle leaves it off, because it needs an optimizer with momentum (NewScheduler fails over
	// one without, as PyTorch raises), and turning it on would change the runs of code written before it existed.
	// Turn it on to port PyTorch's default.
	CycleMomentum bool
	BaseMomentum  float64 // the momentum at the peak rate, in [0, 1) (PyTorch's base_momentum, 0.85)
	MaxMomentum   float64 // the momentum at the start and the end, in [0, 1) (PyTorch's max_momentum, 0.95)
	// Extrapolate gives PyTorch's values past the end. PyTorch lets its scheduler be stepped once after the last
	// optimizer step, to t = TotalSteps, and there extrapolates the last phase past its end (above the end rate
	// along the cosine; below it with LinearAnneal, where the rate can even be negative), and raises beyond. With
	// Extrapolate, Rate and Momentum return the same extrapolation at t = TotalSteps and NaN beyond, so the
	// Scheduler's Step fails there, as PyTorch's raises, and at t = TotalSteps too when the rate is negative (no
	// optimizer takes one). Without it (the default) every t ≥ TotalSteps − 1 keeps the end values: the extra step
	// PyTorch's loops take never reaches an optimizer step, so holding the end keeps the loop from failing without
	// changing any step taken.
	Extrapolate bool
}

// DefaultOneCycle returns PyTorch's defaults for a cycle of totalSteps steps: PctStart 0.3, cosine annealing,
// DivFactor 25, FinalDivFactor 1e4, two phases, the groups' base rates as the peaks (MaxLR 0), and momenta 0.85 and
// 0.95 but CycleMomentum off (see CycleMomentum).
func DefaultOneCycle(totalSteps int) OneCycleConfig {
	return OneCycleConfig{TotalSteps: totalSteps, PctStart: 0.3, DivFactor: 25, FinalDivFactor: 1e4,
		BaseMomentum: 0.85, MaxMomentum: 0.95}
}

// OneCycleLR returns PyTorch's OneCycleLR (the 1cycle policy). With peak = MaxLR (or the group's base rate when
// MaxLR is 0), initial = peak/DivFactor, min = initial/FinalDivFactor and T = TotalSteps, the steps split into
// phases at e_1 = PctStart·T − 1 and, with ThreePhase, e_2 = 2·PctStart·T − 2, the last phase ending at T − 1:
//
//	two phases:   rate initial → peak over t ≤ e_1, then peak → min;  momentum max → base, then base → max
//	three phases: initial → peak over t ≤ e_1, peak → initial over t ≤ e_2, then initial → min;
//	              momentum max → base, base → max, then max
//
// Within a phase from step s (0 for the first, the previous phase's end otherwise) to e, p = (t − s)/(e − s) and a
// value from a to b is a + (b − a)·p with LinearAnneal, b + (a − b)/2·(1 + cos(π·p)) otherwise, in PyTorch's order
// of operations, cos being detmath.Cos. With CycleMomentum the schedule is a MomentumSchedule. Past the end, see
// Extrapolate.
//
// Besides the ranges in OneCycleConfig, PctStart·TotalSteps = 1 is rejected: the first phase would then have no
// length and PyTorch divides 0 by 0 at the first step.
func OneCycleLR(c OneCycleConfig) (Schedule, error) {
	maxPct := 1.0
	if c.ThreePhase {
		// Beyond one half the second phase would not end before the cycle does, and the rate never reach its end.
		maxPct = 0.5
	}
	checks := []error{
		schedMinInt("OneCycleLR", "TotalSteps", c.TotalSteps, 1),
		schedNonNegative("OneCycleLR", "MaxLR", c.MaxLR),
		schedFloat("OneCycleLR", "PctStart", c.PctStart, 0, maxPct, false, false),
		schedPositive("OneCycleLR", "DivFactor", c.DivFactor),
		schedPositive("OneCycleLR", "FinalDivFactor", c.FinalDivFactor),
	}
	if c.CycleMomentum {
		checks = append(checks,
			schedFloat("OneCycleLR", "BaseMomentum", c.BaseMomentum, 0, 1, false, true),
			schedFloat("OneCycleLR", "MaxMomentum", c.MaxMomentum, 0, 1, false, true))
	}
	if err := schedFirst(checks...); err != nil {
		return nil, err
	}
	// The products are rounded before the subtraction, as in Python: fused into one multiply-add (arm64 would),
	// PctStart·T − 1 for PctStart = 0.01 and T = 100 is 2e-17 rather than the 0 PyTorch divides by.
	T := float64(c.TotalSteps)
	s := oneCycleLR{cfg: c, n: 2, end: [3]float64{float64(c.PctStart*T) - 1, T - 1}}
	if c.ThreePhase {
		s.n, s.end = 3, [3]float64{float64(c.PctStart*T) - 1, float64(2*c.PctStart*T) - 2, T - 1}
	}
	if s.end[0] == 0 {
		return nil, fmt.Errorf("optim: OneCycleLR: PctStart=%v with TotalSteps=%d: PctStart·TotalSteps = 1 gives "+
			"the first phase no length", c.PctStart, c.TotalSteps)
	}
	if c.CycleMomentum {
		return oneCycleMomentum{s}, nil
	}
	return s, nil
}

type oneCycleLR struct {
	cfg OneCycleConfig
	n   int        // phases
	end [3]float64 // the step each phase ends at, as PyTorch computes it
}

// oneCycleMomentum is a oneCycleLR that cycles the momentum too: only it is a MomentumSchedule, so that a
// Scheduler asks an optimizer for momentum only when the schedule sets it.
type oneCycleMomentum struct{ oneCycleLR }

func (s oneCycleLR) Rate(base float64, t int) float64 {
	peak := base
	if s.cfg.MaxLR > 0 {
		peak = s.cfg.MaxLR
	}
	initial := peak / s.cfg.DivFactor
	final := initial / s.cfg.FinalDivFactor
	from := [3]float64{initial, peak, peak}
	to := [3]float64{peak, final, final}
	if s.n == 3 {
		from[2], to[1] = initial, initial
	}
	return s.at(from, to, t)
}

func (s oneCycleMomentum) Momentum(t int) float64 {
	lo, hi := s.cfg.BaseMomentum, s.cfg.MaxMomentum
	from, to := [3]float64{hi, lo, lo}, [3]float64{lo, hi, hi}
	if s.n == 3 {
		from[2] = hi
	}
	return s.at(from, to, t)
}

// at returns the value at step t of the phases that go from from[i] to to[i], past the end as Extrapolate says.
func (s oneCycleLR) at(from, to [3]float64, t int) float64 {
	switch {
	case !s.cfg.Extrapolate:
		t = min(t, s.cfg.TotalSteps-1)
	case t > s.cfg.TotalSteps:
		return math.NaN() // PyTorch raises
	}
	i, step, start := 0, float64(t), 0.0
	for i < s.n-1 && step > s.end[i] {
		start = s.end[i]
		i++
	}
	return s.anneal(from[i], to[i], (step-start)/(s.end[i]-start))
}

func (s oneCycleLR) anneal(a, b, p float64) float64 {
	if s.cfg.LinearAnneal {
		return float64((b-a)*p) + a
	}
	return b + float64((a-b)/2*(detmath.Cos(float64(math.Pi*p))+1))
}
