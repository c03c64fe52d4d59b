package detmath

import "math"

// erfcNumPieces is the number of erfcPieces: 16 below 1, then 8 a binade up to 28.
const erfcNumPieces = 54

// erfcZero is where erfc x falls below 2^-1075, half the smallest subnormal, so that it rounds to 0
// (erfc 27.226 ≈ 2^-1075).
const erfcZero = 27.25

// erfcPiece is a polynomial in t = x − c: Σ dd[j]·t^j for the leading terms, in double-double, and Σ hi[j]·t^j
// for the rest (hi's first len(dd) entries are unused).
type erfcPiece struct {
	c  float64
	hi []float64
	dd [][2]float64
}

// Erfc returns the complementary error function of x, correctly rounded (error below 0.5 ulp plus 2^-100
// relative, see the package doc), subnormal results included.
//
// Special cases are:
//
//	Erfc(+Inf) = 0
//	Erfc(-Inf) = 2
//	Erfc(NaN) = NaN
func Erfc(x float64) float64 {
	switch {
	case x != x:
		return math.NaN()
	case x >= erfcZero:
		return 0
	case x <= -6: // 2 − erfc 6 rounds to 2
		return 2
	case math.Abs(x) < 0x1p-60: // 1 − 2x/√π rounds to 1
		return 1
	}
	hi, lo, k := erfcDD(math.Abs(x))
	if x > 0 {
		return scale(hi, lo, k)
	}
	// erfc x = 2 − erfc |x|, with erfc |x| ≥ 2^-53 here, so the scaling is exact.
	s := pow2(k)
	vh, vl := float64(hi*s), float64(lo*s)
	hi, lo = twoSum(2, -vh)
	hi, _ = fastTwoSum(hi, lo-vl)
	return hi
}

// erfcDD returns hi, lo and k with erfc x = (hi+lo)·2^k to about 2^-100, for 2^-60 ≤ x < erfcZero:
// erfc x = e^(−x²)·g(x), g from its piece's polynomial (the high-order terms in doubles), e^(−x²) from expDD
// of x² (exact in double-double).
func erfcDD(x float64) (hi, lo float64, k int) {
	var i int
	if x < 1 {
		i = int(float64(x * 16))
	} else {
		b := math.Float64bits(x)
		i = 16 + 8*(int(b>>52)-1023) + int(b>>49&7)
	}
	pc := &erfcPieces[i]
	t := x - pc.c // exact: c/2 ≤ x ≤ 2c, or c = 0
	p := horner(pc.hi[len(pc.hi)-1], t, pc.hi[len(pc.dd):len(pc.hi)-1])
	gh, gl := hornerDD1(p, 0, t, pc.dd)
	sh, sl := twoProd(x, x)
	eh, el, k := expDD(-sh, -sl)
	hi, lo = mulDD(eh, el, gh, gl)
	return hi, lo, k
}
