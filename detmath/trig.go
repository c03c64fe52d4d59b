package detmath

import (
	"math"
	"math/bits"
)

// trigN is the number of entries of sinCosTable: |r| ≤ π/4 is split as j/64 + s, |s| ≤ 1/128.
const trigN = 51

// Sin returns the sine of the radian argument x, correctly rounded (error below 0.5 ulp plus 2^-100 relative,
// see the package doc) for every finite x, however large: the reduction modulo π/2 is exact enough for all.
//
// Special cases are:
//
//	Sin(±0) = ±0
//	Sin(±Inf) = NaN
//	Sin(NaN) = NaN
func Sin(x float64) float64 {
	switch {
	case x != x || math.IsInf(x, 0):
		return math.NaN()
	case math.Abs(x) < 0x1p-26: // sin x = x(1 − x²/6 + …) rounds to x
		return x
	}
	q, rh, rl := reduce(x)
	if q&1 == 0 {
		rh, _ = sinDD(rh, rl)
	} else {
		rh, _ = cosDD(rh, rl)
	}
	if q&2 != 0 {
		return -rh
	}
	return rh
}

// Cos returns the cosine of the radian argument x, correctly rounded (error below 0.5 ulp plus 2^-100 relative,
// see the package doc) for every finite x, however large: the reduction modulo π/2 is exact enough for all.
//
// Special cases are:
//
//	Cos(±Inf) = NaN
//	Cos(NaN) = NaN
func Cos(x float64) float64 {
	switch {
	case x != x || math.IsInf(x, 0):
		return math.NaN()
	case math.Abs(x) < 0x1p-27: // cos x = 1 − x²/2 + … rounds to 1
		return 1
	}
	q, rh, rl := reduce(x)
	if q&1 == 0 {
		rh, _ = cosDD(rh, rl)
	} else {
		rh, _ = sinDD(rh, rl)
		rh = -rh
	}
	if q&2 != 0 {
		return -rh
	}
	return rh
}

// reduce returns q and r = rh+rl, |r| ≤ π/4, with x = q·π/2 + r; r's relative error is about 2^-103 however
// close x lies to a multiple of π/2 (for doubles, never closer than about 2^-61).
//
// For |x| > π/4 it is Payne and Hanek's reduction in integers: x = m·2^E (m < 2^53) times the 256 bits of 2/π
// from bit E−1 on (the bits before it add multiples of 4 to x·2/π), so the product holds q mod 4 and 254 bits of
// the fraction, with an error below 2^-201.
func reduce(x float64) (q int, rh, rl float64) {
	ax := math.Abs(x)
	if ax <= math.Pi/4 {
		return 0, x, 0
	}
	b := math.Float64bits(ax)
	m := b&(1<<52-1) | 1<<52
	off := int(b>>52) - 1075 + 62 // bit E−1 of 2/π, counted from the zero word's first bit
	w, sh := off>>6, uint(off&63)
	t := twoOverPi[w : w+5]
	b0 := t[0]<<sh | t[1]>>(64-sh)
	b1 := t[1]<<sh | t[2]>>(64-sh)
	b2 := t[2]<<sh | t[3]>>(64-sh)
	b3 := t[3]<<sh | t[4]>>(64-sh)
	// m·(b0 b1 b2 b3) in words f3..f0 (the fifth adds multiples of 4): x·2/π mod 4 is that over 2^254.
	h3, f0 := bits.Mul64(m, b3)
	h2, l2 := bits.Mul64(m, b2)
	h1, l1 := bits.Mul64(m, b1)
	_, l0 := bits.Mul64(m, b0)
	f1, c := bits.Add64(h3, l2, 0)
	f2, c := bits.Add64(h2, l1, c)
	f3, _ := bits.Add64(h1, l0, c)
	q = int(f3 >> 62)
	f3 &= 1<<62 - 1
	neg := f3>>61 != 0 // fraction ≥ 1/2: round q up, the fraction becomes negative
	if neg {
		q++
		var borrow uint64
		_, borrow = bits.Sub64(0, f0, 0) // only the borrow of the lowest word matters below
		f1, borrow = bits.Sub64(0, f1, borrow)
		f2, borrow = bits.Sub64(0, f2, borrow)
		f3, _ = bits.Sub64(1<<62, f3, borrow)
	}
	// The fraction (f3 f2 f1 f0)/2^254 is at least 2^-62 (no double comes closer than about 2^-61 to a multiple
	// of π/2), so f3 ≠ 0: hi takes its 53 leading bits, lo the 53 after them.
	lz := uint(bits.LeadingZeros64(f3))
	top := f3<<lz | f2>>(64-lz)
	next := f2<<lz | f1>>(64-lz)
	hi := float64(float64(int64(top>>11)) * pow2(-51-int(lz)))
	lo := float64(float64(int64((top&(1<<11-1))<<42|next>>22)) * pow2(-104-int(lz)))
	fh, fl := fastTwoSum(hi, lo)
	rh, rl = mulDD(fh, fl, halfPiHi, halfPiLo)
	if neg {
		rh, rl = -rh, -rl
	}
	if x < 0 {
		q, rh, rl = -q, -rh, -rl
	}
	return q, rh, rl
}

