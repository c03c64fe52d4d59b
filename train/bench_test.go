package train

import (
	"fmt"
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

// benchPerm returns a shuffled order of the rows of the mini-batch benchmarks' problem, the same every call.
func benchPerm() []int {
	perm := make([]int, benchRows)
	for i := range perm {
		perm[i] = i
	}
	fisherYates(perm, newPCG(1, 0))
	return perm
}

// benchSink keeps the floor benchmarks' loads from being optimized away.
var benchSink float32

// BenchmarkRandomRowsFloor is the machine's floor for any epoch over the rows in shuffled order: the cheapest pass
// that reads each row once, in BenchmarkBatchKernelEpoch's order, in plain Go, with the same SetBytes. "x" reads
// each row's first element (a row of 16 float32 is one 64-byte line, in a random place in 64 MB); "x+y" also reads
// its y, as the gradient kernel must (another random line, of a 4 MB y). Nothing but the sum links one row to the
// next, so the processor keeps as many misses in flight as it can hold: the time is the memory latency divided by
// that number, whatever the code does with the rows.
func BenchmarkRandomRowsFloor(b *testing.B) {
	p := benchProblem(b)
	perm := benchPerm()
	for _, c := range []struct {
		name string
		y    []float32
	}{{"x", nil}, {"x+y", p.y}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(p.x) * 4))
			for b.Loop() {
				benchSink += touchRows(p.x, c.y, perm)
			}
		})
	}
}

// touchRows returns the sum of the first elements of the rows perm[0], perm[1], … of x, and of their y unless y is
// nil. Its loops are as short as they can be: the fewer instructions a row takes, the more rows the processor's
// window holds, and so the more misses it has in flight.
func touchRows(x, y []float32, perm []int) (s float32) {
	if y == nil {
		for _, i := range perm {
			s += x[i*benchCols]
		}
		return s
	}
	for _, i := range perm {
		s += x[i*benchCols] + y[i]
	}
	return s
}

// BenchmarkBatchKernelEpoch is the gradient kernel alone over the batches of one shuffled epoch, without the
// shuffle or the steps: the floor an epoch of SGD cannot go below, since its rows come from anywhere in X.
func BenchmarkBatchKernelEpoch(b *testing.B) {
	p := benchProblem(b)
	g, w := make([]float32, benchCols), make([]float32, benchCols)
	perm := benchPerm()
	b.SetBytes(int64(len(p.x) * 4))
	b.ResetTimer()
	for b.Loop() {
		for from := 0; from < benchRows; from += 20 {
			kernels.LeastSquaresBatch(g, nil, p.x, p.y, w, perm[from:from+20], 0.1)
		}
	}
}

// BenchmarkBatchKernelTouchNext is BenchmarkBatchKernelEpoch with a cross-batch prefetch that train's loop could do
// by itself: before the kernel's call on a batch, plain Go reads the first element and the y of the first rows of
// the next batch. Go has no prefetch instruction, so these are ordinary loads, and a load that misses holds up the
// processor once its window fills behind it, whereas the kernel's own prefetches of the batch it is given do not.
func BenchmarkBatchKernelTouchNext(b *testing.B) {
	p := benchProblem(b)
	g, w := make([]float32, benchCols), make([]float32, benchCols)
	perm := benchPerm()
	for _, ahead := range []int{4, 20} {
		b.Run(fmt.Sprintf("rows=%d", ahead), func(b *testing.B) {
			b.SetBytes(int64(len(p.x) * 4))
			for b.Loop() {
				for from := 0; from < benchRows; from += 20 {
					benchSink += touchRows(p.x, p.y, perm[from+20:min(from+20+ahead, benchRows)])
					kernels.LeastSquaresBatch(g, nil, p.x, p.y, w, perm[from:from+20], 0.1)
				}
			}
		})
	}
}

// BenchmarkBatchKernelCached is 50000 calls of the gradient kernel on the same 20 rows, in cache: what the calls
// of an epoch cost when no row has to come from memory.
func BenchmarkBatchKernelCached(b *testing.B) {
	p := benchProblem(b)
	g, w := make([]float32, benchCols), make([]float32, benchCols)
	batch := benchPerm()[:20]
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
