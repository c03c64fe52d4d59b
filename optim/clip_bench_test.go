package optim_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// BenchmarkClipGradNorm clips one float32 gradient of 64K elements by each kind of norm type: 2 and +Inf on the
// kernels' reductions, 1, 0 and −Inf plain loops, 3 one detmath.Pow per element. maxNorm is large, so the
// gradient is not scaled and every iteration sees the same values.
func BenchmarkClipGradNorm(b *testing.B) {
	const n = 1 << 16
	g := make([]float32, n)
	for i := range g {
		g[i] = float32(math.Sin(float64(i))) // test data
	}
	ps := []*optim.Param[float32]{{Name: "w", Value: make([]float32, n), Grad: g}}
	for _, p := range []float64{2, math.Inf(1), 1, 0, math.Inf(-1), 3} {
		b.Run(fmt.Sprintf("p=%v", p), func(b *testing.B) {
			b.SetBytes(4 * n)
			for b.Loop() {
				if _, err := optim.ClipGradNorm(ps, 1e9, p, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
