package kernels

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
	p := 1
	for p < len(x) && p < lanes[F]() {
		p *= 2
	}
	if len(x) <= 32 { // at most one element per accumulator: each is +0 plus its product
		a := acc[:len(x)]
		for j, xj := range x {
			a[j] = 0 + F(xj*y[j])
		}
		clear(acc[len(x):p])
		return pairwise(acc[:p])
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
