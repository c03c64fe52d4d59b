package train

import (
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// The mini-batch benchmark's problem: 1e6 rows of 16 float32 features (64 MB, more than the L3 caches of the
// machines we measure on), made once.
const benchRows, benchCols = 1_000_000, 16

var benchData *Problem[float32]

func benchProblem(b *testing.B) *Problem[float32] {
	if benchData == nil {
		benchData, _ = synthetic[float32](b, benchRows, benchCols, 1)
	}
	return benchData
}

// BenchmarkLeastSquaresPass is the yardstick: one fused gradient pass over all rows, in order.
func BenchmarkLeastSquaresPass(b *testing.B) {
	p := benchProblem(b)
	g, w := make([]float32, benchCols), make([]float32, benchCols)
	b.SetBytes(int64(len(p.x) * 4))
	b.ReportAllocs()
	for b.Loop() {
		kernels.LeastSquares(g, nil, p.x, p.y, w, 1)
	}
}

// BenchmarkEpoch is one epoch of mini-batch training, batch 20, over 1e6×16 float32: the shuffle, 50000 gradient
// kernel calls over rows from anywhere in X, and 50000 optimizer steps. One Train call runs all b.N epochs, so its
// buffers are made once. "none" steps with an optimizer that does nothing, which leaves the shuffle, the kernel
// and the loop: the difference is the optimizer's share.
func BenchmarkEpoch(b *testing.B) {
	for _, o := range []struct {
		name string
		opt  Optimizer[float32]
	}{
		{"none", func([]*optim.Param[float32]) (Stepper, error) { return nop{}, nil }},
		{"SGD", sgd[float32](1e-4, 0)},
		{"momentum", sgd[float32](1e-5, 0.9)},
		{"Adam", adam[float32](1e-3)},
	} {
		b.Run(o.name, func(b *testing.B) { benchEpoch(b, o.opt) })
	}
}

type nop struct{}

func (nop) Step() error { return nil }

func benchEpoch(b *testing.B, opt Optimizer[float32]) {
	p := benchProblem(b)
	w := make([]float32, benchCols)
	b.SetBytes(int64(len(p.x) * 4))
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := Train(p, w, Config[float32]{Batch: 20, Optimizer: opt, Stop: Stop{MaxEpochs: b.N}}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBatchKernelEpoch is the gradient kernel alone over the batches of one shuffled epoch, without the
// shuffle or the steps: the floor an epoch of SGD cannot go below, since its rows come from anywhere in X.
func BenchmarkBatchKernelEpoch(b *testing.B) {
	p := benchProblem(b)
	g, w := make([]float32, benchCols), make([]float32, benchCols)
	perm := make([]int, benchRows)
	for i := range perm {
		perm[i] = i
	}
	fisherYates(perm, newPCG(1, 0))
	b.SetBytes(int64(len(p.x) * 4))
	b.ResetTimer()
	for b.Loop() {
		for from := 0; from < benchRows; from += 20 {
			kernels.LeastSquaresBatch(g, nil, p.x, p.y, w, perm[from:from+20], 0.1)
		}
	}
}

// BenchmarkBatchKernelCached is 50000 calls of the gradient kernel on the same 20 rows, in cache: what the calls
// of an epoch cost when no row has to come from memory.
func BenchmarkBatchKernelCached(b *testing.B) {
	p := benchProblem(b)
	g, w := make([]float32, benchCols), make([]float32, benchCols)
	perm := make([]int, benchRows)
	for i := range perm {
		perm[i] = i
	}
	fisherYates(perm, newPCG(1, 0))
	batch := perm[:20]
	b.SetBytes(int64(len(p.x) * 4))
	b.ResetTimer()
	for b.Loop() {
		for range benchRows / 20 {
			kernels.LeastSquaresBatch(g, nil, p.x, p.y, w, batch, 0.1)
		}
	}
}

// BenchmarkSearch100 is a random search over 100 configurations of SGD on 5000×2, each scored by 5-fold
// cross-validation (2 epochs of batch 20 per fold).
func BenchmarkSearch100(b *testing.B) {
	p, _ := synthetic[float64](b, 5000, 2, 15)
	eval, err := CrossValidate(p, 5, 1, func(hp []float64, rows int) (Config[float64], error) {
		return Config[float64]{Batch: 20, Optimizer: sgd[float64](hp[0], hp[1]), Stop: Stop{MaxEpochs: 2}}, nil
	})
	if err != nil {
		b.Fatal(err)
	}
	dims := []Dim{{Name: "lr", Lo: 1e-5, Hi: 0.1, Log: true}, {Name: "momentum", Lo: 0, Hi: 0.95}}
	for b.Loop() {
		if _, err := RandomSearch(dims, 100, 2, eval); err != nil {
			b.Fatal(err)
		}
	}
}
