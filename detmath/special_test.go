package detmath

import (
	"math"
	"testing"
)

var (
	inf  = math.Inf(1)
	nan  = math.NaN()
	negZ = math.Copysign(0, -1)
)

// same reports whether got is want bit for bit, or both are NaN.
func same(got, want float64) bool {
	return got != got && want != want || math.Float64bits(got) == math.Float64bits(want)
}

// TestSpecialCases checks each special case that package math documents for the function of the same name
// (read from its doc, not from its results), plus the exact values and thresholds ours add.
func TestSpecialCases(t *testing.T) {
	one := []struct {
		name string
		f    func(float64) float64
		x    float64
		want float64
	}{
		{"Exp", Exp, inf, inf},
		{"Exp", Exp, nan, nan},
		{"Exp", Exp, -inf, 0},
		{"Exp", Exp, 1000, inf},   // very large values overflow to +Inf
		{"Exp", Exp, -1000, 0},    // ... or to 0
		{"Exp", Exp, 0x1p-60, 1},  // very small values underflow to 1
		{"Exp", Exp, -0x1p-60, 1}, //
		{"Exp", Exp, 0, 1},        //
		{"Exp", Exp, negZ, 1},     //
		{"Exp", Exp, 709.782712893384, 1.7976931348622732e308},
		{"Exp", Exp, math.Nextafter(709.782712893384, 800), inf},
		{"Exp", Exp, -745.1332191019411, 5e-324}, // just above 2^-1075: rounds up to the smallest subnormal
		{"Exp", Exp, -745.1332191019412, 0},      // just below: rounds to 0
		{"Log", Log, inf, inf},
		{"Log", Log, 0, -inf},
		{"Log", Log, negZ, -inf},
		{"Log", Log, -1, nan},
		{"Log", Log, -inf, nan},
		{"Log", Log, -5e-324, nan},
		{"Log", Log, nan, nan},
		{"Log", Log, 1, 0},
		{"Log", Log, 5e-324, -744.4400719213812},
		{"Log", Log, math.MaxFloat64, 709.782712893384},
		{"Cos", Cos, inf, nan},
		{"Cos", Cos, -inf, nan},
		{"Cos", Cos, nan, nan},
		{"Cos", Cos, 0, 1},
		{"Cos", Cos, negZ, 1},
		{"Cos", Cos, 5e-324, 1},
		{"Sin", Sin, 0, 0},
		{"Sin", Sin, negZ, negZ},
		{"Sin", Sin, inf, nan},
		{"Sin", Sin, -inf, nan},
		{"Sin", Sin, nan, nan},
		{"Sin", Sin, 5e-324, 5e-324},
		{"Sin", Sin, -0x1p-30, -0x1p-30},
		{"Erfc", Erfc, inf, 0},
		{"Erfc", Erfc, -inf, 2},
		{"Erfc", Erfc, nan, nan},
		{"Erfc", Erfc, 0, 1},
		{"Erfc", Erfc, negZ, 1},
		{"Erfc", Erfc, erfcZero, 0},
		{"Erfc", Erfc, -6, 2},
	}
	for _, c := range one {
		if got := c.f(c.x); !same(got, c.want) {
			t.Errorf("%s(%v) = %v, want %v", c.name, c.x, got, c.want)
		}
	}
	const odd, even, frac = 3.0, 4.0, 2.5
	two := []struct{ x, y, want float64 }{
		// Pow(x, ±0) = 1 for any x
		{nan, 0, 1}, {-inf, negZ, 1}, {0, 0, 1}, {-7, 0, 1}, {inf, negZ, 1},
		// Pow(1, y) = 1 for any y
		{1, nan, 1}, {1, inf, 1}, {1, -inf, 1}, {1, frac, 1}, {1, -1e300, 1},
		// Pow(x, 1) = x for any x
		{nan, 1, nan}, {-inf, 1, -inf}, {negZ, 1, negZ}, {-7.5, 1, -7.5}, {5e-324, 1, 5e-324},
		// Pow(NaN, y) = NaN and Pow(x, NaN) = NaN
		{nan, frac, nan}, {nan, -inf, nan}, {2, nan, nan}, {0, nan, nan}, {-1, nan, nan},
		// Pow(±0, y) = ±Inf for y an odd integer < 0
		{0, -odd, inf}, {negZ, -odd, -inf}, {negZ, -1, -inf},
		// Pow(±0, -Inf) = +Inf, Pow(±0, +Inf) = +0
		{0, -inf, inf}, {negZ, -inf, inf}, {0, inf, 0}, {negZ, inf, 0},
		// Pow(±0, y) = +Inf for finite y < 0 and not an odd integer
		{0, -even, inf}, {negZ, -even, inf}, {negZ, -frac, inf}, {negZ, -1e300, inf},
		// Pow(±0, y) = ±0 for y an odd integer > 0
		{0, odd, 0}, {negZ, odd, negZ},
		// Pow(±0, y) = +0 for finite y > 0 and not an odd integer
		{0, even, 0}, {negZ, even, 0}, {negZ, frac, 0}, {negZ, 1e300, 0},
		// Pow(-1, ±Inf) = 1
		{-1, inf, 1}, {-1, -inf, 1},
		// Pow(x, ±Inf) for |x| > 1 and |x| < 1
		{1.5, inf, inf}, {-1.5, inf, inf}, {1.5, -inf, 0}, {-1.5, -inf, 0},
		{0.5, inf, 0}, {-0.5, inf, 0}, {0.5, -inf, inf}, {-0.5, -inf, inf},
		// Pow(+Inf, y) = +Inf for y > 0, +0 for y < 0
		{inf, frac, inf}, {inf, 1e-300, inf}, {inf, -frac, 0}, {inf, -1e-300, 0},
		// Pow(-Inf, y) = Pow(-0, -y)
		{-inf, odd, -inf}, {-inf, even, inf}, {-inf, frac, inf}, {-inf, -odd, negZ}, {-inf, -even, 0}, {-inf, -frac, 0},
		// Pow(x, y) = NaN for finite x < 0 and finite non-integer y
		{-2, frac, nan}, {-0.5, -frac, nan}, {-5e-324, 0.5, nan},
		// Negative bases with integer exponents, and exact results.
		{-2, 3, -8}, {-2, 4, 16}, {-2, -3, -0.125}, {-3, 34, 16677181699666568}, {-0.5, 1075, negZ},
		{2, -1074, 5e-324}, {2, -1075, 0}, {0.5, 1075, 0}, {2, 1023, 0x1p1023}, {2, 1024, inf},
		{4, 0.5, 2}, {0x1p-1074, 0.5, 0x1p-537}, {9, 1.5, 27}, {-8, 1e300, inf}, {-0.5, 1e300, 0},
	}
	for _, c := range two {
		if got := Pow(c.x, c.y); !same(got, c.want) {
			t.Errorf("Pow(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

// TestCorrectlyRoundedIdentities checks results that IEEE arithmetic gives exactly, which a correctly rounded
// function must reproduce: Pow(x, 0.5) = √x, Pow(x, 2) = x·x, Pow(x, -1) = 1/x.
func TestCorrectlyRoundedIdentities(t *testing.T) {
	r := splitMix{6}
	for range accuracyN(20000) {
		x := math.Float64frombits(r.next() >> 1)
		if math.IsInf(x, 0) || x != x {
			continue
		}
		if got, want := Pow(x, 0.5), math.Sqrt(x); got != want {
			t.Errorf("Pow(%v, 0.5) = %v, want √x = %v", x, got, want)
		}
		if got, want := Pow(x, 2), float64(x*x); got != want {
			t.Errorf("Pow(%v, 2) = %v, want x·x = %v", x, got, want)
		}
		if got, want := Pow(x, -1), 1/x; got != want {
			t.Errorf("Pow(%v, -1) = %v, want 1/x = %v", x, got, want)
		}
	}
}
