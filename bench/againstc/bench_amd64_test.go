package againstc

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// The benchmarks time fastgrad and the C side by side, as sub-benchmarks of one shape: name/shape/fastgrad and
// name/shape/C (and name/shape/optim, fastgrad through an optimizer's Step), then name/shape/paired, which
// alternates the two and reports medians and their median ratio, the figure to read on a shared machine (and
// name/shape/optim-paired, the same with the optimizer's Step on fastgrad's side). Both sides pay their call: Go's
// assembly call and argument checks on one side, cgo's transition on the other.

// sgdSizes are float32 lengths in L1/L2, L2, L3 and DRAM.
var sgdSizes = []int{4 << 10, 64 << 10, 1 << 20, 16 << 20}

// sgdHyper is torch.optim.SGD(lr=0.01, momentum=0.9): the common form, no weight decay, Nesterov or maximize.
var sgdHyper = kernels.SGDHyper{LR: 0.01, Momentum: 0.9}

func BenchmarkSGDMomentum(b *testing.B) {
	needAVX512(b)
	for _, n := range sgdSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, uint64(n)))
			w, g, buf := make([]float32, n), make([]float32, n), make([]float32, n)
			values(r, w, false)
			values(r, g, false)
			s := sgdHyper.Step(2)
			pair(b, int64(n)*4*5, // w, g, buf read; w, buf written
				func() { kernels.SGD(&s, w, g, buf) },
				func() { SGDMomentum(&s, w, g, buf) })
			if n > 64<<10 {
				return
			}
			p := &optim.Param[float32]{Name: "w", Value: w, Grad: g}
			opt, err := optim.NewSGD([]*optim.Param[float32]{p}, optim.SGDConfig{LR: sgdHyper.LR, Momentum: sgdHyper.Momentum})
			if err != nil {
				b.Fatal(err)
			}
			if err := opt.Step(); err != nil { // the first step, which only copies g into the buffer
				b.Fatal(err)
			}
			step := func() {
				if err := opt.Step(); err != nil {
					b.Fatal(err)
				}
			}
			run(b, "optim", int64(n)*4*5, step)
			b.Run("optim-paired", func(b *testing.B) { paired(b, step, func() { SGDMomentum(&s, w, g, buf) }) })
		})
	}
}

// pair runs fastgrad's and the C's sub-benchmarks, each moving bytes a call, then the two alternating (paired).
func pair(b *testing.B, bytes int64, fastgrad, c func()) {
	run(b, "fastgrad", bytes, fastgrad)
	run(b, "C", bytes, c)
	b.Run("paired", func(b *testing.B) { paired(b, fastgrad, c) })
}

// paired calls fastgrad and c alternately, each call following one of the other, and reports the median time of each
// call and the median ratio of the two calls of a pair. On a machine shared with other guests, whose load comes in
// bursts, a burst then falls on both sides alike and a preempted call does not move the medians, where the separate
// sub-benchmarks' means, taken seconds apart, can differ by two times on load alone.
func paired(b *testing.B, fastgrad, c func()) {
	var took [2][]float64
	f := [2]func(){fastgrad, c}
	for b.Loop() {
		for k := range 2 { // each call follows one of the other
			t0 := time.Now()
			f[k]()
			took[k] = append(took[k], float64(time.Since(t0)))
		}
	}
	ratios := make([]float64, len(took[0]))
	for i := range ratios {
		ratios[i] = took[0][i] / took[1][i]
	}
	b.ReportMetric(median(took[0]), "fastgrad-ns/op")
	b.ReportMetric(median(took[1]), "C-ns/op")
	b.ReportMetric(median(ratios), "fastgrad/C")
}

func median(x []float64) float64 {
	slices.Sort(x)
	return x[len(x)/2]
}

func run(b *testing.B, name string, bytes int64, f func()) {
	b.Run(name, func(b *testing.B) {
		b.SetBytes(bytes)
		b.ReportAllocs()
		for b.Loop() {
			f()
		}
	})
}

// lsqShapes are (rows, columns) of X: the shapes and a few narrow ones.
var lsqShapes = [][2]int{{4096, 64}, {1e6, 16}, {1e5, 1}, {1e5, 512}, {1e5, 2}, {1e5, 4}, {1e5, 8}, {1e5, 32}}

func BenchmarkLeastSquares(b *testing.B) {
	needAVX512(b)
	for _, sh := range lsqShapes {
		m, n := sh[0], sh[1]
		b.Run(fmt.Sprintf("%dx%d", m, n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(2, uint64(m*n)))
			X, y, w, g := make([]float32, m*n), make([]float32, m), make([]float32, n), make([]float32, n)
			values(r, X, false)
			values(r, y, false)
			values(r, w, false)
			pair(b, int64(m*n+m)*4, // X and y read
				func() { kernels.LeastSquares(g, nil, X, y, w, 1/float32(m)) },
				func() { LeastSquares(g, nil, X, y, w, 1/float32(m)) })
		})
	}
}