// pow2 returns 2^n for n in the normal range.
func pow2(n int) float64 { return math.Float64frombits(uint64(1023+n) << 52) }

// sinDD returns sin r for r = rh+rl, |r| ≤ π/4, with relative error about 2^-102: r = ±(a + s) with a = j/64,
// sin(a+s) = sin a + (sin a·(cos s − 1) + cos a·sin s).
func sinDD(rh, rl float64) (float64, float64) {
	neg := rh < 0
	if neg {
		rh, rl = -rh, -rl
	}
	t, sh, sl, ch, cl := sinCosSmall(rh, rl)
	ah, al := mulDD(t[0], t[1], ch, cl)
	bh, bl := mulDD(t[2], t[3], sh, sl)
	// No sum cancels more than half: |cos a·sin s| ≤ 2^-7 ≤ sin a for a ≠ 0, and the rest is smaller still.
	ah, al = addDDFast(ah, al, bh, bl)
	ah, al = addDDFast(t[0], t[1], ah, al)
	if neg {
		return -ah, -al
	}
	return ah, al
}

// cosDD returns cos r for r = rh+rl, |r| ≤ π/4, with relative error about 2^-102:
// cos(a+s) = cos a + (cos a·(cos s − 1) − sin a·sin s).
func cosDD(rh, rl float64) (float64, float64) {
	if rh < 0 {
		rh, rl = -rh, -rl
	}
	t, sh, sl, ch, cl := sinCosSmall(rh, rl)
	ah, al := mulDD(t[2], t[3], ch, cl)
	bh, bl := mulDD(t[0], t[1], sh, sl)
	ah, al = addDDFast(ah, al, -bh, -bl)
	return addDDFast(t[2], t[3], ah, al) // cos a ≥ 0.7 dominates
}

// sinCosSmall splits r = rh+rl ≥ 0 as a + s with a = j/64 the nearest, and returns a's sinCosTable entry,
// sin s = s·Σ (−s²)^k/(2k+1)! and cos s − 1 = −s²·Σ (−s²)^k/(2k+2)! (|s| ≤ 1/128 + 2^-50).
func sinCosSmall(rh, rl float64) (t *[4]float64, sh, sl, ch, cl float64) {
	j := int(float64(rh*64) + 0.5)
	rh, rl = fastTwoSum(rh-float64(float64(j)*(1.0/64)), rl) // rh − j/64 is exact (Sterbenz, or j = 0)
	uh, ul := mulDD(rh, rl, rh, rl)
	uh, ul = -uh, -ul
	p := horner(sinTail[len(sinTail)-1], uh, sinTail[:len(sinTail)-1])
	sh, sl = hornerDD(p, 0, uh, ul, sinPoly[:])
	sh, sl = mulDD(sh, sl, rh, rl)
	p = horner(cosTail[len(cosTail)-1], uh, cosTail[:len(cosTail)-1])
	ch, cl = hornerDD(p, 0, uh, ul, cosPoly[:])
	ch, cl = mulDD(ch, cl, uh, ul)
	return &sinCosTable[j], sh, sl, ch, cl
}
