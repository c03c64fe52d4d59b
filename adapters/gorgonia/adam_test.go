package gorgonia_test

import (
	"math"
	"math/rand/v2"
	"testing"

	fgsolver "github.com/fastgrad/fastgrad/adapters/gorgonia"
	"github.com/fastgrad/fastgrad/optim"
	G "gorgonia.org/gorgonia"
)

// TestAdamNearGorgonia gives Gorgonia's AdamSolver and the fastgrad Adam Solver the same gradients for many steps
// and bounds the distance between their weights in units of ε·max(|w|, η) (ε the type's machine epsilon): about an
// ulp of the weight, or of an update (an Adam step moves a weight by about η) where the weight passes near 0, where
// ulps of the weight alone would count the updates' rounding as thousands. They are not bit for bit: Gorgonia multiplies m and v by
// rounded reciprocals of the bias corrections and divides −η·m̂ by √v̂ + ε, where optim.Adam computes PyTorch's
// step size η/(1 − β₁ᵗ) and denominator √v/√(1 − β₂ᵗ) + ε; for float32 Gorgonia also rounds 1 − β from the
// float32 β, and float32(1) − float32(0.999) is 0.00100004673, 4.7e-5 from 0.001, which moves float32 steps by about
// 2.3e-5 of η. The bounds hold the first step (from equal states) and the drift over 200 steps to about 1.5 times
// what was measured: float32 59 and 2140 units, float64 1.6 and 831.
func TestAdamNearGorgonia(t *testing.T) {
	t.Run("float32", func(t *testing.T) { adamNear[float32](t, 0x1p-23, 90, 3200) })
	t.Run("float64", func(t *testing.T) { adamNear[float64](t, 0x1p-52, 2.5, 1250) })
}

// adamNear runs both solvers for 200 steps over 4096 weights and fails if any two weights are more than
// first·eps·max(|w|, η) apart after the first step, or all·eps·max(|w|, η) after any.
func adamNear[F float32 | float64](t *testing.T, eps, first, all float64) {
	const n, steps = 4096, 200
	rng := rand.New(rand.NewPCG(3, 4))
	a := randomNode[F]("w", n, rng)
	w0 := append([]F(nil), a.w.Data().([]F)...)
	b := &node{name: "w", w: newDense(w0), g: newDense(make([]F, n))}
	theirs := G.NewAdamSolver(G.WithLearnRate(0.01))
	cfg := optim.DefaultAdam()
	cfg.LR = 0.01
	ours, err := fgsolver.NewAdam(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var worst float64
	for step := range steps {
		ga, gb := a.g.Data().([]F), b.g.Data().([]F)
		for i := range ga {
			ga[i] = F(2*rng.Float64() - 1)
			gb[i] = ga[i]
		}
		if err := theirs.Step([]G.ValueGrad{a}); err != nil {
			t.Fatal(err)
		}
		if err := ours.Step([]G.ValueGrad{b}); err != nil {
			t.Fatal(err)
		}
		wa, wb := a.w.Data().([]F), b.w.Data().([]F)
		bound := all
		if step == 0 {
			bound = first
		}
		for i := range wa {
			unit := eps * max(math.Abs(float64(wa[i])), cfg.LR)
			if d := math.Abs(float64(wa[i])-float64(wb[i])) / unit; d > worst {
				worst = d
				if d > bound {
					t.Fatalf("step %d, w[%d]: gorgonia %v, fastgrad %v: %.3g units apart, want ≤ %g", step, i, wa[i], wb[i], d, bound)
				}
			}
		}
		if step == 0 {
			t.Logf("%T: at most %.3g units apart after the first step", w0[0], worst)
		}
	}
	t.Logf("%T: at most %.3g units apart over %d steps", w0[0], worst, steps)
}
