package optim_test

import (
	"fmt"

	"github.com/fastgrad/fastgrad/optim"
)

// groups stands in for an optimizer: a learning rate per parameter group.
type groups []float64

func (g groups) NumGroups() int                { return len(g) }
func (g groups) LR(i int) float64              { return g[i] }
func (g groups) SetLR(i int, lr float64) error { g[i] = lr; return nil }

// A linear warmup over 5 steps, then a cosine decay over the remaining 15, for two parameter groups with their own
// base rates.
func ExampleScheduler() {
	warmup, err := optim.LinearLR(0.1, 1, 5)
	if err != nil {
		panic(err)
	}
	decay, err := optim.CosineAnnealingLR(15, 0)
	if err != nil {
		panic(err)
	}
	s, err := optim.SequentialLR([]optim.Schedule{warmup, decay}, []int{5})
	if err != nil {
		panic(err)
	}
	opt := groups{0.1, 0.01} // the base rates
	sched, err := optim.NewScheduler(opt, s)
	if err != nil {
		panic(err)
	}
	for step := range 20 {
		if step%4 == 0 {
			fmt.Printf("step %2d: %.4f %.5f\n", step, opt.LR(0), opt.LR(1))
		}
		// ... compute the gradients and take the optimizer step with these rates, then:
		if err := sched.Step(); err != nil {
			panic(err)
		}
	}
	// Output:
	// step  0: 0.0100 0.00100
	// step  4: 0.0820 0.00820
	// step  8: 0.0905 0.00905
	// step 12: 0.0552 0.00552
	// step 16: 0.0165 0.00165
}
