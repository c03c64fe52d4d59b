package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestStochasticPaths checks RoundToBF16 and RoundToF16 with a stochastic Rounding on every path against
// RoundingKey.BF16 and RoundingKey.F16, element by element, bit for bit: over every length and offset in the slice, with tensor offsets that make the index wrap
// at 2³² inside the slice, the special values among the inputs, between sentinels and against a PROT_NONE page on
// either side.
func TestStochasticPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(18, 16))
		var lengths []int
		for n := range 301 {
			lengths = append(lengths, n)
		}
		lengths = append(lengths, 1023, 1024, 1025, 4103, 65537)
		maxN := lengths[len(lengths)-1]
		a32, a16 := newArena[float32](t, 1, maxN), newArena[uint16](t, 1, maxN)
		for _, n := range lengths {
			for off := range maxOffset {
				k := RoundingKey{r.Uint32(), r.Uint32()}
				src := stochasticInputs(r, n)
				for _, first := range []int{0, 1 + r.IntN(1<<20), 1<<32 - 1 - r.IntN(max(n, 1)), 1<<40 + r.IntN(1<<32)} {
					checkStochastic(t, n, off, k, first, src, nil, nil)
					if off < sides {
						checkStochastic(t, n, off, k, first, src, a32.side(off, 0, n), a16.side(off, 0, n))
					}
				}
			}
		}
	})
}

// stochasticInputs returns n float32 values: the conversions' inputs, with one in four replaced by a special value
// (NaNs, infinities, zeros, subnormals, the largest finite magnitudes, values bfloat16 holds exactly, and binary16's
// boundaries: its largest finite value and 65536, its smallest normal and subnormal, and their neighbours).
func stochasticInputs(r *rand.Rand, n int) []float32 {
	special := []uint32{0x7fc00000, 0xffc00001, 0x7f800001, 0x7fbfffff, 0xffff0000, 0x7f800000, 0xff800000, 0, 0x80000000,
		0x00000001, 0x807fffff, 0x0000ffff, 0x00010000, 0x7f7fffff, 0xff7fffff, 0x7f7f0000, 0x3f800000, 0xbf80ffff,
		0x477fe000, 0x477fe001, 0x477fffff, 0xc7800000, 0x47800001, 0x38800000, 0xb87fffff, 0x33800000, 0x337fffff,
		0x33000000, 0x2b800000, 0x2b7fffff, 0x387fe001, 0xb3c00001}
	src := conversionInputs(r, n)
	for i := range src {
		if r.IntN(4) == 0 {
			src[i] = math.Float32frombits(special[r.IntN(len(special))])
		}
	}
	return src
}

// checkStochastic rounds src stochastically, as elements first, first+1, … of a tensor under k, at offset off in
// a padded buffer, or, given g32 and g16, in those guarded slices, to either type, and compares the results with
// the reference loops.
func checkStochastic(t *testing.T, n, off int, k RoundingKey, first int, src []float32, g32 []float32, g16 []uint16) {
	t.Helper()
	rnd := Rounding{Stochastic: true, Key: k, Offset: first}
	for _, to := range []struct {
		name  string
		round func(dst []uint16, src []float32)
		ref   func(x float32, i int) uint16
	}{
		{"RoundToBF16", func(d []uint16, s []float32) { RoundToBF16(asBF16(d), s, rnd) },
			func(x float32, i int) uint16 { return uint16(k.BF16(x, i)) }},
		{"RoundToF16", func(d []uint16, s []float32) { RoundToF16(asF16(d), s, rnd) },
			func(x float32, i int) uint16 { return uint16(k.F16(x, i)) }},
	} {
		b := newConvBufs(n, off, src, g32, g16)
		to.round(b.d16, b.s32)
		for i, got := range b.d16 {
			if want := to.ref(src[i], first+i); got != want {
				t.Fatalf("n=%d off=%d key=%#x offset=%d: element %d: %s(%#08x) = %#04x, reference %#04x",
					n, off, k, first, i, to.name, math.Float32bits(src[i]), got, want)
			}
		}
		b.checkOutside(t)
	}
}
