package kernels

import (
	"math"
	"testing"
)

func TestScale(t *testing.T) {
	t.Run("f32", testScale[float32])
	t.Run("f64", testScale[float64])
}

func testScale[F Float](t *testing.T) {
	x := []F{1, -3, 0.5, 0}
	Scale(2, x)
	checkSame(t, "2·x", x, []F{2, -6, 1, 0})
	Scale(-1, x)
	checkSame(t, "−x", x, []F{-2, 6, -1, F(math.Copysign(0, -1))})
	Scale(2, x[:0])

	// Every special value times every other, against the product computed in float64 and rounded once to F
	// (for float32 operands the float64 product is exact, so that is the correctly rounded float32 product).
	sp := specialValues[F]()
	x = make([]F, len(sp))
	for _, alpha := range sp {
		copy(x, sp)
		Scale(alpha, x)
		for i, xi := range sp {
			if want := F(float64(alpha) * float64(xi)); !sameFloat(x[i], want) {
				t.Errorf("Scale(%v) of %v = %v, want %v", alpha, xi, x[i], want)
			}
		}
	}
	if a := testing.AllocsPerRun(10, func() { Scale(3, x) }); a != 0 {
		t.Errorf("Scale: %v allocations", a)
	}
}
