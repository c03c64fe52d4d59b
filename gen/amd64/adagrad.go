package main

import "github.com/mmcloughlin/avo/build"

// The Adagrad constant block, after the gradient's (kernels' adagradBlock fills it).
const (
	slotAdagradNCLR   = gradSlots + iota // −lr/(1 + (t−1)·lr_decay)
	slotAdagradEpsIn                     // ε inside the root (Keras), −0 otherwise
	slotAdagradEpsOut                    // ε outside the root (PyTorch), −0 otherwise
	adagradSlots
)

// adagrad writes Adagrad: one step of kernels' adagradRef.
func adagrad(c *build.Context) {
	elementwise{
		name: "Adagrad", arrays: []string{"w", "g", "sum"}, consts: adagradSlots, flags: []int{slotWDMask},
		unroll: [2]int{1, 2},
		doc:    "performs one Adagrad step over len(w) elements, bit for bit as kernels' adagradRef does.",
		body: func(v *vec) {
			e := v.e
			G, W, S, T := v.load("g"), v.load("w"), v.load("sum"), v.reg()
			prepGrad(v, G, W)
			e.mul(G, G, T)
			e.add(T, S, S)
			v.store(S, "sum")
			D := rootEps(v, S, slotAdagradEpsIn, slotAdagradEpsOut)
			e.mul(v.k(slotAdagradNCLR), G, T)
			e.div(D, T, T)
			e.add(T, W, W)
			v.store(W, "w")
		},
	}.emit(c)
}
