package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestConversionPaths checks WidenBF16, WidenF16 and the round-to-nearest RoundToBF16 and RoundToF16 on every path
// against their references, bit for bit (NaN payloads included: a conversion's NaN is defined), over every length
// and offset, with the special values and every rounding tie, between sentinels and against a PROT_NONE page on
// either side.
func TestConversionPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(18, 18))
		lengths := testLengths()
		maxN := lengths[len(lengths)-1]
		a32, a16 := newArena[float32](t, 1, maxN), newArena[uint16](t, 1, maxN)
		for _, n := range lengths {
			for off := range maxOffset {
				src := conversionInputs(r, n)
				if off%2 == 1 {
					src = rarelySpecial(r, src)
				}
				halves := make([]uint16, n)
				for i := range halves {
					halves[i] = uint16(r.Uint32())
				}
				if n > 0 {
					halves[r.IntN(n)] = 0x7c01 // a signaling NaN in either format's exponent range
				}
				checkConversions(t, n, off, src, halves, nil, nil)
				if off < sides {
					checkConversions(t, n, off, src, halves, a32.side(off, 0, n), a16.side(off, 0, n))
				}
			}
		}
	})
}

// conversionInputs returns n float32 values: the special ones, each format's ties and their neighbours, and random
// bit patterns.
func conversionInputs(r *rand.Rand, n int) []float32 {
	ties := []uint32{0x3f808000, 0x3f818000, 0x3f808001, 0x3f807fff, 0x33000000, 0x33000001, 0x387fe000,
		0x387ff000, 0x477ff000, 0x477fefff, 0x7f7fffff, 0x7f7f8000, 0x00008000, 0x80018000, 0x7fc00001, 0xff812345}
	src := make([]float32, n)
	fillValues(r, src, true)
	for i := range src {
		switch i % 3 {
		case 0:
			src[i] = math.Float32frombits(ties[r.IntN(len(ties))])
		case 1:
			src[i] = math.Float32frombits(r.Uint32())
		}
	}
	return src
}

// rarelySpecial returns src with its NaNs and subnormals made normal but for one, at a random index: most vectors
// then hold none, as an optimizer's arrays, and the one that does holds it among normal lanes, wherever it falls
// in the vector and the loop's unrolled block. A rounding may take a faster way through vectors without.
func rarelySpecial(r *rand.Rand, src []float32) []float32 {
	for i, x := range src {
		if b := math.Float32bits(x); x != x || b&0x7f800000 == 0 && b&0x7fffff != 0 {
			src[i] = math.Float32frombits(b&^0x40000000 | 0x00800000)
		}
	}
	if len(src) > 0 {
		src[r.IntN(len(src))] = []float32{float32(math.NaN()), math.Float32frombits(0x80018000),
			math.Float32frombits(0xff812345), math.Float32frombits(0x00008000)}[r.IntN(4)]
	}
	return src
}

// checkConversions runs the four conversions of src (float32) and halves (16-bit bits) at offset off in padded
// buffers, or, given g32 and g16, in those guarded slices, and compares them with the references.
func checkConversions(t *testing.T, n, off int, src []float32, halves []uint16, g32 []float32, g16 []uint16) {
	t.Helper()
	b := newConvBufs(n, off, src, g32, g16)
	d16, s32 := b.d16, b.s32
	wantB, wantH := make([]BF16, n), make([]F16, n)
	roundBF16Ref(wantB, src)
	roundF16Ref(wantH, src)
	RoundToBF16(asBF16(d16), s32, Rounding{})
	for i := range d16 {
		if BF16(d16[i]) != wantB[i] {
			t.Fatalf("n=%d off=%d: RoundToBF16(%#08x) = %#04x, reference %#04x", n, off, math.Float32bits(src[i]), d16[i], wantB[i])
		}
	}
	RoundToF16(asF16(d16), s32, Rounding{})
	for i := range d16 {
		if F16(d16[i]) != wantH[i] {
			t.Fatalf("n=%d off=%d: RoundToF16(%#08x) = %#04x, reference %#04x", n, off, math.Float32bits(src[i]), d16[i], wantH[i])
		}
	}
	b.checkOutside(t)

	copy(d16, halves)
	d32 := make([]float32, n)
	if g32 != nil {
		d32 = g32
	}
	for _, widen := range []struct {
		name string
		run  func()
		ref  func(i int) float32
	}{
		{"WidenBF16", func() { WidenBF16(d32, asBF16(d16)) }, func(i int) float32 { return BF16(halves[i]).Float32() }},
		{"WidenF16", func() { WidenF16(d32, asF16(d16)) }, func(i int) float32 { return F16(halves[i]).Float32() }},
	} {
		widen.run()
		for i := range d32 {
			if got, want := math.Float32bits(d32[i]), math.Float32bits(widen.ref(i)); got != want {
				t.Fatalf("n=%d off=%d: %s(%#04x) = %#08x, reference %#08x", n, off, widen.name, halves[i], got, want)
			}
		}
	}
}

// convBufs are a conversion's float32 source and 16-bit destination, n elements each: a copy of the source, and the
// destination at offset off in a buffer of sentinels, or, given g32 and g16, those guarded slices.
type convBufs struct {
	s32      []float32
	d16, pad []uint16 // pad is nil for guarded slices
	n, off   int
}

const convSentinel = 0xbeef

func newConvBufs(n, off int, src, g32 []float32, g16 []uint16) *convBufs {
	if g16 != nil {
		copy(g32, src)
		return &convBufs{s32: g32, d16: g16, n: n, off: off}
	}
	pad := make([]uint16, off+n+padding)
	for i := range pad {
		pad[i] = convSentinel
	}
	return &convBufs{s32: append(make([]float32, 0, n), src...), d16: pad[off : off+n : off+n], pad: pad, n: n, off: off}
}

// checkOutside fails unless every element of the padded buffer outside the destination still holds the sentinel.
func (b *convBufs) checkOutside(t *testing.T) {
	t.Helper()
	for i, h := range b.pad {
		if (i < b.off || i >= b.off+b.n) && h != convSentinel {
			t.Fatalf("n=%d off=%d: element %d outside dst written", b.n, b.off, i-b.off)
		}
	}
}

func asBF16(s []uint16) []BF16 {
	return unsafe.Slice((*BF16)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}
func asF16(s []uint16) []F16 {
	return unsafe.Slice((*F16)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}
