package kernels

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// f16Value is an independent transcription of binary16's meaning, in float64: (−1)^s · 2^(e−15) · (1 + m/2¹⁰) for
// normal numbers, (−1)^s · 2⁻²⁴ · m for subnormals.
func f16Value(h F16) float64 {
	s, e, m := h>>15, int(h>>10&0x1f), float64(h&0x3ff)
	v := math.Ldexp(m, -24)
	switch {
	case e == 0x1f && m == 0:
		v = math.Inf(1)
	case e == 0x1f:
		v = math.NaN()
	case e > 0:
		v = math.Ldexp(1+m/1024, e-15)
	}
	if s == 1 {
		v = -v
	}
	return v
}

// TestWidenEveryValue checks F16.Float32 and BF16.Float32 on all 2¹⁶ values of each: the value of the format's
// definition, NaNs quiet (binary16) or kept (bfloat16) with their sign and payload.
func TestWidenEveryValue(t *testing.T) {
	for v := range 1 << 16 {
		h := F16(v)
		got, want := h.Float32(), f16Value(h)
		if want != want {
			quiet := uint32(h&0x8000)<<16 | 0x7fc00000 | uint32(h&0x3ff)<<13
			if math.Float32bits(got) != quiet {
				t.Fatalf("F16(%#04x).Float32() = %#08x, want the quiet NaN %#08x", v, math.Float32bits(got), quiet)
			}
		} else if float64(got) != want || math.Signbit(float64(got)) != math.Signbit(want) {
			t.Fatalf("F16(%#04x).Float32() = %v, want %v", v, got, want)
		}
		if b := BF16(v).Float32(); math.Float32bits(b) != uint32(v)<<16 {
			t.Fatalf("BF16(%#04x).Float32() has bits %#08x", v, math.Float32bits(b))
		}
	}
}

// towardZero returns, by a walk over the format's positive values (widen, increasing; TestWidenEveryValue checks
// it), the bits of the largest value not above |x| and the gap to the next one; above the largest finite value the
// next is +Inf, which stands one unit on.
func towardZero(x float32, widen func(uint16) float64, maxFinite uint16) (lo uint16, gap float64) {
	a := math.Abs(float64(x))
	lo, hi := uint16(0), maxFinite+1
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if widen(mid) <= a {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == maxFinite {
		return lo, widen(maxFinite) - widen(maxFinite-1)
	}
	return lo, widen(lo+1) - widen(lo)
}

// nearest is an independent transcription of rounding to nearest, ties to even: of the two values of the format
// that bracket x, the nearer, or the one with an even last bit.
func nearest(x float32, widen func(uint16) float64, maxFinite uint16) uint16 {
	lo, gap := towardZero(x, widen, maxFinite)
	r := lo
	if d0, d1 := math.Abs(float64(x))-widen(lo), widen(lo)+gap-math.Abs(float64(x)); d1 < d0 || d1 == d0 && lo&1 == 1 {
		r = lo + 1
	}
	if math.Signbit(float64(x)) {
		r |= 0x8000
	}
	return r
}

func bf16Pos(b uint16) float64 { return float64(BF16(b).Float32()) }
func f16Pos(h uint16) float64  { return f16Value(F16(h)) }

// TestRoundToNearestSampled compares ToBF16 and ToF16 with the independent transcription on every 65537th float32
// bit pattern (65537 is prime, so the samples cover every exponent and many fractions) and, at every exponent, on
// the fractions just below, at and above each format's ties.
func TestRoundToNearestSampled(t *testing.T) {
	check := func(b uint32) {
		x := math.Float32frombits(b)
		if x != x {
			return
		}
		if got, want := ToBF16(x), nearest(x, bf16Pos, 0x7f7f); uint16(got) != want {
			t.Fatalf("ToBF16(%#08x) = %#04x, want %#04x", b, got, want)
		}
		if got, want := ToF16(x), nearest(x, f16Pos, 0x7bff); uint16(got) != want {
			t.Fatalf("ToF16(%#08x) = %#04x, want %#04x", b, got, want)
		}
	}
	for b := uint64(0); b < 1<<32; b += 65537 {
		check(uint32(b))
	}
	for e := range uint32(256) {
		for _, low := range []uint32{0, 1, 0x7fff, 0x8000, 0x8001, 0x18000, 0xfff, 0x1000, 0x1001, 0x3000, 0x7fffff} {
			check(e<<23 | low)
			check(1<<31 | e<<23 | low)
		}
	}
	for k := range 64 { // binary16's subnormal ties, and their neighbours
		b := math.Float32bits(float32((float64(k) + 0.5) * 0x1p-24))
		check(b - 1)
		check(b)
		check(b + 1)
	}
}

// TestRoundNaN checks the NaN rules: bfloat16's one quiet NaN, binary16's quiet NaN with the input's sign.
func TestRoundNaN(t *testing.T) {
	for _, b := range []uint32{0x7fc00000, 0xffc00000, 0x7f800001, 0xff812345, 0x7fffffff} {
		x := math.Float32frombits(b)
		if got := ToBF16(x); got != 0x7fc0 {
			t.Errorf("ToBF16(%#08x) = %#04x, want 0x7fc0", b, got)
		}
		if got, want := ToF16(x), F16(b>>16&0x8000|0x7e00); got != want {
			t.Errorf("ToF16(%#08x) = %#04x, want %#04x", b, got, want)
		}
		for _, r := range []uint32{0, 0x8000, 0xffff} {
			if got := stochasticBF16(x, r); got != 0x7fc0 {
				t.Errorf("stochasticBF16(%#08x, %#x) = %#04x, want 0x7fc0", b, r, got)
			}
			if got, want := stochasticF16(x, r), F16(b>>16&0x8000|0x7e00); got != want {
				t.Errorf("stochasticF16(%#08x, %#x) = %#04x, want %#04x", b, r, got, want)
			}
		}
	}
}

// TestHalfAgainstTorch checks the conversions against PyTorch's on the cases testdata/half/gen.py wrote. PyTorch's
// vectorised CPU conversion to bfloat16 turns every NaN into 0xffff, where its scalar one (c10::BFloat16), which
// fastgrad follows, gives 0x7fc0: PyTorch's own NaN bits depend on the path, so a NaN is only checked to stay NaN.
func TestHalfAgainstTorch(t *testing.T) {
	f, err := os.Open("testdata/half/torch.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rounded, widened := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "r "):
			var xb uint32
			var bf, h uint16
			if _, err := fmt.Sscanf(line, "r %x %x %x", &xb, &bf, &h); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			x := math.Float32frombits(xb)
			if got := ToBF16(x); uint16(got) != bf && !(x != x && got.Float32() != got.Float32()) {
				t.Errorf("ToBF16(%#08x) = %#04x, PyTorch %#04x", xb, got, bf)
			}
			if got := ToF16(x); uint16(got) != h {
				t.Errorf("ToF16(%#08x) = %#04x, PyTorch %#04x", xb, got, h)
			}
			rounded++
		case strings.HasPrefix(line, "w "):
			var h uint16
			var w uint32
			if _, err := fmt.Sscanf(line, "w %x %x", &h, &w); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			if got := math.Float32bits(F16(h).Float32()); got != w {
				t.Errorf("F16(%#04x).Float32() = %#08x, PyTorch %#08x", h, got, w)
			}
			widened++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rounded < 13000 || widened < 9000 {
		t.Fatalf("only %d roundings and %d widenings in the file", rounded, widened)
	}
}
