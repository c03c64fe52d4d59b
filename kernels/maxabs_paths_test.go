package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMaxAbsOneSpecial checks MaxAbs and AllFinite on every path with a single NaN, ±Inf, or largest element in an
// otherwise finite slice, at every position of the short lengths (which cover the vector blocks, the whole vectors
// after them and the partial vector of each path) and, for the long ones, at the front, the middle and every
// position of the last two blocks and the tail. The slice lies among NaN sentinels, or against a PROT_NONE page on either side.
func TestMaxAbsOneSpecial(t *testing.T) {
	forEachPath(t, func(t *testing.T) { forTypes(t, maxAbsOneSpecial[float32], maxAbsOneSpecial[float64]) })
}

func maxAbsOneSpecial[F Float](t *testing.T) {
	r := rand.New(rand.NewPCG(61, 62))
	specials := []F{F(math.NaN()), F(math.Inf(1)), F(math.Inf(-1)), -1e30, 1e30, F(math.Copysign(0, -1))}
	lengths := testLengths()
	ar := newArena[F](t, 1, lengths[len(lengths)-1])
	const block = 64 // the largest number of elements any path reads in one loop iteration
	for _, n := range lengths {
		if n == 0 {
			continue
		}
		x := make([]F, n)
		fillValues(r, x, false)
		var positions []int
		for p := range n {
			if n <= 3*block+1 || p < block || p == n/2 || p >= n-n%block-2*block {
				positions = append(positions, p)
			}
		}
		padded := newPadded[F]("x", n, n%maxOffset)
		for _, s := range [][]F{padded.s, ar.side(0, 0, n), ar.side(1, 0, n)} {
			copy(s, x)
			for _, p := range positions {
				for _, v := range specials {
					s[p] = v
					if got, want := MaxAbs(s), maxAbsRef(s); !sameFloat(got, want) {
						t.Fatalf("n=%d x[%d]=%v: MaxAbs %v, reference %v", n, p, v, got, want)
					}
					if got, want := AllFinite(s), allFiniteRef(s); got != want {
						t.Fatalf("n=%d x[%d]=%v: AllFinite %v, reference %v", n, p, v, got, want)
					}
					s[p] = x[p]
				}
			}
		}
		padded.checkSentinels(t)
	}
}
