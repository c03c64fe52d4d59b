package gonumopt_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/optimize/functions"

	"github.com/fastgrad/fastgrad/gonumopt"
	"github.com/fastgrad/fastgrad/optim"
)

// xRecorder keeps x at every major iteration Minimize records.
type xRecorder struct{ xs [][]float64 }

func (r *xRecorder) Init() error { return nil }

func (r *xRecorder) Record(loc *optimize.Location, op optimize.Operation, _ *optimize.Stats) error {
	if op == optimize.MajorIteration {
		r.xs = append(r.xs, slices.Clone(loc.X))
	}
	return nil
}

// manual runs the Method's documented loop for steps steps and returns x after each (x0 first).
func manual(t *testing.T, m *gonumopt.Method, f functions.ExtendedRosenbrock, x0 []float64, steps int) [][]float64 {
	t.Helper()
	p := &optim.Param[float64]{Name: "x", Value: slices.Clone(x0), Grad: make([]float64, len(x0))}
	opt, err := m.New(p)
	if err != nil {
		t.Fatal(err)
	}
	var sched *optim.Scheduler
	if m.Schedule != nil {
		if sched, err = optim.NewScheduler(opt, m.Schedule); err != nil {
			t.Fatal(err)
		}
	}
	xs := [][]float64{slices.Clone(x0)}
	for range steps {
		f.Grad(p.Grad, p.Value)
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		if sched != nil {
			if err := sched.Step(); err != nil {
				t.Fatal(err)
			}
		}
		xs = append(xs, slices.Clone(p.Value))
	}
	return xs
}

func rosenbrock() optimize.Problem {
	var f functions.ExtendedRosenbrock
	return optimize.Problem{Func: f.Func, Grad: f.Grad}
}

// TestMethodIsTheLoop checks that the x of every major iteration has the bits of the documented training loop, for
// each optimizer, with a schedule and clipping.
func TestMethodIsTheLoop(t *testing.T) {
	clipped := func(m *gonumopt.Method) *gonumopt.Method {
		inner := m.New
		m.New = func(p *optim.Param[float64]) (optim.Optimizer[float64], error) {
			o, err := inner(p)
			if err == nil {
				err = o.SetClip(optim.Clip{MaxNorm: 10})
			}
			return o, err
		}
		return m
	}
	stepLR, err := optim.StepLR(7, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	scheduled := func(m *gonumopt.Method) *gonumopt.Method {
		m.Schedule = stepLR
		return m
	}
	adam := optim.DefaultAdam()
	adam.LR = 0.05
	sgd := optim.DefaultSGD()
	sgd.LR, sgd.Momentum, sgd.Nesterov = 1e-3, 0.9, true
	asgd := optim.DefaultASGD()
	asgd.LR = 1e-4
	cases := map[string]*gonumopt.Method{
		"Adam":             gonumopt.For(optim.NewAdam[float64], adam),
		"Adam+clip":        clipped(gonumopt.For(optim.NewAdam[float64], adam)),
		"Adam+StepLR":      scheduled(gonumopt.For(optim.NewAdam[float64], adam)),
		"SGD-Nesterov":     gonumopt.For(optim.NewSGD[float64], sgd),
		"SGD+clip+StepLR":  scheduled(clipped(gonumopt.For(optim.NewSGD[float64], sgd))),
		"Lion":             gonumopt.For(optim.NewLion[float64], optim.DefaultLion()),
		"RMSprop":          gonumopt.For(optim.NewRMSprop[float64], optim.DefaultRMSprop()),
		"Adagrad":          gonumopt.For(optim.NewAdagrad[float64], optim.DefaultAdagrad()),
		"Adamax":           gonumopt.For(optim.NewAdamax[float64], optim.DefaultAdamax()),
		"NAdam":            gonumopt.For(optim.NewNAdam[float64], optim.DefaultNAdam()),
		"RAdam":            gonumopt.For(optim.NewRAdam[float64], optim.DefaultRAdam()),
		"Adadelta":         gonumopt.For(optim.NewAdadelta[float64], optim.DefaultAdadelta()),
		"ASGD":             gonumopt.For(optim.NewASGD[float64], asgd),
		"Rprop":            gonumopt.For(optim.NewRprop[float64], optim.DefaultRprop()),
		"Adam, 2 workers":  workers(gonumopt.For(optim.NewAdam[float64], adam)),
		"Adam, no default": {New: gonumopt.For(optim.NewAdam[float64], adam).New, GradStopThreshold: math.NaN()},
	}
	x0 := []float64{-1.2, 1, -1.2, 1, 0.5, -0.3}
	const iters = 40
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			rec := &xRecorder{}
			res, err := optimize.Minimize(rosenbrock(), slices.Clone(x0), &optimize.Settings{
				MajorIterations: iters, Recorder: rec, Converger: &optimize.FunctionConverge{Iterations: math.MaxInt},
			}, m)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != optimize.IterationLimit {
				t.Fatalf("status %v, want IterationLimit", res.Status)
			}
			if len(rec.xs) < iters-1 {
				t.Fatalf("%d major iterations recorded, want at least %d", len(rec.xs), iters-1)
			}
			want := manual(t, m, functions.ExtendedRosenbrock{}, x0, len(rec.xs)-1)
			for k, x := range rec.xs {
				for i := range x {
					if math.Float64bits(x[i]) != math.Float64bits(want[k][i]) {
						t.Fatalf("major iteration %d: x[%d] = %v, the loop gives %v", k, i, x[i], want[k][i])
					}
				}
			}
			if got := m.Optimizer().StepCount(); got < len(rec.xs)-1 {
				t.Fatalf("optimizer took %d steps, want at least %d", got, len(rec.xs)-1)
			}
		})
	}
}

