package gorgonia_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	fgsolver "github.com/fastgrad/fastgrad/adapters/gorgonia"
	"github.com/fastgrad/fastgrad/optim"
	G "gorgonia.org/gorgonia"
)

// BenchmarkAdamStep times one Adam Step over a float32 node of n elements: the fastgrad Solver against Gorgonia's
// AdamSolver, with the same defaults. Both zero the gradient after a step, so every iteration first copies the
// gradient back in (as a backward pass would write it); "refill" times that copy alone, and "optim" an optim.Adam
// stepped directly over the same arrays (and zeroing them), the Solver's overhead being the difference.
func BenchmarkAdamStep(b *testing.B) {
	for _, n := range []int{1 << 10, 1 << 16, 1 << 20, 1 << 24} {
		rng := rand.New(rand.NewPCG(9, 10))
		nd := randomNode[float32]("w", n, rng)
		g := nd.g.Data().([]float32)
		g0 := append([]float32(nil), g...)
		ours, err := fgsolver.NewAdam(optim.DefaultAdam())
		if err != nil {
			b.Fatal(err)
		}
		gorgonia := G.NewAdamSolver() // one per size, its state lined up with this node
		direct, err := optim.NewAdam([]*optim.Param[float32]{{Name: "w", Value: nd.w.Data().([]float32), Grad: g}}, optim.DefaultAdam())
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name string
			step func() error
		}{
			{"fastgrad", func() error { return ours.Step([]G.ValueGrad{nd}) }},
			{"gorgonia", func() error { return gorgonia.Step([]G.ValueGrad{nd}) }},
			{"refill", func() error { return nil }},
			{"optim", func() error { err := direct.Step(); direct.ZeroGrad(); return err }},
		} {
			b.Run(fmt.Sprintf("n=%d/%s", n, c.name), func(b *testing.B) {
				b.SetBytes(int64(4 * n))
				for b.Loop() {
					copy(g, g0)
					if err := c.step(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
