package againstc

// keeps gcc from fusing an intrinsic's multiply and add into an FMA, which would change the bits.
// The instruction sets are x86-64-v4 (AVX-512 F, VL, DQ, BW) rather than -march=native, so that the package builds on any amd64 machine; the
// tests and benchmarks skip where the CPU lacks AVX-512.

// #cgo CFLAGS: -O3 -march=x86-64-v4 -mtune=native
// #include "againstc_amd64.h"
import "C"

import (
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// SGDMomentum is kernels.SGD with momentum over float32, in C. buf and g must be as long as w.
func SGDMomentum(s *kernels.SGDStep, w, g, buf []float32) {
	if len(g) != len(w) || len(buf) != len(w) || s.Momentum == 0 {
		panic("againstc: SGDMomentum: g or buf not as long as w, or no momentum")
	}
	p := C.sgd_params{nlr: C.float(-s.LR), mom: C.float(s.Momentum), omd: C.float(1 - s.Dampening),
		wd: C.float(s.WeightDecay), maximize: flag(s.Maximize), coupled: flag(s.WeightDecay != 0),
		first: flag(s.FirstStep), nesterov: flag(s.Nesterov)}
	C.sgd_momentum_f32(ptr(w), ptr(g), ptr(buf), C.int64_t(len(w)), p)
}

// LeastSquares is kernels.LeastSquares over float32, in C, for an X of len(y) rows of len(w) columns.
func LeastSquares(g, r, X, y, w []float32, s float32) float32 {
	if len(X) != len(y)*len(w) || len(g) != len(w) || r != nil && len(r) != len(y) {
		panic("againstc: LeastSquares: lengths do not match")
	}
	return float32(C.least_squares_f32(ptr(g), ptr(r), ptr(X), ptr(y), ptr(w), C.int64_t(len(y)), C.int64_t(len(w)), C.float(s)))
}

// ptr returns the address of s's elements, nil for an empty slice.
func ptr(s []float32) *C.float { return (*C.float)(unsafe.Pointer(unsafe.SliceData(s))) }

func flag(b bool) C.int32_t {
	if b {
		return 1
	}
	return 0
}
