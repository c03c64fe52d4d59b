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
	descend(opt, p, 500)
	fmt.Printf("w = %.4f after %d steps\n", p.Value[0], opt.StepCount())
	// Output: w = 3.0000 after 500 steps
}

// descend takes steps of opt down (w − 3)², the gradient computed into p before each.
func descend(opt interface{ Step() error }, p *optim.Param[float64], steps int) {
	for range steps {
		p.Grad[0] = 2 * (p.Value[0] - 3)
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
}

// SGD with Nesterov momentum minimises (w − 3)² from w = 0.
func ExampleSGD() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultSGD()
	cfg.LR, cfg.Momentum, cfg.Nesterov = 0.05, 0.9, true
	opt, err := optim.NewSGD([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	descend(opt, p, 200)
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
	descend(opt, p, 500)
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
	descend(opt, p, 1000)
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
	descend(opt, p, 500)
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
	descend(opt, p, 500)
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
	descend(opt, p, 500)
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
	descend(opt, p, 5000)
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
	descend(opt, p, 1000)
	fmt.Printf("|w − 3| ≤ LR: %v\n", p.Value[0] > 3-0.0101 && p.Value[0] < 3+0.0101)
	// Output: |w − 3| ≤ LR: true
}

// A training loop: AdamW with a linear warmup then cosine decay, the gradient accumulated over 4 micro-batches,
// and dynamic loss scaling.
func Example_trainingLoop() {
	w := []float32{0, 0}
	p := &optim.Param[float32]{Name: "w", Value: w, Grad: make([]float32, 2)}
	params := []*optim.Param[float32]{p}
	cfg := optim.DefaultAdamW()
	cfg.LR = 0.1
	opt, err := optim.NewAdam(params, cfg)
	if err != nil {
		panic(err)
	}
	warmup, _ := optim.LinearLR(0.1, 1, 10)
	cosine, _ := optim.CosineAnnealingLR(90, 0)
	schedule, _ := optim.SequentialLR([]optim.Schedule{warmup, cosine}, []int{10})
	sched, err := optim.NewScheduler(opt, schedule)
	if err != nil {
		panic(err)
	}
	scaler, err := optim.NewGradScaler(params, optim.DefaultGradScaler())
	if err != nil {
		panic(err)
	}
	acc, err := optim.NewAccumulator(scaler.StepOf(opt), params, 4)
	if err != nil {
		panic(err)
	}
	for range 400 {
		// The scaled gradient of (w0 − 1)² + (w1 + 2)², as if from one micro-batch.
		s := float32(scaler.Scale())
		p.Grad[0], p.Grad[1] = s*2*(w[0]-1), s*2*(w[1]+2)
		stepped, err := acc.Add()
		if err != nil {
			panic(err)
		}
		if stepped {
			scaler.Update()
			if err := sched.Step(); err != nil {
				panic(err)
			}
		}
	}
	fmt.Printf("w = (%.1f, %.1f) after %d steps\n", w[0], w[1], opt.StepCount())
	// Output: w = (1.0, -2.0) after 100 steps
}

// ASGD on a gradient with noise: the weights keep moving with the noise, their average (from step T0 + 3 on)
// settles at the minimum.
func ExampleASGD_Averaged() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	cfg := optim.DefaultASGD()
	cfg.LR, cfg.T0 = 0.2, 100
	opt, err := optim.NewASGD([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		panic(err)
	}
	for k := range 1000 {
		noise := float64(2 - 4*(k%2)) // ±2 in turn
		p.Grad[0] = 2*(p.Value[0]-3) + noise
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.2f, averaged = %.2f\n", p.Value[0], opt.Averaged(0)[0])
	// Output: w = 3.25, averaged = 3.00
}
