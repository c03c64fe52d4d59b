package kernels

// leastSquaresGeneric is leastSquaresRef with the generic rows: leastSquaresNarrow's for rows of at most 4
// elements, leastSquaresRows' for longer ones.
func leastSquaresGeneric[F Float](g, r, X, y, w []F, s F) (loss F) {
	clear(g)
	if len(w) <= 4 {
		loss = leastSquaresNarrow(g, r, X, y, w)
	} else {
		loss = leastSquaresRows(0, g, r, X, y, w, nil, len(y))
	}
	scaleRef(s, g)
	return loss
}

// lsqBlockBytes is how much of X leastSquaresRows (and leastSquaresBatchGeneric's touch) handles at a time: a
// third of a small L1, so that a block's rows are still there when it reads them again to update g.
const lsqBlockBytes = 16 << 10

// lsqBlockRows returns how many rows of n elements leastSquaresRows handles at a time: those that fit in
// lsqBlockBytes, at least 1 and at most lsqGatherRows.
func lsqBlockRows[F Float](n int) int {
	size := 8
	if is32[F]() {
		size = 4
	}
	return max(1, min(lsqGatherRows, lsqBlockBytes/size/max(n, 1)))
}

// leastSquaresRows is leastSquaresGeneric's loop over the rows of more than 4 elements, row idx[k] for
// k = 0, 1, …, m−1 (row k when idx is nil), the loss so far given and returned. It works a block of rows at a
// time: first each row's dot product (lsqDots), then its residual and term of the loss, then g, column by column
// (lsqUpdate). The rows' terms reach each g[j] in row order, as in the reference, but g[j] stays in a register for
// the whole block: updated row by row in memory, each row waited for the row before's stores to g.
func leastSquaresRows[F Float](loss F, g, r, X, y, w []F, idx []int, m int) F {
	n := len(w)
	p := treeWidth[F](n)
	per := lsqBlockRows[F](n)
	var acc [64]F // acc[n:p] stays +0 for a short row, as dotShort needs
	var res [lsqGatherRows]F
	var off, rows [lsqGatherRows]int
	// dotAcc's passes over a long row read it a quarter of its lines at a time, and from memory each quarter waited
	// for its misses; a batch's rows are already touched (leastSquaresBatchGeneric).
	plan := dotPlan{block: dotBlock, touch: idx == nil && streams(X)}
	for from := 0; from < m; from += per {
		cnt := min(per, m-from)
		for k := range cnt {
			i := from + k
			if idx != nil {
				i = idx[i]
			}
			rows[k], off[k] = i, i*n
		}
		lsqDots(res[:cnt], X, off[:cnt], w, &acc, p, plan)
		for k, dot := range res[:cnt] {
			ri := dot - y[rows[k]]
			res[k] = ri
			if r != nil {
				r[from+k] = ri
			}
			loss += F(ri * ri)
		}
		lsqUpdate(g, X, res[:cnt], off[:cnt])
	}
	return loss
}

// lsqUpdate adds res[k]·X[off[k]+j] to g[j] for each row k in order, four columns at a time: four sums in
// registers, each waiting for its own additions only, keep the adder busy. Eight at a time needed more than the
// 15 vector registers Go allocates on amd64, and two sums went through the stack at every row (13% slower at
// 2048×64 float32 on a Zen 5). A row's four elements are indexed directly: cutting a [4]F from X at each row
// spent more integer instructions on the slice's bounds and pointer mask than the four bounds checks do (12-15%
// slower at 16 and 64 columns on a Zen 5).
func lsqUpdate[F Float](g, X, res []F, off []int) {
	off = off[:len(res)]
	n := len(g)
	j := 0
	for ; j+4 <= n; j += 4 {
		gb := (*[4]F)(g[j:])
		g0, g1, g2, g3 := gb[0], gb[1], gb[2], gb[3]
		for k, rk := range res {
			o := off[k] + j
			_ = X[o+3]
			g0 += F(rk * X[o])
			g1 += F(rk * X[o+1])
			g2 += F(rk * X[o+2])
			g3 += F(rk * X[o+3])
		}
		gb[0], gb[1], gb[2], gb[3] = g0, g1, g2, g3
	}
	for ; j < n; j++ {
		gj := g[j]
		for k, rk := range res {
			gj += F(rk * X[off[k]+j])
		}
		g[j] = gj
	}
}

