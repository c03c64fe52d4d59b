package kernels

import "math"

// MaxAbs returns max |x[i]|, the infinity norm of x: +0 for an empty x, and NaN if any element is NaN (as
// torch.linalg.vector_norm(x, inf) does, so that a clipping or loss-scaling step sees the NaN). It is equivalent
// to
//
//	var m F // +0
//	for i := range x {
//		a := F(math.Abs(float64(x[i])))
//		if a > m || a != a { // once m is NaN it stays NaN: nothing compares greater
//			m = a
//		}
//	}
//	return m
//
// The maximum of numbers does not depend on the order they are visited in, so every path returns the same bits
// (the NaN's payload aside).
func MaxAbs[F Float](x []F) F {
	return opsOf[F]().maxAbs(x)
}

func maxAbsRef[F Float](x []F) F {
	var m F
	for _, xi := range x {
		a := F(math.Abs(float64(xi)))
		if a > m || a != a {
			m = a
		}
	}
	return m
}
