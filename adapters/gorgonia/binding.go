package gorgonia

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// binding is the optimizer a Solver built over its nodes' arrays, with the parameters that view them.
type binding[F kernels.Float] struct {
	params []*optim.Param[F]
	opt    optim.Optimizer[F]
	sched  *optim.Scheduler
}

// build builds an optimizer with newOpt over params and gives it the Solver's clipping.
func build[F kernels.Float](s *Solver, params []*optim.Param[F], newOpt Builder[F]) (optim.Optimizer[F], error) {
	opt, err := newOpt(params)
	if err != nil {
		return nil, fmt.Errorf("gorgonia: building the optimizer: %w", err)
	}
	if err := opt.SetClip(s.clip); err != nil {
		return nil, fmt.Errorf("gorgonia: WithClip: %w", err)
	}
	return opt, nil
}

// bind makes a parameter of each node's arrays and builds the optimizer and scheduler over them.
func bind[F kernels.Float](s *Solver, model []G.ValueGrad, newOpt Builder[F]) (*binding[F], error) {
	b := &binding[F]{params: make([]*optim.Param[F], len(model))}
	for i := range model {
		w, g, err := typedArrays[F](model, i)
		if err != nil {
			return nil, err
		}
		// The index keeps names unique, as optim requires, when nodes share a name or have none.
		b.params[i] = &optim.Param[F]{Name: fmt.Sprintf("%d:%s", i, nodeName(model[i])), Value: w, Grad: g}
	}
	var err error
	if b.opt, err = build(s, b.params, newOpt); err != nil {
		return nil, err
	}
	if s.schedule != nil {
		if b.sched, err = optim.NewScheduler(b.opt, s.schedule); err != nil {
			return nil, fmt.Errorf("gorgonia: WithSchedule: %w", err)
		}
	}
	return b, nil
}

// step checks model against the bound nodes, rebinding moved arrays, then scales the gradients by the batch size,
// updates, steps the schedule and zeroes the gradients.
func (b *binding[F]) step(s *Solver, model []G.ValueGrad) error {
	if len(model) != len(b.params) {
		return fmt.Errorf("gorgonia: Solver.Step: %d nodes, but the solver was bound to %d at its first Step", len(model), len(b.params))
	}
	// Checked whole before any array is rebound, so that an error changes nothing.
	for i := range model {
		w, _, err := typedArrays[F](model, i)
		if err != nil {
			return err
		}
		if n := len(b.params[i].Value); len(w) != n {
			return fmt.Errorf("gorgonia: Solver.Step: node %d (%s) has %d elements, but %d at the first Step", i, nodeName(model[i]), len(w), n)
		}
	}
	for i := range model {
		w, g, _ := typedArrays[F](model, i)
		// A new array of the same length (the value or gradient reallocated) is read from now on; optim rechecks
		// the buffers it sees moved for shared memory.
		b.params[i].Value, b.params[i].Grad = w, g
	}
	if s.batch > 1 {
		inv := F(1) / F(s.batch)
		for _, p := range b.params {
			kernels.Scale(inv, p.Grad)
		}
	}
	if err := b.opt.Step(); err != nil {
		return fmt.Errorf("gorgonia: Solver.Step: %w", err)
	}
	if b.sched != nil {
		if err := b.sched.Step(); err != nil {
			return fmt.Errorf("gorgonia: Solver.Step: the schedule: %w", err)
		}
	}
	b.opt.ZeroGrad()
	return nil
}

// typedArrays returns node i's value and gradient arrays as []F, or an error if they are of another type.
func typedArrays[F kernels.Float](model []G.ValueGrad, i int) (w, g []F, err error) {
	wd, gd, err := arrays(model, i)
	if err != nil {
		return nil, nil, err
	}
	w, okw := wd.Data().([]F)
	g, okg := gd.Data().([]F)
	if !okw || !okg {
		var want F
		return nil, nil, fmt.Errorf("gorgonia: Solver.Step: node %d (%s) is %v, gradient %v: want %T like the nodes bound first (float32 and float64 nodes cannot be mixed)",
			i, nodeName(model[i]), wd.Dtype(), gd.Dtype(), want)
	}
	return w, g, nil
}

// arrays returns node i's value and gradient as dense tensors whose Data is their whole backing array, or an error
// saying why they are not.
func arrays(model []G.ValueGrad, i int) (w, g *tensor.Dense, err error) {
	n := model[i]
	if n == nil {
		return nil, nil, fmt.Errorf("gorgonia: Solver.Step: node %d is nil", i)
	}
	name := nodeName(n)
	gv, err := n.Grad()
	if err != nil {
		return nil, nil, fmt.Errorf("gorgonia: Solver.Step: node %d (%s) has no gradient: %w", i, name, err)
	}
	if w, err = dense(n.Value(), i, name, "value"); err != nil {
		return nil, nil, err
	}
	if g, err = dense(gv, i, name, "gradient"); err != nil {
		return nil, nil, err
	}
	switch {
	case w.Dtype() != g.Dtype():
		return nil, nil, fmt.Errorf("gorgonia: Solver.Step: node %d (%s): value is %v, gradient %v", i, name, w.Dtype(), g.Dtype())
	case !w.Shape().Eq(g.Shape()):
		return nil, nil, fmt.Errorf("gorgonia: Solver.Step: node %d (%s): value has shape %v, gradient %v", i, name, w.Shape(), g.Shape())
	}
	return w, g, nil
}

// dense returns v as a *tensor.Dense whose backing array holds exactly its elements in order, or an error.
func dense(v G.Value, i int, name, what string) (*tensor.Dense, error) {
	d, ok := v.(*tensor.Dense)
	switch {
	case !ok:
		return nil, fmt.Errorf("gorgonia: Solver.Step: node %d (%s): %s is %T: want a *tensor.Dense (scalar nodes are not supported)", i, name, what, v)
	case d.IsScalar():
		return nil, fmt.Errorf("gorgonia: Solver.Step: node %d (%s): %s is a scalar tensor: want at least one dimension", i, name, what)
	case d.IsView() || d.IsMaterializable() || d.RequiresIterator() || d.DataSize() != d.Shape().TotalSize():
		return nil, fmt.Errorf("gorgonia: Solver.Step: node %d (%s): %s is a view, transposed, masked or not contiguous: want a dense tensor owning its array", i, name, what)
	}
	return d, nil
}

// nodeName returns the node's name, or "unnamed" for a ValueGrad without one.
func nodeName(n G.ValueGrad) string {
	if nm, ok := n.(G.Namer); ok {
		return nm.Name()
	}
	return "unnamed"
}
