package optim_test

import (
	"fmt"

	"github.com/fastgrad/fastgrad/optim"
)

// Adam minimises (w − 3)² from w = 0.
func ExampleAdam() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultAdam()
	cfg.LR = 0.1
	opt, err := optim.NewAdam([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	for range 500 {
		p.Grad[0] = 2 * (p.Value[0] - 3)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.4f after %d steps\n", p.Value[0], opt.StepCount())
	// Output: w = 3.0000 after 500 steps
}

// quadratic sets p's gradient for (w − 3)².
func quadratic(p *optim.Param[float64]) { p.Grad[0] = 2 * (p.Value[0] - 3) }

// SGD with Nesterov momentum minimises (w − 3)² from w = 0.
func ExampleSGD() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultSGD()
	cfg.LR, cfg.Momentum, cfg.Nesterov = 0.05, 0.9, true
	opt, err := optim.NewSGD([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	for range 200 {
		quadratic(p)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.4f\n", p.Value[0])
	// Output: w = 3.0000
}

// Adagrad minimises (w − 3)² from w = 0.
func ExampleAdagrad() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultAdagrad()
	cfg.LR = 1
	opt, err := optim.NewAdagrad([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	for range 500 {
		quadratic(p)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.4f\n", p.Value[0])
	// Output: w = 3.0000
}

// Centered RMSprop minimises (w − 3)² from w = 0.
func ExampleRMSprop() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultRMSprop()
	cfg.Centered = true
	opt, err := optim.NewRMSprop([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	for range 1000 {
		quadratic(p)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.2f\n", p.Value[0])
	// Output: w = 3.00
}

// Adamax minimises (w − 3)² from w = 0.
func ExampleAdamax() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultAdamax()
	cfg.LR = 0.1
	opt, err := optim.NewAdamax([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	for range 500 {
		quadratic(p)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.3f\n", p.Value[0])
	// Output: w = 3.000
}

// NAdam minimises (w − 3)² from w = 0.
func ExampleNAdam() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultNAdam()
	cfg.LR = 0.1
	opt, err := optim.NewNAdam([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	for range 500 {
		quadratic(p)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.3f\n", p.Value[0])
	// Output: w = 3.000
}

// RAdam minimises (w − 3)² from w = 0.
func ExampleRAdam() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultRAdam()
	cfg.LR = 0.1
	opt, err := optim.NewRAdam([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	for range 500 {
		quadratic(p)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.3f\n", p.Value[0])
	// Output: w = 3.000
}

// Adadelta needs no learning rate to speak of; it still minimises (w − 3)² from w = 0, slowly.
func ExampleAdadelta() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	opt, err := optim.NewAdadelta([]*optim.Param[float64]{p}, optim.DefaultAdadelta())
	if err != nil {
		panic(err)
	}
	for range 5000 {
		quadratic(p)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.2f\n", p.Value[0])
	// Output: w = 3.00
}

// Lion moves every weight by ±LR per step: from w = 0 it reaches 3 within one LR.
func ExampleLion() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultLion()
	cfg.LR = 0.01
	opt, err := optim.NewLion([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	for range 1000 {
		quadratic(p)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("|w − 3| ≤ LR: %v\n", p.Value[0] > 3-0.0101 && p.Value[0] < 3+0.0101)
	// Output: |w − 3| ≤ LR: true
}
