package gorgonia_test

import (
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// node is a ValueGrad over given values, for tests that need no graph.
type node struct {
	name string
	w, g G.Value
	err  error // returned by Grad
}

func (n *node) Value() G.Value         { return n.w }
func (n *node) Grad() (G.Value, error) { return n.g, n.err }
func (n *node) Name() string           { return n.name }
func newDense[F float32 | float64](v []F) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v))
}

// randomNode returns a node of n elements, its values and gradient uniform in [−1, 1) from rng.
func randomNode[F float32 | float64](name string, n int, rng *rand.Rand) *node {
	w, g := make([]F, n), make([]F, n)
	for i := range w {
		w[i], g[i] = F(2*rng.Float64()-1), F(2*rng.Float64()-1)
	}
	return &node{name: name, w: newDense(w), g: newDense(g)}
}
