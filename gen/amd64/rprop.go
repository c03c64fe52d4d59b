package main

import "github.com/mmcloughlin/avo/build"

// The Rprop constant block (kernels' rpropKernel fills it).
const (
	slotRpropFlip     = iota // −0 when maximizing, +0 otherwise: XOR flips the gradient's sign
	slotRpropEM              // η−
	slotRpropEP              // η+
	slotRpropLo              // the least step size
	slotRpropHi              // the greatest step size
	slotRpropBound           // −0, or NaN where a bound is NaN (torch.clamp's rule)
	slotRpropZero            // +0
	slotRpropNegZero         // −0
	slotRpropOne             // 1
	slotRpropMinusOne        // −1
	rpropSlots
)

// rprop writes Rprop: one step of kernels' rpropRef.
func rprop(c *build.Context) {
	elementwise{
		name: "Rprop", arrays: []string{"w", "g", "prev", "stepSize"}, consts: rpropSlots, unroll: [2]int{2, 2},
		doc: "performs one Rprop step over len(w) elements, bit for bit as kernels' rpropRef does.",
		body: func(v *vec) {
			e := v.e
			G, P, S := v.load("g"), v.load("prev"), v.reg()
			e.xor(v.k(slotRpropFlip), G, G)
			e.mul(G, P, P)
			// The factor: zsign(g·prev), then torch's three masked assignments in its order. NaN compares false
			// everywhere, so a NaN product ends as 1 and a NaN η as itself.
			// (A blend's second source must be a register: the constant is copied there first.)
			e.movu(v.k(slotRpropZero), S)
			v.blend(v.cmp(cmpGT, P, v.k(slotRpropZero)), v.k(slotRpropOne), S, S)
			v.blend(v.cmp(cmpLT, P, v.k(slotRpropZero)), v.k(slotRpropMinusOne), S, S)
			v.blend(v.cmp(cmpGT, S, v.k(slotRpropZero)), v.k(slotRpropEP), S, S)
			v.blend(v.cmp(cmpLT, S, v.k(slotRpropZero)), v.k(slotRpropEM), S, S)
			v.blend(v.cmp(cmpEQ, S, v.k(slotRpropZero)), v.k(slotRpropOne), S, S)
			Z := v.load("stepSize")
			e.mul(S, Z, Z)
			v.blend(v.cmp(cmpLT, Z, v.k(slotRpropLo)), v.k(slotRpropLo), Z, Z)
			v.blend(v.cmp(cmpGT, Z, v.k(slotRpropHi)), v.k(slotRpropHi), Z, Z)
			e.add(v.k(slotRpropBound), Z, Z)
			v.store(Z, "stepSize")
			v.blend(v.cmp(cmpEQ, S, v.k(slotRpropEM)), v.k(slotRpropZero), G, G)
			v.store(G, "prev")
			// −zsign(g): ∓1, or −0 for ±0 and NaN.
			D := v.reg()
			e.movu(v.k(slotRpropNegZero), D)
			v.blend(v.cmp(cmpGT, G, v.k(slotRpropZero)), v.k(slotRpropMinusOne), D, D)
			v.blend(v.cmp(cmpLT, G, v.k(slotRpropZero)), v.k(slotRpropOne), D, D)
			e.mul(Z, D, D)
			W := v.load("w")
			e.add(D, W, W)
			v.store(W, "w")
		},
	}.emit(c)
}
