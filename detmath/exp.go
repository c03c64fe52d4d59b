package detmath

import "math"

// expN is the number of entries of expTable: e^x = 2^(k/64)·e^r, |r| ≤ ln2/128.
const expN = 64

// Exp returns e^x, correctly rounded (error below 0.5 ulp plus 2^-100 relative, see the package doc),
// subnormal results included.
//
// Special cases are:
//
//	Exp(+Inf) = +Inf
//	Exp(NaN) = NaN
//
// Very large values overflow to 0 or +Inf (from x > 709.782712893384 and x < -745.1332191019412 on).
// Very small values underflow to 1.
func Exp(x float64) float64 {
	switch {
	case x != x:
		return math.NaN()
	case x > 710:
		return math.Inf(1)
	case x < -746:
		return 0
	}
	hi, lo, k := expDD(x, 0)
	return scale(hi, lo, k)
}

// expDD returns hi, lo and k with e^(xh+xl) = (hi+lo)·2^k to about 2^-102, hi+lo normalized and within
// [0.99, 2), for |xh| ≤ 760 and |xl| ≤ ulp(xh).
//
// x = (64k+j)·ln2/64 + r with |r| ≤ ln2/128, r = rh+rl in double-double; e^rh sums its Taylor series (the
// terms of order 6 to 11 in doubles), e^r = e^rh·(1 + rl) to 2^-110, and 2^(j/64) comes from expTable.
func expDD(xh, xl float64) (hi, lo float64, k int) {
	kf := math.RoundToEven(float64(xh * expInvStep))
	// kf·expStepHi is exact and cancels x's leading bits exactly (Sterbenz); kf·expStepMid is exact too.
	rh, rl := twoSum(xh-float64(kf*expStepHi), -float64(kf*expStepMid))
	rl += xl - float64(kf*expStepLo)
	rh, rl = fastTwoSum(rh, rl)
	p := horner(expTail[len(expTail)-1], rh, expTail[:len(expTail)-1])
	ph, pl := hornerDD1(p, 0, rh, expPoly[:])
	ph, pl = fastTwoSum(ph, pl+float64(ph*rl))
	n := int(kf)
	t := &expTable[n&(expN-1)]
	hi, lo = mulDD(t[0], t[1], ph, pl)
	return hi, lo, n >> 6
}
