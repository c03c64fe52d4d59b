package bench

import (
	"math/rand/v2"

	"github.com/fastgrad/fastgrad/kernels"
)

// lsqBatches is how many different mini-batches a LeastSquaresBatch case cycles through, so that the rows come from
// wherever the matrix lives (L3 or DRAM), as in training, rather than staying in L1 from one call to the next.
const lsqBatches = 256

// lsqArrays allocates X (rows×cols), y, w, and the outputs g and r (r of rLen) in the case's layout.
func lsqArrays[F kernels.Float](c Case, rLen int) (X, y, w, g, r []F) {
	a := alloc[F]([]int{c.Rows * c.Cols, c.Rows, c.Cols, c.Cols, rLen}, c.Layout)
	return a[0], a[1], a[2], a[3], a[4]
}

// leastSquares is one pass of LeastSquares over the whole matrix, with residuals and loss.
func leastSquares[F kernels.Float](c Case) func(string) func() {
	X, y, w, g, r := lsqArrays[F](c, c.Rows)
	s := 2 / F(c.Rows)
	return func(impl string) func() {
		switch impl {
		case Naive:
			return func() { Sink = float64(naiveLeastSquares(g, r, X, y, w, s)) }
		case Gonum:
			return func() { Sink = float64(gonumLeastSquares(g, r, X, y, w, s)) }
		}
		return func() { Sink = float64(kernels.LeastSquares(g, r, X, y, w, s)) }
	}
}

// leastSquaresBatch is LeastSquaresBatch on mini-batches of random rows: a different batch each call, cycling
// through lsqBatches of them, or the same one when the case is cached.
func leastSquaresBatch[F kernels.Float](c Case) func(string) func() {
	X, y, w, g, r := lsqArrays[F](c, c.Batch)
	batches := lsqBatches
	if c.Cached {
		batches = 1
	}
	rnd := rand.New(rand.NewPCG(7, uint64(c.Batch)))
	idx := make([]int, batches*c.Batch)
	for k := range idx {
		idx[k] = rnd.IntN(c.Rows)
	}
	s := 2 / F(c.Batch)
	return func(impl string) func() {
		k := 0
		next := func() []int {
			b := idx[k*c.Batch : (k+1)*c.Batch]
			k = (k + 1) % batches
			return b
		}
		switch impl {
		case Naive:
			return func() { Sink = float64(naiveLeastSquaresBatch(g, r, X, y, w, next(), s)) }
		case Gonum:
			return func() { Sink = float64(gonumLeastSquaresBatch(g, r, X, y, w, next(), s)) }
		}
		return func() { Sink = float64(kernels.LeastSquaresBatch(g, r, X, y, w, next(), s)) }
	}
}
