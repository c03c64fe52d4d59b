package detmath

import "math"

// scale returns the double nearest to (hi+lo)·2^k, ties to even, with a single rounding even when the result is
// subnormal: scaling the rounded hi would round twice and lose lo. hi must be positive and normal, and hi+lo
// normalized (hi is hi+lo rounded to nearest, so |lo| ≤ ulp(hi)/2).
func scale(hi, lo float64, k int) float64 {
	b := math.Float64bits(hi)
	e := int(b>>52) + k // the biased exponent of the result, were it normal
	switch {
	case e >= 2047:
		return math.Inf(1)
	case e > 0:
		return math.Float64frombits(b + uint64(k)<<52)
	}
	// The result is N·2^-1074 with N = m·2^(e-1) for hi's 53-bit significand m: drop 1-e bits, rounding to
	// nearest by what they hold and, on an exact half, by lo's sign.
	shift := uint(1 - e)
	if shift > 54 {
		return 0
	}
	m := b&(1<<52-1) | 1<<52
	n := m >> shift
	rem := m & (1<<shift - 1)
	half := uint64(1) << (shift - 1)
	if rem > half || rem == half && (lo > 0 || lo == 0 && n&1 == 1) {
		n++
	}
	return math.Float64frombits(n)
}
