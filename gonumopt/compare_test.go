package gonumopt_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/optimize/functions"

	"github.com/fastgrad/fastgrad/gonumopt"
	"github.com/fastgrad/fastgrad/optim"
)

// testFunction is one of gonum's test problems with a known minimum value.
type testFunction struct {
	name string
	f    interface {
		Func([]float64) float64
		Grad(grad, x []float64)
	}
	x0   []float64
	fMin float64
}

// comparedFunctions are gonum's own test problems: Rosenbrock's valley in 2 and 10 dimensions, and two badly
// scaled ones whose minima lie where the coordinates differ by orders of magnitude.
var comparedFunctions = []testFunction{
	{"Rosenbrock", functions.ExtendedRosenbrock{}, []float64{-1.2, 1}, 0},
	{"ExtendedRosenbrock (10)", functions.ExtendedRosenbrock{}, []float64{-1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1}, 0},
	{"Wood", functions.Wood{}, []float64{-3, -1, -3, -1}, 0},
	{"BrownBadlyScaled", functions.BrownBadlyScaled{}, []float64{1, 1}, 0},
	{"PowellBadlyScaled", functions.PowellBadlyScaled{}, []float64{0, 1}, 0},
}

var (
	valleys = []string{"Rosenbrock", "ExtendedRosenbrock (10)", "Wood"}
	all     = append(slices.Clone(valleys), "BrownBadlyScaled", "PowellBadlyScaled")
)

// comparedMethod names a Method and builds a fresh one.
type comparedMethod struct {
	name string
	new  func() optimize.Method
	// reaches lists the functions the method must bring within the tolerance: a regression check on the table.
	reaches []string
}

func adamAt(lr float64) func() optimize.Method {
	return func() optimize.Method {
		cfg := optim.DefaultAdam()
		cfg.LR = lr
		return gonumopt.For(optim.NewAdam[float64], cfg)
	}
}

// reach runs m on tf until f − fMin ≤ tol or the iteration limit, and returns the major iterations and the
// function and gradient evaluations it took, and whether it got there.
func reach(tf testFunction, m optimize.Method, tol float64, limit int) (iters, evals int, ok bool, err error) {
	best := math.Inf(1)
	p := optimize.Problem{
		Func: func(x []float64) float64 {
			f := tf.f.Func(x)
			best = min(best, f)
			return f
		},
		Grad: tf.f.Grad,
		Status: func() (optimize.Status, error) {
			if best-tf.fMin <= tol {
				return optimize.Success, nil
			}
			return optimize.NotTerminated, nil
		},
	}
	x0 := append([]float64(nil), tf.x0...)
	res, err := optimize.Minimize(p, x0, &optimize.Settings{
		MajorIterations: limit, GradientThreshold: math.NaN(),
		Converger: &optimize.FunctionConverge{Iterations: math.MaxInt},
	}, m)
	if res == nil {
		return 0, 0, false, err
	}
	return res.MajorIterations, res.FuncEvaluations + res.GradEvaluations, best-tf.fMin <= tol, err
}

// TestCompareWithGonum prints, as a Markdown table, the iterations and evaluations each method needs to bring
// gonum's test functions within 1e-6 of their minimum value. Run it with
//
//	go test -run TestCompareWithGonum -v ./gonumopt
func TestCompareWithGonum(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for seconds")
	}
	const tol, limit = 1e-6, 200000
	methods := []comparedMethod{
		{"gonum GradientDescent", func() optimize.Method { return &optimize.GradientDescent{} }, valleys},
		{"gonum LBFGS", func() optimize.Method { return &optimize.LBFGS{} }, all},
		{"fastgrad Adam, lr 1e-3", adamAt(1e-3), valleys},
		{"fastgrad Adam, lr 1e-2", adamAt(1e-2), valleys},
		{"fastgrad Adam, lr 1e-1", adamAt(1e-1), valleys},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| function | %s |\n|---|", strings.Join(names(methods), " | "))
	b.WriteString(strings.Repeat("---:|", len(methods)) + "\n")
	for _, tf := range comparedFunctions {
		fmt.Fprintf(&b, "| %s |", tf.name)
		for _, cm := range methods {
			iters, evals, ok, err := reach(tf, cm.new(), tol, limit)
			if !ok && slices.Contains(cm.reaches, tf.name) {
				t.Errorf("%s on %s: did not reach %g in %d iterations (err %v)", cm.name, tf.name, tol, limit, err)
			}
			switch {
			case ok:
				fmt.Fprintf(&b, " %d / %d |", iters, evals)
			case err != nil:
				fmt.Fprintf(&b, " failed (%v) |", err)
			default:
				fmt.Fprintf(&b, " not in %d |", limit)
			}
		}
		b.WriteString("\n")
	}
	t.Logf("major iterations / function+gradient evaluations to f − f* ≤ %g:\n%s", tol, b.String())
}

func names(ms []comparedMethod) []string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = m.name
	}
	return s
}
