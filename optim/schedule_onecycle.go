package optim

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/detmath"
)

// OneCycleConfig holds the parameters of OneCycleLR, with torch.optim.lr_scheduler.OneCycleLR's names and meanings.
// PyTorch's max_lr is each group's base rate here, the rate the Scheduler finds on the optimizer. Start from
// DefaultOneCycle: the zero value is rejected rather than read as divisors of 0.
type OneCycleConfig struct {
	TotalSteps     int     // steps in the cycle, ≥ 1 (PyTorch's total_steps, or epochs·steps_per_epoch)
	PctStart       float64 // fraction of the cycle spent raising the rate, in [0, 1]; at most 0.5 with ThreePhase
	LinearAnneal   bool    // anneal linearly (PyTorch's anneal_strategy="linear") instead of along a cosine
	DivFactor      float64 // the cycle starts at base/DivFactor, > 0
	FinalDivFactor float64 // and ends at base/DivFactor/FinalDivFactor, > 0
	ThreePhase     bool    // back down to base/DivFactor by step 2·PctStart·TotalSteps − 2, then to the end rate
}

// DefaultOneCycle returns PyTorch's defaults for a cycle of totalSteps steps: PctStart 0.3, cosine annealing,
// DivFactor 25, FinalDivFactor 1e4, two phases.
func DefaultOneCycle(totalSteps int) OneCycleConfig {
	return OneCycleConfig{TotalSteps: totalSteps, PctStart: 0.3, DivFactor: 25, FinalDivFactor: 1e4}
}

// OneCycleLR returns PyTorch's OneCycleLR (the 1cycle policy), whose peak is each group's base rate. With
// initial = base/DivFactor, min = initial/FinalDivFactor and T = TotalSteps, the steps split into phases at
// e_1 = PctStart·T − 1 and, with ThreePhase, e_2 = 2·PctStart·T − 2, the last phase ending at T − 1:
//
//	two phases:   initial → base over t ≤ e_1, then base → min
//	three phases: initial → base over t ≤ e_1, base → initial over t ≤ e_2, then initial → min
//
// Within a phase from step s (0 for the first, the previous phase's end otherwise) to e, p = (t − s)/(e − s) and a
// rate from a to b is a + (b − a)·p with LinearAnneal, b + (a − b)/2·(1 + cos(π·p)) otherwise.
//
// PyTorch raises an error when stepped to t > TotalSteps, and the rate it sets at t = TotalSteps (after the last
// optimizer step, so never used) extrapolates the last phase past its end rate: above it along the cosine, below it
// and even negative with LinearAnneal. Here every t ≥ T − 1 keeps the end rate instead, so that rates stay valid. PyTorch also cycles the momentum
// (cycle_momentum) inversely to the rate; a Schedule sets learning rates only, so that is not done.
//
// Besides the ranges in OneCycleConfig, PctStart·TotalSteps = 1 is rejected: the first phase would then have no
// length and PyTorch divides 0 by 0 at the first step.
func OneCycleLR(c OneCycleConfig) (Schedule, error) {
	maxPct := 1.0
	if c.ThreePhase {
		// Beyond one half the second phase would not end before the cycle does, and the rate never reach its end.
		maxPct = 0.5
	}
	if err := schedFirst(
		schedMinInt("OneCycleLR", "TotalSteps", c.TotalSteps, 1),
		schedFloat("OneCycleLR", "PctStart", c.PctStart, 0, maxPct, false, false),
		schedPositive("OneCycleLR", "DivFactor", c.DivFactor),
		schedPositive("OneCycleLR", "FinalDivFactor", c.FinalDivFactor),
	); err != nil {
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
	return s, nil
}

type oneCycleLR struct {
	cfg OneCycleConfig
	n   int        // phases
	end [3]float64 // the step each phase ends at, as PyTorch computes it
}

func (s oneCycleLR) Rate(base float64, t int) float64 {
	t = min(t, s.cfg.TotalSteps-1)
	initial := base / s.cfg.DivFactor
	final := initial / s.cfg.FinalDivFactor
	from := [3]float64{initial, base, base}
	to := [3]float64{base, final, final}
	if s.n == 3 {
		from[2], to[1] = initial, initial
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
