package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// lsqProblem returns a random m×n problem with normally distributed X, y and w.
func lsqProblem[F Float](rng *rand.Rand, m, n int) (X, y, w []F) {
	normal := func(k int) []F {
		v := make([]F, k)
		for i := range v {
			v[i] = F(rng.NormFloat64())
		}
		return v
	}
	return normal(m * n), normal(m), normal(n)
}

func TestLeastSquaresByHand(t *testing.T) {
	t.Run("f32", testLeastSquaresByHand[float32])
	t.Run("f64", testLeastSquaresByHand[float64])
}

// testLeastSquaresByHand checks a 3×2 problem with integer data, whose every intermediate is exact.
func testLeastSquaresByHand[F Float](t *testing.T) {
	X := []F{
		1, 2,
		3, 4,
		5, 6,
	}
	y := []F{0, 1, -2}
	w := []F{1, -1}
	// Xw = (−1, −1, −1), r = (−1, −2, 1), Σr² = 6, Xᵀr = (−1−6+5, −2−8+6) = (−2, −4).
	g, r := filled(2, F(math.NaN())), filled(3, F(math.NaN()))
	loss := LeastSquares(g, r, X, y, w, 0.5)
	checkSame(t, "g", g, []F{-1, -2})
	checkSame(t, "r", r, []F{-1, -2, 1})
	checkSame(t, "loss", []F{loss}, []F{6})

	// Rows 2, 0, 2: r = (1, −1, 1), Σr² = 3, Xᵀr = (5−1+5, 6−2+6) = (9, 10).
	loss = LeastSquaresBatch(g, r, X, y, w, []int{2, 0, 2}, 2)
	checkSame(t, "batch g", g, []F{18, 20})
	checkSame(t, "batch r", r, []F{1, -1, 1})
	checkSame(t, "batch loss", []F{loss}, []F{3})
}

func TestLeastSquaresNoFMA(t *testing.T) {
	t.Run("f32", testLeastSquaresNoFMA[float32])
	t.Run("f64", testLeastSquaresNoFMA[float64])
}

// testLeastSquaresNoFMA feeds the kernels rows whose residual·x products would round differently if the compiler
// fused them into the gradient or loss sums (it does on arm64 and with GOAMD64=v3).
func testLeastSquaresNoFMA[F Float](t *testing.T) {
	p, minus, plus := fmaProbe[F]()
	X, y, w := []F{1, p}, []F{2, 0}, []F{1} // r = (−1, p): g = −1 + F(p·p), loss = 1 + F(p·p)
	g, r := make([]F, 1), make([]F, 2)
	loss := LeastSquares(g, r, X, y, w, 1)
	checkSame(t, "r", r, []F{-1, p})
	checkSame(t, "g", g, []F{minus})
	checkSame(t, "loss", []F{loss}, []F{plus})
	loss = LeastSquaresBatch(g, r, X, y, w, []int{0, 1}, 1)
	checkSame(t, "batch g", g, []F{minus})
	checkSame(t, "batch loss", []F{loss}, []F{plus})
}

func TestLeastSquaresDegenerate(t *testing.T) {
	t.Run("f32", testLeastSquaresDegenerate[float32])
	t.Run("f64", testLeastSquaresDegenerate[float64])
}

// testLeastSquaresDegenerate checks the empty cases: no rows (g = s·0) and no columns (r = −y).
func testLeastSquaresDegenerate[F Float](t *testing.T) {
	inf, nan := F(math.Inf(1)), F(math.NaN())
	g := filled(3, nan)
	loss := LeastSquares(g, []F{}, nil, nil, make([]F, 3), 2)
	checkSame(t, "m=0 g", g, []F{0, 0, 0})
	checkSame(t, "m=0 loss", []F{loss}, []F{0})
	LeastSquares(g, nil, nil, nil, make([]F, 3), inf)
	checkSame(t, "m=0 s=Inf g", g, []F{nan, nan, nan})
	loss = LeastSquaresBatch(g, nil, make([]F, 6), make([]F, 2), make([]F, 3), nil, -1)
	z := F(math.Copysign(0, -1))
	checkSame(t, "empty batch g", g, []F{z, z, z})
	checkSame(t, "empty batch loss", []F{loss}, []F{0})

	r := filled(3, nan)
	loss = LeastSquares(nil, r, nil, []F{1, -2, 0}, nil, 1)
	checkSame(t, "n=0 r", r, []F{-1, 2, 0}) // the empty Dot is +0, and +0 − 0 = +0
	checkSame(t, "n=0 loss", []F{loss}, []F{5})
}