func workers(m *gonumopt.Method) *gonumopt.Method {
	inner := m.New
	m.New = func(p *optim.Param[float64]) (optim.Optimizer[float64], error) {
		o, err := inner(p)
		if err == nil {
			err = o.SetWorkers(2)
		}
		return o, err
	}
	return m
}

// TestMethodRerun checks that a second run starts a new optimizer: the same run twice gives the same bits.
func TestMethodRerun(t *testing.T) {
	m := gonumopt.For(optim.NewAdam[float64], optim.DefaultAdam())
	settings := func() *optimize.Settings {
		return &optimize.Settings{MajorIterations: 25, Converger: &optimize.FunctionConverge{Iterations: math.MaxInt}}
	}
	a, err := optimize.Minimize(rosenbrock(), []float64{-1.2, 1}, settings(), m)
	if err != nil {
		t.Fatal(err)
	}
	b, err := optimize.Minimize(rosenbrock(), []float64{-1.2, 1}, settings(), m)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.X, b.X) || a.F != b.F || a.MajorIterations != b.MajorIterations {
		t.Fatalf("two runs differ: %v %v / %v %v", a.X, a.F, b.X, b.F)
	}
}

// TestMethodGradientThreshold checks the Method's own stop: a quadratic Adagrad drives to its minimum.
func TestMethodGradientThreshold(t *testing.T) {
	cfg := optim.DefaultSGD()
	cfg.LR = 0.25
	m := gonumopt.For(optim.NewSGD[float64], cfg)
	m.GradStopThreshold = 1e-9
	sphere := functions.Sphere{}
	res, err := optimize.Minimize(optimize.Problem{Func: sphere.Func, Grad: sphere.Grad}, []float64{3, -4, 1}, &optimize.Settings{
		MajorIterations: 1000,
		Converger:       &optimize.FunctionConverge{Iterations: math.MaxInt},
	}, m)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != optimize.GradientThreshold {
		t.Fatalf("status %v, want GradientThreshold", res.Status)
	}
	for _, g := range res.Gradient {
		if math.Abs(g) >= 1e-9 {
			t.Fatalf("gradient %v at the stop, want every |g| < 1e-9", res.Gradient)
		}
	}
}

// TestMethodErrors checks that what cannot run fails with an error that says why, and leaves gonum's run sound.
func TestMethodErrors(t *testing.T) {
	good := gonumopt.For(optim.NewAdam[float64], optim.DefaultAdam())
	badLR := optim.DefaultAdam()
	badLR.LR = -1
	nanAt := func(bad float64) optimize.Problem {
		return optimize.Problem{
			Func: func(x []float64) float64 {
				if x[0] == bad {
					return math.NaN()
				}
				return x[0] * x[0]
			},
			Grad: func(g, x []float64) { g[0] = 2 * x[0] },
		}
	}
	nanAfterStart := optimize.Problem{
		Func: func(x []float64) float64 {
			if x[0] != 1 {
				return math.NaN()
			}
			return 1
		},
		Grad: func(g, x []float64) { g[0] = 2 * x[0] },
	}
	nanGrad := optimize.Problem{Func: func(x []float64) float64 { return x[0] * x[0] }, Grad: func(g, x []float64) { g[0] = math.Inf(1) }}
	failingSchedule := &gonumopt.Method{New: good.New, Schedule: nanAfter(3)}
	for _, c := range []struct {
		name string
		m    *gonumopt.Method
		p    optimize.Problem
		x0   []float64
		want string
	}{
		{"no New", &gonumopt.Method{}, rosenbrock(), []float64{-1.2, 1}, "Method.New is nil"},
		{"New fails", gonumopt.For(optim.NewAdam[float64], badLR), rosenbrock(), []float64{-1.2, 1}, "Method.New"},
		{"NaN at the start", good, nanAt(1), []float64{1}, "f(x) = NaN after step 0"},
		{"NaN after a step", good, nanAfterStart, []float64{1}, "f(x) = NaN after step 1"},
		{"gradient +Inf", good, nanGrad, []float64{1}, "gradient[0] = +Inf after step 0"},
		{"schedule fails", failingSchedule, rosenbrock(), []float64{-1.2, 1}, "schedule after step 3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := optimize.Minimize(c.p, c.x0, nil, c.m)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one containing %q", err, c.want)
			}
			if res.Status != optimize.Failure {
				t.Fatalf("status %v, want Failure", res.Status)
			}
		})
	}
}

// nanAfter is a schedule whose rate becomes NaN at step t, which a Scheduler refuses.
type nanAfter int

func (n nanAfter) Rate(base float64, t int) float64 {
	if t >= int(n) {
		return math.NaN()
	}
	return base
}

// TestMethodNeedsGradient checks Uses: a problem without a gradient is refused before anything runs.
func TestMethodNeedsGradient(t *testing.T) {
	m := gonumopt.For(optim.NewAdam[float64], optim.DefaultAdam())
	if _, err := m.Uses(optimize.Available{}); !errors.Is(err, optimize.ErrMissingGrad) {
		t.Fatalf("Uses without a gradient: %v, want ErrMissingGrad", err)
	}
	if uses, err := m.Uses(optimize.Available{Grad: true, Hess: true}); err != nil || !uses.Grad || uses.Hess {
		t.Fatalf("Uses with a gradient and Hessian = %+v, %v; want the gradient only", uses, err)
	}
}
