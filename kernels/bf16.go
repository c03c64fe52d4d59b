package kernels

import "math"

// BF16 is a bfloat16 number as it is stored: the upper half of the bits of a float32, so the same exponent range
// with 8 bits of precision instead of 24. Kernels compute in float32 and convert on loading and storing.
type BF16 uint16

// bf16NaN is the quiet NaN every NaN becomes in bfloat16: PyTorch's (c10::BFloat16), whatever the input's sign or
// payload, so that a stored NaN has the same bits on every path.
const bf16NaN BF16 = 0x7fc0

// ToBF16 returns x rounded to the nearest bfloat16, ties to even: the rounding of PyTorch's x.to(torch.bfloat16).
// Subnormals round as any other number (no flush to zero), a value beyond the largest finite bfloat16 by half a
// unit or more becomes ±Inf, and every NaN becomes the quiet NaN 0x7fc0. It is equivalent to
//
//	b := math.Float32bits(x)
//	if x != x {
//		return 0x7fc0
//	}
//	return BF16((b + 0x7fff + b>>16&1) >> 16)
func ToBF16(x float32) BF16 {
	if x != x {
		return bf16NaN
	}
	// Adding half a unit less one, plus the kept part's last bit, carries into the kept part exactly when the
	// dropped part is above half, or exactly half with an odd kept part; a carry out of the significand raises the
	// exponent, up to ±Inf. No NaN is left to overflow the 32 bits.
	b := math.Float32bits(x)
	return BF16((b + 0x7fff + b>>16&1) >> 16)
}

// Float32 returns b as a float32, exactly: b's bits followed by sixteen zeros. A NaN keeps its bits.
func (b BF16) Float32() float32 { return math.Float32frombits(uint32(b) << 16) }
