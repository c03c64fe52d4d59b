package kernels

import (
	"math"

	"github.com/fastgrad/fastgrad/detmath"
)

// AdamaxHyper holds torch.optim.Adamax's hyperparameters.
type AdamaxHyper struct {
	LR, Beta1, Beta2, Eps float64
	WeightDecay           float64 // coupled L2
	Maximize              bool
}

// Step returns the scalars of step t (t ≥ 1). It panics if t < 1.
func (h AdamaxHyper) Step(t int) AdamaxStep {
	if t < 1 {
		panic("kernels: AdamaxHyper.Step: t < 1")
	}
	return AdamaxStep{AdamaxHyper: h, CLR: h.LR / (1 - detmath.Pow(h.Beta1, float64(t)))}
}

// AdamaxStep is an AdamaxHyper for one step.
type AdamaxStep struct {
	AdamaxHyper
	CLR float64 // lr/(1 − β1ᵗ)
}

// Adamax performs one Adamax step, as torch.optim.Adamax. It is equivalent to (lerp and maxNaN as the package
// documentation defines them)
//
//	wd, b2, eps, clr := F(s.WeightDecay), F(s.Beta2), F(s.Eps), F(s.CLR)
//	for i := range w {
//		gi := g[i]
//		if s.Maximize {
//			gi = -gi
//		}
//		if s.WeightDecay != 0 {
//			gi += F(wd * w[i])
//		}
//		m[i] = lerp(m[i], gi, 1-s.Beta1)
//		u[i] = maxNaN(F(u[i]*b2), F(math.Abs(float64(gi)))+eps)
//		w[i] += F(-clr*m[i]) / u[i]
//	}
//
// g, m and u must have the length of w; otherwise Adamax panics. It also panics if two of its slices overlap.
func Adamax[F Float](s *AdamaxStep, w, g, m, u []F) {
	mustStep("Adamax", "s", s)
	mustLen("Adamax", "g", len(g), "w", len(w))
	mustLen("Adamax", "m", len(m), "w", len(w))
	mustLen("Adamax", "u", len(u), "w", len(w))
	mustDisjoint("Adamax", "w,m,u,g", 3, w, m, u, g)
	opsOf[F]().adamax(newAdamaxArgs[F](s), w, g, m, u)
}

type adamaxArgs[F Float] struct {
	grad          gradArgs[F]
	lerp          lerpArgs[F]
	b2, eps, nclr F
}

func newAdamaxArgs[F Float](s *AdamaxStep) adamaxArgs[F] {
	return adamaxArgs[F]{grad: newGrad[F](s.Maximize, s.WeightDecay), lerp: newLerp[F](1 - s.Beta1),
		b2: F(s.Beta2), eps: F(s.Eps), nclr: F(-s.CLR)}
}

func adamaxRef[F Float](a adamaxArgs[F], w, g, m, u []F) {
	for i := range w {
		gi := a.grad.of(g[i], w[i])
		mi := a.lerp.of(m[i], gi)
		ui := maxNaN(F(u[i]*a.b2), F(math.Abs(float64(gi)))+a.eps)
		m[i], u[i] = mi, ui
		w[i] += F(a.nclr*mi) / ui
	}
}
