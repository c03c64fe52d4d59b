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
// and F16, and the weights rounded stochastically (sr) rather than to nearest,
// and 8-bit blockwise state (kernels.Q8) beside float32 weights and gradients.
var StoredTypes = []string{"bf16", "f16", "bf16state", "f16state", "bf16copy", "f16copy", "bf16sr", "f16sr", "bf16copysr", "f16copysr", "q8state"}

// Types are the element types of the suite, as cases name them: float32, float64 and the stored types.
var Types = append([]string{"f32", "f64"}, StoredTypes...)

// IsStored reports whether typ names a stored type.
func IsStored(typ string) bool { return slices.Contains(StoredTypes, typ) }

// storage is how a stored type keeps an optimizer's arrays: bytes per element of the weights, the gradients and
// each state array, whether it writes a 16-bit copy of the weights, and how the weights (and the copy) round; or
// 8-bit blockwise state, a byte per element and a float32 scale per block.
type storage struct {
	bf16                  bool // the 16-bit type is BF16, else F16
	weights, grads, state int
	copy, stochastic      bool
	q8                    bool
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
	"q8state":    {weights: 4, grads: 4, state: 1, q8: true},
}

// copyBytes is the size of an element of a weights copy.
const copyBytes = 2

// reads and writes return the bytes a call of n elements reads and writes over states state arrays: the weights,
// gradients and state read (8-bit state with its scales); the weights and state written back, and the copy written
// without being read.
func (s storage) reads(n, states int) int { return n*(s.weights+s.grads) + states*s.stateBytes(n) }

func (s storage) writes(n, states int) int {
	w := n*s.weights + states*s.stateBytes(n)
	if s.copy {
		w += n * copyBytes
	}
	return w
}

// footprint is the bytes of every array a call of n elements touches.
func (s storage) footprint(n, states int) int {
	f := n*(s.weights+s.grads) + states*s.stateBytes(n)
	if s.copy {
		f += n * copyBytes
	}
	return f
}

// stateBytes is the size of one state array of n elements: with 8-bit state, its codes and its scales.
func (s storage) stateBytes(n int) int {
	if s.q8 {
		return n + scaleBytes(n)
	}
	return n * s.state
}

// scaleBytes is the size of the scales of 8-bit state of n elements.
func scaleBytes(n int) int { return 4 * kernels.Q8Blocks(n) }

// rounding returns the rounding of a call at step t: stochastic ones take a key of the step.
func (s storage) rounding(t int) kernels.Rounding {
	if !s.stochastic {
		return kernels.Rounding{}
	}
	return kernels.Rounding{Stochastic: true, Key: kernels.NewRoundingKey(1, uint64(t))}
}

// storedArrays are a stored case's arrays as raw memory, each viewed as its storage's element type: the weights,
// the gradients, the state arrays and the copy (nil when the type keeps none); with 8-bit state, each state
// array's codes in st and its scales in sc, and the two as kernels.Q8 in q.
type storedArrays struct {
	w, g []byte
	st   [3][]byte // unused entries nil
	sc   [3][]byte
	q    [3]kernels.Q8
	cp   []byte
}

// allocStored returns the arrays of n elements of the kernel's stored case, in the layout: each made apart (back to
// back), or carved from one buffer skewBytes apart. They hold the suite's values, the state's first passed through
// the kernel's prep, each rounded to nearest into its type.
func allocStored(s storage, n int, sk *storedKernel, layout string) *storedArrays {
	a, count := newStoredArrays(s, n, sk, layout), 2+sk.states
	src := values[float32](n * count)
	f32 := make([][]float32, count)
	for i := range f32 {
		f32[i] = src[i*n : (i+1)*n]
		if i >= 2 {
			f32[i] = slices.Clone(f32[i]) // for prep: the weights and gradients are read as they are, sparing copies
			// that take a DRAM set longer than its measurements
		}
	}
	sk.prep(f32[2:])
	a.set(s, f32)
	return a
}

// newStoredArrays returns zeroed arrays of n elements for the storage and the kernel's state arrays, in the layout.
func newStoredArrays(s storage, n int, sk *storedKernel, layout string) *storedArrays {
	lens := []int{n * s.weights, n * s.grads}
	for range sk.states {
		lens = append(lens, n*s.state)
	}
	if s.copy {
		lens = append(lens, n*copyBytes)
	}
	if s.q8 {
		for range sk.states {
			lens = append(lens, scaleBytes(n))
		}
	}
	bufs := carve(lens, layout)
	a := &storedArrays{w: bufs[0], g: bufs[1]}
	copy(a.st[:], bufs[2:2+sk.states])
	if s.copy {
		a.cp = bufs[2+sk.states]
	}
	if s.q8 {
		copy(a.sc[:], bufs[2+sk.states:])
		for i := range sk.states {
			a.q[i] = kernels.Q8{Map: sk.maps[i], Codes: a.st[i], Scales: view[float32](a.sc[i])}
		}
	}
	return a
}

// set stores the values of the weights, the gradients and each state array, rounding each to nearest into its
// type (quantizing 8-bit state), and the weights rounded into the copy: a copy left as allocated would take its
// page faults in the first call measured, for a DRAM set the only call of a round.
func (a *storedArrays) set(s storage, f32 [][]float32) {
	fill(a.w, f32[0], s)
	if s.copy {
		fill(a.cp, f32[0], s)
	}
	fill(a.g, f32[1], s)
	for i, st := range f32[2:] {
		if s.q8 {
			kernels.Quantize(a.q[i], st)
			continue
		}
		fill(a.st[i], st, s)
	}
}

// carve returns arrays of the given sizes in bytes, in the layout.
func carve(lens []int, layout string) [][]byte {
	bufs := make([][]byte, len(lens))
	if layout != "skewed" {
		for i, l := range lens {
			bufs[i] = make([]byte, l)
		}
		return bufs
	}
	at := make([]int, len(lens))
	total := 0
	for i, l := range lens {
		at[i] = total
		total += (l+63)/64*64 + skewBytes // a whole number of cache lines keeps every array aligned for its type
	}
	buf := make([]byte, total)
	for i, l := range lens {
		bufs[i] = buf[at[i] : at[i]+l : at[i]+l]
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
