package kernels

import (
	"math"
	"testing"
)

func TestAllFinite(t *testing.T) {
	t.Run("f32", testAllFinite[float32])
	t.Run("f64", testAllFinite[float64])
}

func testAllFinite[F Float](t *testing.T) {
	sp := specialValues[F]()
	finite := sp[:len(sp)-3] // all but ±Inf and NaN
	if !AllFinite(finite) || !AllFinite([]F(nil)) {
		t.Fatalf("AllFinite(%v) = false, or AllFinite(nil) = false", finite)
	}
	x := make([]F, 300)
	for _, bad := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		for _, i := range []int{0, 1, 63, 150, 299} {
			copy(x, finite)
			x[i] = F(bad)
			if AllFinite(x) {
				t.Errorf("AllFinite with %v at %d = true", bad, i)
			}
		}
	}
	if a := testing.AllocsPerRun(10, func() { AllFinite(finite) }); a != 0 {
		t.Errorf("AllFinite: %v allocations", a)
	}
}
