package optim_test

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/fastgrad/fastgrad/optim"
)

// Two parameter groups: the weight with AdamW's decay and a fast rate, the bias without decay at a slow one. A
// schedule halves each group's own rate every 100 steps.
func ExampleNewAdamGroups() {
	w := &optim.Param[float64]{Name: "w", Value: []float64{0}, Grad: []float64{0}}
	b := &optim.Param[float64]{Name: "b", Value: []float64{0}, Grad: []float64{0}}
	weights, biases := []*optim.Param[float64]{w}, []*optim.Param[float64]{b}
	opt, err := optim.NewAdamGroups(
		optim.NewGroup(weights, optim.DefaultAdamW()),
		optim.NewGroup(biases, optim.DefaultAdam()), // no weight decay
	)
	if err != nil {
		panic(err)
	}
	if err := errors.Join(opt.SetLR(0, 0.1), opt.SetLR(1, 0.01)); err != nil {
		panic(err)
	}
	halve, err := optim.StepLR(100, 0.5)
	if err != nil {
		panic(err)
	}
	sched, err := optim.NewScheduler(opt, halve)
	if err != nil {
		panic(err)
	}
	for range 300 {
		w.Grad[0], b.Grad[0] = 2*(w.Value[0]-3), 2*(b.Value[0]+1)
		if err := errors.Join(opt.Step(), sched.Step()); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.2f, b = %.2f; rates %v and %v\n", w.Value[0], b.Value[0], opt.LR(0), opt.LR(1))
	// Output: w = 2.98, b = -0.96; rates 0.0125 and 0.00125
}

// A checkpoint of a whole run: the optimizer, its scheduler and its loss scaler, restored together into a fresh
// run over the same parameters.
func ExampleSaveCheckpoint() {
	newRun := func(w []float32) (*optim.Param[float32], *optim.Adam[float32], *optim.Scheduler, *optim.GradScaler[float32]) {
		p := &optim.Param[float32]{Name: "w", Value: w, Grad: make([]float32, len(w))}
		params := []*optim.Param[float32]{p}
		opt, _ := optim.NewAdam(params, optim.DefaultAdam())
		cosine, _ := optim.CosineAnnealingLR(100, 0)
		sched, _ := optim.NewScheduler(opt, cosine)
		scaler, _ := optim.NewGradScaler(params, optim.DefaultGradScaler())
		return p, opt, sched, scaler
	}
	p, opt, sched, scaler := newRun([]float32{1, 2})
	for range 10 {
		p.Grad[0], p.Grad[1] = float32(scaler.Scale()), -float32(scaler.Scale())
		scaler.Step(opt)
		scaler.Update()
		sched.Step()
	}
	var ckpt bytes.Buffer // or optim.SaveCheckpointFile(path, …), which writes atomically
	if err := optim.SaveCheckpoint(&ckpt, opt, sched, scaler); err != nil {
		panic(err)
	}

	_, opt2, sched2, scaler2 := newRun([]float32{p.Value[0], p.Value[1]})
	if err := optim.LoadCheckpoint(&ckpt, opt2, sched2, scaler2); err != nil {
		panic(err)
	}
	fmt.Println(opt2.StepCount(), sched2.StepCount(), opt2.LR(0) == opt.LR(0), scaler2.Scale())
	// Output: 10 10 true 65536
}
