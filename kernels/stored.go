package kernels

import (
	"fmt"
	"sync"
)

// Stored kernels keep parameters, gradients or optimizer state in a 16-bit type and compute in float32. An element is
// widened exactly when it is loaded and rounded once when it is stored, so a stored kernel's result is, element by
// element, what the float32 kernel computes on the widened values, rounded: the float32 kernel is the spec. The
// weights (and a weights copy) round as the call's Rounding says, to nearest or stochastically; optimizer state
// always rounds to nearest, as PyTorch's fused CPU optimizers store low-precision state.

// Stored is a type a stored kernel keeps an array in: float32 itself, BF16 or F16.
type Stored interface{ float32 | BF16 | F16 }

// Half is a 16-bit Stored type, the type of a weights copy.
type Half interface{ BF16 | F16 }

// Widened returns x as a float32, exactly. Never convert a Stored value with float32(x): for BF16 and F16 that is
// the numeric value of the bits, not of the number. It is equivalent to
//
//	switch v := any(x).(type) {
//	case BF16:
//		return v.Float32()
//	case F16:
//		return v.Float32()
//	}
//	return any(x).(float32)
func Widened[S Stored](x S) float32 {
	switch v := any(x).(type) {
	case BF16:
		return v.Float32()
	case F16:
		return v.Float32()
	}
	return any(x).(float32)
}

// Rounded returns x stored as S, rounded as rnd says, as element i of a call (so element rnd.Offset + i of the
// whole tensor); a float32 S keeps x as it is. It is equivalent to
//
//	var z S
//	switch any(z).(type) {
//	case BF16:
//		if rnd.Stochastic {
//			return S(rnd.Key.BF16(x, rnd.Offset+i))
//		}
//		return S(ToBF16(x))
//	case F16:
//		if rnd.Stochastic {
//			return S(rnd.Key.F16(x, rnd.Offset+i))
//		}
//		return S(ToF16(x))
//	}
//	return any(x).(S)
func Rounded[S Stored](x float32, rnd Rounding, i int) S {
	var z S
	switch any(z).(type) {
	case BF16:
		if rnd.Stochastic {
			return S(rnd.Key.BF16(x, rnd.Offset+i))
		}
		return S(ToBF16(x))
	case F16:
		if rnd.Stochastic {
			return S(rnd.Key.F16(x, rnd.Offset+i))
		}
		return S(ToF16(x))
	}
	return any(x).(S)
}

// storedChunk is how many elements a stored kernel widens at a time: its float32 buffers stay in L1.
const storedChunk = 512

// chunkBuf is one array's float32 buffer for a chunk.
type chunkBuf [storedChunk]float32

// chunkBufs are the buffers of a stored kernel's arrays. The kernels reach a path's function through a function
// value, so the compiler cannot keep buffers passed to it on the stack; the pool saves allocating them per call.
type chunkBufs [5]chunkBuf

var chunkPool = sync.Pool{New: func() any { return new(chunkBufs) }}

// runStored runs step, a path's float32 kernel, over the weights w, gradients g and up to three state arrays st (nil
// where the kernel has fewer) of a stored kernel, a chunk at a time: each array widened into a float32 buffer (or,
// stored as float32, used in place), stepped, and the weights and state rounded back.
func runStored[W, G, S Stored](w []W, g []G, st [3][]S, rnd Rounding, step func(w, g []float32, st [3][]float32)) {
	b := chunkPool.Get().(*chunkBufs)
	defer chunkPool.Put(b)
	for lo := 0; lo < len(w); lo += storedChunk {
		hi := min(lo+storedChunk, len(w))
		cw, cg := window(w, lo, hi, &b[0]), window(g, lo, hi, &b[1])
		var cs [3][]float32
		for j, s := range st {
			if s != nil {
				cs[j] = window(s, lo, hi, &b[2+j])
			}
		}
		step(cw, cg, cs)
		writeBack(w, lo, cw, rnd)
		for j, s := range st {
			if s != nil {
				writeBack(s, lo, cs[j], Rounding{})
			}
		}
	}
}

// runCopy runs step, a float32 kernel over elements [lo, hi) of w, a chunk at a time, and stores each updated chunk
// into wCopy while it is still in L1, so that w is read from memory once.
func runCopy[C Half](w []float32, wCopy []C, rnd Rounding, step func(lo, hi int)) {
	for lo := 0; lo < len(w); lo += storedChunk {
		hi := min(lo+storedChunk, len(w))
		step(lo, hi)
		writeBack(wCopy, lo, w[lo:hi], rnd)
	}
}

// window returns the float32 values of x[lo:hi]: that window of x itself when S is float32, so the kernel updates
// it in place, or buf holding the widened elements.
func window[S Stored](x []S, lo, hi int, buf *chunkBuf) []float32 {
	switch s := any(x).(type) {
	case []BF16:
		WidenBF16(buf[:hi-lo], s[lo:hi])
	case []F16:
		WidenF16(buf[:hi-lo], s[lo:hi])
	default:
		return any(x).([]float32)[lo:hi]
	}
	return buf[:hi-lo]
}

// writeBack stores the updated float32 values b of x[lo:lo+len(b)] back into x, rounded as rnd says; a float32 x
// was updated in place and needs nothing.
func writeBack[S Stored](x []S, lo int, b []float32, rnd Rounding) {
	rnd.Offset += lo
	switch s := any(x).(type) {
	case []BF16:
		RoundToBF16(s[lo:lo+len(b)], b, rnd)
	case []F16:
		RoundToF16(s[lo:lo+len(b)], b, rnd)
	}
}

// mustOffset panics unless rnd's offset is usable.
func mustOffset(kernel string, rnd Rounding) {
	if rnd.Offset < 0 {
		panic(fmt.Sprintf("kernels: %s: rnd.Offset=%d < 0", kernel, rnd.Offset))
	}
}
