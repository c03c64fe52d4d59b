package kernels

import "unsafe"

// Axpy adds alpha·x to y in place. It is equivalent to the loop below, in which the product is rounded to F before
// the sum (no fused multiply-add):
//
//	for i := range y {
//		y[i] += F(alpha * x[i])
//	}
//
// It panics if len(x) != len(y), or if x overlaps y other than by being y itself (then y[i] += F(alpha·y[i])).
func Axpy[F Float](alpha F, x, y []F) {
	mustLen("Axpy", "x", len(x), "y", len(y))
	if len(x) == 0 || unsafe.SliceData(x) != unsafe.SliceData(y) {
		mustDisjoint("Axpy", "y,x", 1, y, x)
	}
	opsOf[F]().axpy(alpha, x, y)
}

func axpyRef[F Float](alpha F, x, y []F) {
	y = y[:len(x)] // lets the compiler drop the bounds check on y[i]
	for i, xi := range x {
		y[i] += F(alpha * xi)
	}
}
