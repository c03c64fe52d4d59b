package optim_test

import (
	"errors"
	"fmt"

	"github.com/fastgrad/fastgrad/optim"
)

// An optimizer over your own buffers, the README's second example: Adam with PyTorch's defaults fits w to ¼.
func Example() {
	w, g := []float32{0, 0}, []float32{0, 0}
	const steps = 2000

	p := &optim.Param[float32]{Name: "w", Value: w, Grad: g}
	opt, err := optim.NewAdam([]*optim.Param[float32]{p}, optim.DefaultAdam())
	if err != nil {
		panic(err)
	}
	for range steps {
		computeGrad(w, g)
		if err := opt.Step(); err != nil { // zero allocations
			panic(err)
		}
	}
	fmt.Printf("%.3f\n", w)
	// Output: [0.250 0.250]
}

// A whole trainer: AdamW, warmup then cosine annealing, clipping, dynamic loss scaling and accumulation over
// micro-batches, as the README shows it, fitting w₀·x + w₁ to data on the line y = 4x + 4.
func Example_trainer() {
	w, g := []float32{0, 0}, []float32{0, 0}
	batches := make([]batch, 4000)
	for i := range batches {
		batches[i] = batch{x: float32(i%17)/8 - 1, y: 0.5 * float32(i%17)}
	}
	if err := train(w, g, batches); err != nil {
		panic(err)
	}
	fmt.Printf("w = %.3f\n", w)
	// Output: w = [3.992 3.995]
}

// batch is a micro-batch of the examples' data: an input x and its target y, where the model is w₀·x + w₁.
type batch struct{ x, y float32 }

// computeGrad sets g to the gradient of Σ(wᵢ − ¼)².
func computeGrad(w, g []float32) {
	for i := range w {
		g[i] = 2 * (w[i] - 0.25)
	}
}

// computeBatchGrad sets g to the gradient of scale·(w₀·x + w₁ − y)² over batch b.
func computeBatchGrad(w, g []float32, b batch, scale float32) {
	r := float32(w[0]*b.x) + w[1] - b.y
	g[0], g[1] = scale*2*float32(r*b.x), scale*2*r
}

// train fits w to batches: the README's trainer.
func train(w, g []float32, batches []batch) error {
	p := &optim.Param[float32]{Name: "w", Value: w, Grad: g} // your buffers, updated in place
	params := []*optim.Param[float32]{p}
	cfg := optim.DefaultAdamW() // DecoupledWeightDecay; DefaultAdam() is Adam, no decay
	cfg.LR = 0.05
	opt, err := optim.NewAdam(params, cfg)
	if err != nil {
		return err
	}
	if err := opt.SetClip(optim.Clip{MaxNorm: 1}); err != nil { // clip_grad_norm_ inside Step
		return err
	}
	warmup, err1 := optim.LinearLR(0.1, 1, 10) // PyTorch's schedules, plus 1/t, c/tᵖ and Vowpal Wabbit's decay
	cosine, err2 := optim.CosineAnnealingLR(990, 0)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	schedule, err := optim.SequentialLR([]optim.Schedule{warmup, cosine}, []int{10})
	if err != nil {
		return err
	}
	sched, err := optim.NewScheduler(opt, schedule) // or NewReduceLROnPlateau
	if err != nil {
		return err
	}
	scaler, err := optim.NewGradScaler(params, optim.DefaultGradScaler()) // dynamic loss scaling, as GradScaler
	if err != nil {
		return err
	}
	acc, err := optim.NewAccumulator(scaler.StepOf(opt), params, 4) // one update per 4 micro-batches
	if err != nil {
		return err
	}

	for _, b := range batches {
		computeBatchGrad(w, g, b, float32(scaler.Scale())) // the gradient of Scale()·loss into g
		stepped, err := acc.Add()                          // unscales; skips the step if a gradient is not finite
		if err != nil {
			return err
		}
		if stepped {
			scaler.Update()
			if err := sched.Step(); err != nil {
				return err
			}
		}
	}
	return nil
}
