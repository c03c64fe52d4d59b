package optim_test

import (
	"fmt"

	"github.com/fastgrad/fastgrad/optim"
)

// An exponential moving average of the weights, kept beside SGD, evaluated by swapping it in and then restoring
// the trained weights; with NewSWA instead, the average is the equal-weight mean of the updates.
func ExampleNewEMA() {
	p := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	params := []*optim.Param[float64]{p}
	opt, err := optim.NewSGD(params, optim.SGDConfig{LR: 0.1})
	if err != nil {
		panic(err)
	}
	ema, err := optim.NewEMA(params, optim.EMAConfig{Decay: 0.9})
	if err != nil {
		panic(err)
	}
	for range 30 {
		p.Grad[0] = 2 * (p.Value[0] - 3) // the gradient of (w − 3)²
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if err := ema.Update(); err != nil { // the first Update copies
			panic(err)
		}
	}
	if err := ema.Swap(); err != nil { // the parameters now hold the averages
		panic(err)
	}
	fmt.Printf("evaluated at the average w = %.4f over %d updates\n", p.Value[0], ema.Count())
	if err := ema.Swap(); err != nil { // and the trained weights again
		panic(err)
	}
	fmt.Printf("trained w = %.4f\n", p.Value[0])
	// Output:
	// evaluated at the average w = 2.7995 over 30 updates
	// trained w = 2.9963
}
