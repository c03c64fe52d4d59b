package gonumopt

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/optimize"

	"github.com/fastgrad/fastgrad/optim"
)

// Method is a gonum optimize.Method that minimizes with one of fastgrad's optimizers: each major iteration
// evaluates the objective and its gradient at x once and takes one optimizer step, as a training loop does. It
// makes no line search, so the step sizes are the optimizer's (its learning rate, schedule and clipping), and
// gonum's Settings and Converger decide when to stop, as for any other Method.
//
// Given the same gradients, x after k major iterations has the bits of this loop, on every CPU and build:
//
//	p := &optim.Param[float64]{Name: "x", Value: x0, Grad: make([]float64, len(x0))}
//	opt, _ := m.New(p)
//	for range k {
//		f, grad := objective(p.Value), gradient(p.Value)
//		copy(p.Grad, grad)
//		opt.Step()
//		if sched != nil { // a Scheduler over opt with m.Schedule
//			sched.Step()
//		}
//	}
//
// A Method may run any number of optimizations, one at a time; each starts a new optimizer, with fresh state.
type Method struct {
	// New returns the optimizer of one run, over the single parameter p (Name "x"): p.Value holds the starting
	// point and receives each new x, and p.Grad receives each gradient before a step. It may set clipping,
	// nonfinite guards or workers on the optimizer. For returns a Method whose New calls an optim constructor.
	New func(p *optim.Param[float64]) (optim.Optimizer[float64], error)
	// Schedule, if not nil, drives the learning rate: an optim.Scheduler over the optimizer steps after each
	// optimizer step, starting from the rate New's optimizer has.
	Schedule optim.Schedule
	// GradStopThreshold stops the run, with status GradientThreshold, when the infinity norm of the gradient is
	// below it, as in gonum's local methods: 0 means gonum's default (1e-12), and NaN never stops.
	GradStopThreshold float64

	opt    optim.Optimizer[float64]
	status optimize.Status
	err    error
}

// For returns a Method that runs the optimizer newOpt builds from cfg, as in
//
//	gonumopt.For(optim.NewAdam[float64], optim.DefaultAdam())
func For[O optim.Optimizer[float64], C any](newOpt func([]*optim.Param[float64], C) (O, error), cfg C) *Method {
	return &Method{New: func(p *optim.Param[float64]) (optim.Optimizer[float64], error) {
		return newOpt([]*optim.Param[float64]{p}, cfg)
	}}
}

// defaultGradStop is the gradient threshold gonum's local methods use when GradStopThreshold is 0.
const defaultGradStop = 1e-12

// Uses reports that the Method needs the gradient, and returns optimize.ErrMissingGrad if the problem has none.
func (m *Method) Uses(has optimize.Available) (optimize.Available, error) {
	if !has.Grad {
		return optimize.Available{}, optimize.ErrMissingGrad
	}
	return optimize.Available{Grad: true}, nil
}

// Init prepares a run in dim dimensions; the Method evaluates one point at a time, so it returns 1 task.
func (m *Method) Init(dim, tasks int) int {
	m.opt, m.status, m.err = nil, optimize.NotTerminated, nil
	return 1
}

// Status returns why the last run stopped, if the Method stopped it, and its error.
func (m *Method) Status() (optimize.Status, error) { return m.status, m.err }

// Optimizer returns the optimizer of the last run, to read its step count or gradient norm, or to save it; nil
// before the first run or when New failed.
func (m *Method) Optimizer() optim.Optimizer[float64] { return m.opt }

// Run carries out one optimization, as optimize.Minimize asks of a Method.
func (m *Method) Run(operation chan<- optimize.Task, result <-chan optimize.Task, tasks []optimize.Task) {
	m.status, m.err = m.run(operation, result, tasks[0])
	// A Method must read result until Minimize closes it, before it closes operation.
	for range result {
	}
	close(operation)
}

