package kernels

import (
	"fmt"
	"math"
)

// 8-bit blockwise state keeps an array as one byte per element, a code into a Q8Map, plus one float32 scale per
// block of Q8Block elements: element i stands for Values()[Codes[i]]·Scales[i/Q8Block]. Quantize defines the
// codes exactly, so every path and every chunking of a call store the same bytes.
//
// How this relates to the peers, which use the same two maps (TestQ8MapsAgainstTorch checks ours bit for bit):
//   - Dequantization is the same everywhere: the map value times the block's absmax, one float32 product.
//   - bitsandbytes' CPU blockwise quantize divides by the absmax in float32, as Quantize does, then binary-searches
//     the map and picks the nearer of the two neighbours by distances rounded to float32, the lower one when those
//     are equal. Its codes equal ours wherever those rounded distances order the neighbours as the exact distances
//     do; they can differ only for a normalized value within a float32 rounding of a midpoint between two map
//     values. It leaves all-zero blocks (0/0) and blocks holding a NaN (fmax skips NaN) undefined or different.
//   - bitsandbytes' CUDA blockwise quantize multiplies by the float32 reciprocal of the absmax instead of dividing,
//     so the normalized value can differ from ours by a rounding, and its search settles near-ties by its own
//     rule. Its 8-bit blockwise optimizers (blocks of 256 elements in current releases, 2048 in earlier ones)
//     normalize with CUDA's approximate division (__fdividef, not correctly rounded), and then move a first moment
//     whose code has the other sign bit than the moment one code outwards: a negative moment (−0 included) whose
//     nearest value is 0 gets the negative value nearest 0, where ours gets 0. Their update equations are
//     bitsandbytes' own (ε scaled by the bias correction, decoupled decay applied after the step, elements with a
//     non-finite gradient skipped), where ours are this package's float32 kernels'.
//   - torchao's 8-bit optimizers (blocks of 256 that the tensor must fill whole; the absmax clipped below at
//     1e-12, so an all-zero block gets the scale 1e-12 where ours gets 0, with the same codes) divide in float32,
//     then round a normalized r up when r − lower ≥ (upper − lower)·0.5 in float32: ties go up where ours go down,
//     and that rounded comparison can differ from the exact one within a rounding of a midpoint.
//
// So, on finite blocks with a non-zero absmax, the codes equal bitsandbytes' CPU codes and torchao's except for
// values that sit, after normalization, at or within a float32 rounding of a midpoint between two map values, and
// equal bitsandbytes' CUDA codes except near midpoints (their normalization rounds differently) and, in its
// optimizers, for negative first moments that round to 0. Zero and non-finite blocks follow our own rules (see
// Quantize).

// Q8Block is the number of elements that share a scale in 8-bit blockwise state, as in bitsandbytes' and torchao's
// 8-bit optimizers.
const Q8Block = 256

// Q8 is 8-bit blockwise state for Len() elements. Codes[0] starts a block: a Q8 for part of a larger tensor must
// begin at a block boundary of it, which Slice ensures. The last block may be partial.
type Q8 struct {
	Map    Q8Map     // what the codes stand for
	Codes  []uint8   // one per element
	Scales []float32 // one per block: Q8Blocks(len(Codes)) of them
}

// Q8Blocks returns the number of blocks, and so of scales, of n elements: ⌈n/Q8Block⌉. It panics if n < 0.
func Q8Blocks(n int) int {
	if n < 0 {
		panic(fmt.Sprintf("kernels: Q8Blocks: n=%d < 0", n))
	}
	return n/Q8Block + min(n%Q8Block, 1)
}

// NewQ8 returns state of n elements in map m, all zero: every scale 0 and every code m's code of 0, as Quantize
// stores zeros. It panics if m is not Q8Signed or Q8Unsigned, or if n < 0.
func NewQ8(m Q8Map, n int) Q8 {
	if !m.valid() {
		panic(fmt.Sprintf("kernels: NewQ8: %v is not a map", m))
	}
	if n < 0 {
		panic(fmt.Sprintf("kernels: NewQ8: n=%d < 0", n))
	}
	q := Q8{Map: m, Codes: make([]uint8, n), Scales: make([]float32, Q8Blocks(n))}
	if z := m.table().zero; z != 0 {
		for i := range q.Codes {
			q.Codes[i] = z
		}
	}
	return q
}

// Len returns the number of elements.
func (q Q8) Len() int { return len(q.Codes) }

// Slice returns elements [lo, hi) of q, sharing its memory. lo must be a multiple of Q8Block and hi one too or
// q.Len(), so that blocks stay whole; otherwise, or if the bounds are out of range, Slice panics.
func (q Q8) Slice(lo, hi int) Q8 {
	if lo < 0 || hi < lo || hi > q.Len() {
		panic(fmt.Sprintf("kernels: Q8.Slice: [%d:%d] of %d elements", lo, hi, q.Len()))
	}
	if lo%Q8Block != 0 || hi%Q8Block != 0 && hi != q.Len() {
		panic(fmt.Sprintf("kernels: Q8.Slice: [%d:%d] does not fall on blocks of %d (or end at Len()=%d)", lo, hi, Q8Block, q.Len()))
	}
	return Q8{Map: q.Map, Codes: q.Codes[lo:hi], Scales: q.Scales[lo/Q8Block : Q8Blocks(hi)]}
}

// q8NaN is the scale of a block holding a NaN or an infinity: one fixed quiet NaN, so the stored bits are defined.
var q8NaN = math.Float32frombits(0x7fc00000)

