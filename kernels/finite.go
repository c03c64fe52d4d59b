package kernels

import "math"

// AllFinite reports whether every element of x is finite, neither NaN nor ±Inf; it is true for an empty x. Loss
// scaling skips a step and gradient clipping refuses to scale when a gradient overflowed, and this is the check
// they make. It is equivalent to
//
//	for i := range x {
//		if math.IsNaN(float64(x[i])) || math.IsInf(float64(x[i]), 0) {
//			return false
//		}
//	}
//	return true
func AllFinite[F Float](x []F) bool {
	return opsOf[F]().allFinite(x)
}

func allFiniteRef[F Float](x []F) bool {
	for _, xi := range x {
		if math.IsNaN(float64(xi)) || math.IsInf(float64(xi), 0) {
			return false
		}
	}
	return true
}
