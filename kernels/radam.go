package kernels

import (
	"math"

	"github.com/fastgrad/fastgrad/detmath"
)

// RAdamHyper holds torch.optim.RAdam's hyperparameters.
type RAdamHyper struct {
	LR, Beta1, Beta2, Eps float64
	WeightDecay           float64
	Decoupled             bool // decoupled_weight_decay: w ← (1 − LR·WeightDecay)·w
	Maximize              bool
}

// Step returns the scalars of step t (t ≥ 1), deciding in float64, as PyTorch does, whether the variance is
// tractable (ρₜ > 5) and the update rectified. It panics if t < 1.
func (h RAdamHyper) Step(t int) RAdamStep {
	if t < 1 {
		panic("kernels: RAdamHyper.Step: t < 1")
	}
	b2t := detmath.Pow(h.Beta2, float64(t))
	bc2 := 1 - b2t
	rhoInf := 2/(1-h.Beta2) - 1
	rhoT := rhoInf - 2*float64(t)*b2t/bc2
	s := RAdamStep{Maximize: h.Maximize, Beta1: h.Beta1, Beta2: h.Beta2, Eps: h.Eps, LR: h.LR,
		BC1: 1 - detmath.Pow(h.Beta1, float64(t)), BC2Sqrt: math.Sqrt(bc2)}
	if rhoT > 5 {
		s.Rectified = true
		s.Rect = math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
	}
	if h.Decoupled {
		s.DecoupledDecay = float64(h.LR * h.WeightDecay)
	} else {
		s.WeightDecay = h.WeightDecay
	}
	return s
}

// RAdamStep holds the scalars of one RAdam step.
type RAdamStep struct {
	Maximize       bool
	WeightDecay    float64 // coupled L2; 0 with decoupled decay
	DecoupledDecay float64 // lr·wd of decoupled decay: w ← (1 − DecoupledDecay)·w first; 0 means none
	Beta1, Beta2   float64
	Eps, LR        float64
	BC1            float64 // 1 − β1ᵗ
	BC2Sqrt        float64 // √(1 − β2ᵗ)
	Rectified      bool    // ρₜ > 5: the adaptive, rectified update
	Rect           float64 // the rectification term r
}

// RAdam performs one RAdam step, as torch.optim.RAdam. It is equivalent to (sqrt and lerp as the package
// documentation defines them)
//
//	wd, decay, b2, omb2 := F(s.WeightDecay), F(1-s.DecoupledDecay), F(s.Beta2), F(1-s.Beta2)
//	eps, lr, bc1, bc2sqrt, rect := F(s.Eps), F(s.LR), F(s.BC1), F(s.BC2Sqrt), F(s.Rect)
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
//		step := F((m[i] / bc1) * lr)
//		if s.Rectified {
//			step = F(F(step*(bc2sqrt/(sqrt(v[i])+eps))) * rect)
//		}
//		w[i] = wi - step
//	}
//
// g, m and v must have the length of w; otherwise RAdam panics. It also panics if two of its slices overlap.
func RAdam[F Float](s *RAdamStep, w, g, m, v []F) {
	mustStep("RAdam", "s", s)
	mustLen("RAdam", "g", len(g), "w", len(w))
	mustLen("RAdam", "m", len(m), "w", len(w))
	mustLen("RAdam", "v", len(v), "w", len(w))
	mustDisjoint("RAdam", "w,m,v,g", 3, w, m, v, g)
	opsOf[F]().radam(newRAdamArgs[F](s), w, g, m, v)
}

type radamArgs[F Float] struct {
	moments[F]
	eps, lr, bc1, bc2sqrt, rect F
	rectified                   bool
}

func newRAdamArgs[F Float](s *RAdamStep) radamArgs[F] {
	return radamArgs[F]{moments: newMoments[F](s.Maximize, s.WeightDecay, 1-s.DecoupledDecay, s.Beta1, s.Beta2),
		eps: F(s.Eps), lr: F(s.LR), bc1: F(s.BC1), bc2sqrt: F(s.BC2Sqrt),
		rectified: s.Rectified, rect: F(s.Rect)}
}

func radamRef[F Float](a radamArgs[F], w, g, m, v []F) {
	for i := range w {
		wi, _, mi, vi := a.update(w[i], g[i], m[i], v[i])
		m[i], v[i] = mi, vi
		step := F((mi / a.bc1) * a.lr)
		if a.rectified {
			step = F(F(step*(a.bc2sqrt/(sqrt(vi)+a.eps))) * a.rect)
		}
		w[i] = wi - step
	}
}
