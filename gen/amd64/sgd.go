package main

import "github.com/mmcloughlin/avo/build"

// The SGD constant block, after the gradient's (kernels' sgdBlock fills it).
const (
	slotSGDNLR      = gradSlots + iota // −lr
	slotSGDMom                         // μ
	slotSGDOmd                         // 1 − dampening
	slotSGDFirst                       // all ones on the first step: the buffer starts as g'
	slotSGDNesterov                    // all ones for Nesterov momentum
	sgdSlots
)

// sgd writes SGD (no momentum buffer) and SGDMomentum: one step of kernels' sgdRef.
func sgd(c *build.Context) {
	elementwise{
		name: "SGD", arrays: []string{"w", "g"}, consts: sgdSlots, flags: []int{slotWDMask}, unroll: [2]int{2, 2},
		doc:  "performs one SGD step without momentum over len(w) elements, bit for bit as kernels' sgdRef does.",
		body: func(v *vec) { sgdBody(v, false) },
	}.emit(c)
	elementwise{
		name: "SGDMomentum", arrays: []string{"w", "g", "buf"}, consts: sgdSlots,
		flags: []int{slotWDMask, slotSGDFirst, slotSGDNesterov}, unroll: [2]int{2, 2},
		doc:  "performs one SGD step with momentum over len(w) elements, bit for bit as kernels' sgdRef does.",
		body: func(v *vec) { sgdBody(v, true) },
	}.emit(c)
}

func sgdBody(v *vec, momentum bool) {
	e := v.e
	G, W, T := v.load("g"), v.load("w"), v.reg()
	prepGrad(v, G, W)
	if momentum {
		B, U := v.load("buf"), v.reg()
		e.mul(v.k(slotSGDMom), B, B)
		e.mul(v.k(slotSGDOmd), G, U)
		e.add(U, B, B)                         // F(buf·μ) + F((1 − dampening)·g')
		v.blend(v.flag(slotSGDFirst), G, B, B) // or g' itself on the first step
		v.store(B, "buf")
		e.mul(v.k(slotSGDMom), B, U)
		e.add(U, G, U)                            // g' + F(μ·buf)
		v.blend(v.flag(slotSGDNesterov), U, B, G) // Nesterov, or buf
	}
	e.mul(v.k(slotSGDNLR), G, T)
	e.add(T, W, W)
	v.store(W, "w")
}
