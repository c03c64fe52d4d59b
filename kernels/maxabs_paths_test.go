package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMaxAbsOneSpecial checks MaxAbs and AllFinite on every path with a single NaN, ±Inf, or largest element at
// every position of finite slices whose lengths cover the vector blocks, whole vectors and the tail of each path.
func TestMaxAbsOneSpecial(t *testing.T) {
	forEachPath(t, func(t *testing.T) { forTypes(t, maxAbsOneSpecial[float32], maxAbsOneSpecial[float64]) })
}

func maxAbsOneSpecial[F Float](t *testing.T) {
	r := rand.New(rand.NewPCG(61, 62))
	specials := []F{F(math.NaN()), F(math.Inf(1)), F(math.Inf(-1)), -1e30, 1e30, F(math.Copysign(0, -1))}
	for n := 1; n <= 3*64+1; n++ {
		x := make([]F, n)
		fillValues(r, x, false)
		for p := range n {
			for _, v := range specials {
				old := x[p]
				x[p] = v
				if got, want := MaxAbs(x), maxAbsRef(x); !sameFloat(got, want) {
					t.Fatalf("n=%d x[%d]=%v: MaxAbs %v, reference %v", n, p, v, got, want)
				}
				if got, want := AllFinite(x), allFiniteRef(x); got != want {
					t.Fatalf("n=%d x[%d]=%v: AllFinite %v, reference %v", n, p, v, got, want)
				}
				x[p] = old
			}
		}
	}
}
