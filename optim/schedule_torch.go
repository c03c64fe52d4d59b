package optim

import (
	"math"
	"slices"

	"github.com/fastgrad/fastgrad/detmath"
)

// The schedules of torch.optim.lr_scheduler that are functions of the step alone. PyTorch computes them in their
// "chainable" form, multiplying each group's current rate by the ratio of consecutive values; when nothing else
// changes the rate, that product telescopes to the closed form written in each doc comment, which is what Rate
// evaluates. The two differ only by the rounding PyTorch accumulates over its steps (the tests bound it against
// PyTorch's own sequence). Products that feed a sum are rounded explicitly, as Python rounds them, so that arm64
// does not fuse them into a multiply-add.

// Constant returns the schedule that keeps every group at its base rate: η_t = base.
func Constant() Schedule { return constantSchedule{} }

type constantSchedule struct{}

func (constantSchedule) Rate(base float64, _ int) float64 { return base }

// ConstantLR returns PyTorch's ConstantLR: the base rate scaled by factor for the first totalIters steps, then the
// base rate itself: η_t = base·factor for t < totalIters, η_t = base for t ≥ totalIters. The factor must be in
// (0, 1] (PyTorch accepts 0 but then divides by it at totalIters) and totalIters ≥ 1.
func ConstantLR(factor float64, totalIters int) (Schedule, error) {
	if err := schedFirst(
		schedFloat("ConstantLR", "factor", factor, 0, 1, true, false),
		schedMinInt("ConstantLR", "totalIters", totalIters, 1),
	); err != nil {
		return nil, err
	}
	return constantLR{factor, totalIters}, nil
}

type constantLR struct {
	factor float64
	total  int
}

func (s constantLR) Rate(base float64, t int) float64 {
	if t < s.total {
		return float64(base * s.factor)
	}
	return base
}

// StepLR returns PyTorch's StepLR: the rate decays by gamma every stepSize steps, η_t = base·gamma^⌊t/stepSize⌋.
// stepSize must be ≥ 1 and gamma finite and > 0 (above 1 the rate grows).
func StepLR(stepSize int, gamma float64) (Schedule, error) {
	if err := schedFirst(
		schedMinInt("StepLR", "stepSize", stepSize, 1),
		schedPositive("StepLR", "gamma", gamma),
	); err != nil {
		return nil, err
	}
	return stepLR{stepSize, gamma}, nil
}

type stepLR struct {
	size  int
	gamma float64
}

func (s stepLR) Rate(base float64, t int) float64 {
	return float64(base * detmath.Pow(s.gamma, float64(t/s.size)))
}

// MultiStepLR returns PyTorch's MultiStepLR: the rate decays by gamma at each milestone,
// η_t = base·gamma^k with k the number of milestones ≤ t. The milestones must be non-empty, ≥ 1 and in
// non-decreasing order; a milestone listed twice decays by gamma² there, as in PyTorch. gamma must be finite and > 0.
// The slice is copied.
func MultiStepLR(milestones []int, gamma float64) (Schedule, error) {
	if len(milestones) == 0 {
		return nil, schedBad("MultiStepLR", "milestones", milestones, "at least one")
	}
	if err := schedFirst(
		schedMilestones("MultiStepLR", milestones, false),
		schedPositive("MultiStepLR", "gamma", gamma),
	); err != nil {
		return nil, err
	}
	return multiStepLR{slices.Clone(milestones), gamma}, nil
}

type multiStepLR struct {
	milestones []int
	gamma      float64
}

func (s multiStepLR) Rate(base float64, t int) float64 {
	// The first milestone above t is the number of milestones at or below it (Python's bisect_right).
	k, _ := slices.BinarySearch(s.milestones, t+1)
	return float64(base * detmath.Pow(s.gamma, float64(k)))
}

// schedMilestones checks that every milestone is ≥ 1 and that they ascend, strictly if strict.
func schedMilestones(sched string, m []int, strict bool) error {
	for i, v := range m {
		switch {
		case v < 1:
			return schedBad(sched, "milestones", m, "each ≥ 1")
		case i > 0 && strict && v <= m[i-1]:
			return schedBad(sched, "milestones", m, "strictly increasing")
		case i > 0 && v < m[i-1]:
			return schedBad(sched, "milestones", m, "non-decreasing")
		}
	}
	return nil
}

