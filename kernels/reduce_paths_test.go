package kernels

import (
	"math/rand/v2"
	"testing"
)

// TestReductionPaths checks Dot and SumSq on every path against their references, bit for bit, over every length
// and pair of offsets, with realistic and special values, in padded buffers and against a PROT_NONE page on either side.
func TestReductionPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) { forTypes(t, reductionPaths[float32], reductionPaths[float64]) })
}

func reductionPaths[F Float](t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	lengths := testLengths()
	ar := newArena[F](t, 2, lengths[len(lengths)-1])
	for _, n := range lengths {
		for off := range maxOffset {
			x, y := make([]F, n), make([]F, n)
			special := (n+off)%3 == 0
			fillValues(r, x, special)
			fillValues(r, y, special)
			wantDot, wantSq := dotRef(x, y), sumSqRef(x)

			px, py := newPadded[F]("x", n, off), newPadded[F]("y", n, (off*3+1)%maxOffset)
			copy(px.s, x)
			copy(py.s, y)
			if got := Dot(px.s, py.s); !sameFloat(got, wantDot) {
				t.Fatalf("Dot n=%d offsets %d,%d: %v, reference %v", n, off, py.off, got, wantDot)
			}
			if got := SumSq(px.s); !sameFloat(got, wantSq) {
				t.Fatalf("SumSq n=%d offset %d: %v, reference %v", n, off, got, wantSq)
			}
			checkSame(t, "x (read-only)", px.s, x)
			checkSame(t, "y (read-only)", py.s, y)
			px.checkSentinels(t)
			py.checkSentinels(t)

			if off < sides {
				gx, gy := ar.side(off, 0, n), ar.side(off, 1, n)
				copy(gx, x)
				copy(gy, y)
				if got := Dot(gx, gy); !sameFloat(got, wantDot) {
					t.Fatalf("Dot n=%d before a guard page: %v, reference %v", n, got, wantDot)
				}
				if got := SumSq(gx); !sameFloat(got, wantSq) {
					t.Fatalf("SumSq n=%d before a guard page: %v, reference %v", n, got, wantSq)
				}
				// One slice guarded, the other on the heap: each tail path of the assembly, page-crossing or not.
				if got := Dot(gx, py.s); !sameFloat(got, wantDot) {
					t.Fatalf("Dot n=%d, x guarded, y on the heap: %v, reference %v", n, got, wantDot)
				}
			}
		}
	}
}

// TestReductionOrder checks the references against an independent transcription of the documented order: element
// i into accumulator i mod L, then the pairwise tree, written with recursion rather than loops.
func TestReductionOrder(t *testing.T) {
	forTypes(t, reductionOrder[float32], reductionOrder[float64])
}

func reductionOrder[F Float](t *testing.T) {
	L := 64
	if !is32[F]() {
		L = 32
	}
	var tree func(acc []F) F
	tree = func(acc []F) F {
		if len(acc) == 1 {
			return acc[0]
		}
		h := len(acc) / 2
		folded := make([]F, h)
		for j := range folded {
			folded[j] = acc[j] + acc[j+h]
		}
		return tree(folded)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, L - 1, L, L + 1, 5*L + 3, 1000} {
		x, y := make([]F, n), make([]F, n)
		fillValues(r, x, false)
		fillValues(r, y, false)
		acc := make([]F, L)
		sq := make([]F, L)
		for i := range x {
			p := F(x[i] * y[i])
			acc[i%L] = acc[i%L] + p
			q := F(x[i] * x[i])
			sq[i%L] = sq[i%L] + q
		}
		if got, want := dotRef(x, y), tree(acc); !sameFloat(got, want) {
			t.Errorf("dotRef n=%d: %v, the documented order gives %v", n, got, want)
		}
		if got, want := sumSqRef(x), tree(sq); !sameFloat(got, want) {
			t.Errorf("sumSqRef n=%d: %v, the documented order gives %v", n, got, want)
		}
	}
	// Integer values: every partial sum is exact, so the result is the exact sum whatever the order.
	x := make([]F, 1000)
	var exact float64
	for i := range x {
		x[i] = F(i%7 - 3)
		exact += float64(x[i] * x[i])
	}
	if got := SumSq(x); float64(got) != exact {
		t.Errorf("SumSq of small integers = %v, want %v", got, exact)
	}
	if got := Dot(x, x); float64(got) != exact {
		t.Errorf("Dot of small integers = %v, want %v", got, exact)
	}
}

// TestReductionsAllocateNothing checks every path.
func TestReductionsAllocateNothing(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		skipInterpreter(t)
		x32, x64 := make([]float32, 100), make([]float64, 100)
		if n := testing.AllocsPerRun(20, func() { _, _ = Dot(x32, x32), SumSq(x32) }); n != 0 {
			t.Errorf("float32: %v allocations per call", n)
		}
		if n := testing.AllocsPerRun(20, func() { _, _ = Dot(x64, x64), SumSq(x64) }); n != 0 {
			t.Errorf("float64: %v allocations per call", n)
		}
	})
}

func TestDotPanicsOnLengthMismatch(t *testing.T) {
	panicsWith(t, func() { Dot(make([]float32, 3), make([]float32, 4)) }, "Dot", "len(y)=4", "len(x)=3")
}
