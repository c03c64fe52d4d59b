package main

import "github.com/mmcloughlin/avo/build"

// The Adadelta constant block, after the gradient's (kernels' adadeltaBlock fills it).
const (
	slotAdadeltaRho = gradSlots + iota // ρ
	slotAdadeltaOmr                    // 1 − ρ
	slotAdadeltaEps                    // ε
	slotAdadeltaNLR                    // −lr
	adadeltaSlots
)

// adadelta writes Adadelta: one step of kernels' adadeltaRef.
func adadelta(c *build.Context) {
	elementwise{
		name: "Adadelta", arrays: []string{"w", "g", "sq", "acc"}, consts: adadeltaSlots, flags: []int{slotWDMask},
		unroll: [2]int{1, 2},
		doc:    "performs one Adadelta step over len(w) elements, bit for bit as kernels' adadeltaRef does.",
		body: func(v *vec) {
			e := v.e
			G, W, S, T := v.load("g"), v.load("w"), v.load("sq"), v.reg()
			prepGrad(v, G, W)
			emaSq(v, S, G, slotAdadeltaRho, slotAdadeltaOmr)
			v.store(S, "sq")
			A, N := v.load("acc"), v.reg()
			e.add(v.k(slotAdadeltaEps), A, N)
			e.sqrt(N, N)
			e.add(v.k(slotAdadeltaEps), S, S)
			e.sqrt(S, S)
			e.div(S, N, N)
			e.mul(G, N, N) // δ = F((√(acc + ε)/√(sq + ε))·g')
			emaSq(v, A, N, slotAdadeltaRho, slotAdadeltaOmr)
			v.store(A, "acc")
			e.mul(v.k(slotAdadeltaNLR), N, T)
			e.add(T, W, W)
			v.store(W, "w")
		},
	}.emit(c)
}
