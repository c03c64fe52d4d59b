package detmath

import "math"

// Pow returns x**y, the base-x exponential of y, correctly rounded (error below 0.5 ulp plus 2^-93 relative, see
// the package doc), subnormal results included. It is exact wherever x**y is representable and rounds exact
// halfway cases to even; large integer exponents (β^t for t up to 1e7 and beyond) are as accurate as any other,
// since Pow never squares repeatedly.
//
// Special cases are (in order):
//
//	Pow(x, ±0) = 1 for any x
//	Pow(1, y) = 1 for any y
//	Pow(x, 1) = x for any x
//	Pow(NaN, y) = NaN
//	Pow(x, NaN) = NaN
//	Pow(±0, y) = ±Inf for y an odd integer < 0
//	Pow(±0, -Inf) = +Inf
//	Pow(±0, +Inf) = +0
//	Pow(±0, y) = +Inf for finite y < 0 and not an odd integer
//	Pow(±0, y) = ±0 for y an odd integer > 0
//	Pow(±0, y) = +0 for finite y > 0 and not an odd integer
//	Pow(-1, ±Inf) = 1
//	Pow(x, +Inf) = +Inf for |x| > 1
//	Pow(x, -Inf) = +0 for |x| > 1
//	Pow(x, +Inf) = +0 for |x| < 1
//	Pow(x, -Inf) = +Inf for |x| < 1
//	Pow(+Inf, y) = +Inf for y > 0
//	Pow(+Inf, y) = +0 for y < 0
//	Pow(-Inf, y) = Pow(-0, -y)
//	Pow(x, y) = NaN for finite x < 0 and finite non-integer y
func Pow(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case y == 1:
		return x
	case x != x || y != y:
		return math.NaN()
	case x == 0:
		odd := isOddInt(y)
		switch {
		case y < 0 && odd:
			return math.Copysign(math.Inf(1), x)
		case y < 0:
			return math.Inf(1)
		case odd:
			return x
		}
		return 0
	case math.IsInf(y, 0):
		switch {
		case x == -1:
			return 1
		case (math.Abs(x) < 1) == (y > 0):
			return 0
		}
		return math.Inf(1)
	case math.IsInf(x, 1):
		if y < 0 {
			return 0
		}
		return x
	case math.IsInf(x, -1):
		return Pow(math.Copysign(0, -1), -y)
	}
	neg := false
	if x < 0 {
		if y != math.Trunc(y) {
			return math.NaN()
		}
		neg = isOddInt(y)
		x = -x
	}
	r, ok := powExact(x, y)
	if !ok {
		r = powDD(x, y)
	}
	if neg {
		return -r
	}
	return r
}

// powDD returns e^(y·ln x) for finite x > 0, x ≠ 1, and finite y ≠ 0: ln x in double-double (relative 2^-103),
// times y exactly enough, then exp; the product is at most 746 in magnitude where the result is neither 0 nor
// +Inf, so the result's relative error stays near 746·2^-103 ≈ 2^-93.
func powDD(x, y float64) float64 {
	lh, ll := logDD(x)
	switch z := float64(y * lh); {
	case z > 710:
		return math.Inf(1)
	case z < -746:
		return 0
	}
	// |y| < 2^63 here, since |ln x| ≥ 2^-53 for x ≠ 1: the splitting in twoProd cannot overflow.
	zh, zl := twoProd(y, lh)
	zh, zl = fastTwoSum(zh, zl+float64(y*ll))
	hi, lo, k := expDD(zh, zl)
	return scale(hi, lo, k)
}

// powExact returns x**y and true when the exact value has a short significand, which is when it may be
// representable or halfway between two doubles: there the approximation of powDD, however close, could land on
// the wrong side. For finite x > 0 and y, with x = a·2^e (a odd), that happens only if x is a power of two
// with e·y an integer, or y = n/2^k > 0 with k ≤ 5 (a ≥ 3 has no higher root below 2^53) and a = b^(2^k) with
// b^n < 2^54.
func powExact(x, y float64) (float64, bool) {
	b := math.Float64bits(x)
	e := int(b>>52) - 1075
	a := b&(1<<52-1) | 1<<52
	if b < 1<<52 {
		a, e = b, -1074
	}
	for a&1 == 0 {
		a >>= 1
		e++
	}
	if a == 1 {
		// x = 2^e: x**y = 2^(e·y), exact when e·y is an integer; beyond 2^20 it is 0 or +Inf, which powDD finds.
		if math.Abs(y) > 1<<20 {
			return 0, false
		}
		p, err := twoProd(float64(e), y)
		if err != 0 || p != math.Trunc(p) {
			return 0, false
		}
		return scale(1, 0, int(p)), true
	}
	if y < 0 || y > 64 {
		return 0, false
	}
	k := 0
	for y != math.Trunc(y) {
		if k == 5 {
			return 0, false
		}
		y = float64(y * 2)
		k++
	}
	n := uint64(y)
	for range k {
		r := uint64(math.Sqrt(float64(a)))
		if r*r != a {
			return 0, false
		}
		a = r
	}
	// v = a^n, given up once it would pass 2^54 (a ≥ 3: at most 34 steps).
	v := uint64(1)
	for range n {
		if v > (1<<54-1)/a {
			return 0, false
		}
		v *= a
	}
	// The binary exponent of x**y is e·n/2^k, which must be an integer.
	en := e * int(n)
	if en&(1<<k-1) != 0 {
		return 0, false
	}
	// v has at most 54 bits: hi = v rounded to 53 (ties to even), lo = the bit it drops.
	hi, lo := fastTwoSum(float64(int64(v&^1)), float64(int64(v&1)))
	return scale(hi, lo, en>>k), true
}

// isOddInt reports whether y is an odd integer (every double of magnitude 2^53 or more is even).
func isOddInt(y float64) bool {
	return math.Abs(y) < 1<<53 && y == math.Trunc(y) && int64(y)&1 == 1
}
