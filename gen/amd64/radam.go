package main

import "github.com/mmcloughlin/avo/build"

// The RAdam constant block, after the moments' (kernels' radamBlock fills it).
const (
	slotRAdamEps       = momentSlots + iota // ε
	slotRAdamLR                             // lr
	slotRAdamBC1                            // 1 − β1ᵗ
	slotRAdamBC2Sqrt                        // √(1 − β2ᵗ)
	slotRAdamRect                           // the rectification term
	slotRAdamRectified                      // all ones when the step is rectified (ρₜ > 5)
	radamSlots
)

// radam writes RAdam: one step of kernels' radamRef. Both steps are computed and the rectified one blended in,
// since the choice is the same for every element.
func radam(c *build.Context) {
	elementwise{
		name: "RAdam", arrays: []string{"w", "g", "m", "v"}, consts: radamSlots,
		flags: []int{slotWDMask, slotKMask, slotRAdamRectified}, unroll: [2]int{1, 2},
		doc: "performs one RAdam step over len(w) elements, bit for bit as kernels' radamRef does.",
		body: func(v *vec) {
			e := v.e
			W, _, M, V := moments(v)
			S, D, R := v.reg(), v.reg(), v.reg()
			e.div(v.k(slotRAdamBC1), M, S)
			e.mul(v.k(slotRAdamLR), S, S) // F((m/bc1)·lr)
			e.sqrt(V, D)
			e.add(v.k(slotRAdamEps), D, D)
			e.movu(v.k(slotRAdamBC2Sqrt), R)
			e.div(D, R, R) // √(1 − β2ᵗ)/(√v + ε)
			e.mul(S, R, R)
			e.mul(v.k(slotRAdamRect), R, R)
			v.blend(v.flag(slotRAdamRectified), R, S, S)
			e.sub(S, W, W)
			v.store(W, "w")
		},
	}.emit(c)
}
