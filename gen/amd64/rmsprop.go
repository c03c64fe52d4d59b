package main

import "github.com/mmcloughlin/avo/build"

// The RMSprop constant block, after the gradient's (kernels' rmspropBlock fills it).
const (
	slotRMSAlpha  = gradSlots + iota // α
	slotRMSOma                       // 1 − α
	slotRMSEpsIn                     // ε inside the root (Keras), −0 otherwise
	slotRMSEpsOut                    // ε outside the root (PyTorch), −0 otherwise
	slotRMSMom                       // μ
	slotRMSNLR                       // −lr
	slotRMSK                         // the gradient average's lerp coefficient
	slotRMSKMask                     // all ones when that lerp starts from g
	rmspropSlots
)

// rmsprop writes RMSprop, RMSpropCentered, RMSpropMomentum and RMSpropCenteredMomentum: one step of kernels'
// rmspropRef, each variant walking only the arrays it needs.
func rmsprop(c *build.Context) {
	for _, centered := range []bool{false, true} {
		for _, momentum := range []bool{false, true} {
			k := elementwise{
				name: "RMSprop", arrays: []string{"w", "g", "sq"}, consts: rmspropSlots, flags: []int{slotWDMask},
				unroll: [2]int{1, 2}, body: func(v *vec) { rmspropBody(v, centered, momentum) },
			}
			what := "RMSprop"
			if centered {
				k.name, k.arrays, k.flags = k.name+"Centered", append(k.arrays, "gavg"), append(k.flags, slotRMSKMask)
				what = "centered " + what
			}
			if momentum {
				k.name, k.arrays = k.name+"Momentum", append(k.arrays, "buf")
				what += " with momentum"
			}
			k.doc = "performs one " + what + " step over len(w) elements, bit for bit as kernels' rmspropRef does."
			k.emit(c)
		}
	}
}

func rmspropBody(v *vec, centered, momentum bool) {
	e := v.e
	G, W, S, T := v.load("g"), v.load("w"), v.load("sq"), v.reg()
	prepGrad(v, G, W)
	emaSq(v, S, G, slotRMSAlpha, slotRMSOma)
	v.store(S, "sq")
	if centered {
		A := lerp(v, v.load("gavg"), G, slotRMSK, slotRMSKMask)
		v.store(A, "gavg")
		e.mul(A, A, T)
		e.sub(T, S, S)
	}
	D := rootEps(v, S, slotRMSEpsIn, slotRMSEpsOut)
	if momentum {
		B := v.load("buf")
		e.mul(v.k(slotRMSMom), B, B)
		e.div(D, G, T)
		e.add(T, B, B) // F(buf·μ) + g'/den
		v.store(B, "buf")
		e.mul(v.k(slotRMSNLR), B, T)
	} else {
		e.mul(v.k(slotRMSNLR), G, T)
		e.div(D, T, T)
	}
	e.add(T, W, W)
	v.store(W, "w")
}
