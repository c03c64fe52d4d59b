package kernels

import (
	"math"
	"testing"
)

func TestMaxAbs(t *testing.T) {
	t.Run("f32", testMaxAbs[float32])
	t.Run("f64", testMaxAbs[float64])
}

func testMaxAbs[F Float](t *testing.T) {
	nz, inf, nan := F(math.Copysign(0, -1)), F(math.Inf(1)), F(math.NaN())
	sp := specialValues[F]()
	sub, maxF := sp[2], sp[10]
	cases := []struct {
		x    []F
		want F
	}{
		{nil, 0},
		{[]F{nz}, 0}, // |−0| = +0
		{[]F{nz, nz, 0}, 0},
		{[]F{-sub}, sub},
		{[]F{0, sub, -2 * sub}, 2 * sub},
		{[]F{-3, 2, 1}, 3},
		{[]F{1, -maxF, 2}, maxF},
		{[]F{1, -inf, 2}, inf},
		{[]F{nan}, nan},
		{[]F{nan, inf, 1}, nan},
		{[]F{-inf, 1, nan}, nan},
		{[]F{1, nan, 2, -inf}, nan},
	}
	for _, c := range cases {
		checkSame(t, "MaxAbs("+ftoas(c.x)+")", []F{MaxAbs(c.x)}, []F{c.want})
	}
	// The NaN is found wherever it is, in a slice longer than any path's vector.
	x := make([]F, 300)
	for i := range x {
		x[i] = F(i) - 150
	}
	checkSame(t, "MaxAbs(−150…149)", []F{MaxAbs(x)}, []F{150})
	for _, i := range []int{0, 1, 63, 150, 299} {
		x[i] = nan
		checkSame(t, "MaxAbs with a NaN at "+itoa(i), []F{MaxAbs(x)}, []F{nan})
		x[i] = 0
	}
	if a := testing.AllocsPerRun(10, func() { MaxAbs(x) }); a != 0 {
		t.Errorf("MaxAbs: %v allocations", a)
	}
}
