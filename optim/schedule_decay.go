package optim

import "github.com/fastgrad/fastgrad/detmath"

// Decays that PyTorch has no scheduler for, from stochastic approximation and online learning. Each scales the base
// rate, so they chain as products (Chain) and follow a warmup in SequentialLR.

// InverseTimeDecay returns the 1/t decay η_t = base/(1 + k·t): the base rate at the first step, half of it at
// t = 1/k. k must be finite and ≥ 0 (0 keeps the base rate).
func InverseTimeDecay(k float64) (Schedule, error) {
	if err := schedNonNegative("InverseTimeDecay", "k", k); err != nil {
		return nil, err
	}
	return inverseTimeDecay{k}, nil
}

type inverseTimeDecay struct{ k float64 }

func (s inverseTimeDecay) Rate(base float64, t int) float64 {
	return base / (1 + float64(s.k*float64(t)))
}

// PowerDecay returns the power decay c/n^p of stochastic approximation, with c the base rate and n = t + 1 the
// number of the step counted from 1: η_t = base/(t + 1)^p, the base rate at the first step. p = 1 is the
// Robbins–Monro 1/n; p in (0.5, 1] satisfies their conditions (Σ η = ∞, Σ η² < ∞). p must be finite and
// ≥ 0.
func PowerDecay(p float64) (Schedule, error) {
	if err := schedNonNegative("PowerDecay", "p", p); err != nil {
		return nil, err
	}
	return powerDecay{p}, nil
}

type powerDecay struct{ p float64 }

func (s powerDecay) Rate(base float64, t int) float64 {
	return base / detmath.Pow(float64(t)+1, s.p)
}

// VWDecay returns Vowpal Wabbit's learning-rate decay (its --initial_t and --power_t) with λ the base rate:
// η_t = λ·(s/(s + t))^p, with t the steps taken (0 at the first step, which gets λ). A larger s holds the rate near
// λ for longer; p = 0 keeps it constant and p = 0.5 is VW's default power. initialT (s) must be finite and > 0, since
// s = 0 would give 0/0 at the first step and 0 after it; powerT (p) must be finite and ≥ 0.
func VWDecay(initialT, powerT float64) (Schedule, error) {
	if err := schedFirst(
		schedPositive("VWDecay", "initialT", initialT),
		schedNonNegative("VWDecay", "powerT", powerT),
	); err != nil {
		return nil, err
	}
	return vwDecay{initialT, powerT}, nil
}

type vwDecay struct{ s, p float64 }

func (d vwDecay) Rate(base float64, t int) float64 {
	return float64(base * detmath.Pow(d.s/(d.s+float64(t)), d.p))
}
