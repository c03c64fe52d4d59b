package kernels

import "github.com/fastgrad/fastgrad/detmath"

// NAdamHyper holds torch.optim.NAdam's hyperparameters. The step follows PyTorch 2.x; PyTorch before 2.0
// multiplied μₜ into the product μ₁…μₜ twice (pytorch issue #92699), so torch 1.13 gives other numbers.
type NAdamHyper struct {
	LR, Beta1, Beta2, Eps float64
	WeightDecay           float64
	MomentumDecay         float64 // PyTorch's momentum_decay (ψ), 4e-3 by default
	Decoupled             bool    // decoupled_weight_decay: w ← (1 − LR·WeightDecay)·w
	Maximize              bool
}

// Step returns the scalars of step t (t ≥ 1) and the new product of the momentum coefficients μ₁…μₜ, given the
// product up to step t−1 (1 before the first step). The caller carries the product from step to step, as PyTorch
// keeps it in the optimizer's state, so a step costs O(1). It panics if t < 1.
func (h NAdamHyper) Step(t int, muProduct float64) (s NAdamStep, newMuProduct float64) {
	if t < 1 {
		panic("kernels: NAdamHyper.Step: t < 1")
	}
	mu, muNext := h.momentum(t), h.momentum(t+1)
	prod := float64(muProduct * mu)
	s = NAdamStep{Maximize: h.Maximize, Beta1: h.Beta1, Beta2: h.Beta2, Eps: h.Eps,
		BC2:      1 - detmath.Pow(h.Beta2, float64(t)),
		GradCoef: -h.LR * (1 - mu) / (1 - prod), MomentCoef: -h.LR * muNext / (1 - float64(prod*muNext))}
	if h.Decoupled {
		s.DecoupledDecay = float64(h.LR * h.WeightDecay)
	} else {
		s.WeightDecay = h.WeightDecay
	}
	return s, prod
}

// momentum returns μₜ = β₁·(1 − ½·0.96^(t·ψ)), ψ the momentum decay.
func (h NAdamHyper) momentum(t int) float64 {
	return float64(h.Beta1 * (1 - float64(0.5*detmath.Pow(0.96, float64(float64(t)*h.MomentumDecay)))))
}

// NAdamStep holds the scalars of one NAdam step.
type NAdamStep struct {
	Maximize       bool
	WeightDecay    float64 // coupled L2; 0 with decoupled decay
	DecoupledDecay float64 // lr·wd of decoupled decay: w ← (1 − DecoupledDecay)·w first; 0 means none
	Beta1, Beta2   float64
	Eps            float64
	BC2            float64 // 1 − β2ᵗ
	GradCoef       float64 // −lr·(1 − μₜ)/(1 − Πμ)
	MomentCoef     float64 // −lr·μₜ₊₁/(1 − Πμ·μₜ₊₁)
}

// NAdam performs one NAdam step, as torch.optim.NAdam. It is equivalent to (sqrt and lerp as the package
// documentation defines them)
//
//	wd, decay, b2, omb2 := F(s.WeightDecay), F(1-s.DecoupledDecay), F(s.Beta2), F(1-s.Beta2)
//	bc2, eps, gradCoef, momentCoef := F(s.BC2), F(s.Eps), F(s.GradCoef), F(s.MomentCoef)
//	for i := range w {
//		gi := g[i]
//		if s.Maximize {
//			gi = -gi
//		}
//		if s.WeightDecay != 0 {
//			gi += F(wd * w[i])
//		}
//		wi := F(w[i] * decay)
//		m[i] = lerp(m[i], gi, 1-s.Beta1)
//		v[i] = F(v[i]*b2) + F(F(omb2*gi)*gi)
//		den := sqrt(v[i]/bc2) + eps
//		wi += F(gradCoef*gi) / den
//		w[i] = wi + F(momentCoef*m[i])/den
//	}
//
// g, m and v must have the length of w; otherwise NAdam panics. It also panics if two of its slices overlap.
func NAdam[F Float](s *NAdamStep, w, g, m, v []F) {
	mustStep("NAdam", "s", s)
	mustLen("NAdam", "g", len(g), "w", len(w))
	mustLen("NAdam", "m", len(m), "w", len(w))
	mustLen("NAdam", "v", len(v), "w", len(w))
	mustDisjoint("NAdam", "w,m,v,g", 3, w, m, v, g)
	opsOf[F]().nadam(newNAdamArgs[F](s), w, g, m, v)
}

type nadamArgs[F Float] struct {
	moments[F]
	bc2, eps, cg, cm F
}

func newNAdamArgs[F Float](s *NAdamStep) nadamArgs[F] {
	return nadamArgs[F]{moments: newMoments[F](s.Maximize, s.WeightDecay, 1-s.DecoupledDecay, s.Beta1, s.Beta2),
		bc2: F(s.BC2), eps: F(s.Eps), cg: F(s.GradCoef), cm: F(s.MomentCoef)}
}

func nadamRef[F Float](a nadamArgs[F], w, g, m, v []F) {
	for i := range w {
		wi, gi, mi, vi := a.update(w[i], g[i], m[i], v[i])
		m[i], v[i] = mi, vi
		den := sqrt(vi/a.bc2) + a.eps
		wi += F(a.cg*gi) / den
		w[i] = wi + F(a.cm*mi)/den
	}
}
