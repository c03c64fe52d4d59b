package shard_test

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/optim/shard"
)

// A message of an all-gather between goroutines: the sender's rank and its part.
type part struct {
	from int
	data []float32
}

// allGather stands in for a collective library's all-gatherv over channels: worker k sends x[span(k)] to every
// other worker's inbox and copies each worker j's x[span(j)] it receives into its own x.
func allGather(k int, x []float32, span func(int) (int, int), inbox []chan part) {
	lo, hi := span(k)
	for j := range inbox {
		if j != k {
			inbox[j] <- part{k, slices.Clone(x[lo:hi])}
		}
	}
	for range len(inbox) - 1 {
		m := <-inbox[k]
		lo, hi := span(m.from)
		copy(x[lo:hi], m.data)
	}
}

// tensors returns parameters over one flat values buffer and one flat gradient buffer.
func tensors(lens []int, w, g []float32) []*optim.Param[float32] {
	var ps []*optim.Param[float32]
	off := 0
	for t, n := range lens {
		ps = append(ps, &optim.Param[float32]{Name: fmt.Sprint("w", t), Value: w[off : off+n], Grad: g[off : off+n]})
		off += n
	}
	return ps
}

// backward stands in for the forward and backward passes and the gradients' all-reduce: the gradient of the
// loss Σ (w_i − i/100)² / 2, for every worker alike.
func backward(w, g []float32) {
	for i := range w {
		g[i] = w[i] - float32(i)/100
	}
}

// Three workers, goroutines here, train AdamW with global norm clipping, each holding a third of the state; their
// weights keep the bits of the unsharded optimizer's.
func Example() {
	lens := []int{100, 7, 250} // the ranges [0, 119), [119, 238), [238, 357) cut the last tensor twice
	const workers, steps = 3, 50
	plan, _ := shard.NewPlan(lens, workers, 1)
	newAdamW := func(ps []*optim.Param[float32]) (optim.Optimizer[float32], error) {
		return optim.NewAdam(ps, optim.DefaultAdamW())
	}
	clip := optim.Clip{MaxNorm: 1}

	partsInbox, valuesInbox := make([]chan part, workers), make([]chan part, workers)
	for k := range workers {
		partsInbox[k], valuesInbox[k] = make(chan part, workers), make(chan part, workers)
	}
	final := make([][]float32, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			w, g := make([]float32, plan.Total()), make([]float32, plan.Total()) // this worker's replica
			worker, err := shard.NewWorker(plan, k, tensors(lens, w, g), newAdamW)
			if err != nil {
				panic(err)
			}
			worker.SetClip(clip)
			for range steps {
				backward(w, g)                                           // and all-reduce
				allGather(k, worker.Partials(), plan.Window, partsInbox) // 2 numbers per tensor
				if err := worker.Step(); err != nil {                    // this worker's third of the update
					panic(err)
				}
				allGather(k, w, plan.Range, valuesInbox) // the updated weights, to every replica
			}
			final[k] = w
		})
	}
	wg.Wait()

	// The unsharded optimizer, for comparison.
	w, g := make([]float32, plan.Total()), make([]float32, plan.Total())
	opt, _ := newAdamW(tensors(lens, w, g))
	opt.SetClip(clip)
	for range steps {
		backward(w, g)
		opt.Step()
	}
	same := true
	for _, r := range final {
		for i := range r {
			same = same && math.Float32bits(r[i]) == math.Float32bits(w[i])
		}
	}
	fmt.Println("every replica has the unsharded weights, bit for bit:", same)
	// Output: every replica has the unsharded weights, bit for bit: true
}
