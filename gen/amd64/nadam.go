package main

import "github.com/mmcloughlin/avo/build"

// The NAdam constant block, after the moments' (kernels' nadamBlock fills it).
const (
	slotNAdamBC2 = momentSlots + iota // 1 − β2ᵗ
	slotNAdamEps                      // ε
	slotNAdamCG                       // the gradient's coefficient
	slotNAdamCM                       // the first moment's coefficient
	nadamSlots
)

// nadam writes NAdam: one step of kernels' nadamRef.
func nadam(c *build.Context) {
	elementwise{
		name: "NAdam", arrays: []string{"w", "g", "m", "v"}, consts: nadamSlots,
		flags: []int{slotWDMask, slotKMask}, unroll: [2]int{1, 2},
		doc: "performs one NAdam step over len(w) elements, bit for bit as kernels' nadamRef does.",
		body: func(v *vec) {
			e := v.e
			W, G, M, V := moments(v)
			D, T := v.reg(), v.reg()
			e.div(v.k(slotNAdamBC2), V, D)
			e.sqrt(D, D)
			e.add(v.k(slotNAdamEps), D, D)
			e.mul(v.k(slotNAdamCG), G, T)
			e.div(D, T, T)
			e.add(T, W, W)
			e.mul(v.k(slotNAdamCM), M, T)
			e.div(D, T, T)
			e.add(T, W, W)
			v.store(W, "w")
		},
	}.emit(c)
}
