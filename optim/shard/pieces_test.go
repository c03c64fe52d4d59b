package shard_test

import (
	"math"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

// TestPiecesDoNotAdd shows why the partials are per tensor: the sums of squares of a tensor's pieces, even cut at
// multiples of the kernels' 64 accumulators, do not add up to its SumSq in general.
func TestPiecesDoNotAdd(t *testing.T) {
	g := make([]float32, 4103)
	for i := range g {
		g[i] = float32(math.Sin(float64(i))) * 3 // test data, not a result
	}
	whole := kernels.SumSq(g)
	differ := 0
	for cut := 64; cut < len(g); cut += 64 {
		if kernels.SumSq(g[:cut])+kernels.SumSq(g[cut:]) != whole {
			differ++
		}
	}
	if differ == 0 {
		t.Fatal("every cut's two sums add up to the whole's: per-piece partials would do")
	}
	t.Logf("%d of %d cuts change the bits", differ, len(g)/64)
}
