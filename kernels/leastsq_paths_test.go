package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// leastSquaresWidths are the row lengths that reach every strategy of the least-squares assembly (see
// gen/amd64/leastsq.go and gen/arm64/leastsq.go): a row in one XMM, YMM or ZMM register and every register count up
// to eight ZMM (128 float32, 64 float64), every NEON register count up to six (24 float32, 12 float64) and the first
// streamed row, the streaming loops with and without a partial vector, and each number of whole vectors left over
// after their blocks of four, eight or sixteen.
var leastSquaresWidths = []int{
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 20, 21, 23, 24, 25, 31, 32, 33, 40, 48, 63, 64, 65, 72, 80, 96, 112,
	127, 128, 129, 136, 255, 256, 257, 511, 512, 513,
}

// TestLeastSquaresStrategies checks both least-squares kernels on every path against their references for every
// row length in leastSquaresWidths, several row counts, nil and non-nil r, special values and scales, mini-batches
// with repeated rows and the last row, in padded buffers and against a PROT_NONE page on either side (where a partial last vector
// must not be read past X's end).
func TestLeastSquaresStrategies(t *testing.T) {
	forEachPath(t, func(t *testing.T) { forTypes(t, leastSquaresStrategies[float32], leastSquaresStrategies[float64]) })
}

func leastSquaresStrategies[F Float](t *testing.T) {
	rows := []int{0, 1, 2, 3, 8, 19}
	if testing.Short() {
		rows = []int{0, 1, 3, 8}
	}
	maxN := leastSquaresWidths[len(leastSquaresWidths)-1]
	ar := newArena[F](t, 6, rows[len(rows)-1]*maxN)
	scales := []F{1, F(-0.5), F(math.Inf(1)), F(math.Copysign(0, -1))}
	r := rand.New(rand.NewPCG(43, 44))
	shape := 0
	for _, n := range leastSquaresWidths {
		for _, m := range rows {
			shape++
			X, y, w := make([]F, m*n), make([]F, m), make([]F, n)
			special := shape%3 == 0
			fillValues(r, X, special)
			fillValues(r, y, special)
			fillValues(r, w, special)
			var idx []int
			if m > 0 {
				// Repeats, the last row (its partial vector ends at X's end) and the first.
				for k := range 3*m + 1 {
					idx = append(idx, (k*5+m-1)%m)
				}
			}
			s := scales[shape%len(scales)]
			for place := -1; place < sides; place++ {
				leastSquaresCase(t, ar, place, shape, X, y, w, idx, s)
			}
		}
	}
}

// leastSquaresCase runs both kernels on one problem, in padded buffers (place −1) or against a guard page of the
// arena's arrays (place is the side), with r and with r nil, and compares everything with the references.
func leastSquaresCase[F Float](t *testing.T, ar *arena[F], place, shape int, X, y, w []F, idx []int, s F) {
	t.Helper()
	m, n := len(y), len(w)
	wantG, wantR := make([]F, n), make([]F, m)
	wantLoss := leastSquaresRef(wantG, wantR, X, y, w, s)
	wantBG, wantBR := make([]F, n), make([]F, len(idx))
	wantBLoss := leastSquaresBatchRef(wantBG, wantBR, X, y, w, idx, s)

	var bufs [][]F
	var pads []*padded[F]
	for k, l := range []int{m * n, m, n, n, m, len(idx)} {
		if place >= 0 {
			bufs = append(bufs, ar.side(place, k, l))
			continue
		}
		p := newPadded[F]("arg", l, (shape+k)%maxOffset)
		bufs = append(bufs, p.s)
		pads = append(pads, p)
	}
	pX, py, pw, g, res, bres := bufs[0], bufs[1], bufs[2], bufs[3], bufs[4], bufs[5]
	copy(pX, X)
	copy(py, y)
	copy(pw, w)
	where := func(what string) string {
		return fmt.Sprintf("%s m=%d n=%d place=%d", what, m, n, place)
	}
	for _, withR := range []bool{true, false} {
		rr, br := res, bres
		if !withR {
			rr, br = nil, nil
		}
		if loss := LeastSquares(g, rr, pX, py, pw, s); !sameFloat(loss, wantLoss) {
			t.Fatalf("%s: loss %v, reference %v", where("all"), loss, wantLoss)
		}
		checkSame(t, where("g"), g, wantG)
		if withR {
			checkSame(t, where("r"), res, wantR)
		}
		if loss := LeastSquaresBatch(g, br, pX, py, pw, idx, s); !sameFloat(loss, wantBLoss) {
			t.Fatalf("%s: loss %v, reference %v", where("batch"), loss, wantBLoss)
		}
		checkSame(t, where("batch g"), g, wantBG)
		if withR {
			checkSame(t, where("batch r"), bres, wantBR)
		}
	}
	checkSame(t, where("X (read-only)"), pX, X)
	checkSame(t, where("y (read-only)"), py, y)
	checkSame(t, where("w (read-only)"), pw, w)
	for _, p := range pads {
		p.checkSentinels(t)
	}
}

// TestLeastSquaresZeroProducts checks rows whose products are all −0 against y = +0, for every row length: the
// reference's accumulators start at +0, so its dot product and residuals are +0, and a path that starts an
// accumulator from its first product must restore that sign.
func TestLeastSquaresZeroProducts(t *testing.T) {
	forEachPath(t, func(t *testing.T) { forTypes(t, leastSquaresZeroProducts[float32], leastSquaresZeroProducts[float64]) })
}

func leastSquaresZeroProducts[F Float](t *testing.T) {
	const m = 3
	maxN := leastSquaresWidths[len(leastSquaresWidths)-1]
	ar := newArena[F](t, 6, m*maxN)
	negZero := F(math.Copysign(0, -1))
	for shape, n := range leastSquaresWidths {
		X, y, w := make([]F, m*n), make([]F, m), make([]F, n)
		for i := range X {
			X[i] = -1 // times w's +0: −0
		}
		if shape%2 == 1 {
			for i := range X {
				X[i] = 1
			}
			for j := range w {
				w[j] = negZero // 1 times −0: −0
			}
		}
		idx := []int{m - 1, 0, 1, m - 1}
		for place := -1; place < sides; place++ {
			leastSquaresCase(t, ar, place, shape, X, y, w, idx, 1)
		}
	}
}
