package main

import "github.com/mmcloughlin/avo/build"

// The Lion constant block (kernels' lionBlock fills it). Lion has no gradient preparation.
const (
	slotLionDecay    = iota // 1 − lr·wd
	slotLionB1              // β1
	slotLionOmb1            // 1 − β1
	slotLionB2              // β2
	slotLionOmb2            // 1 − β2
	slotLionNLR             // −lr
	slotLionZero            // +0
	slotLionOne             // 1
	slotLionMinusOne        // −1
	lionSlots
)

// lion writes Lion: one step of kernels' lionRef.
func lion(c *build.Context) {
	elementwise{
		name: "Lion", arrays: []string{"w", "g", "m"}, consts: lionSlots, unroll: [2]int{2, 2},
		doc: "performs one Lion step over len(w) elements, bit for bit as kernels' lionRef does.",
		body: func(v *vec) {
			e := v.e
			G, M, C, T := v.load("g"), v.load("m"), v.reg(), v.reg()
			e.mul(v.k(slotLionB1), M, C)
			e.mul(v.k(slotLionOmb1), G, T)
			e.add(T, C, C)
			// sign(c): ±1, or c itself for ±0 and NaN, which compare neither greater nor less than 0.
			S := v.reg()
			v.blend(v.cmp(cmpGT, C, v.k(slotLionZero)), v.k(slotLionOne), C, S)
			v.blend(v.cmp(cmpLT, C, v.k(slotLionZero)), v.k(slotLionMinusOne), S, S)
			W := v.load("w")
			e.mul(v.k(slotLionDecay), W, W)
			e.mul(v.k(slotLionNLR), S, S)
			e.add(S, W, W)
			v.store(W, "w")
			e.mul(v.k(slotLionB2), M, M)
			e.mul(v.k(slotLionOmb2), G, T)
			e.add(T, M, M)
			v.store(M, "m")
		},
	}.emit(c)
}
