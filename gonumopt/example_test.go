package gonumopt_test

import (
	"fmt"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/optimize/functions"

	"github.com/fastgrad/fastgrad/gonumopt"
	"github.com/fastgrad/fastgrad/optim"
)

// Adam with a cosine schedule and gradient clipping minimizes Rosenbrock's function through optimize.Minimize, whose
// default converger stops the run once f has not improved by 1e-10 in 100 iterations (at most 3000 here).
func Example() {
	cfg := optim.DefaultAdam()
	cfg.LR = 0.1
	m := gonumopt.For(optim.NewAdam[float64], cfg)
	m.Schedule, _ = optim.CosineAnnealingLR(3000, 1e-3)
	inner := m.New
	m.New = func(p *optim.Param[float64]) (optim.Optimizer[float64], error) {
		opt, err := inner(p)
		if err == nil {
			err = opt.SetClip(optim.Clip{MaxNorm: 100})
		}
		return opt, err
	}

	var f functions.ExtendedRosenbrock
	res, err := optimize.Minimize(optimize.Problem{Func: f.Func, Grad: f.Grad}, []float64{-1.2, 1},
		&optimize.Settings{MajorIterations: 3000}, m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v after %d steps: x = (%.6f, %.6f), f = %.1e\n", res.Status, m.Optimizer().StepCount(), res.X[0], res.X[1], res.F)
	// Output:
	// FunctionConvergence after 1610 steps: x = (0.999997, 0.999995), f = 6.7e-12
}

// For runs Adam with PyTorch's defaults under gonum's default settings, which stop it once f has not improved by
// 1e-10 in 100 iterations.
func ExampleFor() {
	x0 := []float64{-1.2, 1}
	var f functions.ExtendedRosenbrock
	problem := optimize.Problem{Func: f.Func, Grad: f.Grad}

	m := gonumopt.For(optim.NewAdam[float64], optim.DefaultAdam())
	res, err := optimize.Minimize(problem, x0, nil, m)

	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v after %d steps: f = %.1e\n", res.Status, m.Optimizer().StepCount(), res.F)
	// Output:
	// FunctionConvergence after 12422 steps: f = 2.9e-11
}
