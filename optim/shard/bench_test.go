package shard_test

import (
	"fmt"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/optim/shard"
)

// benchLens is a model of about 1.3M float32 parameters: a large matrix, a bias, a mid-sized matrix and a small
// head, so that the ranges of 4 and 8 workers cut tensors.
var benchLens = []int{1 << 20, 4096, 1 << 18, 1000}

func benchAdam(ps []*optim.Param[float32]) (optim.Optimizer[float32], error) {
	return built[float32](optim.NewAdam(ps, optim.DefaultAdam()))
}

func benchParams() []*optim.Param[float32] {
	ps := make([]*optim.Param[float32], len(benchLens))
	for t, n := range benchLens {
		ps[t] = &optim.Param[float32]{Name: fmt.Sprint("p", t), Value: make([]float32, n), Grad: make([]float32, n)}
		for i := range n {
			ps[t].Grad[i] = float32(i%97) / 97
		}
	}
	return ps
}

// BenchmarkStep compares a step of the unsharded Adam with clipping by the global 2-norm against a worker's part
// of the same step (Partials and Step, the collectives left out) when 1, 4 or 8 workers share it: the first
// worker, norm owner of the large matrix, and the last.
func BenchmarkStep(b *testing.B) {
	total := 0
	for _, n := range benchLens {
		total += n
	}
	clip := optim.Clip{MaxNorm: 1e9} // a norm computed but no gradient scaled, so that every step is alike
	b.Run("unsharded", func(b *testing.B) {
		opt, _ := benchAdam(benchParams())
		opt.SetClip(clip)
		b.SetBytes(int64(28 * total))
		b.ReportAllocs()
		for b.Loop() {
			opt.Step()
		}
	})
	for _, n := range []int{1, 4, 8} {
		plan, _ := shard.NewPlan(benchLens, n, 1)
		ks := []int{0}
		if n > 1 {
			ks = append(ks, n-1)
		}
		for _, k := range ks {
			b.Run(fmt.Sprintf("N=%d/worker=%d", n, k), func(b *testing.B) {
				w, err := shard.NewWorker(plan, k, benchParams(), benchAdam)
				if err != nil {
					b.Fatal(err)
				}
				w.SetClip(clip)
				lo, hi := plan.Range(k)
				b.SetBytes(int64(28 * (hi - lo)))
				b.ReportAllocs()
				for b.Loop() {
					w.Partials()
					w.Step()
				}
			})
		}
	}
}
