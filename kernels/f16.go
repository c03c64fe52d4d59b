package kernels

import "math"

// F16 is an IEEE 754 binary16 (half-precision) number as it is stored: 5 exponent bits, 10 fraction bits, largest
// finite value 65504 and smallest subnormal 2⁻²⁴. Kernels compute in float32 and convert on loading and storing.
type F16 uint16

// f16QuietNaN is the NaN a float32 NaN becomes in binary16, with the input's sign: PyTorch's (c10::Half).
const f16QuietNaN F16 = 0x7e00

// The float32 magnitudes (bits without the sign) where binary16's ranges begin.
const (
	f16MinNormal   = 0x38800000 // 2⁻¹⁴, the smallest normal binary16
	f16RoundsToInf = 0x477ff000 // 65520: 65504 plus half a unit; the tie rounds to the even neighbour, Inf
	f16Overflow    = 0x47800000 // 65536: 65504 plus a whole unit, the value Inf stands for when rounding away
	f16Rebias      = 112 << 23  // float32's exponent bias (127) less binary16's (15), in place
)

// ToF16 returns x rounded to the nearest binary16, ties to even, as PyTorch's x.to(torch.float16) and F16C's
// VCVTPS2PH do: the exact value of x rounded to a multiple of the binary16 unit at its magnitude (2⁻²⁴ below 2⁻¹⁴,
// so small results are subnormals, never flushed to zero), ±Inf from a magnitude of 65520 (the largest finite
// value, 65504, plus half a unit), and the quiet NaN 0x7e00 with x's sign for every NaN.
func ToF16(x float32) F16 {
	b := math.Float32bits(x)
	sign := F16(b>>16) & 0x8000
	a := b &^ (1 << 31)
	switch {
	case a > 0x7f800000:
		return sign | f16QuietNaN
	case a >= f16RoundsToInf:
		return sign | 0x7c00
	case a >= f16MinNormal:
		// Rebiased, the bits are binary16's followed by 13 more; round them off as ToBF16 does its 16.
		m := a - f16Rebias
		return sign | F16((m+0xfff+m>>13&1)>>13)
	}
	t, rem, half := f16Subnormal(a)
	if rem > half || rem == half && t&1 == 1 {
		t++
	}
	return sign | F16(t)
}

// f16Subnormal splits a magnitude a below 2⁻¹⁴ (as bits) in units of binary16's smallest subnormal 2⁻²⁴: the
// whole units t, the remainder rem, and half a unit, both in the same fixed point. A float32 this small has
// a 24-bit significand s (with its leading bit, for a normal float32) and value s·2^(e−150), so s is shifted right
// by 126 − e; float32 subnormals and values below 2⁻⁴⁰ are far below half a unit and give t = rem = 0.
func f16Subnormal(a uint32) (t, rem, half uint64) {
	e := a >> 23
	if e < 87 {
		return 0, 0, 1
	}
	s := uint64(a&0x7fffff | 0x800000)
	shift := 126 - e // 14 … 39
	return s >> shift, s & (1<<shift - 1), 1 << (shift - 1)
}

// Float32 returns h as a float32, exactly. A NaN keeps its sign and payload and becomes quiet, as F16C's VCVTPH2PS
// and NEON's FCVTL make it.
func (h F16) Float32() float32 {
	sign := uint32(h&0x8000) << 16
	e, m := uint32(h>>10)&0x1f, uint32(h&0x3ff)
	switch {
	case e == 0x1f && m != 0:
		return math.Float32frombits(sign | 0x7fc00000 | m<<13)
	case e == 0x1f:
		return math.Float32frombits(sign | 0x7f800000)
	case e == 0:
		// m·2⁻²⁴: both factors are exact in float32, and so is their product.
		v := float32(float32(m) * 0x1p-24)
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (e+112)<<23 | m<<13)
}
