//go:build !purego

package kernels

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/fastgrad/fastgrad/kernels/internal/asm"
)

// TestLeastSquaresAVX512Narrow runs the strategies test on the avx512 path with float64 rows of one and two
// elements on the AVX-512 kernel, which dispatch gives to the AVX2 one, so that no generated code goes untested.
// (The other exception, long rows of a matrix beyond L3, runs AVX-512 code the small test matrices reach anyway.)
func TestLeastSquaresAVX512Narrow(t *testing.T) {
	if !slices.Contains(Impls(), "avx512") {
		t.Skip("this CPU has no AVX-512")
	}
	prev, prevNarrow := Impl(), lsqNarrowF64
	defer func() { SetImpl(prev); lsqNarrowF64 = prevNarrow }()
	SetImpl("avx512")
	lsqNarrowF64 = 0
	leastSquaresStrategies[float64](t)
}

// TestLeastSquaresAVX512ShortRows runs the strategies test on the avx512 path with the float32 rows that dispatch
// gives to the AVX2 kernel on the AVX-512 one, as TestLeastSquaresAVX512Narrow does for float64.
func TestLeastSquaresAVX512ShortRows(t *testing.T) {
	if !slices.Contains(Impls(), "avx512") {
		t.Skip("this CPU has no AVX-512")
	}
	prev, prevRows := Impl(), lsqAVX2RowsF32
	defer func() { SetImpl(prev); lsqAVX2RowsF32 = prevRows }()
	SetImpl("avx512")
	lsqAVX2RowsF32 = [2]int{1, 0}
	leastSquaresStrategies[float32](t)
}

// TestLeastSquaresAVX2Rule checks the avx512 path's choice of kernel by the shape of a float32 X.
func TestLeastSquaresAVX2Rule(t *testing.T) {
	big := l3Bytes/4 + 1 // elements of an X larger than the L3 cache
	for _, c := range []struct {
		n, lenX int
		avx2    bool
	}{
		{0, 0, false}, {1, 1e5, false}, {8, 8e5, false}, {9, 9e5, true}, {16, 16e6, true}, {32, 64, true},
		{33, 33e5, false}, {64, 4096 * 64, false}, {128, big, false}, {129, big, true}, {512, 512, false},
		{512, big, true},
	} {
		if got := lsqAVX2F32(c.n, c.lenX); got != c.avx2 {
			t.Errorf("lsqAVX2F32(n=%d, len(X)=%d) = %v, want %v", c.n, c.lenX, got, c.avx2)
		}
	}
}

// BenchmarkLeastSquaresKernels times the AVX2 and the AVX-512 float32 kernels on the shapes the avx512 path's choice
// between them was measured on (leastsq_amd64.go). The two alternate call by call, each timed on its own, so that
// the machine's bursts of load from other guests fall on both alike; the median ratio of a pair is the figure to read.
func BenchmarkLeastSquaresKernels(b *testing.B) {
	if !slices.Contains(Impls(), "avx512") {
		b.Skip("this CPU has no AVX-512")
	}
	for _, sh := range [][2]int{{1e5, 1}, {1e5, 2}, {1e5, 4}, {1e5, 8}, {1e5, 9}, {1e5, 12}, {1e5, 16}, {1e5, 24},
		{1e5, 32}, {1e5, 40}, {1e5, 48}, {1e5, 64}, {1e5, 128}, {1e5, 512}, {4096, 16}, {4096, 32}, {4096, 64},
		{1e6, 16}, {1e6, 32}, {1e6, 64}} {
		m, n := sh[0], sh[1]
		b.Run(fmt.Sprintf("%dx%d", m, n), func(b *testing.B) {
			X, y, w, g := make([]float32, m*n), make([]float32, m), make([]float32, n), make([]float32, n)
			r := rand.New(rand.NewPCG(1, 2))
			fillValues(r, X, false)
			fillValues(r, y, false)
			fillValues(r, w, false)
			kernel := [2]func(g, r, X, y, w []float32, s float32) float32{asm.LeastSquaresF32AVX2, asm.LeastSquaresF32AVX512}
			var took [2][]float64
			for b.Loop() {
				for k := range 2 { // each call follows one of the other
					t0 := time.Now()
					kernel[k](g, nil, X, y, w, 1)
					took[k] = append(took[k], float64(time.Since(t0)))
				}
			}
			ratios := make([]float64, len(took[0]))
			for i := range ratios {
				ratios[i] = took[1][i] / took[0][i]
			}
			// Medians, which a preempted call does not move as it moves a mean.
			b.ReportMetric(median(took[0]), "avx2-ns/op")
			b.ReportMetric(median(took[1]), "avx512-ns/op")
			b.ReportMetric(median(ratios), "avx512/avx2")
		})
	}
}

func median(x []float64) float64 {
	slices.Sort(x)
	return x[len(x)/2]
}
