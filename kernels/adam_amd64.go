//go:build !purego

package kernels

import (
	"math"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels/asm"
)

// adamSlots is the number of constants in the block the Adam assembly reads; gen/amd64/adam.go fixes their order.
const adamSlots = 11

// fillAdamBlock writes a's scalars into blk as the assembly expects them: adamSlots slots of one YMM register
// each, every lane of a slot holding the same value, and flags as bit masks the assembly blends or XORs with.
func fillAdamBlock[F Float](a *adamArgs[F], blk []F) {
	var sign F // +0: XOR leaves g alone
	if a.grad.maximize {
		sign = F(math.Copysign(0, -1))
	}
	vals := [adamSlots]F{sign, a.grad.wd, allOnes[F](a.grad.coupled), a.decay, a.lerp.k, allOnes[F](a.lerp.fromEnd), a.b2, a.omb2, a.bc2sqrt, a.eps, a.nss}
	per := len(blk) / adamSlots
	for s, v := range vals {
		for j := range per {
			blk[s*per+j] = v
		}
	}
}

// allOnes returns the F whose bits are all ones (a NaN, used only as a mask) when on, and +0 otherwise.
func allOnes[F Float](on bool) F {
	var x F
	if on {
		b := unsafe.Slice((*byte)(unsafe.Pointer(&x)), unsafe.Sizeof(x))
		for i := range b {
			b[i] = 0xff
		}
	}
	return x
}

func adamAVX2F32(a adamArgs[float32], w, g, m, v, vmax []float32) {
	var blk [adamSlots * 8]float32
	fillAdamBlock(&a, blk[:])
	if vmax == nil {
		asm.AdamF32AVX2(w, g, m, v, &blk)
	} else {
		asm.AMSGradF32AVX2(w, g, m, v, vmax, &blk)
	}
}

func adamAVX2F64(a adamArgs[float64], w, g, m, v, vmax []float64) {
	var blk [adamSlots * 4]float64
	fillAdamBlock(&a, blk[:])
	if vmax == nil {
		asm.AdamF64AVX2(w, g, m, v, &blk)
	} else {
		asm.AMSGradF64AVX2(w, g, m, v, vmax, &blk)
	}
}
