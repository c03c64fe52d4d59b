package gonumopt_test

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/optimize"

	"github.com/fastgrad/fastgrad/gonumopt"
	"github.com/fastgrad/fastgrad/optim"
)

// BenchmarkMinimize times optimize.Minimize per major iteration on ½‖x‖², whose evaluation is one cheap pass, so
// that what a method does per iteration shows: fastgrad's Adam and SGD steps against gonum's GradientDescent and
// LBFGS, which also search along a line. Compare the methods with
//
//	go test -run '^$' -bench '^BenchmarkMinimize$' -benchtime 20x -count 6 ./gonumopt
func BenchmarkMinimize(b *testing.B) {
	const iters = 20
	methods := []comparedMethod{
		{name: "fastgrad-Adam", new: adamAt(1e-3)},
		{name: "fastgrad-SGD", new: func() optimize.Method { return gonumopt.For(optim.NewSGD[float64], optim.DefaultSGD()) }},
		{name: "gonum-GradientDescent", new: func() optimize.Method { return &optimize.GradientDescent{} }},
		{name: "gonum-LBFGS", new: func() optimize.Method { return &optimize.LBFGS{} }},
	}
	half := optimize.Problem{
		Func: func(x []float64) float64 {
			s := 0.0
			for _, v := range x {
				s += v * v
			}
			return s / 2
		},
		Grad: func(g, x []float64) { copy(g, x) },
	}
	for _, n := range []int{1 << 10, 1 << 20} {
		x0 := make([]float64, n)
		for i := range x0 {
			x0[i] = 1 + float64(i%7)
		}
		for _, cm := range methods {
			b.Run(fmt.Sprintf("n=%d/%s", n, cm.name), func(b *testing.B) {
				settings := &optimize.Settings{MajorIterations: iters, GradientThreshold: math.NaN(),
					Converger: &optimize.FunctionConverge{Iterations: math.MaxInt}}
				total := 0
				for b.Loop() {
					res, err := optimize.Minimize(half, x0, settings, cm.new())
					if err != nil || res.MajorIterations == 0 {
						b.Fatal(res, err)
					}
					total += res.MajorIterations
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(total), "ns/iter")
			})
		}
	}
}
