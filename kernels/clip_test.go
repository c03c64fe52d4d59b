package kernels

import (
	"math"
	"testing"
)

func TestClipValue(t *testing.T) {
	t.Run("f32", testClipValue[float32])
	t.Run("f64", testClipValue[float64])
}

func testClipValue[F Float](t *testing.T) {
	nz, inf, nan := F(math.Copysign(0, -1)), F(math.Inf(1)), F(math.NaN())
	sub := specialValues[F]()[2] // the smallest subnormal
	in := []F{-2, -1, -0.5, nz, 0, 0.5, 1, 2, -inf, inf, nan, sub, -sub}
	cases := []struct {
		c    F
		want []F
	}{
		{1, []F{-1, -1, -0.5, nz, 0, 0.5, 1, 1, -1, 1, nan, sub, -sub}},
		{0, []F{nz, nz, nz, nz, 0, 0, 0, 0, nz, 0, nan, 0, nz}},
		{nz, []F{nz, nz, nz, nz, 0, 0, 0, 0, nz, 0, nan, 0, nz}}, // −0 is taken as +0
		{sub, []F{-sub, -sub, -sub, nz, 0, sub, sub, sub, -sub, sub, nan, sub, -sub}},
		{inf, in},
	}
	x := make([]F, len(in))
	for _, c := range cases {
		copy(x, in)
		ClipValue(c.c, x)
		checkSame(t, "ClipValue("+ftoa(c.c)+")", x, c.want)
	}
	ClipValue(1, x[:0])
	if a := testing.AllocsPerRun(10, func() { ClipValue(0.5, x) }); a != 0 {
		t.Errorf("ClipValue: %v allocations", a)
	}
}

func TestClipValuePanics(t *testing.T) {
	t.Run("f32", testClipValuePanics[float32])
	t.Run("f64", testClipValuePanics[float64])
}

// testClipValuePanics tries every negative special value and NaN as the bound (−0 is a valid bound).
func testClipValuePanics[F Float](t *testing.T) {
	for _, c := range specialValues[F]() {
		if c >= 0 {
			continue
		}
		panicsWith(t, func() { ClipValue(c, []F{1}) }, "ClipValue:", "c="+ftoa(c), "want c ≥ 0")
	}
}
