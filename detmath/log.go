package detmath

import "math"

// logHalve is the first logTable index whose significands are halved (1 + 53/128 ≥ √2), so that the reduced
// argument lies in [√2/2, √2) and ln x near 1 never cancels against a multiple of ln 2.
const logHalve = 53

// Log returns the natural logarithm of x, correctly rounded (error below 0.5 ulp plus 2^-100 relative, see the
// package doc), for subnormal x too.
//
// Special cases are:
//
//	Log(+Inf) = +Inf
//	Log(0) = -Inf
//	Log(x < 0) = NaN
//	Log(NaN) = NaN
func Log(x float64) float64 {
	switch {
	case x > 0 && x <= math.MaxFloat64:
		hi, _ := logDD(x)
		return hi
	case x == 0:
		return math.Inf(-1)
	case x > 0:
		return x
	}
	return math.NaN()
}

// logDD returns ln x as a normalized double-double with relative error about 2^-103, for finite x > 0.
//
// x = 2^e·m with m in [√2/2, √2); c from logTable makes r = m·c − 1 = rh+rl (exact in double-double) at most
// 2^-8, and ln x = e·ln2 − ln c + ln(1+r): ln(1+rh) from its series (the terms of order 8 to 14 in doubles),
// plus rl/(1+rh), which leaves an error near rl·rh ≤ 2^-61·|r|·2^-53.
func logDD(x float64) (float64, float64) {
	b := math.Float64bits(x)
	e := int(b>>52) - 1023
	if b < 1<<52 { // subnormal: scale into the normal range, exactly
		b = math.Float64bits(float64(x * 0x1p52))
		e = int(b>>52) - 1023 - 52
	}
	frac := b & (1<<52 - 1)
	i := int((frac + 1<<44) >> 45) // m is nearest to 1 + i/128
	m := math.Float64frombits(frac | 1023<<52)
	if i >= logHalve {
		m = float64(m * 0.5)
		e++
	}
	t := &logTable[i]
	ph, pl := twoProd(m, t[0])
	rh, rl := twoSum(ph-1, pl) // ph−1 is exact: ph is within 2^-7 of 1
	p := horner(logTail[len(logTail)-1], rh, logTail[:len(logTail)-1])
	ph, pl = hornerDD1(p, 0, rh, logPoly[:])
	ph, pl = mulDD(ph, pl, rh, 0)
	ph, pl = fastTwoSum(ph, pl+rl/(1+rh))
	// e·ln2: e·ln2Hi is exact, e·ln2Mid exact in two parts.
	ef := float64(e)
	mh, ml := twoProd(ef, ln2Mid)
	eh, el := fastTwoSum(float64(ef*ln2Hi), mh)
	el += ml + float64(ef*ln2Lo)
	eh, el = addDD(eh, el, t[1], t[2])
	return addDD(eh, el, ph, pl)
}
