package gorgonia_test

import (
	"math"
	"testing"

	fgsolver "github.com/fastgrad/fastgrad/adapters/gorgonia"
	"github.com/fastgrad/fastgrad/optim"
	G "gorgonia.org/gorgonia"
)

// TestBitsLikeGorgonia trains two copies of the model side by side, one with a Gorgonia solver and one with the
// fastgrad Solver of the same rule, and requires the same weight bits after every step: VanillaSolver is SGD and
// Momentum is Keras momentum, and both round each operation as fastgrad's kernels do. Clipping and L2 are tested
// apart, since Gorgonia clamps the gradient with the L2 term in it and fastgrad without.
func TestBitsLikeGorgonia(t *testing.T) {
	const steps = 60
	cases := []struct {
		name  string
		their func() G.Solver
		cfg   optim.SGDConfig
		opts  []fgsolver.Option
	}{
		{"vanilla", func() G.Solver { return G.NewVanillaSolver(G.WithLearnRate(0.05)) }, optim.SGDConfig{LR: 0.05}, nil},
		{"vanilla+l2", func() G.Solver { return G.NewVanillaSolver(G.WithLearnRate(0.05), G.WithL2Reg(0.01)) },
			optim.SGDConfig{LR: 0.05, WeightDecay: 0.01}, nil},
		{"vanilla+batch+clip", func() G.Solver {
			return G.NewVanillaSolver(G.WithLearnRate(0.3), G.WithBatchSize(3), G.WithClip(0.02))
		}, optim.SGDConfig{LR: 0.3}, []fgsolver.Option{fgsolver.WithBatchSize(3), fgsolver.WithClip(optim.Clip{Value: 0.02})}},
		{"momentum", func() G.Solver { return G.NewMomentum(G.WithLearnRate(0.02), G.WithMomentum(0.9)) },
			optim.SGDConfig{LR: 0.02, Momentum: 0.9, Mode: optim.ModeKeras}, nil},
		{"momentum+batch", func() G.Solver {
			return G.NewMomentum(G.WithLearnRate(0.1), G.WithMomentum(0.7), G.WithBatchSize(7))
		}, optim.SGDConfig{LR: 0.1, Momentum: 0.7, Mode: optim.ModeKeras}, []fgsolver.Option{fgsolver.WithBatchSize(7)}},
	}
	for _, c := range cases {
		t.Run(c.name+"/float32", func(t *testing.T) { sideBySide[float32](t, c.their(), c.cfg, c.opts, steps) })
		t.Run(c.name+"/float64", func(t *testing.T) { sideBySide[float64](t, c.their(), c.cfg, c.opts, steps) })
	}
}

// sideBySide steps a model with theirs and a copy with a fastgrad SGD Solver of cfg, comparing the weights' bits
// after every step.
func sideBySide[F float32 | float64](t *testing.T, theirs G.Solver, cfg optim.SGDConfig, opts []fgsolver.Option, steps int) {
	ours, err := fgsolver.NewSGD(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	a, b := newModel[F](t), newModel[F](t)
	for step := range steps {
		a.forward(t)
		b.forward(t)
		if err := theirs.Step(G.NodesToValueGrads(a.weights)); err != nil {
			t.Fatal(err)
		}
		if err := ours.Step(G.NodesToValueGrads(b.weights)); err != nil {
			t.Fatal(err)
		}
		for k := range a.weights {
			wa, wb := a.weights[k].Value().Data().([]F), b.weights[k].Value().Data().([]F)
			for i := range wa {
				if bits(wa[i]) != bits(wb[i]) {
					t.Fatalf("step %d, %s[%d]: gorgonia %v, fastgrad %v", step, a.weights[k].Name(), i, wa[i], wb[i])
				}
			}
		}
	}
}

// bits returns x's bit pattern.
func bits[F float32 | float64](x F) uint64 {
	if v, ok := any(x).(float32); ok {
		return uint64(math.Float32bits(v))
	}
	return math.Float64bits(float64(x))
}
