//go:build !purego

package kernels

// allFiniteKernel returns a path's allFinite entry from its MaxAbs assembly: every element is finite exactly when
// the largest |x| is, since a NaN or ±Inf element makes it NaN or +Inf. The scan does not stop at the first
// non-finite element, as the reference's does; finite slices, the common case, are read to the end either way.
func allFiniteKernel[F Float](maxAbs func(x []F) F) func([]F) bool {
	return func(x []F) bool {
		m := maxAbs(x)
		return m-m == 0
	}
}
