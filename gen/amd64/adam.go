package main

import (
	"github.com/mmcloughlin/avo/build"
)

// The Adam constant block, filled by kernels/adam_amd64.go from adamArgs.
const (
	slotSign    = iota // −0 to flip the gradient's sign (maximize), +0 otherwise; applied by XOR
	slotWD             // coupled weight decay
	slotWDMask         // all ones when the weight decay is coupled (Adam with weight_decay ≠ 0)
	slotDecay          // decoupled decay factor (AdamW), 1 otherwise
	slotK              // lerp coefficient
	slotKMask          // all ones when the lerp starts from g (its weight is ≥ 0.5)
	slotB2             // β2
	slotOmB2           // 1 − β2
	slotBC2Sqrt        // √(1 − β2ᵗ)
	slotEps            // ε
	slotNSS            // −step size
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
	G, W, T, U := v.load("g"), v.load("w"), v.reg(), v.reg()
	e.xor(v.k(slotSign), G, G) // maximize: −g
	e.mul(v.k(slotWD), W, T)
	e.add(T, G, T)                       // g + F(wd·w)
	v.blend(v.flag(slotWDMask), T, G, G) // kept only when the decay is coupled, so wd = 0 leaves g's bits alone
	e.mul(v.k(slotDecay), W, W)
	M := v.load("m")
	e.sub(M, G, T) // g − m
	e.mul(v.k(slotK), T, T)
	v.blend(v.flag(slotKMask), G, M, U) // lerp base: m, or g when the weight is ≥ 0.5
	e.add(T, U, M)
	v.store(M, "m")
	V := v.load("v")
	e.mul(v.k(slotB2), V, V)
	e.mul(v.k(slotOmB2), G, T)
	e.mul(G, T, T)
	e.add(T, V, V) // F(v·β2) + F(F((1−β2)·g)·g)
	v.store(V, "v")
	if ams {
		X, Y := v.load("vmax"), v.reg()
		e.max(V, X, Y)                          // vmax > v ? vmax : v; v when either is NaN
		v.blend(v.cmp(cmpUnord, X, X), X, Y, V) // vmax when it is NaN, so a NaN in either propagates
		v.store(V, "vmax")
	}
	e.sqrt(V, T)
	e.div(v.k(slotBC2Sqrt), T, T)
	e.add(v.k(slotEps), T, T)
	e.mul(v.k(slotNSS), M, U)
	e.div(T, U, U)
	e.add(U, W, W)
	v.store(W, "w")
}