// ExponentialLR returns PyTorch's ExponentialLR: η_t = base·gamma^t. gamma must be finite and > 0.
func ExponentialLR(gamma float64) (Schedule, error) {
	if err := schedPositive("ExponentialLR", "gamma", gamma); err != nil {
		return nil, err
	}
	return exponentialLR{gamma}, nil
}

type exponentialLR struct{ gamma float64 }

func (s exponentialLR) Rate(base float64, t int) float64 {
	return float64(base * detmath.Pow(s.gamma, float64(t)))
}

// CosineAnnealingLR returns PyTorch's CosineAnnealingLR: η_t = etaMin + (base − etaMin)·(1 + cos(π·t/tMax))/2. It
// falls from the base rate at t = 0 to etaMin at t = tMax and, as in PyTorch, keeps following the cosine after
// that, rising back to the base rate at 2·tMax (it is not clamped at etaMin). tMax must be ≥ 1 and etaMin finite
// and ≥ 0.
//
// PyTorch's get_lr computes this recursively: it scales η_{t−1} − etaMin by
// (1 + cos(π·t/tMax)) / (1 + cos(π·(t−1)/tMax)), and at the steps just after a minimum, where that ratio would
// divide by zero, it adds (base − etaMin)·(1 − cos(π/tMax))/2 to η_{t−1} instead. Both branches equal the closed
// form above exactly in real arithmetic, so Rate evaluates the closed form, in the order of operations of
// PyTorch's own closed form (_get_closed_form_lr). It differs from PyTorch's float64 sequence only by the rounding
// that the recursion accumulates, most where 1 + cos(·) nears 0 (see the tests for the bound).
func CosineAnnealingLR(tMax int, etaMin float64) (Schedule, error) {
	if err := schedFirst(
		schedMinInt("CosineAnnealingLR", "tMax", tMax, 1),
		schedNonNegative("CosineAnnealingLR", "etaMin", etaMin),
	); err != nil {
		return nil, err
	}
	return cosineAnnealingLR{tMax, etaMin}, nil
}

type cosineAnnealingLR struct {
	tMax   int
	etaMin float64
}

func (s cosineAnnealingLR) Rate(base float64, t int) float64 {
	c := 1 + detmath.Cos(math.Pi*float64(t)/float64(s.tMax))
	return s.etaMin + float64((base-s.etaMin)*c/2)
}

// LinearLR returns PyTorch's LinearLR, the usual linear warmup: the factor on the base rate moves linearly from
// startFactor at t = 0 to endFactor at t = totalIters and stays there,
// η_t = base·(startFactor + (endFactor − startFactor)·min(t, totalIters)/totalIters). startFactor must be in
// (0, 1] (PyTorch 2.x rejects 0: its recursive form divides by it), endFactor in [0, 1] and totalIters ≥ 1.
func LinearLR(startFactor, endFactor float64, totalIters int) (Schedule, error) {
	if err := schedFirst(
		schedFloat("LinearLR", "startFactor", startFactor, 0, 1, true, false),
		schedFloat("LinearLR", "endFactor", endFactor, 0, 1, false, false),
		schedMinInt("LinearLR", "totalIters", totalIters, 1),
	); err != nil {
		return nil, err
	}
	return linearLR{startFactor, endFactor, totalIters}, nil
}

type linearLR struct {
	start, end float64
	total      int
}

func (s linearLR) Rate(base float64, t int) float64 {
	f := s.start + (s.end-s.start)*float64(min(t, s.total))/float64(s.total)
	return float64(base * f)
}

// PolynomialLR returns PyTorch's PolynomialLR: η_t = base·(1 − min(t, totalIters)/totalIters)^power, reaching 0 at
// t = totalIters and staying there. totalIters must be ≥ 1 and power finite and ≥ 0.
func PolynomialLR(totalIters int, power float64) (Schedule, error) {
	if err := schedFirst(
		schedMinInt("PolynomialLR", "totalIters", totalIters, 1),
		schedNonNegative("PolynomialLR", "power", power),
	); err != nil {
		return nil, err
	}
	return polynomialLR{totalIters, power}, nil
}

type polynomialLR struct {
	total int
	power float64
}

func (s polynomialLR) Rate(base float64, t int) float64 {
	return float64(base * detmath.Pow(1-float64(min(t, s.total))/float64(s.total), s.power))
}
