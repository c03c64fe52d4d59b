package gorgonia_test

import (
	"testing"

	fgsolver "github.com/fastgrad/fastgrad/adapters/gorgonia"
	"github.com/fastgrad/fastgrad/optim"
	G "gorgonia.org/gorgonia"
)

// TestConverges trains the model with each fastgrad Solver and with the Gorgonia solver it stands for, in float32
// and float64: every run must bring the loss (about 1 at the start) below its bound.
func TestConverges(t *testing.T) {
	const steps = 400
	adam := optim.DefaultAdam()
	adam.LR = 0.01
	sgd := optim.SGDConfig{LR: 0.05}
	momentum := optim.SGDConfig{LR: 0.02, Momentum: 0.9, Mode: optim.ModeKeras}
	rms := optim.RMSpropConfig{LR: 0.003, Alpha: 0.999, Eps: 1e-8, Mode: optim.ModeKeras}
	cases := []struct {
		name  string
		ours  func() (*fgsolver.Solver, error)
		their func() G.Solver
		bound float64
	}{
		{"adam", func() (*fgsolver.Solver, error) { return fgsolver.NewAdam(adam) },
			func() G.Solver { return G.NewAdamSolver(G.WithLearnRate(0.01)) }, 1e-4},
		{"vanilla", func() (*fgsolver.Solver, error) { return fgsolver.NewSGD(sgd) },
			func() G.Solver { return G.NewVanillaSolver(G.WithLearnRate(0.05)) }, 1e-4},
		{"momentum", func() (*fgsolver.Solver, error) { return fgsolver.NewSGD(momentum) },
			func() G.Solver { return G.NewMomentum(G.WithLearnRate(0.02), G.WithMomentum(0.9)) }, 1e-4},
		{"rmsprop", func() (*fgsolver.Solver, error) { return fgsolver.NewRMSprop(rms) },
			func() G.Solver { return G.NewRMSPropSolver(G.WithLearnRate(0.003)) }, 1e-3},
	}
	for _, c := range cases {
		for _, dt := range []string{"float32", "float64"} {
			t.Run(c.name+"/"+dt, func(t *testing.T) {
				ours, err := c.ours()
				if err != nil {
					t.Fatal(err)
				}
				for _, run := range []struct {
					who string
					s   G.Solver
				}{{"fastgrad", ours}, {"gorgonia", c.their()}} {
					m := newModel[float32](t)
					if dt == "float64" {
						m = newModel[float64](t)
					}
					first, last := m.train(t, run.s, steps)
					t.Logf("%s: loss %.3g -> %.3g after %d steps", run.who, first, last, steps)
					if !(last < c.bound) {
						t.Errorf("%s: loss %.3g after %d steps, want < %g (started at %.3g)", run.who, last, steps, c.bound, first)
					}
				}
			})
		}
	}
}
