package optim_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// BenchmarkAdamStep compares Adam's Step with the raw kernel calls it makes, on one tensor of 64K float32 elements
// and on 100 tensors of 1K: the difference is Step's overhead (checks, the step's scalars, the loop over
// parameters). Compare the two lines of a shape with benchstat, or read their ns/op.
func BenchmarkAdamStep(b *testing.B) {
	for _, shape := range []struct{ tensors, n int }{{1, 64 << 10}, {100, 1 << 10}} {
		params := make([]*optim.Param[float32], shape.tensors)
		m, v := make([][]float32, shape.tensors), make([][]float32, shape.tensors)
		for i := range params {
			params[i] = &optim.Param[float32]{Name: fmt.Sprint(i), Value: make([]float32, shape.n), Grad: make([]float32, shape.n)}
			m[i], v[i] = make([]float32, shape.n), make([]float32, shape.n)
			for j := range params[i].Grad {
				params[i].Grad[j] = float32(j%7) - 3
			}
		}
		name := fmt.Sprintf("tensors=%d/n=%d", shape.tensors, shape.n)
		b.Run(name+"/via=kernel", func(b *testing.B) {
			h := kernels.AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
			b.SetBytes(int64(7 * 4 * shape.tensors * shape.n))
			b.ReportAllocs()
			t := 0
			for b.Loop() {
				t++
				s := h.Step(t)
				for i, p := range params {
					kernels.Adam(&s, p.Value, p.Grad, m[i], v[i], nil)
				}
			}
		})
		b.Run(name+"/via=step", func(b *testing.B) {
			opt, err := optim.NewAdam(params, optim.DefaultAdam())
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(7 * 4 * shape.tensors * shape.n))
			b.ReportAllocs()
			for b.Loop() {
				if err := opt.Step(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAdamStepSplit is Adam's Step over one tensor of float32 on the calling goroutine alone and split across
// two goroutines, from sizes below minParallel (which then run on one: the threshold's cost is nil) to 4M elements
// (64 MiB of state, beyond the caches): what SetWorkers(2) buys on this machine, and where it starts to.
func BenchmarkAdamStepSplit(b *testing.B) {
	adamStepSplit(b, []int{64 << 10, 128 << 10, 256 << 10, 512 << 10, 1 << 20, 4 << 20}, 0)
}

// BenchmarkAdamStepSplitIdle is BenchmarkAdamStepSplit with a pause of 2 ms before each step, untimed: the
// helpers have parked by then, as between the steps of a training loop whose gradients take longer than their
// 200 µs of looking for work, so each step pays for waking one.
func BenchmarkAdamStepSplitIdle(b *testing.B) {
	adamStepSplit(b, []int{256 << 10, 1 << 20}, 2*time.Millisecond)
}

// adamStepSplit runs Adam's Step over one float32 tensor of each size on one and on two workers, pausing for pause
// (untimed) before each step when it is not 0.
func adamStepSplit(b *testing.B, sizes []int, pause time.Duration) {
	for _, n := range sizes {
		p := &optim.Param[float32]{Name: "w", Value: make([]float32, n), Grad: make([]float32, n)}
		for j := range p.Grad {
			p.Grad[j] = float32(j%7) - 3
		}
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%d/workers=%d", n, workers), func(b *testing.B) {
				opt, err := optim.NewAdam([]*optim.Param[float32]{p}, optim.DefaultAdam())
				if err != nil {
					b.Fatal(err)
				}
				if err := opt.SetWorkers(workers); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(7 * 4 * n))
				b.ReportAllocs()
				for b.Loop() {
					if pause != 0 {
						b.StopTimer()
						time.Sleep(pause)
						b.StartTimer()
					}
					if err := opt.Step(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkAdamStepGuard is what SetNonfinite costs an Adam step over one tensor of 64K float32 elements, without
// clipping (the guard reads every gradient once more) and with clipping by norm (the norm is the guard's check).
// Compare guard=skip with guard=off within a clip setting.
func BenchmarkAdamStepGuard(b *testing.B) {
	const n = 64 << 10
	p := &optim.Param[float32]{Name: "w", Value: make([]float32, n), Grad: make([]float32, n)}
	for j := range p.Grad {
		p.Grad[j] = float32(j%7) - 3
	}
	for _, clip := range []optim.Clip{{}, {MaxNorm: 1e9}} {
		for _, guard := range []optim.Nonfinite{optim.NonfiniteStep, optim.NonfiniteSkip} {
			name := fmt.Sprintf("clip=none/guard=%v", guard)
			if clip.MaxNorm > 0 {
				name = fmt.Sprintf("clip=norm/guard=%v", guard)
			}
			b.Run(name, func(b *testing.B) {
				opt, err := optim.NewAdam([]*optim.Param[float32]{p}, optim.DefaultAdam())
				if err != nil {
					b.Fatal(err)
				}
				if err := errors.Join(opt.SetClip(clip), opt.SetNonfinite(guard)); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(7 * 4 * n)
				b.ReportAllocs()
				for b.Loop() {
					if err := opt.Step(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
