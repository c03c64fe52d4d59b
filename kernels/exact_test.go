package kernels

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/internal/misuse"
)

// Small utilities of the tests of Scale, Axpy, ClipValue, MaxAbs, AllFinite and the least-squares kernels.

// floatBits returns the bits of x, widened to 64 bits.
func floatBits[F Float](x F) uint64 {
	if is32[F]() {
		return uint64(math.Float32bits(float32(x)))
	}
	return math.Float64bits(float64(x))
}

// sameFloat reports whether a and b are the same value bit for bit, any NaN matching any NaN (the contract puts
// NaN payloads aside).
func sameFloat[F Float](a, b F) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	return floatBits(a) == floatBits(b)
}

// checkSame fails t at the first element where got and want differ bit for bit.
func checkSame[F Float](t *testing.T, what string, got, want []F) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !sameFloat(got[i], want[i]) {
			t.Fatalf("%s[%d] = %v (%#x), want %v (%#x)", what, i, got[i], floatBits(got[i]), want[i], floatBits(want[i]))
		}
	}
}

// filled returns a slice of length n whose every element is v: outputs start as garbage the kernel must overwrite.
func filled[F Float](n int, v F) []F {
	s := make([]F, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// panicsWith fails t unless f panics with a string message containing every one of parts.
func panicsWith(t *testing.T, f func(), parts ...string) {
	t.Helper()
	msg := misuse.PanicOf(f)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("panic %q, want it to contain %q", msg, p)
			return
		}
	}
}

// fmaProbe returns p and the values of −1 + F(p·p) and 1 + F(p·p) when the product is rounded first, as the
// kernels must round it. p = 1 + b·2⁻ᵏ, so p² = 1 + 2b·2⁻ᵏ + b²·2⁻²ᵏ, whose last term e is between 1 and 1.5
// ulp(1) (b = 3, k = 13 for float32; b = 9, k = 29 for float64). F(p·p) = 1 + 2b·2⁻ᵏ + ulp(1) has an odd last
// bit, so −1 + F(p·p) is exact, and 1 + F(p·p) is a tie that rounds to even, 2 + 2b·2⁻ᵏ. A fused multiply-add
// keeps all of e and gives 2b·2⁻ᵏ + e and, e being more than half an ulp of 2, 2 + 2b·2⁻ᵏ + 2ulp(1). Kernels
// whose products feed sums are fed p to prove that the compiler fused nothing.
func fmaProbe[F Float]() (p, minus, plus F) {
	b, k, u := 9.0, 29, math.Ldexp(1, -52)
	if is32[F]() {
		b, k, u = 3, 13, math.Ldexp(1, -23)
	}
	h := 2 * b * math.Ldexp(1, -k)
	return F(1 + b*math.Ldexp(1, -k)), F(h + u), F(2 + h)
}

// specialValues returns the values every helper kernel is tried on: signed zeros, the extreme subnormals and
// normals, ±1, ±Inf and NaN.
func specialValues[F Float]() []F {
	minSub, maxSub, minNorm, maxF := math.SmallestNonzeroFloat64, 0x1p-1022-0x1p-1074, 0x1p-1022, math.MaxFloat64
	if is32[F]() {
		minSub, maxSub, minNorm, maxF = math.SmallestNonzeroFloat32, 0x1p-126-0x1p-149, 0x1p-126, math.MaxFloat32
	}
	var v []F
	for _, x := range []float64{0, minSub, maxSub, minNorm, 1, maxF, math.Inf(1)} {
		v = append(v, F(x), F(-x))
	}
	return append(v, F(math.NaN()))
}

// ftoa formats x for test names and messages as the kernels' panics format it (%v).
func ftoa[F Float](x F) string { return fmt.Sprint(x) }

// ftoas formats a slice as ftoa formats its elements.
func ftoas[F Float](x []F) string { return fmt.Sprint(x) }

// itoa formats i for test names and messages.
func itoa(i int) string { return fmt.Sprint(i) }
