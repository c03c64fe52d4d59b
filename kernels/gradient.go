package kernels

import "math"

// lerpArgs is PyTorch's lerp(x, end, wt) = |wt| < 0.5 ? x + wt·(end − x) : end − (end − x)·(1 − wt), with its
// weight prepared once per call: the coefficient k rounded to F, and which end the result is measured from.
// Optimizers use it for their moving averages (Adam's m.lerp_(g, 1 − β1)).
type lerpArgs[F Float] struct {
	k       F    // wt, or −(1 − wt) when measured from end
	fromEnd bool // |wt| ≥ 0.5
}

func newLerp[F Float](wt float64) lerpArgs[F] {
	if math.Abs(wt) >= 0.5 {
		return lerpArgs[F]{k: F(-(1 - wt)), fromEnd: true}
	}
	return lerpArgs[F]{k: F(wt)}
}

// of returns lerp(x, end): base + F(k·(end − x)), the base being x or end.
func (l lerpArgs[F]) of(x, end F) F {
	base := x
	if l.fromEnd {
		base = end
	}
	return base + F(l.k*(end-x))
}

// gradArgs is the gradient preparation every PyTorch optimizer starts with: g' = −g when maximizing, then
// g' += wd·w for a coupled L2 penalty (skipped entirely when wd = 0, so that w never reaches g').
type gradArgs[F Float] struct {
	maximize bool
	coupled  bool
	wd       F
}

func newGrad[F Float](maximize bool, weightDecay float64) gradArgs[F] {
	return gradArgs[F]{maximize: maximize, coupled: weightDecay != 0, wd: F(weightDecay)}
}

// of returns g' for gradient g and weight w.
func (a gradArgs[F]) of(g, w F) F {
	if a.maximize {
		g = -g
	}
	if a.coupled {
		g += F(a.wd * w)
	}
	return g
}

// moments is what Adam, NAdam and RAdam share per element: the gradient's preparation, decoupled weight decay,
// the first moment by PyTorch's lerp and the second by mul_(β2).addcmul_(g, g, value=1 − β2).
type moments[F Float] struct {
	grad     gradArgs[F]
	decay    F // decoupled: w ← decay·w first; 1 otherwise
	lerp     lerpArgs[F]
	b2, omb2 F
}

func newMoments[F Float](maximize bool, weightDecay, decay, beta1, beta2 float64) moments[F] {
	return moments[F]{grad: newGrad[F](maximize, weightDecay), decay: F(decay), lerp: newLerp[F](1 - beta1),
		b2: F(beta2), omb2: F(1 - beta2)}
}

// update returns the decayed weight, the prepared gradient and the new moments of one element.
func (a moments[F]) update(w, g, m, v F) (wi, gi, mi, vi F) {
	gi = a.grad.of(g, w)
	return F(w * a.decay), gi, a.lerp.of(m, gi), F(v*a.b2) + F(F(a.omb2*gi)*gi)
}