// Quantize stores the values x into q, which must have their length. It is equivalent to
//
//	values := q.Map.Values()
//	for lo := 0; lo < len(x); lo += Q8Block {
//		block := x[lo:min(lo+Q8Block, len(x))]
//		scale := float32(0)
//		for _, xi := range block {
//			scale = max(scale, float32(math.Abs(float64(xi))))
//		}
//		if scale != scale || scale > math.MaxFloat32 {
//			scale = math.Float32frombits(0x7fc00000)
//		}
//		q.Scales[lo/Q8Block] = scale
//		for i, xi := range block {
//			r := xi / scale
//			if scale == 0 {
//				r = 0
//			}
//			code := 0
//			for c := 1; c < 256; c++ {
//				if 2*float64(r) > float64(values[c-1])+float64(values[c]) {
//					code = c
//				}
//			}
//			q.Codes[lo+i] = uint8(code)
//		}
//	}
//
// Each block (the last one possibly partial) has its own scale, its largest |x|, and each element the code of the
// map value nearest x/scale (a float32 division), the lower code when x/scale lies exactly halfway between two
// values (float64 holds both sides of the comparison exactly). So:
//   - the block's largest |x| normalizes to ±1 (the division is exact there): a positive one gets code 255, whose
//     value is 1, and dequantizes to itself exactly;
//   - an all-zero block (±0 alike) has scale 0 and every code the map's 0, and dequantizes to +0; −0 elsewhere
//     becomes +0 too;
//   - a block holding a NaN or ±Inf has the NaN scale 0x7fc00000 and, as x/NaN is NaN and a NaN passes no
//     comparison, every code 0: the whole block dequantizes to NaN. Eight bits cannot hold a non-finite value, and
//     spoiling the block keeps the failure visible rather than clipping it away;
//   - subnormal values and scales need no rule of their own: float32 division is correctly rounded for them too.
//
// It panics if q is not valid state (see Dequantize) or its length is not len(x).
func Quantize(q Q8, x []float32) {
	mustQ8("Quantize", "q", q)
	mustLen("Quantize", "q.Codes", len(q.Codes), "x", len(x))
	opsOf[float32]().quantizeQ8(q.Map.table(), q.Codes, q.Scales, x)
}

// Dequantize stores the values q stands for into x, which must have its length. It is equivalent to
//
//	values := q.Map.Values()
//	for i := range x {
//		x[i] = values[q.Codes[i]] * q.Scales[i/Q8Block]
//	}
//
// It panics if q's map is not Q8Signed or Q8Unsigned, if it has not Q8Blocks(len(q.Codes)) scales, or if x has not
// q's length.
func Dequantize(x []float32, q Q8) {
	mustQ8("Dequantize", "q", q)
	mustLen("Dequantize", "x", len(x), "q.Codes", len(q.Codes))
	opsOf[float32]().dequantizeQ8(x, q.Map.table(), q.Codes, q.Scales)
}

// quantizeQ8 is Quantize of x into codes and their scales; codes[0] starts a block. It is the reference that the
// paths' assembly reproduces.
func quantizeQ8(t *q8Table, codes []uint8, scales []float32, x []float32) {
	for b := 0; b*Q8Block < len(x); b++ {
		lo, hi := b*Q8Block, min(b*Q8Block+Q8Block, len(x))
		blk, out := x[lo:hi], codes[lo:hi]
		scale := q8Scale(blk)
		scales[b] = scale
		if scale == 0 || scale != scale { // all zeros take the zero code; with a NaN scale every x/scale is NaN: code 0
			fill := t.zero
			if scale != scale {
				fill = 0
			}
			for i := range out {
				out[i] = fill
			}
			continue
		}
		for i, xi := range blk {
			out[i] = t.nearest(xi / scale)
		}
	}
}

// q8Scale returns a block's scale: its largest magnitude, or q8NaN if it holds a NaN or an infinity. Magnitudes
// order as their bits do, and a NaN's or an infinity's bits exceed every finite one's, so one integer maximum, free
// of branches, finds both.
func q8Scale(x []float32) float32 {
	var most uint32
	for _, xi := range x {
		most = max(most, math.Float32bits(xi)&^(1<<31))
	}
	if most >= 0x7f800000 {
		return q8NaN
	}
	return math.Float32frombits(most)
}

// nearest returns the code of r, which is not NaN and at most 1 in magnitude: its bucket's least code, or the next
// one at or above the bucket's threshold.
func (t *q8Table) nearest(r float32) uint8 {
	c := t.lo[q8Bucket(r)]
	var up uint8
	if r >= t.up[int(c)+1] {
		up = 1
	}
	return c + up
}

// dequantizeQ8 is Dequantize of codes and their scales into x; codes[0] starts a block. It is the reference that
// the paths' assembly reproduces.
func dequantizeQ8(x []float32, t *q8Table, codes []uint8, scales []float32) {
	for lo := 0; lo < len(x); lo += Q8Block {
		scale, out := scales[lo/Q8Block], x[lo:min(lo+Q8Block, len(x))]
		for i, c := range codes[lo : lo+len(out)] {
			out[i] = float32(t.values[c] * scale)
		}
	}
}

// mustQ8 panics, naming the kernel and the argument, unless q is valid state: a map, and a scale per block.
func mustQ8(kernel, name string, q Q8) {
	if !q.Map.valid() {
		panic(fmt.Sprintf("kernels: %s: %s.Map is %v", kernel, name, q.Map))
	}
	if want := Q8Blocks(len(q.Codes)); len(q.Scales) != want {
		panic(fmt.Sprintf("kernels: %s: len(%s.Scales)=%d, want ⌈len(%s.Codes)/%d⌉=%d", kernel, name, len(q.Scales), name, Q8Block, want))
	}
}
