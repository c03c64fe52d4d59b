package main

import "github.com/mmcloughlin/avo/build"

// The ASGD constant block, after the gradient's (kernels' asgdKernel fills it).
const (
	slotASGDDecay   = gradSlots + iota // 1 − λ·η
	slotASGDNEta                       // −η
	slotASGDMu                         // μ
	slotASGDAverage                    // all ones when μ ≠ 1 (ax moves toward w), +0 when ax is set to w
	asgdSlots
)

// asgd writes ASGD: one step of kernels' asgdRef.
func asgd(c *build.Context) {
	elementwise{
		name: "ASGD", arrays: []string{"w", "g", "ax"}, consts: asgdSlots,
		flags: []int{slotWDMask, slotASGDAverage}, unroll: [2]int{2, 2},
		doc: "performs one ASGD step over len(w) elements, bit for bit as kernels' asgdRef does.",
		body: func(v *vec) {
			e := v.e
			G, W, T := v.load("g"), v.load("w"), v.reg()
			prepGrad(v, G, W)
			e.mul(v.k(slotASGDDecay), W, W)
			e.mul(v.k(slotASGDNEta), G, T)
			e.add(T, W, W)
			v.store(W, "w")
			A := v.load("ax")
			e.sub(A, W, T) // w − ax
			e.mul(v.k(slotASGDMu), T, T)
			e.add(T, A, T)
			v.blend(v.flag(slotASGDAverage), T, W, A)
			v.store(A, "ax")
		},
	}.emit(c)
}
