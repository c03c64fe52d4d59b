//go:build !purego && (amd64 || arm64)

package kernels

import "math"

// rpropSlots is the number of constants the Rprop assembly reads; gen/amd64/rprop.go fixes their order.
const rpropSlots = 10

// rpropKernel returns a path's rprop entry from its assembly for F.
func rpropKernel[F Float](f func(w, g, prev, stepSize []F, k [rpropSlots]F)) func(rpropArgs[F], []F, []F, []F, []F) {
	return func(a rpropArgs[F], w, g, prev, stepSize []F) {
		negZero := F(math.Copysign(0, -1))
		// The gradient's sign is flipped by XOR with −0; the clamped step size gets −0 added, which changes no
		// value, or NaN where a bound is NaN, as torch.clamp makes every element NaN then.
		flip, bound := F(0), negZero
		if a.maximize {
			flip = negZero
		}
		if a.lo != a.lo || a.hi != a.hi {
			bound = F(math.NaN())
		}
		f(w, g, prev, stepSize, [rpropSlots]F{flip, a.em, a.ep, a.lo, a.hi, bound, 0, negZero, 1, -1})
	}
}
