package optim

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// Accumulator runs an optimizer on gradients accumulated over K micro-batches: the update, and the optimizer's
// step count, advance once per K calls of Add, not once per micro-batch. It reproduces PyTorch's idiom of dividing
// each micro-batch's loss by K and letting backward() add into .grad: Add adds Grad/K into a running sum, and the
// K-th Add puts the sum into Grad and steps. Per micro-batch:
//
//	compute(w, g) // this micro-batch's gradient into the params' Grad
//	stepped, err := acc.Add()
//
// It allocates the sums once, in NewAccumulator, and nothing per call.
type Accumulator[F kernels.Float] struct {
	opt    interface{ Step() error }
	params []*Param[F]
	lens   []int
	k      int
	n      int // micro-batches added since the last step
	inv    F   // 1/K, rounded to F once
	sums   [][]F
}

// NewAccumulator returns an accumulator that steps opt once per k micro-batches, over the gradients of params
// (those of opt). k = 1 steps on every call, on the gradient as it is.
func NewAccumulator[F kernels.Float](opt interface{ Step() error }, params []*Param[F], k int) (*Accumulator[F], error) {
	if isNil(opt) {
		return nil, fmt.Errorf("optim: Accumulator: nil optimizer")
	}
	if k < 1 {
		return nil, fmt.Errorf("optim: Accumulator: k=%d micro-batches, want ≥ 1", k)
	}
	lens, err := checkParams(params)
	if err != nil {
		return nil, err
	}
	a := &Accumulator[F]{opt: opt, params: params, lens: lens, k: k, inv: F(1 / float64(k))}
	if k > 1 {
		a.sums = make([][]F, len(params))
		for i, n := range lens {
			a.sums[i] = make([]F, n)
		}
	}
	return a, nil
}

// Add takes the current micro-batch's gradients. On the K-th call since the last step it sets every Grad to the
// accumulated Σ Grad/K (in the order the micro-batches came) and steps the optimizer, reporting stepped true and
// the optimizer's error; otherwise it only accumulates. Grad is left as it was on the calls that do not step.
func (a *Accumulator[F]) Add() (stepped bool, err error) {
	if err := checkUnchanged(a.params, a.lens); err != nil {
		return false, err
	}
	if a.k == 1 {
		return true, a.opt.Step()
	}
	for i, p := range a.params {
		kernels.Axpy(a.inv, p.Grad, a.sums[i])
	}
	a.n++
	if a.n < a.k {
		return false, nil
	}
	for i, p := range a.params {
		copy(p.Grad, a.sums[i])
		clear(a.sums[i])
	}
	a.n = 0
	return true, a.opt.Step()
}

// Pending returns the micro-batches accumulated since the last step.
func (a *Accumulator[F]) Pending() int { return a.n }

// Reset drops the micro-batches accumulated since the last step.
func (a *Accumulator[F]) Reset() {
	for _, s := range a.sums {
		clear(s)
	}
	a.n = 0
}
