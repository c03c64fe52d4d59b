package gorgonia_test

import (
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// model is a two-layer linear network, x·W1·W2, fitted to y = x·w* by mean squared error on a fixed synthetic data
// set, with Gorgonia's autodiff.
type model struct {
	g       *G.ExprGraph
	vm      G.VM
	loss    *G.Node
	weights G.Nodes
}

// newModel builds the model in dtype F; the data and initial weights are the same on every call.
func newModel[F float32 | float64](t testing.TB) *model {
	t.Helper()
	const n, in, hidden = 32, 4, 8
	rng := rand.New(rand.NewPCG(1, 2))
	uniform := func(k int, scale float64) []F {
		v := make([]F, k)
		for i := range v {
			v[i] = F(scale * (2*rng.Float64() - 1))
		}
		return v
	}
	xs := uniform(n*in, 1)
	wTrue := uniform(in, 1)
	ys := make([]F, n)
	for i := range ys {
		for j := range in {
			ys[i] += xs[i*in+j] * wTrue[j]
		}
	}
	var zero F
	dt := tensor.Float64
	if _, ok := any(zero).(float32); ok {
		dt = tensor.Float32
	}
	m := &model{g: G.NewGraph()}
	x := G.NewMatrix(m.g, dt, G.WithShape(n, in), G.WithName("x"), G.WithValue(tensor.New(tensor.WithShape(n, in), tensor.WithBacking(xs))))
	y := G.NewMatrix(m.g, dt, G.WithShape(n, 1), G.WithName("y"), G.WithValue(tensor.New(tensor.WithShape(n, 1), tensor.WithBacking(ys))))
	w1 := G.NewMatrix(m.g, dt, G.WithShape(in, hidden), G.WithName("w1"), G.WithValue(tensor.New(tensor.WithShape(in, hidden), tensor.WithBacking(uniform(in*hidden, 0.5)))))
	w2 := G.NewMatrix(m.g, dt, G.WithShape(hidden, 1), G.WithName("w2"), G.WithValue(tensor.New(tensor.WithShape(hidden, 1), tensor.WithBacking(uniform(hidden, 0.5)))))
	pred := G.Must(G.Mul(G.Must(G.Mul(x, w1)), w2))
	m.loss = G.Must(G.Mean(G.Must(G.Square(G.Must(G.Sub(pred, y))))))
	m.weights = G.Nodes{w1, w2}
	if _, err := G.Grad(m.loss, m.weights...); err != nil {
		t.Fatal(err)
	}
	m.vm = G.NewTapeMachine(m.g, G.BindDualValues(m.weights...))
	t.Cleanup(func() { m.vm.Close() })
	return m
}

// forward runs the graph, computing the loss and the gradients, and returns the loss.
func (m *model) forward(t testing.TB) float64 {
	t.Helper()
	m.vm.Reset()
	if err := m.vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	switch l := m.loss.Value().Data().(type) {
	case float32:
		return float64(l)
	case float64:
		return l
	}
	t.Fatalf("loss is %T", m.loss.Value().Data())
	return 0
}

// train takes steps steps with s and returns the first and last losses.
func (m *model) train(t testing.TB, s G.Solver, steps int) (first, last float64) {
	t.Helper()
	for i := range steps {
		l := m.forward(t)
		if i == 0 {
			first = l
		}
		if err := s.Step(G.NodesToValueGrads(m.weights)); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	return first, m.forward(t)
}
