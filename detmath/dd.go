package detmath

// Double-double arithmetic: a value is an unevaluated sum hi+lo of two doubles with |lo| ≤ ulp(hi)/2, which
// carries about 106 bits. Every product is rounded by an explicit conversion, so no compiler can fuse it into
// an FMA, and exact products come from Veltkamp/Dekker splitting, never from math.FMA: the same operations
// give the same bits on every GOARCH.

// splitter is 2^27+1: multiplying by it cuts a double into halves of at most 26 significant bits (Veltkamp).
const splitter = 134217729.0

// split returns hi+lo == a exactly, each part at most 26 bits wide, so that products of parts are exact.
// It needs |a| < 2^996, or the product with splitter overflows.
func split(a float64) (hi, lo float64) {
	c := float64(splitter * a)
	hi = c - (c - a)
	return hi, a - hi
}

// twoProd returns p = fl(a·b) and e with p+e == a·b exactly (Dekker), as long as nothing underflows.
func twoProd(a, b float64) (p, e float64) {
	bh, bl := split(b)
	return twoProdSplit(a, b, bh, bl)
}

// twoProdSplit is twoProd with b already split (bh, bl = split(b)), for a loop that multiplies by one b.
func twoProdSplit(a, b, bh, bl float64) (p, e float64) {
	p = float64(a * b)
	ah, al := split(a)
	return p, ((float64(ah*bh) - p) + float64(ah*bl) + float64(al*bh)) + float64(al*bl)
}

// twoSum returns s = fl(a+b) and e with s+e == a+b exactly (Knuth), whatever the magnitudes.
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	return s, (a - (s - bb)) + (b - bb)
}

// fastTwoSum is twoSum for |a| ≥ |b| (or a == 0): s+e == a+b exactly, and s is a+b correctly rounded.
func fastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	return s, b - (s - a)
}

// mulDD returns the double-double product (ah+al)·(bh+bl), relative error below 2^-104.
func mulDD(ah, al, bh, bl float64) (float64, float64) {
	p, e := twoProd(ah, bh)
	return fastTwoSum(p, e+(float64(ah*bl)+float64(al*bh)))
}

// addDD returns (ah+al)+(bh+bl) with relative error below 2^-104 even when the two cancel.
func addDD(ah, al, bh, bl float64) (float64, float64) {
	s, e := twoSum(ah, bh)
	t, f := twoSum(al, bl)
	s, e = fastTwoSum(s, e+t)
	return fastTwoSum(s, e+f)
}

// addDDFast returns (ah+al)+(bh+bl) when the sum does not cancel (same signs, or one term much the larger),
// as in a Horner step whose new coefficient dominates.
func addDDFast(ah, al, bh, bl float64) (float64, float64) {
	s, e := twoSum(ah, bh)
	return fastTwoSum(s, e+(al+bl))
}
