package kernels

import (
	"fmt"
	"math"
)

// Canonical order of the least-squares kernels. The rows are visited one at a time, in order (row i for
// LeastSquares, row idx[k] for LeastSquaresBatch). For each row, the residual ri = Dot(row, w) − y[i] is the dot
// product in the canonical reduction order of reduce.go, then a single subtraction; F(ri·ri) is added to the loss
// and F(ri·X[i·n+j]) to g[j], both accumulated sequentially in row order from +0. After the last row every g[j] is
// multiplied by s once. Every path reproduces exactly this sequence of operations. The n sums g[j] are
// independent of each other, so a vector path updates many columns at once; what it must not do is split the rows
// among several partial gradients.

// LeastSquares computes, in one pass over the row-major m×n matrix X, the gradient g = s·Xᵀ(Xw − y) of the
// least-squares loss, the residuals r = Xw − y (when r is not nil) and the loss Σ rᵢ² (not scaled by s), where
// m = len(y) and n = len(w). It is equivalent to the loop below, in which every product that feeds a sum is rounded
// to F first (no fused multiply-add):
//
//	m, n := len(y), len(w)
//	clear(g)
//	for i := range m {
//		row := X[i*n : (i+1)*n]
//		ri := Dot(row, w) - y[i] // Dot's canonical order
//		if r != nil {
//			r[i] = ri
//		}
//		loss += F(ri * ri)
//		for j := range n {
//			g[j] += F(ri * row[j])
//		}
//	}
//	for j := range n {
//		g[j] = s * g[j]
//	}
//	return loss
//
// With m = 0, g is s·(+0) (NaN where s is ±Inf or NaN) and the loss +0; with n = 0, every residual is −y[i].
// LeastSquares panics unless len(X) = m·n, len(g) = n, and r is nil or has length m, and if g or r, which are
// written, overlaps the other or X, y, w, which are only read.
func LeastSquares[F Float](g, r, X, y, w []F, s F) (loss F) {
	const kernel = "LeastSquares"
	m, n := len(y), len(w)
	mustMatrix(kernel, len(X), m, n)
	mustLen(kernel, "g", len(g), "w", n)
	if r != nil {
		mustLen(kernel, "r", len(r), "y", m)
	}
	mustDisjoint(kernel, "g,r,X,y,w", 2, g, r, X, y, w)
	return opsOf[F]().leastSquares(g, r, X, y, w, s)
}

// LeastSquaresBatch is LeastSquares over the rows idx[0], idx[1], … of X, in that order: the mini-batch gradient
// g = s·Σₖ X[idx[k]]ᵀ(X[idx[k]]·w − y[idx[k]]) and its loss Σₖ r[k]², where r[k] is the residual of row idx[k]. It is
// equivalent to
//
//	n := len(w)
//	clear(g)
//	for k, i := range idx {
//		row := X[i*n : (i+1)*n]
//		ri := Dot(row, w) - y[i] // Dot's canonical order
//		if r != nil {
//			r[k] = ri
//		}
//		loss += F(ri * ri)
//		for j := range n {
//			g[j] += F(ri * row[j])
//		}
//	}
//	for j := range n {
//		g[j] = s * g[j]
//	}
//	return loss
//
// A row listed twice counts twice. LeastSquaresBatch panics, before writing anything, unless len(X) = m·n with
// m = len(y) and n = len(w), len(g) = n, r is nil or has the length of idx, and every idx[k] is in [0, m), and if g or r,
// which are written, overlaps the other or X, y, w, which are only read.
func LeastSquaresBatch[F Float](g, r, X, y, w []F, idx []int, s F) (loss F) {
	const kernel = "LeastSquaresBatch"
	m, n := len(y), len(w)
	mustMatrix(kernel, len(X), m, n)
	mustLen(kernel, "g", len(g), "w", n)
	if r != nil {
		mustLen(kernel, "r", len(r), "idx", len(idx))
	}
	mustDisjoint(kernel, "g,r,X,y,w", 2, g, r, X, y, w)
	for k, i := range idx {
		if i < 0 || i >= m {
			panic(fmt.Sprintf("kernels: %s: idx[%d]=%d out of range [0, len(y)=%d)", kernel, k, i, m))
		}
	}
	return opsOf[F]().leastSquaresBatch(g, r, X, y, w, idx, s)
}

