package main

import "github.com/mmcloughlin/avo/build"

// The constant blocks of the weight averages (kernels' emaKernel and swaKernel fill them).
const (
	slotEMAK     = iota // lerp form: the coefficient, kernels' lerpArgs.k
	slotEMAKMask        // lerp form: all ones when measured from w
	emaSlots
)

const (
	slotEMADecay = iota // weighted sum: decay
	slotEMAOmd          // weighted sum: 1 − decay
)

// average writes EMA, in its two forms, and SWA: kernels' emaRef and swaRef. Each reads two arrays and writes
// one, so memory bounds them and a wide unroll keeps loads in flight.
func average(c *build.Context) {
	elementwise{
		name: "EMALerp", arrays: []string{"avg", "w"}, consts: emaSlots, flags: []int{slotEMAKMask},
		unroll: [2]int{4, 4},
		doc:    "sets avg[i] = lerp(avg[i], w[i]) over len(avg) elements, bit for bit as kernels' emaRef does.",
		body: func(v *vec) {
			A := lerp(v, v.load("avg"), v.load("w"), slotEMAK, slotEMAKMask)
			v.store(A, "avg")
		},
	}.emit(c)
	elementwise{
		name: "EMASum", arrays: []string{"avg", "w"}, consts: emaSlots, unroll: [2]int{4, 4},
		doc: "sets avg[i] = F(k[0]·avg[i]) + F(k[1]·w[i]) over len(avg) elements, bit for bit as kernels' emaRef does.",
		body: func(v *vec) {
			A, W := v.load("avg"), v.load("w")
			v.e.mul(v.k(slotEMADecay), A, A)
			v.e.mul(v.k(slotEMAOmd), W, W)
			v.e.add(W, A, A)
			v.store(A, "avg")
		},
	}.emit(c)
	elementwise{
		name: "SWA", arrays: []string{"avg", "w"}, consts: 1, unroll: [2]int{4, 4},
		doc: "sets avg[i] += (w[i] − avg[i])/k[0] over len(avg) elements, bit for bit as kernels' swaRef does.",
		body: func(v *vec) {
			A, W := v.load("avg"), v.load("w")
			v.e.sub(A, W, W)
			v.e.div(v.k(0), W, W)
			v.e.add(W, A, A)
			v.store(A, "avg")
		},
	}.emit(c)
}
