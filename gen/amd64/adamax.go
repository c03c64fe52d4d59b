package main

import "github.com/mmcloughlin/avo/build"

// The Adamax constant block, after the gradient's (kernels' adamaxBlock fills it).
const (
	slotAdamaxK     = gradSlots + iota // the first moment's lerp coefficient
	slotAdamaxKMask                    // all ones when that lerp starts from g
	slotAdamaxB2                       // β2
	slotAdamaxEps                      // ε
	slotAdamaxNCLR                     // −lr/(1 − β1ᵗ)
	slotAdamaxAbs                      // all bits but the sign: |x| = x AND it
	adamaxSlots
)

// adamax writes Adamax: one step of kernels' adamaxRef.
func adamax(c *build.Context) {
	elementwise{
		name: "Adamax", arrays: []string{"w", "g", "m", "u"}, consts: adamaxSlots,
		flags: []int{slotWDMask, slotAdamaxKMask}, unroll: [2]int{1, 2},
		doc: "performs one Adamax step over len(w) elements, bit for bit as kernels' adamaxRef does.",
		body: func(v *vec) {
			e := v.e
			G, W, T := v.load("g"), v.load("w"), v.reg()
			prepGrad(v, G, W)
			M := lerp(v, v.load("m"), G, slotAdamaxK, slotAdamaxKMask)
			v.store(M, "m")
			U := v.load("u")
			e.mul(v.k(slotAdamaxB2), U, U)
			e.and(v.k(slotAdamaxAbs), G, T) // |g'|
			e.add(v.k(slotAdamaxEps), T, T)
			U = maxNaN(v, U, T)
			v.store(U, "u")
			e.mul(v.k(slotAdamaxNCLR), M, T)
			e.div(U, T, T)
			e.add(T, W, W)
			v.store(W, "w")
		},
	}.emit(c)
}