// lsqDots sets dots[k] to dotRef(X[off[k]:off[k]+n], w), n = len(w), with p = treeWidth(n) and acc as dotShort
// and dotAcc need them, and plan for dotAcc. Rows of 1, 2, 4, …, 32 elements (one per accumulator) and of 64 go
// through the tree in registers, read from X and w instead of from memory that holds the products, in one loop over
// the rows for each width: a call for each short row cost as much as its arithmetic. +0 is added to each total, as
// dotShort does.
func lsqDots[F Float](dots, X []F, off []int, w []F, acc *[64]F, p int, plan dotPlan) {
	off = off[:len(dots)]
	n := len(w)
	switch {
	case n == 1:
		for k, o := range off {
			dots[k] = 0 + F(X[o]*w[0])
		}
	case n == 2:
		w := (*[2]F)(w)
		for k, o := range off {
			x := (*[2]F)(X[o:])
			dots[k] = 0 + (F(x[0]*w[0]) + F(x[1]*w[1]))
		}
	case n == 4:
		w := (*[4]F)(w)
		for k, o := range off {
			x := (*[4]F)(X[o:])
			dots[k] = 0 + ((F(x[0]*w[0]) + F(x[2]*w[2])) + (F(x[1]*w[1]) + F(x[3]*w[3])))
		}
	case n == 8:
		w := (*[8]F)(w)
		for k, o := range off {
			x := (*[8]F)(X[o:])
			dots[k] = 0 + tree8(F(x[0]*w[0]), F(x[1]*w[1]), F(x[2]*w[2]), F(x[3]*w[3]),
				F(x[4]*w[4]), F(x[5]*w[5]), F(x[6]*w[6]), F(x[7]*w[7]))
		}
	case n == 16:
		w := (*[16]F)(w)
		for k, o := range off {
			x := (*[16]F)(X[o:])
			dots[k] = 0 + tree8(F(x[0]*w[0])+F(x[8]*w[8]), F(x[1]*w[1])+F(x[9]*w[9]),
				F(x[2]*w[2])+F(x[10]*w[10]), F(x[3]*w[3])+F(x[11]*w[11]),
				F(x[4]*w[4])+F(x[12]*w[12]), F(x[5]*w[5])+F(x[13]*w[13]),
				F(x[6]*w[6])+F(x[14]*w[14]), F(x[7]*w[7])+F(x[15]*w[15]))
		}
	case n == 32:
		for k, o := range off {
			dots[k] = 0 + dot32(X[o:o+32], w)
		}
	case n == 64:
		for k, o := range off {
			dots[k] = 0 + dot64(X[o:o+64], w)
		}
	case n <= 32:
		for k, o := range off {
			dots[k] = dotShort(acc, X[o:o+n], w, p)
		}
	default:
		for k, o := range off {
			dots[k] = dotAcc(acc, X[o:o+n], w, plan)
		}
	}
}

// dot32 is tree over the 32 products x[j]·w[j].
func dot32[F Float](x, w []F) F {
	x, w = x[:32], w[:32]
	var d [8]F
	for j := range d {
		d[j] = (F(x[j]*w[j]) + F(x[j+16]*w[j+16])) + (F(x[j+8]*w[j+8]) + F(x[j+24]*w[j+24]))
	}
	return tree8(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7])
}

// dot64 is dotRef's tree over its accumulators for 64 products x[j]·w[j], up to the sign of a zero total (see
// dotShort): one product an accumulator for float32, two for float64 (lane j holds x[j]·w[j] + x[j+32]·w[j+32],
// where dotRef starts it at +0).
func dot64[F Float](x, w []F) F {
	x, w = x[:64], w[:64]
	var d [8]F
	if is32[F]() {
		// tree's levels above tree8 for 64 accumulators: d[j] is tree8 over the accumulators j, j+8, …, j+56.
		for j := range d {
			d[j] = tree8(F(x[j]*w[j]), F(x[j+8]*w[j+8]), F(x[j+16]*w[j+16]), F(x[j+24]*w[j+24]),
				F(x[j+32]*w[j+32]), F(x[j+40]*w[j+40]), F(x[j+48]*w[j+48]), F(x[j+56]*w[j+56]))
		}
		return tree8(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7])
	}
	// tree's levels above tree8 for 32 accumulators, accumulator l holding lane l's two products.
	for j := range d {
		a, b := F(x[j]*w[j])+F(x[j+32]*w[j+32]), F(x[j+8]*w[j+8])+F(x[j+40]*w[j+40])
		c, e := F(x[j+16]*w[j+16])+F(x[j+48]*w[j+48]), F(x[j+24]*w[j+24])+F(x[j+56]*w[j+56])
		d[j] = (a + c) + (b + e)
	}
	return tree8(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7])
}

