//go:build !purego && (amd64 || arm64)

package kernels

import (
	"math"
	"unsafe"
)

// The values the constant blocks of described_asm.go are written with, beyond the arguments' own fields: the
// descriptions in internal/kerneldesc name them in their slots' Go expressions.

// epsSlot returns ε for the slot of the mode that is on, and −0 for the other: rootEps adds both, and adding −0
// leaves every value, ±0 included, unchanged.
func epsSlot[F Float](eps F, on bool) F {
	if on {
		return eps
	}
	return signMask[F](true)
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

// rpropBound returns what Rprop adds to its clamped step size: −0, which changes no value, or NaN where a bound is
// NaN, as torch.clamp makes every element NaN then.
func rpropBound[F Float](lo, hi F) F {
	if lo != lo || hi != hi {
		return F(math.NaN())
	}
	return signMask[F](true)
}

// clipBound returns ClipValue's bound c with −0 made +0, as the reference does: a −0 bound would flip the sign of
// clipped zeros.
func clipBound[F Float](c F) F {
	if c == 0 {
		return 0
	}
	return c
}
