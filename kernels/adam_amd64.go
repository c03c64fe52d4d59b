//go:build !purego

package kernels

import (
	"math"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels/asm"
)

// adamSlots is the number of constants the Adam assembly reads; gen/amd64/adam.go fixes their order.
const adamSlots = 11

// adamBlock returns a's scalars in the order the assembly reads them, flags as bit masks it blends or XORs with.
func adamBlock[F Float](a *adamArgs[F]) [adamSlots]F {
	return [adamSlots]F{signMask[F](a.grad.maximize), a.grad.wd, allOnes[F](a.grad.coupled), a.decay, a.lerp.k,
		allOnes[F](a.lerp.fromEnd), a.b2, a.omb2, a.bc2sqrt, a.eps, a.nss}
}

// signMask returns −0, whose XOR flips a sign, when on, and +0, whose XOR changes nothing, otherwise.
func signMask[F Float](on bool) F {
	if on {
		return F(math.Copysign(0, -1))
	}
	return 0
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
	k := adamBlock(&a)
	if vmax == nil {
		asm.AdamF32AVX2(w, g, m, v, &k)
	} else {
		asm.AMSGradF32AVX2(w, g, m, v, vmax, &k)
	}
}

func adamAVX2F64(a adamArgs[float64], w, g, m, v, vmax []float64) {
	k := adamBlock(&a)
	if vmax == nil {
		asm.AdamF64AVX2(w, g, m, v, &k)
	} else {
		asm.AMSGradF64AVX2(w, g, m, v, vmax, &k)
	}
}

func adamAVX512F32(a adamArgs[float32], w, g, m, v, vmax []float32) {
	k := adamBlock(&a)
	if vmax == nil {
		asm.AdamF32AVX512(w, g, m, v, &k)
	} else {
		asm.AMSGradF32AVX512(w, g, m, v, vmax, &k)
	}
}

func adamAVX512F64(a adamArgs[float64], w, g, m, v, vmax []float64) {
	k := adamBlock(&a)
	if vmax == nil {
		asm.AdamF64AVX512(w, g, m, v, &k)
	} else {
		asm.AMSGradF64AVX512(w, g, m, v, vmax, &k)
	}
}
