package main

import (
	"github.com/mmcloughlin/avo/build"
)

// The Adam constant block, after the moments' (kernels' adamBlock fills it).
const (
	slotBC2Sqrt = momentSlots + iota // √(1 − β2ᵗ)
	slotEps                          // ε
	slotNSS                          // −step size
	adamSlots
)

// adam writes Adam and AMSGrad (F32, F64; AVX2, AVX-512): one step of kernels' adamRef.
func adam(c *build.Context) {
	for _, ams := range []bool{false, true} {
		k := elementwise{
			name: "Adam", arrays: []string{"w", "g", "m", "v"}, consts: adamSlots,
			flags: []int{slotWDMask, slotKMask}, unroll: [2]int{1, 2},
			doc:  "performs one Adam step over len(w) elements, bit for bit as kernels' adamRef does.",
			body: func(v *vec) { adamBody(v, ams) },
		}
		if ams {
			k.name, k.arrays = "AMSGrad", append(k.arrays, "vmax")
			k.doc = "performs one AMSGrad step over len(w) elements, bit for bit as kernels' adamRef does."
		}
		k.emit(c)
	}
}

// adamBody is the update of one vector of elements: the reference's operations in the reference's order.
func adamBody(v *vec, ams bool) {
	e := v.e
	W, _, M, V := moments(v)
	if ams {
		V = maxNaN(v, v.load("vmax"), V) // torch.maximum(vmax, v): a NaN in either propagates
		v.store(V, "vmax")
	}
	T, U := v.reg(), v.reg()
	e.sqrt(V, T)
	e.div(v.k(slotBC2Sqrt), T, T)
	e.add(v.k(slotEps), T, T)
	e.mul(v.k(slotNSS), M, U)
	e.div(T, U, U)
	e.add(U, W, W)
	v.store(W, "w")
}
