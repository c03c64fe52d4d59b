package optim

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// The TensorFlow.js modes (ModeTFJS) of RMSprop, Adadelta and Adamax run the Go loops below on every CPU: each
// reproduces tfjs-core 4.x's optimizer operation by operation, rounding each one to F as tfjs's float32 tensors
// do, and has no fused multiply-add to take (every product is rounded explicitly), so every path gives the same
// bits. They are not worth generated assembly: they serve ports, not speed.

// checkTFJS refuses the options a TensorFlow.js optimizer lacks, so that ModeTFJS means tfjs's numbers exactly.
func checkTFJS(opt string, m Mode, weightDecay float64, maximize bool) error {
	if m == ModeTFJS && (weightDecay != 0 || maximize) {
		return fmt.Errorf("optim: %s: ModeTFJS reproduces tf.train's %s, which has no WeightDecay or Maximize", opt, opt)
	}
	return nil
}

// rmspropTFJS is tf.train.rmsprop's step (tfjs-core 4.x, RMSPropOptimizer.applyGradients): with lr, decay α,
// momentum μ and ε as F,
//
//	sq[i] = F(sq[i]*α) + F(F(g[i]*g[i])*(1−α))
//	den := sqrt(sq[i] + ε)
//	if centered {
//		gavg[i] = F(gavg[i]*α) + F(g[i]*(1−α))
//		den = sqrt(sq[i] − (F(gavg[i]*gavg[i]) + ε)) // ε subtracted: NaN once the variance is below ε
//	}
//	buf[i] = F(buf[i]*μ) + F(g[i]*lr)/den
//	w[i] -= buf[i]
//
// tfjs keeps the buffer (its "momentum" slot) at every momentum, 0 included, and so does this mode.
func rmspropTFJS[F kernels.Float](h *kernels.RMSpropHyper, w, g, sq, gavg, buf []F) {
	alpha, oma, mom, eps, lr := F(h.Alpha), F(1-h.Alpha), F(h.Momentum), F(h.Eps), F(h.LR)
	for i := range w {
		gi := g[i]
		s := F(sq[i]*alpha) + F(F(gi*gi)*oma)
		sq[i] = s
		var den F
		if h.Centered {
			ga := F(gavg[i]*alpha) + F(gi*oma)
			gavg[i] = ga
			den = F(math.Sqrt(float64(s - (F(ga*ga) + eps))))
		} else {
			den = F(math.Sqrt(float64(s + eps)))
		}
		b := F(buf[i]*mom) + F(gi*lr)/den
		buf[i] = b
		w[i] -= b
	}
}

// adadeltaTFJS is tf.train.adadelta's step (tfjs-core 4.x, AdadeltaOptimizer.applyGradients), which divides by the
// squared-gradient average of the step before, where PyTorch and Keras divide by the one this step updates: with
// lr, ρ and ε as F,
//
//	delta := F(F(sqrt(acc[i]+ε) / sqrt(sq[i]+ε)) * g[i]) // sq[i] before this step's update
//	sq[i] = F(sq[i]*ρ) + F(F(g[i]*g[i])*(1−ρ))
//	acc[i] = F(acc[i]*ρ) + F(F(delta*delta)*(1−ρ))
//	w[i] += F(delta * −lr)
//
// The first step therefore moves each weight by lr·√ε/√ε·g = lr·g.
func adadeltaTFJS[F kernels.Float](h *kernels.AdadeltaHyper, w, g, sq, acc []F) {
	rho, omr, eps, nlr := F(h.Rho), F(1-h.Rho), F(h.Eps), F(-h.LR)
	for i := range w {
		gi := g[i]
		ratio := F(math.Sqrt(float64(acc[i]+eps))) / F(math.Sqrt(float64(sq[i]+eps)))
		delta := F(ratio * gi)
		sq[i] = F(sq[i]*rho) + F(F(gi*gi)*omr)
		acc[i] = F(acc[i]*rho) + F(F(delta*delta)*omr)
		w[i] += F(delta * nlr)
	}
}

// adamaxTFJS is tf.train.adamax's step t (tfjs-core 4.x, AdamaxOptimizer.applyGradients, decay 0), which adds ε to
// the infinity norm after the maximum where PyTorch adds it to |g| inside: with β1, β2, ε as F, and pow1 = β1ᵗ
// as tfjs keeps it, a running product in F (tfjsPower),
//
//	clr := F(F(−lr) / F(1−pow1))
//	m[i] = F(m[i]*β1) + F(g[i]*(1−β1))
//	u[i] = max(F(u[i]*β2), |g[i]|) // NaN if either is NaN, as JavaScript's Math.max
//	w[i] += F(clr * F(m[i] / F(u[i]+ε)))
func adamaxTFJS[F kernels.Float](h *kernels.AdamaxHyper, pow1 F, w, g, m, u []F) {
	b1, omb1, b2, eps := F(h.Beta1), F(1-h.Beta1), F(h.Beta2), F(h.Eps)
	clr := F(F(-h.LR) / F(1-pow1))
	for i := range w {
		gi := g[i]
		mi := F(m[i]*b1) + F(gi*omb1)
		ui := F(math.Max(float64(F(u[i]*b2)), math.Abs(float64(gi))))
		m[i], u[i] = mi, ui
		w[i] += F(clr * F(mi/F(ui+eps)))
	}
}

// tfjsPower returns βᵗ (t ≥ 1) as TensorFlow.js keeps it: β rounded to F, then multiplied by β once a step,
// each product rounded to F. from and at are an earlier result and its step (at 0: none), so that a run advances
// it by one product a step rather than t.
func tfjsPower[F kernels.Float](beta float64, t int, from F, at int) F {
	b := F(beta)
	if at < 1 || at > t {
		from, at = b, 1
	}
	for ; at < t; at++ {
		from = F(from * b)
	}
	return from
}
