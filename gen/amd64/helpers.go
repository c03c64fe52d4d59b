package main

import "github.com/mmcloughlin/avo/build"

// helpers writes Scale, Axpy and ClipValue: kernels' scaleRef, axpyRef and clipValueRef.
func helpers(c *build.Context) {
	elementwise{
		name: "Scale", arrays: []string{"x"}, consts: 1, unroll: [2]int{4, 4},
		doc: "sets x[i] = k[0]·x[i] over len(x) elements.",
		body: func(v *vec) {
			X := v.load("x")
			v.e.mul(v.k(0), X, X)
			v.store(X, "x")
		},
	}.emit(c)
	elementwise{
		name: "Axpy", arrays: []string{"x", "y"}, consts: 1, unroll: [2]int{4, 4},
		doc: "adds F(k[0]·x[i]) to y[i] over len(x) elements.",
		body: func(v *vec) {
			X, Y := v.load("x"), v.load("y")
			v.e.mul(v.k(0), X, X)
			v.e.add(X, Y, Y)
			v.store(Y, "y")
		},
	}.emit(c)
	// k is {c, −c} with c ≥ 0 and never −0. Comparisons with NaN are false, so NaN stays.
	elementwise{
		name: "ClipValue", arrays: []string{"x"}, consts: 2, unroll: [2]int{4, 4},
		doc: "clamps x[i] to [k[1], k[0]] over len(x) elements; NaN stays NaN.",
		body: func(v *vec) {
			X, Y := v.load("x"), v.reg()
			v.blend(v.cmp(cmpLT, X, v.k(1)), v.k(1), X, Y)
			v.blend(v.cmp(cmpGT, X, v.k(0)), v.k(0), Y, Y)
			v.store(Y, "x")
		},
	}.emit(c)
}
