package main

// The constant slots and shared steps of the optimizers, as in gen/amd64/prep.go (and kernels' glue fills them
// the same way on both architectures).
const (
	slotSign   = iota // −0 to flip the gradient's sign (maximize), +0 otherwise; applied by XOR
	slotWD            // coupled weight decay
	slotWDMask        // all ones when the weight decay is coupled
	gradSlots
)

const (
	slotDecay = gradSlots + iota // decoupled decay factor (AdamW), 1 otherwise
	slotK                        // the first moment's lerp coefficient
	slotKMask                    // all ones when that lerp starts from g
	slotB2                       // β2
	slotOmB2                     // 1 − β2
	momentSlots
)

// prepGrad turns G, loaded from g, into kernels' gradArgs.of(g, w).
func prepGrad(v *vec, G, W vreg) {
	T := v.v()
	v.xor(G, G, v.k(slotSign))
	v.op3(fmul, T, W, v.k(slotWD))
	v.op3(fadd, T, G, T)
	v.bit(v.k(slotWDMask), T, G) // only when the decay is coupled, so wd = 0 leaves g's bits alone
	v.free(T)
}

// lerp returns kernels' lerpArgs.of(x, end): base + F(k·(end − x)), the base being end when the mask is on.
func lerp(v *vec, x, end vreg, k, mask int) vreg {
	T, U := v.v(), v.v()
	v.op3(fsub, T, end, x)
	v.op3(fmul, T, T, v.k(k))
	v.mov(U, x)
	v.bit(v.k(mask), end, U)
	v.op3(fadd, U, U, T)
	v.free(T)
	return U
}

// emaSq sets S to F(S·a) + F(F(oma·x)·x).
func emaSq(v *vec, S, x vreg, a, oma int) {
	T := v.v()
	v.op3(fmul, S, S, v.k(a))
	v.op3(fmul, T, x, v.k(oma))
	v.op3(fmul, T, T, x)
	v.op3(fadd, S, S, T)
	v.free(T)
}

// moments loads w, g, m and v, stores the updated m and v, and returns the decayed weight, g', m and v.
func moments(v *vec) (W, G, M, V vreg) {
	G, W = v.load("g"), v.load("w")
	prepGrad(v, G, W)
	v.op3(fmul, W, W, v.k(slotDecay))
	M = lerp(v, v.load("m"), G, slotK, slotKMask)
	v.store(M, "m")
	V = v.load("v")
	emaSq(v, V, G, slotB2, slotOmB2)
	v.store(V, "v")
	return W, G, M, V
}

// maxNaN returns kernels' maxNaN(a, b): a when a > b or a is NaN, b otherwise. FMAX would differ on ±0, so it is
// a compare and two selects.
func maxNaN(v *vec, a, b vreg) vreg {
	R, M := v.v(), v.v()
	v.mov(R, b)
	v.op3(fcmgt, M, a, b)
	v.bit(M, a, R)
	v.op3(fcmeq, M, a, a) // a is a number
	v.bif(M, a, R)
	v.free(M)
	return R
}