// run returns the status and error of a run the Method ends itself; a run Minimize ends returns NotTerminated.
func (m *Method) run(operation chan<- optimize.Task, result <-chan optimize.Task, task optimize.Task) (optimize.Status, error) {
	ok := true
	// The starting point comes with whichever values gonum's InitValues gave; evaluate the others.
	if need := (optimize.FuncEvaluation | optimize.GradEvaluation) &^ task.Op; need != 0 {
		if task, ok = exchange(operation, result, withOp(task, need)); !ok {
			return optimize.NotTerminated, nil
		}
	}
	done := func(s optimize.Status, err error) (optimize.Status, error) {
		operation <- withOp(task, optimize.MethodDone)
		return s, err
	}
	if err := check(task.Location, 0); err != nil {
		return done(optimize.Failure, err)
	}
	if task, ok = exchange(operation, result, withOp(task, optimize.MajorIteration)); !ok {
		return optimize.NotTerminated, nil
	}
	if m.converged(task.Gradient) {
		return done(optimize.GradientThreshold, nil)
	}
	if m.New == nil {
		return done(optimize.Failure, errors.New("gonumopt: Method.New is nil"))
	}
	p := &optim.Param[float64]{Name: "x", Value: slices.Clone(task.X), Grad: make([]float64, len(task.X))}
	var err error
	if m.opt, err = m.New(p); err != nil {
		return done(optimize.Failure, fmt.Errorf("gonumopt: Method.New: %w", err))
	}
	var sched *optim.Scheduler
	if m.Schedule != nil {
		if sched, err = optim.NewScheduler(m.opt, m.Schedule); err != nil {
			return done(optimize.Failure, fmt.Errorf("gonumopt: Method.Schedule: %w", err))
		}
	}
	for {
		copy(p.Grad, task.Gradient)
		if err := m.opt.Step(); err != nil {
			return done(optimize.Failure, fmt.Errorf("gonumopt: step %d: %w", m.opt.StepCount()+1, err))
		}
		if sched != nil {
			if err := sched.Step(); err != nil {
				return done(optimize.Failure, fmt.Errorf("gonumopt: schedule after step %d: %w", m.opt.StepCount(), err))
			}
		}
		copy(task.X, p.Value)
		if task, ok = exchange(operation, result, withOp(task, optimize.FuncEvaluation|optimize.GradEvaluation)); !ok {
			return optimize.NotTerminated, nil
		}
		if err := check(task.Location, m.opt.StepCount()); err != nil {
			return done(optimize.Failure, err)
		}
		if task, ok = exchange(operation, result, withOp(task, optimize.MajorIteration)); !ok {
			return optimize.NotTerminated, nil
		}
		if m.converged(task.Gradient) {
			return done(optimize.GradientThreshold, nil)
		}
	}
}

// withOp returns a task for op at t's location.
func withOp(t optimize.Task, op optimize.Operation) optimize.Task {
	t.Op = op
	return t
}

// exchange sends task and returns the result, or false when Minimize has ended the run (a PostIteration arrived).
func exchange(operation chan<- optimize.Task, result <-chan optimize.Task, task optimize.Task) (optimize.Task, bool) {
	operation <- task
	r := <-result
	return r, r.Op != optimize.PostIteration
}

// check returns an error for what gonum's local methods refuse at the start, f = +Inf or NaN or a gradient element
// that is not finite, here seen after step steps: a step from there would only spread the NaN.
func check(loc *optimize.Location, step int) error {
	if math.IsInf(loc.F, 1) || math.IsNaN(loc.F) {
		return fmt.Errorf("gonumopt: f(x) = %v after step %d", loc.F, step)
	}
	for i, g := range loc.Gradient {
		if math.IsInf(g, 0) || math.IsNaN(g) {
			return fmt.Errorf("gonumopt: gradient[%d] = %v after step %d", i, g, step)
		}
	}
	return nil
}

// converged reports whether every gradient element is below GradStopThreshold in magnitude (never for NaN).
func (m *Method) converged(grad []float64) bool {
	thresh := m.GradStopThreshold
	if thresh == 0 {
		thresh = defaultGradStop
	}
	for _, g := range grad {
		if !(math.Abs(g) < thresh) {
			return false
		}
	}
	return true
}
