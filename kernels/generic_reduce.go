package kernels

// dotShort is dotAcc for len(x) ≤ 32 (at most one element per accumulator), p as dotAcc computes it.
func dotShort[F Float](acc *[64]F, x, y []F, p int) F {
	y = y[:len(x)]
	a := acc[:len(x)]
	for j, xj := range x {
		a[j] = F(xj * y[j])
	}
	return combineShort(a, p)
}

// combineShort returns pairwise(acc[:p]) for the accumulators of a dot product of n ≤ p elements, each holding its
// one product, +0 plus a[j]: the others, +0, change nothing (see dotAcc) and are skipped. The +0 is added once, to
// the total, instead of to each product: +0 + a[j] differs from a[j] only where a[j] is −0, and a sum whose addends
// differ only in the signs of zeros differs only in the sign of a zero, so the tree over the products differs from
// the canonical one at most in the sign of a zero total, which adding +0 makes +0, as the canonical total is.
func combineShort[F Float](a []F, p int) F {
	if len(a) == 0 {
		return 0
	}
	for n, h := len(a), p/2; h >= 1; n, h = min(n, h), h/2 {
		for j := 0; j < n-h; j++ {
			a[j] += a[j+h]
		}
	}
	return 0 + a[0]
}

// treeWidth returns p, the smallest power of two ≥ min(n, L): the accumulators a dot product of n elements
// combines (see dotAcc).
func treeWidth[F Float](n int) int {
	p := 1
	for p < n && p < lanes[F]() {
		p *= 2
	}
	return p
}

// dotGeneric is dotRef; see dotAcc.
func dotGeneric[F Float](x, y []F) F {
	var acc [64]F
	return dotAcc(&acc, x, y)
}

// sumSqGeneric is sumSqRef: dotRef(x, x) adds the same products in the same order.
func sumSqGeneric[F Float](x []F) F {
	var acc [64]F
	return dotAcc(&acc, x, x)
}

// dotAcc returns dotRef(x, y), using acc as its accumulators, whatever they held. It reads blocks of 32 elements
// through array pointers, free of bounds checks: block k goes to accumulators 32k mod L onwards, where dotRef's
// index mask sends each of its elements. The accumulators no element reached are +0 and the others are never −0
// (reduce.go), so adding them changes nothing: the canonical tree gives the same bits over the first p
// accumulators only, p the smallest power of two ≥ min(len(x), L), which is what makes a short dot product (a
// least-squares row of a few elements) cheap.
func dotAcc[F Float](acc *[64]F, x, y []F) F {
	y = y[:len(x)]
	p := treeWidth[F](len(x))
	if len(x) <= 32 {
		return dotShort(acc, x, y, p)
	}
	clear(acc[:p])
	mask := lanes[F]() - 1
	lane := 0
	for len(x) >= 32 {
		a, xb, yb := (*[32]F)(acc[lane:]), (*[32]F)(x), (*[32]F)(y)
		for j := 0; j < 32; j += 4 {
			a[j] += F(xb[j] * yb[j])
			a[j+1] += F(xb[j+1] * yb[j+1])
			a[j+2] += F(xb[j+2] * yb[j+2])
			a[j+3] += F(xb[j+3] * yb[j+3])
		}
		x, y = x[32:], y[32:]
		lane = (lane + 32) & mask
	}
	a := acc[lane : lane+len(x)]
	for j, xj := range x {
		a[j] += F(xj * y[j])
	}
	return pairwise(acc[:p])
}

// allFiniteGeneric is allFiniteRef without a branch per element: x − x is +0 for a finite x and NaN for ±Inf and
// NaN, so a block's sum of them is NaN exactly when the block holds a non-finite element. It looks at the sums
// after each block of finiteBlock elements.
func allFiniteGeneric[F Float](x []F) bool {
	const finiteBlock = 256
	for len(x) > 0 {
		b := x[:min(len(x), finiteBlock)]
		x = x[len(b):]
		var s0, s1, s2, s3 F
		for ; len(b) >= 4; b = b[4:] {
			s0 += b[0] - b[0]
			s1 += b[1] - b[1]
			s2 += b[2] - b[2]
			s3 += b[3] - b[3]
		}
		for _, xi := range b {
			s0 += xi - xi
		}
		if s0+s1+s2+s3 != 0 {
			return false
		}
	}
	return true
}
