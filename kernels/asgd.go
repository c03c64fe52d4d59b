package kernels

import "github.com/fastgrad/fastgrad/detmath"

// ASGDHyper holds torch.optim.ASGD's hyperparameters (defaults LR 1e-2, Lambd 1e-4, Alpha 0.75, T0 1e6).
type ASGDHyper struct {
	LR    float64
	Lambd float64 // the decay term: w ← (1 − Lambd·η)·w before the update
	Alpha float64 // the power of η's decay
	T0    float64 // the step after which averaging starts
	// WeightDecay is a coupled L2 penalty: g' += WeightDecay·w.
	WeightDecay float64
	Maximize    bool
}

// torchStepLimit is where PyTorch's step count stops: it is a float32 tensor, and 2²⁴ + 1 rounds back to 2²⁴.
const torchStepLimit = 1 << 24

// Step returns the scalars of step t (t ≥ 1) with a learning rate that has been h.LR since step 1. It panics if
// t < 1.
//
// PyTorch computes a step's η and μ at the end of the step before, from the learning rate and the step count of
// then, and keeps them as float32 tensors even for float64 parameters (torch 1.13 and 2.x alike, under the default
// dtype): η₁ = float32(lr) and μ₁ = 1, and for t ≥ 2, with n = t − 1 (a float32 count, so at most 2²⁴),
//
//	η = float32(lr / (1 + λ·lr·n)^α)
//	μ = float32(1 / max(1, n − t0))
//
// (Python's max: a NaN n − t0 gives 1). Step reproduces these bits, with detmath's Pow. A learning rate that
// changes between steps changes the next step's η only: the optimizer computes step t + 1's scalars after step t
// by Step(t + 1) of the learning rate of then, as PyTorch does.
func (h ASGDHyper) Step(t int) ASGDStep {
	if t < 1 {
		panic("kernels: ASGDHyper.Step: t < 1")
	}
	if t == 1 {
		return ASGDStep{ASGDHyper: h, Eta: float64(float32(h.LR)), Mu: 1}
	}
	n := float64(min(t-1, torchStepLimit))
	eta := h.LR / detmath.Pow(1+float64(float64(h.Lambd*h.LR)*n), h.Alpha)
	d := n - h.T0
	if !(d > 1) {
		d = 1
	}
	return ASGDStep{ASGDHyper: h, Eta: float64(float32(eta)), Mu: float64(float32(1 / d))}
}

// ASGDStep is an ASGDHyper for one step.
type ASGDStep struct {
	ASGDHyper
	Eta float64 // η, the step size
	Mu  float64 // μ, the averaging weight; 1 copies w into ax
}

// ASGD performs one step of averaged SGD, as torch.optim.ASGD: it decays and moves w, then moves ax, the average
// of the weights, toward the new w. It is equivalent to
//
//	wd, decay, neta, mu := F(s.WeightDecay), F(1-float64(s.Lambd*s.Eta)), F(-s.Eta), F(s.Mu)
//	for i := range w {
//		gi := g[i]
//		if s.Maximize {
//			gi = -gi
//		}
//		if s.WeightDecay != 0 {
//			gi += F(wd * w[i])
//		}
//		w[i] = F(w[i]*decay) + F(neta*gi)
//		if s.Mu != 1 {
//			ax[i] += F((w[i] - ax[i]) * mu)
//		} else {
//			ax[i] = w[i]
//		}
//	}
//
// The product −η·g' is rounded before the sum, as on every path, where PyTorch's add_(g', alpha=−η) is a fused
// multiply-add on a CPU that has one: results can differ from PyTorch's there in the last bit.
//
// g and ax must have the length of w; otherwise ASGD panics. It also panics if s is nil or zero, or two of its slices
// overlap.
func ASGD[F Float](s *ASGDStep, w, g, ax []F) {
	mustStep("ASGD", "s", s)
	mustLen("ASGD", "g", len(g), "w", len(w))
	mustLen("ASGD", "ax", len(ax), "w", len(w))
	mustDisjoint("ASGD", "w,ax,g", 2, w, ax, g)
	opsOf[F]().asgd(newASGDArgs[F](s), w, g, ax)
}

type asgdArgs[F Float] struct {
	grad            gradArgs[F]
	average         bool // μ ≠ 1
	decay, neta, mu F
}

func newASGDArgs[F Float](s *ASGDStep) asgdArgs[F] {
	return asgdArgs[F]{grad: newGrad[F](s.Maximize, s.WeightDecay), average: s.Mu != 1,
		decay: F(1 - float64(s.Lambd*s.Eta)), neta: F(-s.Eta), mu: F(s.Mu)}
}

func asgdRef[F Float](a asgdArgs[F], w, g, ax []F) {
	for i := range w {
		gi := a.grad.of(g[i], w[i])
		wi := F(w[i]*a.decay) + F(a.neta*gi)
		w[i] = wi
		if a.average {
			ax[i] += F((wi - ax[i]) * a.mu)
		} else {
			ax[i] = wi
		}
	}
}
