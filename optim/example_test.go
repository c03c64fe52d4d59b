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
