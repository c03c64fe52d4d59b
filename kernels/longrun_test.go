package kernels

import (
	"math/rand/v2"
	"testing"
)

// TestLongRunAdam runs 10⁶ Adam steps on a vector of 1000 weights, each step's gradient computed from the weights
// (a separable quadratic), on every path, and requires the final weights and moments of each path to equal the
// reference's bit for bit: no drift, however long the run.
func TestLongRunAdam(t *testing.T) {
	if testing.Short() {
		t.Skip("10⁶ steps per path")
	}
	if len(Impls()) == 1 {
		t.Skip("only the generic path runs here, which the path tests compare with the references")
	}
	forTypes(t, longRunAdam[float32], longRunAdam[float64])
}

func longRunAdam[F Float](t *testing.T) {
	const n, steps = 1000, 1_000_000
	r := rand.New(rand.NewPCG(7, 8))
	w0, c, target := make([]F, n), make([]F, n), make([]F, n)
	for i := range w0 {
		w0[i], c[i], target[i] = F(r.NormFloat64()), F(0.5+r.Float64()), F(r.NormFloat64())
	}
	h := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-4, Decoupled: true}
	run := func(path *impl) (w, m, v []F) {
		prev := active.Load()
		defer active.Store(prev)
		active.Store(path)
		w, m, v, g := append([]F(nil), w0...), make([]F, n), make([]F, n), make([]F, n)
		for step := 1; step <= steps; step++ {
			for i := range g {
				g[i] = c[i] * (w[i] - target[i])
			}
			s := h.Step(step)
			Adam(&s, w, g, m, v, nil)
		}
		return w, m, v
	}
	wantW, wantM, wantV := run(referencePath)
	for _, path := range impls {
		w, m, v := run(path)
		checkSame(t, path.name+" w", w, wantW)
		checkSame(t, path.name+" m", m, wantM)
		checkSame(t, path.name+" v", v, wantV)
	}
}