// lsqShapes are the (m, n) shapes the randomized tests run: rows shorter and longer than Dot's 32 or 64
// accumulators, a single row or column, and a tall matrix.
var lsqShapes = [][2]int{{1, 1}, {3, 5}, {7, 64}, {5, 65}, {2, 130}, {40, 3}, {1, 33}, {9, 1}}

func TestLeastSquaresBatchAllRows(t *testing.T) {
	t.Run("f32", testLeastSquaresBatchAllRows[float32])
	t.Run("f64", testLeastSquaresBatchAllRows[float64])
}

// testLeastSquaresBatchAllRows checks that the batch of all rows in order is LeastSquares bit for bit, that the
// residuals are Dot(row, w) − y[i], and that asking for no residuals changes nothing else.
func testLeastSquaresBatchAllRows[F Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sh := range lsqShapes {
		m, n := sh[0], sh[1]
		X, y, w := lsqProblem[F](rng, m, n)
		s := F(rng.NormFloat64())
		idx := make([]int, m)
		wantR := make([]F, m)
		for i := range idx {
			idx[i] = i
			wantR[i] = Dot(X[i*n:(i+1)*n], w) - y[i]
		}
		g, r := make([]F, n), make([]F, m)
		loss := LeastSquares(g, r, X, y, w, s)
		checkSame(t, "r", r, wantR)

		gb, rb := make([]F, n), make([]F, m)
		lossb := LeastSquaresBatch(gb, rb, X, y, w, idx, s)
		checkSame(t, "batch g", gb, g)
		checkSame(t, "batch r", rb, r)
		checkSame(t, "batch loss", []F{lossb}, []F{loss})

		lossn := LeastSquares(gb, nil, X, y, w, s)
		checkSame(t, "g without r", gb, g)
		checkSame(t, "loss without r", []F{lossn}, []F{loss})
		lossn = LeastSquaresBatch(gb, nil, X, y, w, idx, s)
		checkSame(t, "batch g without r", gb, g)
		checkSame(t, "batch loss without r", []F{lossn}, []F{loss})
	}
}

func TestLeastSquaresBatchGather(t *testing.T) {
	t.Run("f32", testLeastSquaresBatchGather[float32])
	t.Run("f64", testLeastSquaresBatchGather[float64])
}

// testLeastSquaresBatchGather checks a batch of permuted and repeated rows against LeastSquares over a matrix
// holding copies of those rows in batch order.
func testLeastSquaresBatchGather[F Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sh := range lsqShapes {
		m, n := sh[0], sh[1]
		X, y, w := lsqProblem[F](rng, m, n)
		s := F(rng.NormFloat64())
		idx := append(rng.Perm(m), rng.IntN(m), 0, m-1, m-1)
		var Xb, yb []F
		for _, i := range idx {
			Xb = append(Xb, X[i*n:(i+1)*n]...)
			yb = append(yb, y[i])
		}
		g, r := make([]F, n), make([]F, len(idx))
		loss := LeastSquares(g, r, Xb, yb, w, s)
		gb, rb := make([]F, n), make([]F, len(idx))
		lossb := LeastSquaresBatch(gb, rb, X, y, w, idx, s)
		checkSame(t, "g", gb, g)
		checkSame(t, "r", rb, r)
		checkSame(t, "loss", []F{lossb}, []F{loss})
	}
}

func TestLeastSquaresGradient(t *testing.T) {
	t.Run("f32", testLeastSquaresGradient[float32])
	t.Run("f64", testLeastSquaresGradient[float64])
}

