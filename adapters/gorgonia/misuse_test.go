package gorgonia_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	fgsolver "github.com/fastgrad/fastgrad/adapters/gorgonia"
	"github.com/fastgrad/fastgrad/optim"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestMisuse checks that each misuse fails with an error that names it, at the first Step (binding) or a later
// one, and that a failed Step changes no weight.
func TestMisuse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	f32 := func(name string) *node { return randomNode[float32](name, 6, rng) }
	f64 := func(name string) *node { return randomNode[float64](name, 6, rng) }
	view := func() *node {
		n := f32("view")
		v, err := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(make([]float32, 6))).Slice(tensor.S(0, 1))
		if err != nil {
			t.Fatal(err)
		}
		n.w = v.(*tensor.Dense)
		return n
	}
	transposed := func() *node {
		n := f32("transposed")
		d := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(make([]float32, 6)))
		if err := d.T(); err != nil {
			t.Fatal(err)
		}
		n.w = d
		return n
	}
	with := func(n *node, f func(*node)) *node { f(n); return n }
	firstStep := []struct {
		name  string
		model []G.ValueGrad
		want  string
	}{
		{"no nodes", nil, "no nodes"},
		{"nil node", []G.ValueGrad{nil}, "node 0 is nil"},
		{"no gradient", []G.ValueGrad{with(f32("a"), func(n *node) { n.err = errors.New("no grad") })}, "has no gradient"},
		{"int", []G.ValueGrad{&node{name: "i", w: tensor.New(tensor.WithBacking([]int{1, 2})), g: tensor.New(tensor.WithBacking([]int{1, 2}))}}, "want float32 or float64"},
		{"scalar value", []G.ValueGrad{with(f32("s"), func(n *node) { n.w = G.NewF32(1) })}, "scalar nodes are not supported"},
		{"scalar tensor", []G.ValueGrad{with(f32("s"), func(n *node) {
			n.w, n.g = tensor.New(tensor.FromScalar(float32(1))), tensor.New(tensor.FromScalar(float32(1)))
		})}, "scalar tensor"},
		{"view", []G.ValueGrad{view()}, "is a view"},
		{"transposed", []G.ValueGrad{transposed()}, "transposed"},
		{"shapes", []G.ValueGrad{with(f32("a"), func(n *node) { n.g = newDense(make([]float32, 5)) })}, "shape"},
		{"value and gradient types", []G.ValueGrad{with(f32("a"), func(n *node) { n.g = newDense(make([]float64, 6)) })}, "value is float32, gradient float64"},
		{"mixed", []G.ValueGrad{f32("a"), f64("b")}, "cannot be mixed"},
		{"mixed the other way", []G.ValueGrad{f64("a"), f32("b")}, "cannot be mixed"},
		{"shared arrays", []G.ValueGrad{with(f32("a"), func(n *node) { n.g = n.w })}, "share memory"},
	}
	for _, c := range firstStep {
		t.Run(c.name, func(t *testing.T) {
			s, err := fgsolver.NewAdam(optim.DefaultAdam())
			if err != nil {
				t.Fatal(err)
			}
			before := weights(c.model)
			wantErr(t, s.Step(c.model), c.want)
			if !slices.Equal(before, weights(c.model)) {
				t.Error("a failed Step changed a weight")
			}
		})
	}

	later := []struct {
		name   string
		change func(model []G.ValueGrad) []G.ValueGrad
		want   string
	}{
		{"fewer nodes", func(m []G.ValueGrad) []G.ValueGrad { return m[:1] }, "bound to 2"},
		{"more nodes", func(m []G.ValueGrad) []G.ValueGrad { return append(m, f32("c")) }, "bound to 2"},
		{"resized", func(m []G.ValueGrad) []G.ValueGrad {
			return []G.ValueGrad{m[0], randomNode[float32]("b", 7, rng)}
		}, "has 7 elements, but 6"},
		{"now float64", func(m []G.ValueGrad) []G.ValueGrad { return []G.ValueGrad{m[0], f64("b")} }, "cannot be mixed"},
		{"now a view", func(m []G.ValueGrad) []G.ValueGrad { return []G.ValueGrad{m[0], view()} }, "is a view"},
	}
	for _, c := range later {
		t.Run("later/"+c.name, func(t *testing.T) {
			s, err := fgsolver.NewSGD(optim.SGDConfig{LR: 0.1})
			if err != nil {
				t.Fatal(err)
			}
			model := []G.ValueGrad{f32("a"), f32("b")}
			if err := s.Step(model); err != nil {
				t.Fatal(err)
			}
			model = c.change(model)
			before := weights(model)
			wantErr(t, s.Step(model), c.want)
			if !slices.Equal(before, weights(model)) {
				t.Error("a failed Step changed a weight")
			}
		})
	}
}

