package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestDotAccPlans checks dotAcc under every plan planDot can return, and the touched dotBlock plan of SumSq and
// leastSquaresRows, against dotRef and sumSqRef, bit for bit, with accumulators that start dirty: Dot and SumSq
// take the L3 and memory plans only for arrays of a megabyte or more, which the path tests do not reach.
func TestDotAccPlans(t *testing.T) {
	forTypes(t, dotAccPlans[float32], dotAccPlans[float64])
}

func dotAccPlans[F Float](t *testing.T) {
	L := lanes[F]()
	small := streamRounds * L
	plans := []dotPlan{{dotBlock, false}, {dotBlock, true}, {small, false}, {small, true}}
	var lengths []int
	for _, n := range []int{8 * L, small, dotBlock, 3*dotBlock + 5*L} {
		lengths = append(lengths, n-1, n, n+1, n+L-1)
	}
	r := rand.New(rand.NewPCG(41, 42))
	for _, n := range lengths {
		for _, special := range []bool{false, true} {
			x, y := make([]F, n), make([]F, n)
			fillValues(r, x, special)
			fillValues(r, y, special)
			wantDot, wantSq := dotRef(x, y), sumSqRef(x)
			for _, plan := range plans {
				var acc [64]F
				for i := range acc {
					acc[i] = F(i) - 0.5
				}
				if got := dotAcc(&acc, x, y, plan); !sameFloat(got, wantDot) {
					t.Fatalf("n=%d special=%v plan %+v: dot %v, reference %v", n, special, plan, got, wantDot)
				}
				if got := dotAcc(&acc, x, nil, plan); !sameFloat(got, wantSq) {
					t.Fatalf("n=%d special=%v plan %+v: sum of squares %v, reference %v", n, special, plan, got, wantSq)
				}
			}
		}
	}
}

// TestPlanDot checks where planDot's plans change: at streamBytes for one array, and past l3Bytes for the two.
func TestPlanDot(t *testing.T) {
	forTypes(t, planDotBounds[float32], planDotBounds[float64])
}

func planDotBounds[F Float](t *testing.T) {
	size := int(unsafe.Sizeof(F(0)))
	cached, l3 := dotPlan{block: dotBlock}, dotPlan{block: streamRounds * lanes[F]()}
	memory := dotPlan{block: l3.block, touch: true}
	for _, c := range []struct {
		n    int
		want dotPlan
	}{
		{0, cached},
		{streamBytes/size - 1, cached},
		{streamBytes / size, l3},
		{l3Bytes / 2 / size, l3},
		{l3Bytes/2/size + 1, memory},
	} {
		if got := planDot[F](c.n); got != c.want {
			t.Errorf("planDot(%d) = %+v, want %+v", c.n, got, c.want)
		}
	}
}

// TestReductionsLarge runs Dot and SumSq on every path at the lengths where planDot changes plans, against the
// references: the generic path then takes each of its plans, and SumSq its touch, through the exported functions.
func TestReductionsLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("arrays of up to 2×16 MiB")
	}
	forEachPath(t, func(t *testing.T) { forTypes(t, reductionsLarge[float32], reductionsLarge[float64]) })
}

func reductionsLarge[F Float](t *testing.T) {
	size := int(unsafe.Sizeof(F(0)))
	r := rand.New(rand.NewPCG(43, 44))
	for _, n := range []int{streamBytes / size, l3Bytes/2/size + 1} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			x, y := make([]F, n), make([]F, n)
			fillValues(r, x, false)
			fillValues(r, y, false)
			x[n/3], y[n/2] = F(math.Copysign(0, -1)), F(math.SmallestNonzeroFloat32)
			if got, want := Dot(x, y), dotRef(x, y); !sameFloat(got, want) {
				t.Errorf("Dot: %v, reference %v", got, want)
			}
			if got, want := SumSq(x), sumSqRef(x); !sameFloat(got, want) {
				t.Errorf("SumSq: %v, reference %v", got, want)
			}
		})
	}
}
