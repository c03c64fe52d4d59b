package kernels

import "fmt"

// ClipValue clamps x in place to [−c, c], as PyTorch's clip_grad_value_ does. It is equivalent to
//
//	if c == 0 {
//		c = 0 // a −0 bound is taken as +0
//	}
//	for i := range x {
//		if x[i] < -c {
//			x[i] = -c
//		} else if x[i] > c {
//			x[i] = c
//		}
//	}
//
// so NaN stays NaN (it compares false), ±Inf becomes ±c, and an element inside the bounds, ±0 included, keeps its
// bits. A zero bound is taken as +0 whatever its sign, so ClipValue(0, x) sets a negative x[i] to −0 and a positive
// one to +0; c = +Inf changes nothing. ClipValue panics if c is negative or NaN: a clipping bound must be a
// non-negative number, and a NaN bound would silently disable clipping.
func ClipValue[F Float](c F, x []F) {
	if !(c >= 0) {
		panic(fmt.Sprintf("kernels: ClipValue: c=%v, want c ≥ 0", c))
	}
	opsOf[F]().clipValue(c, x)
}

// clipValueRef is the reference ClipValue loop, for c ≥ 0 (the exported function has checked it).
func clipValueRef[F Float](c F, x []F) {
	if c == 0 {
		c = 0 // a −0 bound would turn positive elements into −0 and negative ones into +0
	}
	lo := -c
	for i, xi := range x {
		if xi < lo {
			x[i] = lo
		} else if xi > c {
			x[i] = c
		}
	}
}
