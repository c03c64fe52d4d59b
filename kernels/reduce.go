package kernels

// Canonical reduction order. Dot and SumSq add element i into accumulator i mod L, where L is 64 for float32 and
// 32 for float64 (8 AVX2 registers, 4 AVX-512 registers or 16 NEON registers of either type), each accumulator
// starting at +0 and adding its elements in index order. The L accumulators are then combined by a fixed pairwise
// tree, acc[j] += acc[j+h] for h = L/2, L/4, …, 1, and acc[0] is the result. Every path sums in exactly this
// order, so a reduction gives the same bits on every CPU.
//
// An accumulator that starts at +0 is never −0 (in round-to-nearest a sum is −0 only when both addends are), so a
// path may add +0 into an accumulator lane it has no element for without changing its bits.

// lanes returns L, the number of accumulators of the canonical reduction order.
func lanes[F Float]() int {
	if is32[F]() {
		return 64
	}
	return 32
}

// pairwise combines the accumulators by the canonical tree and returns the total.
func pairwise[F Float](acc []F) F {
	for h := len(acc) / 2; h >= 1; h /= 2 {
		for j := range h {
			acc[j] += acc[j+h]
		}
	}
	return acc[0]
}

// Dot returns Σ x[i]·y[i] in the canonical reduction order. It is equivalent to
//
//	L := 64 // accumulators: 64 for float32, 32 for float64
//	if _, f64 := any(F(0)).(float64); f64 {
//		L = 32
//	}
//	acc := make([]F, L)
//	for i := range x {
//		acc[i%L] += F(x[i] * y[i])
//	}
//	for h := L / 2; h >= 1; h /= 2 {
//		for j := range h {
//			acc[j] += acc[j+h]
//		}
//	}
//	return acc[0]
//
// It panics if len(y) != len(x).
func Dot[F Float](x, y []F) F {
	mustLen("Dot", "y", len(y), "x", len(x))
	return opsOf[F]().dot(x, y)
}

func dotRef[F Float](x, y []F) F {
	var buf [64]F
	acc := buf[:lanes[F]()]
	mask := len(acc) - 1
	for i, xi := range x {
		acc[i&mask] += F(xi * y[i])
	}
	return pairwise(acc)
}

// SumSq returns Σ x[i]² in the canonical reduction order. It is equivalent to
//
//	return Dot(x, x)
func SumSq[F Float](x []F) F {
	return opsOf[F]().sumSq(x)
}

func sumSqRef[F Float](x []F) F {
	var buf [64]F
	acc := buf[:lanes[F]()]
	mask := len(acc) - 1
	for i, xi := range x {
		acc[i&mask] += F(xi * xi)
	}
	return pairwise(acc)
}
