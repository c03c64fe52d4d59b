package kernels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestStochasticEveryBits checks both stochastic roundings against their definition for many x, over every one of
// the 2¹⁶ random inputs: the result is the neighbour toward zero or the one away, and away for exactly the
// floor(f·2¹⁶) smallest inputs, f being x's distance from the neighbour toward zero in units of the gap.
func TestStochasticEveryBits(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 12))
	xs := []float32{0, 1, -1, 1.5, 0x1p-24, 0x1p-25, 3 * 0x1p-26, 0x1p-30, 65504, 65519, 65520, 65535.9, -65535, 70000,
		float32(math.Inf(1)), float32(math.Inf(-1)), math.MaxFloat32, -math.MaxFloat32, 0x1p-149, 0x1p-126, 0x1p-14}
	for range 300 {
		// every exponent of either format, half of them binary16's subnormals and the last finite binade
		xs = append(xs, float32(r.NormFloat64()*math.Ldexp(1, r.IntN(60)-40)), math.Float32frombits(r.Uint32()&^(0xff<<23)|uint32(r.IntN(256))<<23))
	}
	type format struct {
		name      string
		widen     func(uint16) float64
		maxFinite uint16
		round     func(float32, uint32) uint16
	}
	formats := []format{
		{"bf16", bf16Pos, 0x7f7f, func(x float32, r uint32) uint16 { return uint16(stochasticBF16(x, r)) }},
		{"f16", f16Pos, 0x7bff, func(x float32, r uint32) uint16 { return uint16(stochasticF16(x, r)) }},
	}
	for _, f := range formats {
		for _, x := range xs {
			if x != x {
				continue
			}
			// ±Inf is exact; a finite x a whole unit or more past the largest finite value always becomes ±Inf.
			lo, gap := towardZero(x, f.widen, f.maxFinite)
			want := int(min(math.Floor((math.Abs(float64(x))-f.widen(lo))/gap*65536), 65536))
			if math.IsInf(float64(x), 0) {
				lo, want = f.maxFinite+1, 0
			}
			sign := uint16(0)
			if math.Signbit(float64(x)) {
				sign = 0x8000
			}
			away := 0
			for rb := range uint32(1 << 16) {
				switch got := f.round(x, rb); got {
				case sign | lo:
				case sign | (lo + 1):
					if int(rb) != away {
						t.Fatalf("%s(%v): away for r=%d but not for r=%d", f.name, x, rb, away)
					}
					away++
				default:
					t.Fatalf("%s(%v, %d) = %#04x, neither neighbour %#04x nor %#04x", f.name, x, rb, got, sign|lo, sign|(lo+1))
				}
			}
			if away != want {
				t.Fatalf("%s(%v): away for %d of 2¹⁶ inputs, want floor(f·2¹⁶) = %d", f.name, x, away, want)
			}
		}
	}
}

// TestStochasticRates checks the counter-based bits: over 2¹⁶ consecutive elements, each x rounds away about as
// often as its probability says (within 5 standard deviations: the bits are fixed by the key, so the test is
// deterministic), and the mean stored value is x.
func TestStochasticRates(t *testing.T) {
	const n = 1 << 16
	src, dst, back := make([]float32, n), make([]BF16, n), make([]float32, n)
	for _, x := range []float32{1 + 0x1p-9, 1 + 0x1p-12, 1 + 0x1p-8 - 0x1p-12, 1.00390625 + 0x1p-10 + 0x1p-11, -3.3333, 1e-3} {
		for i := range src {
			src[i] = x
		}
		for step := range uint64(3) {
			RoundToBF16(dst, src, Rounding{Stochastic: true, Key: NewRoundingKey(7, step)})
			WidenBF16(back, dst)
			lo, gap := towardZero(x, bf16Pos, 0x7f7f)
			p := math.Floor((math.Abs(float64(x))-bf16Pos(lo))/gap*65536) / 65536
			away, sum := 0, 0.0
			for _, v := range back {
				if math.Abs(float64(v)) > bf16Pos(lo) {
					away++
				}
				sum += float64(v)
			}
			sd := math.Sqrt(n * p * (1 - p))
			if d := math.Abs(float64(away) - n*p); d > 5*sd+1 {
				t.Errorf("x=%v step %d: away %d times in %d, expected %.0f ± %.0f", x, step, away, n, n*p, sd)
			}
			if mean := sum / n; math.Abs(mean-float64(x)) > 5*gap*sd/n+gap/65536 {
				t.Errorf("x=%v step %d: mean stored value %v", x, step, mean)
			}
		}
	}
}

// TestStochasticIndependentOfChunks checks that rounding a tensor in pieces, each with its Offset, gives the
// whole call's bits, and that the seed and the step both change them.
func TestStochasticIndependentOfChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	src := make([]float32, 10007)
	for i := range src {
		src[i] = float32(r.NormFloat64())
	}
	for _, key := range []RoundingKey{NewRoundingKey(1, 0), NewRoundingKey(1, 1), NewRoundingKey(2, 0)} {
		rnd := Rounding{Stochastic: true, Key: key}
		whole, parts := make([]F16, len(src)), make([]F16, len(src))
		RoundToF16(whole, src, rnd)
		for from := 0; from < len(src); from += 997 {
			to := min(from+997, len(src))
			RoundToF16(parts[from:to], src[from:to], Rounding{Stochastic: true, Key: key, Offset: from})
		}
		if !slices.Equal(whole, parts) {
			t.Fatalf("key %v: rounding in chunks differs from rounding the whole", key)
		}
	}
	a, b, c := NewRoundingKey(1, 0), NewRoundingKey(1, 1), NewRoundingKey(2, 0)
	same := 0
	for i := range 4096 {
		if a.bits(i) == b.bits(i) || a.bits(i) == c.bits(i) {
			same++
		}
	}
	if same > 4 {
		t.Errorf("%d of 4096 elements got the same bits under another step or seed", same)
	}
}
