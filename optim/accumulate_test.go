package optim_test

import (
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// TestAccumulatorStepsOncePerK: with K = 4, Adam steps on every fourth micro-batch, on the mean of the four
// gradients, exactly as an Adam stepped directly on that mean.
func TestAccumulatorStepsOncePerK(t *testing.T) {
	const n, k = 37, 4
	p := &optim.Param[float32]{Name: "w", Value: make([]float32, n), Grad: make([]float32, n)}
	ref := &optim.Param[float32]{Name: "w", Value: make([]float32, n), Grad: make([]float32, n)}
	opt, err := optim.NewAdam([]*optim.Param[float32]{p}, optim.DefaultAdam())
	if err != nil {
		t.Fatal(err)
	}
	refOpt, err := optim.NewAdam([]*optim.Param[float32]{ref}, optim.DefaultAdam())
	if err != nil {
		t.Fatal(err)
	}
	acc, err := optim.NewAccumulator(opt, []*optim.Param[float32]{p}, k)
	if err != nil {
		t.Fatal(err)
	}
	for micro := range 3 * k {
		for i := range p.Grad {
			p.Grad[i] = float32((micro+1)*(i+1)) * 0.125
			ref.Grad[i] += p.Grad[i] * 0.25 // exact here: a power-of-two scale of small integers
		}
		stepped, err := acc.Add()
		if err != nil {
			t.Fatal(err)
		}
		if want := (micro+1)%k == 0; stepped != want {
			t.Fatalf("micro-batch %d: stepped %v, want %v", micro, stepped, want)
		}
		if !stepped {
			if acc.Pending() != (micro+1)%k {
				t.Fatalf("micro-batch %d: %d pending", micro, acc.Pending())
			}
			continue
		}
		if err := refOpt.Step(); err != nil {
			t.Fatal(err)
		}
		clear(ref.Grad)
		if opt.StepCount() != (micro+1)/k {
			t.Fatalf("micro-batch %d: step count %d, want %d", micro, opt.StepCount(), (micro+1)/k)
		}
		for i := range p.Value {
			if p.Value[i] != ref.Value[i] {
				t.Fatalf("micro-batch %d: w[%d] = %v, direct Adam on the mean %v", micro, i, p.Value[i], ref.Value[i])
			}
		}
	}
	// Reset drops what was pending.
	acc.Add()
	acc.Reset()
	if acc.Pending() != 0 {
		t.Fatalf("Reset left %d pending", acc.Pending())
	}
	if a := testing.AllocsPerRun(100, func() { acc.Add() }); a != 0 {
		t.Fatalf("%v allocations per Add", a)
	}
	if _, err := optim.NewAccumulator(opt, []*optim.Param[float32]{p}, 0); err == nil {
		t.Fatal("k = 0 accepted")
	}
	if _, err := optim.NewAccumulator[float32](nil, []*optim.Param[float32]{p}, 2); err == nil {
		t.Fatal("a nil optimizer accepted")
	}
	p.Grad = p.Grad[:n-1]
	if _, err := acc.Add(); err == nil {
		t.Fatal("a resized Grad was accepted")
	}
}
