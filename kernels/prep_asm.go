//go:build !purego && (amd64 || arm64)

package kernels

import (
	"math"
	"unsafe"
)

// The assembly kernels read their scalars from a constant block, an array passed by value (so that calling them
// through the ops table moves nothing to the heap). Each block starts with the parts the generator's prep.go
// shares between kernels; gen/amd64 fixes the order of the rest, kernel by kernel.

// gradBlock returns the gradient preparation's constants: the sign to XOR g with, wd, and the coupled flag.
func gradBlock[F Float](a *gradArgs[F]) [3]F {
	return [3]F{signMask[F](a.maximize), a.wd, allOnes[F](a.coupled)}
}

// momentsBlock returns the Adam family's shared constants: the gradient's, then decay, the lerp, β2 and 1 − β2.
func momentsBlock[F Float](a *moments[F]) [8]F {
	g := gradBlock(&a.grad)
	return [8]F{g[0], g[1], g[2], a.decay, a.lerp.k, allOnes[F](a.lerp.fromEnd), a.b2, a.omb2}
}

// epsSlots returns ε inside and outside the root for rootEps: the unused one is −0, which adding leaves every
// value unchanged.
func epsSlots[F Float](eps F, inside bool) (in, out F) {
	negZero := signMask[F](true)
	if inside {
		return eps, negZero
	}
	return negZero, eps
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

// absMask returns the F whose bits are all ones but the sign: x AND it is |x|.
func absMask[F Float]() F {
	x := allOnes[F](true)
	b := unsafe.Slice((*byte)(unsafe.Pointer(&x)), unsafe.Sizeof(x))
	b[len(b)-1] = 0x7f // little-endian: the sign is the top bit of the last byte
	return x
}
