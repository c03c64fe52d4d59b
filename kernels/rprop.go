package kernels

import (
	"math"
)

// RpropHyper holds torch.optim.Rprop's hyperparameters; the kernel reads them directly. The learning rate is not
// among them: Rprop uses it only as every step size's first value, which the caller writes into stepSize.
type RpropHyper struct {
	EtaMinus, EtaPlus float64 // etas: the step size's factor where the gradient changed sign, and where it kept it
	StepMin, StepMax  float64 // step_sizes: the bounds every step size is clamped to
	Maximize          bool
}

// Rprop performs one Rprop step, as torch.optim.Rprop (1.13 and 2.x alike). It is equivalent to (zsign and clamp
// as the package documentation defines them)
//
//	em, ep, lo, hi := F(h.EtaMinus), F(h.EtaPlus), F(h.StepMin), F(h.StepMax)
//	for i := range w {
//		gi := g[i]
//		if h.Maximize {
//			gi = -gi
//		}
//		f := zsign(F(gi * prev[i]))
//		if f > 0 {
//			f = ep
//		}
//		if f < 0 {
//			f = em
//		}
//		if f == 0 {
//			f = 1
//		}
//		stepSize[i] = clamp(F(stepSize[i]*f), lo, hi)
//		if f == em {
//			gi = 0
//		}
//		w[i] += F(-zsign(gi) * stepSize[i])
//		prev[i] = gi
//	}
//
// The three tests of f are torch's three masked assignments in its order, and f == em its test of the factor, so
// that any hyperparameters, even those torch.optim.Rprop refuses (EtaMinus ≥ 1), give torch's bits. As
// torch.sign(NaN) is 0, a NaN product gi·prev[i] keeps the step size (factor 1), and a NaN gradient moves no weight
// but is kept in prev.
//
// g, prev and stepSize must have the length of w; otherwise Rprop panics. It also panics if two of its slices
// overlap, and if h is nil or the zero RpropHyper.
func Rprop[F Float](h *RpropHyper, w, g, prev, stepSize []F) {
	mustStep("Rprop", "h", h)
	mustLen("Rprop", "g", len(g), "w", len(w))
	mustLen("Rprop", "prev", len(prev), "w", len(w))
	mustLen("Rprop", "stepSize", len(stepSize), "w", len(w))
	mustDisjoint("Rprop", "w,prev,stepSize,g", 3, w, prev, stepSize, g)
	opsOf[F]().rprop(newRpropArgs[F](h), w, g, prev, stepSize)
}

type rpropArgs[F Float] struct {
	maximize       bool
	em, ep, lo, hi F
}

func newRpropArgs[F Float](h *RpropHyper) rpropArgs[F] {
	return rpropArgs[F]{maximize: h.Maximize, em: F(h.EtaMinus), ep: F(h.EtaPlus), lo: F(h.StepMin), hi: F(h.StepMax)}
}

// zsign is torch.sign as torch computes it on the CPU: ±1 by the sign of x, and +0 for ±0 and for NaN, which
// compares neither greater nor less than 0.
func zsign[F Float](x F) F {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// clamp is torch.clamp(x, lo, hi): NaN if x, lo or hi is NaN, and otherwise min(max(x, lo), hi), keeping x where
// it equals a bound (so −0 stays −0) and giving hi where lo > hi.
func clamp[F Float](x, lo, hi F) F {
	if lo != lo || hi != hi {
		return F(math.NaN())
	}
	if x < lo {
		x = lo
	}
	if x > hi {
		x = hi
	}
	return x
}

func rpropRef[F Float](a rpropArgs[F], w, g, prev, stepSize []F) {
	for i := range w {
		gi := g[i]
		if a.maximize {
			gi = -gi
		}
		f := zsign(F(gi * prev[i]))
		if f > 0 {
			f = a.ep
		}
		if f < 0 {
			f = a.em
		}
		if f == 0 {
			f = 1
		}
		s := clamp(F(stepSize[i]*f), a.lo, a.hi)
		stepSize[i] = s
		if f == a.em {
			gi = 0
		}
		w[i] += F(-zsign(gi) * s)
		prev[i] = gi
	}
}