// leastSquaresNarrow is leastSquaresGeneric's loop over the rows for rows of 1 to 4 elements, one loop for each
// width, with g and w in registers: a loop over g in memory waits at each row for the row before's stores to g, and
// that wait, not the arithmetic, set the pace of a naive loop. Each row's dot product is dotShort's tree written
// out (+0 added to the total, see dotShort).
func leastSquaresNarrow[F Float](g, r, X, y, w []F) (loss F) {
	m := len(y)
	switch len(w) {
	case 0:
		for i, yi := range y {
			ri := F(0) - yi
			if r != nil {
				r[i] = ri
			}
			loss += F(ri * ri)
		}
	case 1:
		w0, g0 := w[0], g[0]
		X = X[:m]
		for i, yi := range y {
			x0 := X[i]
			ri := (0 + F(x0*w0)) - yi
			g0 += F(ri * x0)
			if r != nil {
				r[i] = ri
			}
			loss += F(ri * ri)
		}
		g[0] = g0
	case 2:
		w0, w1, g0, g1 := w[0], w[1], g[0], g[1]
		for i, yi := range y {
			x := (*[2]F)(X[2*i:])
			x0, x1 := x[0], x[1]
			ri := (0 + (F(x0*w0) + F(x1*w1))) - yi
			g0 += F(ri * x0)
			g1 += F(ri * x1)
			if r != nil {
				r[i] = ri
			}
			loss += F(ri * ri)
		}
		g[0], g[1] = g0, g1
	case 3:
		w0, w1, w2, g0, g1, g2 := w[0], w[1], w[2], g[0], g[1], g[2]
		for i, yi := range y {
			x := (*[3]F)(X[3*i:])
			x0, x1, x2 := x[0], x[1], x[2]
			ri := (0 + ((F(x0*w0) + F(x2*w2)) + F(x1*w1))) - yi
			g0 += F(ri * x0)
			g1 += F(ri * x1)
			g2 += F(ri * x2)
			if r != nil {
				r[i] = ri
			}
			loss += F(ri * ri)
		}
		g[0], g[1], g[2] = g0, g1, g2
	case 4:
		w0, w1, w2, w3, g0, g1, g2, g3 := w[0], w[1], w[2], w[3], g[0], g[1], g[2], g[3]
		for i, yi := range y {
			x := (*[4]F)(X[4*i:])
			x0, x1, x2, x3 := x[0], x[1], x[2], x[3]
			ri := (0 + ((F(x0*w0) + F(x2*w2)) + (F(x1*w1) + F(x3*w3)))) - yi
			g0 += F(ri * x0)
			g1 += F(ri * x1)
			g2 += F(ri * x2)
			g3 += F(ri * x3)
			if r != nil {
				r[i] = ri
			}
			loss += F(ri * ri)
		}
		g[0], g[1], g[2], g[3] = g0, g1, g2, g3
	}
	return loss
}

// leastSquaresBatchGeneric is leastSquaresBatchRef with the generic rows, read in place: where the reference
// copies the rest of each row next to its first element (lsqChunk), this path only touches each cache line of a
// block's rows first (lsqTouch), which puts the block's misses in flight together as the copy did, without the
// copy, which cost more than the arithmetic when the rows were in cache.
func leastSquaresBatchGeneric[F Float](g, r, X, y, w []F, idx []int, s F) (loss F) {
	clear(g)
	n := len(w)
	per := lsqBlockRows[F](n)
	for from := 0; from < len(idx); from += per {
		to := min(from+per, len(idx))
		keepLoads(lsqTouch(X, n, idx[from:to]))
		loss = leastSquaresRows(loss, g, part(r, from, to), X, y, w, idx[from:to], to-from)
	}
	scaleRef(s, g)
	return loss
}

// lsqTouch loads one element from each cache line of the rows chunk, so that their misses are in flight
// together (see leastSquaresBatchRef). It returns the sum of what it loaded, for keepLoads: loads whose values are
// unused would be removed. Four rows at a time go to four sums: one sum waited at each line for the addition
// before, and the misses it let into flight were as few as that chain was slow (a batch of 1024 16-element rows
// from memory ran 1.4-1.8× slower, Zen 5).
func lsqTouch[F Float](X []F, n int, chunk []int) F {
	const line = 64 // bytes in a cache line
	step := line / 8
	if is32[F]() {
		step = line / 4
	}
	var t0, t1, t2, t3 F
	k := 0
	for ; k+4 <= len(chunk); k += 4 {
		a, b, c, d := chunk[k]*n, chunk[k+1]*n, chunk[k+2]*n, chunk[k+3]*n
		for j := 0; j < n; j += step {
			t0 += X[a+j]
			t1 += X[b+j]
			t2 += X[c+j]
			t3 += X[d+j]
		}
	}
	for _, i := range chunk[k:] {
		for j := i * n; j < (i+1)*n; j += step {
			t0 += X[j]
		}
	}
	return (t0 + t1) + (t2 + t3)
}