// TestBadOptions checks that New rejects a bad config or option at once.
func TestBadOptions(t *testing.T) {
	sgd := optim.SGDConfig{LR: 0.1}
	for _, c := range []struct {
		name string
		new  func() (*fgsolver.Solver, error)
		want string
	}{
		{"zero config", func() (*fgsolver.Solver, error) { return fgsolver.NewAdam(optim.AdamConfig{}) }, "building the optimizer"},
		{"batch < 1", func() (*fgsolver.Solver, error) { return fgsolver.NewSGD(sgd, fgsolver.WithBatchSize(0.5)) }, "WithBatchSize"},
		{"batch NaN", func() (*fgsolver.Solver, error) { return fgsolver.NewSGD(sgd, fgsolver.WithBatchSize(math.NaN())) }, "WithBatchSize"},
		{"negative clip", func() (*fgsolver.Solver, error) {
			return fgsolver.NewSGD(sgd, fgsolver.WithClip(optim.Clip{Value: -1}))
		}, "WithClip"},
		{"nil builder", func() (*fgsolver.Solver, error) { return fgsolver.New(nil, nil) }, "nil builder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := c.new()
			if s != nil {
				t.Error("a Solver as well as an error")
			}
			wantErr(t, err, c.want)
		})
	}
}

// TestRebind moves a node's value and gradient to new arrays before every step: the Solver must go on from the new
// arrays with its state, giving the bits of a Solver whose node never moved.
func TestRebind(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	still := randomNode[float64]("w", 100, rng)
	moving := &node{name: "w", w: newDense(slices.Clone(still.w.Data().([]float64))), g: newDense(make([]float64, 100))}
	a, _ := fgsolver.NewAdam(optim.DefaultAdam())
	b, _ := fgsolver.NewAdam(optim.DefaultAdam())
	for step := range 20 {
		gs := still.g.Data().([]float64)
		for i := range gs {
			gs[i] = 2*rng.Float64() - 1
		}
		moving.w = newDense(slices.Clone(moving.w.Data().([]float64)))
		moving.g = newDense(slices.Clone(gs))
		if err := a.Step([]G.ValueGrad{still}); err != nil {
			t.Fatal(err)
		}
		if err := b.Step([]G.ValueGrad{moving}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(still.w.Data().([]float64), moving.w.Data().([]float64)) {
			t.Fatalf("step %d: the moved node's weights differ", step)
		}
	}
}

// TestScheduleAndZeroing checks that WithSchedule sets the rate of each step and that Step zeroes the gradients.
func TestScheduleAndZeroing(t *testing.T) {
	sch, err := optim.StepLR(1, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	s, err := fgsolver.NewSGD(optim.SGDConfig{LR: 1}, fgsolver.WithSchedule(sch))
	if err != nil {
		t.Fatal(err)
	}
	n := &node{name: "w", w: newDense([]float32{0}), g: newDense([]float32{1})}
	for step, want := range []float32{-1, -1.5, -1.75} {
		n.g.Data().([]float32)[0] = 1
		if err := s.Step([]G.ValueGrad{n}); err != nil {
			t.Fatal(err)
		}
		if w := n.w.Data().([]float32)[0]; w != want {
			t.Errorf("step %d: w = %v, want %v", step, w, want)
		}
		if g := n.g.Data().([]float32)[0]; g != 0 {
			t.Errorf("step %d: gradient %v left, want 0", step, g)
		}
	}
	if s.Optimizer32() == nil || s.Optimizer64() != nil {
		t.Error("Optimizer32 or Optimizer64 wrong for float32 nodes")
	}
}

// weights returns the float weights of the model's dense nodes, to see that nothing changed them.
func weights(model []G.ValueGrad) []float64 {
	var out []float64
	for _, n := range model {
		if n == nil {
			continue
		}
		switch v := n.Value().(type) {
		case *tensor.Dense:
			switch d := v.Data().(type) {
			case []float32:
				for _, x := range d {
					out = append(out, float64(x))
				}
			case []float64:
				out = append(out, d...)
			}
		}
	}
	return out
}

// wantErr fails t unless err is an error whose text holds want.
func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one saying %q", err, want)
	}
}
