package main

import "github.com/mmcloughlin/avo/reg"

// The constants of the gradient preparation, first in the block of every optimizer that has one (kernels'
// gradBlock fills them).
const (
	slotSign   = iota // −0 to flip the gradient's sign (maximize), +0 otherwise; applied by XOR
	slotWD            // coupled weight decay
	slotWDMask        // all ones when the weight decay is coupled (weight_decay ≠ 0)
	gradSlots
)

// The constants of the Adam family's moments, after the gradient's (kernels' momentsBlock).
const (
	slotDecay = gradSlots + iota // decoupled decay factor (AdamW), 1 otherwise
	slotK                        // the first moment's lerp coefficient
	slotKMask                    // all ones when that lerp starts from g (its weight is ≥ 0.5)
	slotB2                       // β2
	slotOmB2                     // 1 − β2
	momentSlots
)

// prepGrad turns G, loaded from g, into kernels' gradArgs.of(g, w): −g when maximizing, then + F(wd·w) only when
// the decay is coupled, so that wd = 0 leaves g's bits alone even for an infinite w.
func prepGrad(v *vec, G, W reg.VecVirtual) {
	e, T := v.e, v.reg()
	e.xor(v.k(slotSign), G, G)
	e.mul(v.k(slotWD), W, T)
	e.add(T, G, T)
	v.blend(v.flag(slotWDMask), T, G, G)
}

// lerp returns kernels' lerpArgs.of(x, end) with the coefficient and flag in slots k and mask: base + F(k·(end −
// x)), the base being end when the mask is on and x otherwise.
func lerp(v *vec, x, end reg.VecVirtual, k, mask int) reg.VecVirtual {
	e, T, U := v.e, v.reg(), v.reg()
	e.sub(x, end, T)
	e.mul(v.k(k), T, T)
	v.blend(v.flag(mask), end, x, U)
	e.add(T, U, U)
	return U
}

// rootEps returns kernels' rootEps(x, ε, inside) as √(x + in) + out, with (in, out) = (ε, −0) or (−0, ε) in the
// slots: adding −0 leaves every value, ±0 included, unchanged, so one form serves both modes without a branch.
func rootEps(v *vec, x reg.VecVirtual, in, out int) reg.VecVirtual {
	e, D := v.e, v.reg()
	e.add(v.k(in), x, D)
	e.sqrt(D, D)
	e.add(v.k(out), D, D)
	return D
}

// moments loads w, g, m and v, stores the updated m and v, and returns the decayed weight, g', m and v:
// kernels' moments.update.
func moments(v *vec) (W, G, M, V reg.VecVirtual) {
	e := v.e
	G, W = v.load("g"), v.load("w")
	prepGrad(v, G, W)
	e.mul(v.k(slotDecay), W, W)
	M = lerp(v, v.load("m"), G, slotK, slotKMask)
	v.store(M, "m")
	V = v.load("v")
	emaSq(v, V, G, slotB2, slotOmB2)
	v.store(V, "v")
	return W, G, M, V
}

// emaSq sets S to the moving average of squares F(S·a) + F(F(oma·x)·x), with a and oma = 1 − a in slots a and
// oma: PyTorch's mul_(a).addcmul_(x, x, value=1 − a).
func emaSq(v *vec, S, x reg.VecVirtual, a, oma int) {
	e, T := v.e, v.reg()
	e.mul(v.k(a), S, S)
	e.mul(v.k(oma), x, T)
	e.mul(x, T, T)
	e.add(T, S, S)
}

// maxNaN returns kernels' maxNaN(a, b): a when a > b or a is NaN, b otherwise. MAXPS(a, b) is a > b ? a : b,
// which is b for a NaN a, so a NaN a is blended back in.
func maxNaN(v *vec, a, b reg.VecVirtual) reg.VecVirtual {
	M := v.reg()
	v.e.max(b, a, M)
	v.blend(v.cmp(cmpUnord, a, a), a, M, M)
	return M
}