// testLeastSquaresGradient checks what the reference computes, not its bits: g and the loss against s·Xᵀ(Xw − y)
// and Σr² computed in float64 by the textbook formula, within a bound on the rounding error of summing in any
// order, and (float64) g against central differences of the loss.
func testLeastSquaresGradient[F Float](t *testing.T) {
	eps := 0x1p-52
	if is32[F]() {
		eps = 0x1p-23
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sh := range lsqShapes {
		m, n := sh[0], sh[1]
		X, y, w := lsqProblem[F](rng, m, n)
		s := F(rng.NormFloat64())
		g := make([]F, n)
		loss := LeastSquares(g, nil, X, y, w, s)

		gamma := 2 * float64(m+n+4) * eps // both sides' sums, each of fewer than m+n+4 roundings
		wantG, boundG := make([]float64, n), make([]float64, n)
		var wantL, boundL float64
		for i := range m {
			row := X[i*n : (i+1)*n]
			ri, mag := -float64(y[i]), math.Abs(float64(y[i]))
			for k, xk := range row {
				ri += float64(xk) * float64(w[k])
				mag += math.Abs(float64(xk) * float64(w[k]))
			}
			wantL += ri * ri
			boundL += mag * mag
			for j, xj := range row {
				wantG[j] += float64(s) * float64(xj) * ri
				boundG[j] += math.Abs(float64(s) * float64(xj) * mag)
			}
		}
		if d := math.Abs(float64(loss) - wantL); d > gamma*boundL {
			t.Errorf("%dx%d: loss %v, want %v ± %.3g", m, n, loss, wantL, gamma*boundL)
		}
		for j := range g {
			if d := math.Abs(float64(g[j]) - wantG[j]); d > gamma*boundG[j] {
				t.Errorf("%dx%d: g[%d] = %v, want %v ± %.3g", m, n, j, g[j], wantG[j], gamma*boundG[j])
			}
		}

		if is32[F]() {
			continue // float32 differences of the loss are too coarse to say anything
		}
		// The loss is quadratic in w, so the central difference is its derivative up to rounding; with s = 2
		// the kernel's g is that derivative.
		LeastSquares(g, nil, X, y, w, 2)
		const h = 1e-3
		for j := range w {
			wj := w[j]
			w[j] = wj + h
			lp := LeastSquares(make([]F, n), nil, X, y, w, 1)
			w[j] = wj - h
			lm := LeastSquares(make([]F, n), nil, X, y, w, 1)
			w[j] = wj
			fd := float64(lp-lm) / (2 * h)
			if d := math.Abs(float64(g[j]) - fd); d > 1e-8*(1+boundL) {
				t.Errorf("%dx%d: g[%d] = %v, central difference %v", m, n, j, g[j], fd)
			}
		}
	}
}

func TestLeastSquaresPanics(t *testing.T) {
	X, y, w := make([]float64, 6), make([]float64, 3), make([]float64, 2)
	g, r := make([]float64, 2), make([]float64, 3)
	panicsWith(t, func() { LeastSquares(g, r, X[:5], y, w, 1) }, "LeastSquares:", "len(X)=5", "len(y)·len(w)=3·2=6")
	panicsWith(t, func() { LeastSquares(g[:1], r, X, y, w, 1) }, "LeastSquares:", "len(g)=1", "len(w)=2")
	panicsWith(t, func() { LeastSquares(g, r[:2], X, y, w, 1) }, "LeastSquares:", "len(r)=2", "len(y)=3")
	panicsWith(t, func() { LeastSquares(g, r[:0], X, y, w, 1) }, "LeastSquares:", "len(r)=0", "len(y)=3")

	idx := []int{2, 0}
	panicsWith(t, func() { LeastSquaresBatch(g, r[:2], make([]float64, 7), y, w, idx, 1) }, "LeastSquaresBatch:", "len(X)=7")
	panicsWith(t, func() { LeastSquaresBatch(make([]float64, 3), r[:2], X, y, w, idx, 1) }, "LeastSquaresBatch:", "len(g)=3")
	panicsWith(t, func() { LeastSquaresBatch(g, r, X, y, w, idx, 1) }, "LeastSquaresBatch:", "len(r)=3", "len(idx)=2")
	for _, bad := range []int{-1, 3, math.MaxInt} {
		idx := []int{0, 1, bad, 2}
		for _, r := range [][]float64{nil, make([]float64, 4)} {
			g[0] = 7
			panicsWith(t, func() { LeastSquaresBatch(g, r, X, y, w, idx, 1) },
				"LeastSquaresBatch:", "idx[2]="+itoa(bad), "[0, len(y)=3)")
			if g[0] != 7 {
				t.Errorf("idx[2]=%d: g written before the panic", bad)
			}
		}
	}
}

func TestMustMatrixOverflow(t *testing.T) {
	big := math.MaxInt/2 + 1
	panicsWith(t, func() { mustMatrix("K", 0, big, 2) }, "K:", "len(y)·len(w)="+itoa(big)+"·2", "overflows int")
	panicsWith(t, func() { mustMatrix("K", 0, 2, big) }, "K:", "overflows int")
	panicsWith(t, func() { mustMatrix("K", 1, big, big) }, "K:", "overflows int")
	mustMatrix("K", math.MaxInt, math.MaxInt, 1)
	mustMatrix("K", math.MaxInt, 1, math.MaxInt)
	mustMatrix("K", 0, 0, math.MaxInt)
}

func TestLeastSquaresAllocs(t *testing.T) {
	X, y, w := lsqProblem[float32](rand.New(rand.NewPCG(7, 8)), 10, 70)
	g, r, idx := make([]float32, 70), make([]float32, 10), []int{3, 1, 3}
	if a := testing.AllocsPerRun(10, func() { LeastSquares(g, r, X, y, w, 1) }); a != 0 {
		t.Errorf("LeastSquares: %v allocations", a)
	}
	if a := testing.AllocsPerRun(10, func() { LeastSquaresBatch(g, r[:3], X, y, w, idx, 1) }); a != 0 {
		t.Errorf("LeastSquaresBatch: %v allocations", a)
	}
}
