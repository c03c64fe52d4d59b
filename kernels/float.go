package kernels

import (
	"math"
	"unsafe"
)

// Float is the element type of every kernel. It is exactly float32 or float64 (not types derived from them), so
// that each call can be sent to the assembly written for that type.
type Float interface {
	float32 | float64
}

// sqrt is the correctly rounded square root in F: for float32 the float64 root of a float32 rounds to the same
// value as a single float32 square root (the compiler emits SQRTSS).
func sqrt[F Float](x F) F { return F(math.Sqrt(float64(x))) }

// is32 reports whether F is float32.
func is32[F Float]() bool {
	var z F
	return unsafe.Sizeof(z) == 4
}
