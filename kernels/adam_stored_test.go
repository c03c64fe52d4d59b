package kernels

import "testing"

// TestStoredAllocateNothing checks that the stored kernels reuse their chunk buffers, on every path.
func TestStoredAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector drops the pooled chunk buffers at random")
	}
	forEachPath(t, func(t *testing.T) {
		skipInterpreter(t)
		const n = 3 * storedChunk / 2
		s := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true}.Step(3)
		w, g, m, v, vmax := make([]BF16, n), make([]BF16, n), make([]BF16, n), make([]BF16, n), make([]BF16, n)
		rnd := Rounding{Stochastic: true, Key: NewRoundingKey(1, 3)}
		if a := testing.AllocsPerRun(10, func() { AdamStored(&s, w, g, m, v, vmax, rnd) }); a != 0 {
			t.Errorf("AdamStored: %v allocations per call", a)
		}
		w32, g32, m32, v32, x32 := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		c := make([]F16, n)
		if a := testing.AllocsPerRun(10, func() { AdamCopy(&s, w32, g32, m32, v32, x32, c, rnd) }); a != 0 {
			t.Errorf("AdamCopy: %v allocations per call", a)
		}
	})
}
