package againstc

// #cgo LDFLAGS: -lpthread -lm
// #include "parallel_adam.h"
import "C"

import (
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// adamC is a step's scalars as the C Adam reads them: kernels.AdamStep rounded to float32 once, as the kernel
// rounds them. AMSGrad and Maximize are not part of the yardstick.
type adamC C.pa_args

// newAdamC rounds s as kernels.Adam does. It panics if s asks for AMSGrad or Maximize.
func newAdamC(s kernels.AdamStep) adamC {
	if s.AMSGrad || s.Maximize {
		panic("againstc: the C Adam has neither AMSGrad nor Maximize")
	}
	// PyTorch's lerp(m, g, 1 − β1): from m when the weight is below one half, else from g.
	wt := 1 - s.Beta1
	a := adamC{k: C.float(float32(wt)), wd: C.float(float32(s.WeightDecay)), decay: C.float(float32(1 - s.DecoupledDecay)),
		b2: C.float(float32(s.Beta2)), omb2: C.float(float32(1 - s.Beta2)), bc2sqrt: C.float(float32(s.BC2Sqrt)),
		eps: C.float(float32(s.Eps)), nss: C.float(float32(-s.StepSize))}
	if wt >= 0.5 || wt <= -0.5 {
		a.k, a.from_end = C.float(float32(-(1 - wt))), 1
	}
	if s.WeightDecay != 0 {
		a.coupled = 1
	}
	return a
}

// adamThreads runs one C Adam step over w, g, m and v (of equal lengths) on threads threads: over contiguous
// ranges when piece is 0, else over pieces of piece elements taken in turn. One thread runs on the caller alone.
func adamThreads(a *adamC, w, g, m, v []float32, threads, piece int) {
	if len(w) == 0 {
		return
	}
	if len(g) != len(w) || len(m) != len(w) || len(v) != len(w) {
		panic("againstc: adamThreads: lengths differ")
	}
	C.pa_adam_threads((*C.pa_args)(unsafe.Pointer(a)), (*C.float)(&w[0]), (*C.float)(&g[0]), (*C.float)(&m[0]),
		(*C.float)(&v[0]), C.size_t(len(w)), C.int(threads), C.size_t(piece))
}