// mustMatrix panics unless a row-major matrix of m rows (len(y)) and n columns (len(w)) has lenX elements. It
// checks that m·n does not overflow first: a wrapped product could equal lenX and let a path read past X.
func mustMatrix(kernel string, lenX, m, n int) {
	if n != 0 && m > math.MaxInt/n {
		panic(fmt.Sprintf("kernels: %s: len(y)·len(w)=%d·%d overflows int", kernel, m, n))
	}
	if lenX != m*n {
		panic(fmt.Sprintf("kernels: %s: len(X)=%d, want len(y)·len(w)=%d·%d=%d", kernel, lenX, m, n, m*n))
	}
}

func leastSquaresRef[F Float](g, r, X, y, w []F, s F) (loss F) {
	n := len(w)
	clear(g)
	for i, yi := range y {
		ri := leastSquaresRow(g, X[i*n:(i+1)*n], w, yi)
		if r != nil {
			r[i] = ri
		}
		loss += F(ri * ri)
	}
	scaleRef(s, g)
	return loss
}

// The batch reference works through idx a chunk of rows at a time, and first reads each row's y and first element
// into local buffers in a loop that does nothing else. The rows come from anywhere in X, so each is likely a cache
// miss, and a row's dot product in the canonical order is long enough that, read in place, the processor did not
// reach the next row's loads while it waited for this one's: every row cost a full memory latency. The short loop
// puts the misses of the whole chunk in flight together; the rest of a row is copied next to its first element just
// before its turn. An epoch of batches of 20 random rows of 16 float32 from a 64 MB X took 75 ms instead of 220
// (AMD EPYC, Zen 5). Rows longer than the row buffer are read in place.
const (
	lsqGatherElems = 512 // the row buffer, in elements
	lsqGatherRows  = 64  // the most rows in a chunk
)

func leastSquaresBatchRef[F Float](g, r, X, y, w []F, idx []int, s F) (loss F) {
	clear(g)
	var c lsqChunk[F]
	c.init(len(w))
	for from := 0; from < len(idx); from += c.per {
		chunk := idx[from:min(from+c.per, len(idx))]
		c.load(X, y, chunk)
		for k, i := range chunk {
			ri := leastSquaresRow(g, c.row(X, k, i), w, c.ys[k])
			if r != nil {
				r[from+k] = ri
			}
			loss += F(ri * ri)
		}
	}
	scaleRef(s, g)
	return loss
}

// lsqChunk is a chunk of the rows of a mini-batch, gathered as described above.
type lsqChunk[F Float] struct {
	rows   [lsqGatherElems]F
	ys     [lsqGatherRows]F
	n      int  // elements in a row
	per    int  // rows in a chunk
	gather bool // the rows are copied into rows; otherwise read in place
}

func (c *lsqChunk[F]) init(n int) {
	c.n, c.per, c.gather = n, 1, 0 < n && n <= len(c.rows)
	if c.gather {
		c.per = min(len(c.ys), len(c.rows)/n)
	}
}

// load reads the y and, when gathering, the first element of each row of the chunk.
func (c *lsqChunk[F]) load(X, y []F, chunk []int) {
	n := c.n
	for k, i := range chunk {
		c.ys[k] = y[i]
		if c.gather {
			c.rows[k*n] = X[i*n]
		}
	}
}

// row returns row k of the chunk, row i of X, completing its copy when gathering.
func (c *lsqChunk[F]) row(X []F, k, i int) []F {
	n := c.n
	if !c.gather {
		return X[i*n : (i+1)*n]
	}
	row := c.rows[k*n : (k+1)*n]
	copy(row[1:], X[i*n+1:(i+1)*n])
	return row
}

// leastSquaresRow returns the residual of one row and adds its contribution to the unscaled gradient g.
func leastSquaresRow[F Float](g, row, w []F, yi F) F {
	ri := dotRef(row, w) - yi
	g = g[:len(row)] // lets the compiler drop the bounds check on g[j]
	for j, xj := range row {
		g[j] += F(ri * xj)
	}
	return ri
}
