package bench

import (
	"slices"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// The stored types keep an optimizer's arrays in 16 bits, or add a 16-bit copy of its float32 weights, and compute
// in float32 (kernels.AdamStored, kernels.AdamCopy and the others): each is measured beside the float32 kernel at the
// same number of elements, so that time per element compares directly.

// StoredTypes are the stored types of the suite, as cases name them (dtype=…): every array 16-bit, the state alone
// 16-bit beside float32 weights and gradients, float32 throughout with a 16-bit copy of the weights, each in BF16
// and F16, and the weights rounded stochastically (sr) rather than to nearest.
var StoredTypes = []string{"bf16", "f16", "bf16state", "f16state", "bf16copy", "f16copy", "bf16sr", "f16sr", "bf16copysr", "f16copysr"}

// Types are the element types of the suite, as cases name them: float32, float64 and the stored types.
var Types = append([]string{"f32", "f64"}, StoredTypes...)

// IsStored reports whether typ names a stored type.
func IsStored(typ string) bool { return slices.Contains(StoredTypes, typ) }

// storage is how a stored type keeps an optimizer's arrays: bytes per element of the weights, the gradients and
// each state array, whether it writes a 16-bit copy of the weights, and how the weights (and the copy) round.
type storage struct {
	bf16                  bool // the 16-bit type is BF16, else F16
	weights, grads, state int
	copy, stochastic      bool
}

var storages = map[string]storage{
	"bf16":       {bf16: true, weights: 2, grads: 2, state: 2},
	"f16":        {weights: 2, grads: 2, state: 2},
	"bf16state":  {bf16: true, weights: 4, grads: 4, state: 2},
	"f16state":   {weights: 4, grads: 4, state: 2},
	"bf16copy":   {bf16: true, weights: 4, grads: 4, state: 4, copy: true},
	"f16copy":    {weights: 4, grads: 4, state: 4, copy: true},
	"bf16sr":     {bf16: true, weights: 2, grads: 2, state: 2, stochastic: true},
	"f16sr":      {weights: 2, grads: 2, state: 2, stochastic: true},
	"bf16copysr": {bf16: true, weights: 4, grads: 4, state: 4, copy: true, stochastic: true},
	"f16copysr":  {weights: 4, grads: 4, state: 4, copy: true, stochastic: true},
}

// copyBytes is the size of an element of a weights copy.
const copyBytes = 2

// reads and writes return the bytes per element a call reads and writes over states state arrays: the weights,
// gradients and state read; the weights and state written back, and the copy written without being read.
func (s storage) reads(states int) int { return s.weights + s.grads + states*s.state }

func (s storage) writes(states int) int {
	w := s.weights + states*s.state
	if s.copy {
		w += copyBytes
	}
	return w
}

// footprint is the bytes per element of every array a call touches.
func (s storage) footprint(states int) int {
	f := s.weights + s.grads + states*s.state
	if s.copy {
		f += copyBytes
	}
	return f
}

// rounding returns the rounding of a call at step t: stochastic ones take a key of the step.
func (s storage) rounding(t int) kernels.Rounding {
	if !s.stochastic {
		return kernels.Rounding{}
	}
	return kernels.Rounding{Stochastic: true, Key: kernels.NewRoundingKey(1, uint64(t))}
}

// storedArrays are a stored case's arrays as raw memory, each viewed as its storage's element type: the weights,
// the gradients, the state arrays and the copy (nil when the type keeps none).
type storedArrays struct {
	w, g []byte
	st   [3][]byte // unused entries nil
	cp   []byte
}

// allocStored returns the arrays of n elements of a stored case with the given state arrays, in the layout: each
// made apart (back to back), or carved from one buffer skewBytes apart. They hold the suite's values, the state's
// first passed through prep, each rounded to nearest into its type.
func allocStored(s storage, n, states int, layout string, prep func(st [][]float32)) *storedArrays {
	a, count := newStoredArrays(s, n, states, layout), 2+states
	src := values[float32](n * count)
	f32 := make([][]float32, count)
	for i := range f32 {
		f32[i] = src[i*n : (i+1)*n]
		if i >= 2 {
			f32[i] = slices.Clone(f32[i]) // for prep: the weights and gradients are read as they are, sparing copies
			// that take a DRAM set longer than its measurements
		}
	}
	prep(f32[2:])
	a.set(s, f32)
	return a
}

// newStoredArrays returns zeroed arrays of n elements for the storage and the state arrays, in the layout.
func newStoredArrays(s storage, n, states int, layout string) *storedArrays {
	sizes := []int{s.weights, s.grads}
	for range states {
		sizes = append(sizes, s.state)
	}
	if s.copy {
		sizes = append(sizes, copyBytes)
	}
	bufs := carve(sizes, n, layout)
	a := &storedArrays{w: bufs[0], g: bufs[1]}
	copy(a.st[:], bufs[2:2+states])
	if s.copy {
		a.cp = bufs[len(bufs)-1]
	}
	return a
}

// set stores the values of the weights, the gradients and each state array, rounding each to nearest into its
// type, and the weights rounded into the copy: a copy left as allocated would take its page faults in the first
// call measured, for a DRAM set the only call of a round.
func (a *storedArrays) set(s storage, f32 [][]float32) {
	fill(a.w, f32[0], s)
	if s.copy {
		fill(a.cp, f32[0], s)
	}
	fill(a.g, f32[1], s)
	for i, st := range f32[2:] {
		fill(a.st[i], st, s)
	}
}

// carve returns arrays of n elements of the given sizes in bytes, in the layout.
func carve(sizes []int, n int, layout string) [][]byte {
	bufs := make([][]byte, len(sizes))
	if layout != "skewed" {
		for i, e := range sizes {
			bufs[i] = make([]byte, n*e)
		}
		return bufs
	}
	at := make([]int, len(sizes))
	total := 0
	for i, e := range sizes {
		at[i] = total
		total += (n*e+63)/64*64 + skewBytes // a whole number of cache lines keeps every array aligned for its type
	}
	buf := make([]byte, total)
	for i, e := range sizes {
		bufs[i] = buf[at[i] : at[i]+n*e : at[i]+n*e]
	}
	return bufs
}

// fill stores src into b, an array of float32 or of the storage's 16-bit type by its length, rounding to nearest.
func fill(b []byte, src []float32, s storage) {
	switch {
	case len(b) == 4*len(src):
		copy(view[float32](b), src)
	case s.bf16:
		kernels.RoundToBF16(view[kernels.BF16](b), src, kernels.Rounding{})
	default:
		kernels.RoundToF16(view[kernels.F16](b), src, kernels.Rounding{})
	}
}

// view returns b as a slice of T.
func view[T any](b []byte) []T {
	if len(b) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/int(unsafe.Sizeof(z)))
}
