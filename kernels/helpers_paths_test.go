package kernels

import (
	"math/rand/v2"
	"testing"
)

// TestHelperPaths checks Scale, Axpy, ClipValue, MaxAbs and AllFinite on every path against their references over
// every length and offset, with special values, in padded buffers and against a PROT_NONE page on either side.
func TestHelperPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) { forTypes(t, helperPaths[float32], helperPaths[float64]) })
}

func helperPaths[F Float](t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	lengths := testLengths()
	ar := newArena[F](t, 2, lengths[len(lengths)-1])
	for _, n := range lengths {
		for off := range maxOffset {
			x, y := make([]F, n), make([]F, n)
			fillValues(r, x, (n+off)%2 == 0)
			fillValues(r, y, (n+off)%2 == 0)
			alpha, c := F(-0.75), F(2.5)
			scaled, axpy, clipped := clone(x), clone(y), clone(x)
			scaleRef(alpha, scaled)
			axpyRef(alpha, x, axpy)
			clipValueRef(c, clipped)
			maxAbs, finite := maxAbsRef(x), allFiniteRef(x)

			run := func(where string, xs, ys []F, check func()) {
				t.Helper()
				copy(xs, x)
				if got := MaxAbs(xs); !sameFloat(got, maxAbs) {
					t.Fatalf("%s n=%d: MaxAbs %v, reference %v", where, n, got, maxAbs)
				}
				if got := AllFinite(xs); got != finite {
					t.Fatalf("%s n=%d: AllFinite %v, reference %v", where, n, got, finite)
				}
				copy(ys, y)
				Axpy(alpha, xs, ys)
				checkSame(t, where+" Axpy", ys, axpy)
				checkSame(t, where+" x (read-only)", xs, x)
				Scale(alpha, xs)
				checkSame(t, where+" Scale", xs, scaled)
				copy(xs, x)
				ClipValue(c, xs)
				checkSame(t, where+" ClipValue", xs, clipped)
				check()
			}
			px, py := newPadded[F]("x", n, off), newPadded[F]("y", n, (off+3)%maxOffset)
			run("padded", px.s, py.s, func() { px.checkSentinels(t); py.checkSentinels(t) })
			if off < sides {
				run("guarded", ar.side(off, 0, n), ar.side(off, 1, n), func() {})
			}
		}
	}
}

// TestLeastSquaresPaths checks both least-squares kernels on every path against their references, over shapes
// from empty to wider than a vector block, with special values, in padded buffers and against a PROT_NONE page on either side.
func TestLeastSquaresPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) { forTypes(t, leastSquaresPaths[float32], leastSquaresPaths[float64]) })
}

func leastSquaresPaths[F Float](t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	ar := newArena[F](t, 6, 70*70)
	shape := 0
	for _, m := range []int{0, 1, 2, 3, 7, 33, 70} {
		for _, n := range []int{0, 1, 2, 3, 5, 8, 17, 64, 65, 70} {
			shape++
			special := shape%4 == 0
			X, y, w := make([]F, m*n), make([]F, m), make([]F, n)
			fillValues(r, X, special)
			fillValues(r, y, special)
			fillValues(r, w, special)
			var idx []int
			for k := range 2 * m {
				idx = append(idx, (k*7+3)%m)
			}
			s := F(2) / F(max(m, 1))
			wantG, wantR := make([]F, n), make([]F, m)
			wantLoss := leastSquaresRef(wantG, wantR, X, y, w, s)
			wantBG, wantBR := make([]F, n), make([]F, len(idx))
			wantBLoss := leastSquaresBatchRef(wantBG, wantBR, X, y, w, idx, s)

			off := shape % maxOffset
			bufs := [][]F{}
			var checks []func()
			for k, l := range []int{m * n, m, n, n, m, len(idx)} {
				if shape%2 == 0 {
					bufs = append(bufs, ar.side(shape/2%sides, k, l))
				} else {
					p := newPadded[F]("arg", l, (off+k)%maxOffset)
					bufs = append(bufs, p.s)
					checks = append(checks, func() { p.checkSentinels(t) })
				}
			}
			pX, py, pw, g, res, bres := bufs[0], bufs[1], bufs[2], bufs[3], bufs[4], bufs[5]
			copy(pX, X)
			copy(py, y)
			copy(pw, w)
			if loss := LeastSquares(g, res, pX, py, pw, s); !sameFloat(loss, wantLoss) {
				t.Fatalf("m=%d n=%d: loss %v, reference %v", m, n, loss, wantLoss)
			}
			checkSame(t, "g", g, wantG)
			checkSame(t, "r", res, wantR)
			if loss := LeastSquaresBatch(g, bres, pX, py, pw, idx, s); !sameFloat(loss, wantBLoss) {
				t.Fatalf("m=%d n=%d batch: loss %v, reference %v", m, n, loss, wantBLoss)
			}
			checkSame(t, "batch g", g, wantBG)
			checkSame(t, "batch r", bres, wantBR)
			checkSame(t, "X (read-only)", pX, X)
			checkSame(t, "y (read-only)", py, y)
			checkSame(t, "w (read-only)", pw, w)
			for _, c := range checks {
				c()
			}
		}
	}
}
