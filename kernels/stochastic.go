package kernels

import "math"

// Stochastic rounding stores a float32 x as one of its two neighbours in the narrow type, the one toward zero or
// the one away from it, away with probability floor(f·2¹⁶)/2¹⁶, where f ∈ [0, 1) is the distance from x to the
// neighbour toward zero in units of the gap between the two. On average the stored value is then x (to within
// 2⁻¹⁶ of a unit), so updates far smaller than a unit still move a bfloat16 weight, which rounding to nearest would
// drop. For bfloat16 this is torchao's rule: away exactly when 16 random bits r are below the 16 bits of x that
// bfloat16 drops.
//
// The random bits come from a counter-based generator: a pure function of a key, fixed for one call of a kernel
// (from a seed and the step), and the element's index in the whole tensor. No state advances, so the bits of
// element i are the same whichever path, chunk or worker rounds it.

// RoundingKey selects the random bits of one stochastic rounding pass: derive one per step with NewRoundingKey.
type RoundingKey struct{ k0, k1 uint32 }

// NewRoundingKey returns the key of the stochastic roundings of step step of the stream seed. Different seeds or
// steps give unrelated bits.
func NewRoundingKey(seed, step uint64) RoundingKey {
	k := splitMix(splitMix(seed) ^ splitMix(step+0x9e3779b97f4a7c15))
	return RoundingKey{k0: uint32(k), k1: uint32(k >> 32)}
}

// splitMix is SplitMix64's bijective finaliser: nearby inputs give unrelated outputs.
func splitMix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// bits returns the 16 random bits of element i: two rounds of a 32-bit integer hash (Chris Wellons' "lowbias32"
// family, multiply and xor-shift), keyed once by xor and once by addition. Only 32-bit operations are used, so
// that every instruction set computes a vector of them directly. Elements i and i + 2³² share their bits; a
// tensor of 4G elements or more is rounded with the same pattern in each 4G block.
func (k RoundingKey) bits(i int) uint32 {
	return lowBias(lowBias(uint32(i)^k.k0)+k.k1) >> 16
}

// lowBias is a bijective 32-bit hash.
func lowBias(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x21f0aaad
	h ^= h >> 15
	h *= 0x735a2d97
	return h ^ h>>15
}

// BF16 returns x rounded stochastically to bfloat16 as element i of a tensor: by the random bits of index i under
// k, away from zero with probability floor(f·2¹⁶)/2¹⁶ for x at the fraction f of the gap between its neighbours.
// ±Inf and values already bfloat16 are exact, the largest finite magnitudes may round to ±Inf, and every NaN
// becomes 0x7fc0, as in ToBF16.
func (k RoundingKey) BF16(x float32, i int) BF16 { return stochasticBF16(x, k.bits(i)) }

// F16 returns x rounded stochastically to binary16 as element i of a tensor, as BF16 does to bfloat16.
// Magnitudes from 65504 to 65536 may round to ±Inf and those from 65536 do; every NaN becomes 0x7e00 with x's sign,
// as in ToF16.
func (k RoundingKey) F16(x float32, i int) F16 { return stochasticF16(x, k.bits(i)) }

// stochasticBF16 returns x rounded to bfloat16 by the random bits r (< 2¹⁶): away from zero when r is below the
// 16 bits bfloat16 drops. ±Inf and values already bfloat16 are exact; the largest finite magnitudes may round to
// ±Inf; every NaN becomes 0x7fc0, as in ToBF16.
func stochasticBF16(x float32, r uint32) BF16 {
	if x != x {
		return bf16NaN
	}
	b := math.Float32bits(x)
	if b&0xffff > r {
		b += 0x10000
	}
	return BF16(b >> 16)
}

// stochasticF16 returns x rounded to binary16 by the random bits r (< 2¹⁶): away from zero when r is below the
// first 16 bits of the part binary16 drops, read as a fraction of a unit. ±Inf and values already binary16 are
// exact; magnitudes from 65504 to 65536 may round to ±Inf and those from 65536 do; every NaN becomes 0x7e00 with x's
// sign, as in ToF16.
func stochasticF16(x float32, r uint32) F16 {
	b := math.Float32bits(x)
	sign := F16(b>>16) & 0x8000
	a := b &^ (1 << 31)
	var t, frac uint32 // the units toward zero, and the dropped fraction of a unit in 16 bits
	switch {
	case a > 0x7f800000:
		return sign | f16QuietNaN
	case a >= f16Overflow:
		return sign | 0x7c00
	case a >= f16MinNormal:
		m := a - f16Rebias
		t, frac = m>>13, m&0x1fff<<3
	default:
		whole, rem, half := f16Subnormal(a)
		// rem/(2·half) is the fraction; its first 16 bits. half is at most 2³⁸, so the product fits.
		t, frac = uint32(whole), uint32(rem<<16/(2*half))
	}
	if frac > r {
		t++
	}
	return sign | F16(t)
}
