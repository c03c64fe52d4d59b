package kernels

// leastSquaresGeneric is leastSquaresRef with the generic row (leastSquaresRowGeneric).
func leastSquaresGeneric[F Float](g, r, X, y, w []F, s F) (loss F) {
	n := len(w)
	clear(g)
	if n <= 32 {
		loss = leastSquaresShort(g, r, X, y, w)
		scaleRef(s, g)
		return loss
	}
	var acc [64]F
	p := treeWidth[F](n)
	for i, yi := range y {
		ri := leastSquaresRowGeneric(&acc, p, g, X[i*n:(i+1)*n], w, yi)
		if r != nil {
			r[i] = ri
		}
		loss += F(ri * ri)
	}
	scaleRef(s, g)
	return loss
}

// leastSquaresShort is leastSquaresGeneric's loop over the rows for rows of at most 32 elements, with dotShort
// written out in it: for rows of a few elements, the calls cost as much as the arithmetic.
func leastSquaresShort[F Float](g, r, X, y, w []F) (loss F) {
	n := len(w)
	p := treeWidth[F](n)
	var acc [32]F
	a, g := acc[:n], g[:n]
	for i, yi := range y {
		row := X[i*n : (i+1)*n]
		for j, xj := range row {
			a[j] = F(xj * w[j])
		}
		ri := combineShort(a, p) - yi
		for j, xj := range row {
			g[j] += F(ri * xj)
		}
		if r != nil {
			r[i] = ri
		}
		loss += F(ri * ri)
	}
	return loss
}

// leastSquaresBatchGeneric is leastSquaresBatchRef with the generic row.
func leastSquaresBatchGeneric[F Float](g, r, X, y, w []F, idx []int, s F) (loss F) {
	clear(g)
	var acc [64]F
	p := treeWidth[F](len(w))
	var c lsqChunk[F]
	c.init(len(w))
	for from := 0; from < len(idx); from += c.per {
		chunk := idx[from:min(from+c.per, len(idx))]
		c.load(X, y, chunk)
		for k, i := range chunk {
			ri := leastSquaresRowGeneric(&acc, p, g, c.row(X, k, i), w, c.ys[k])
			if r != nil {
				r[from+k] = ri
			}
			loss += F(ri * ri)
		}
	}
	scaleRef(s, g)
	return loss
}

// leastSquaresRowGeneric is leastSquaresRow with dotAcc's dot product (dotShort's straight away for a short row,
// p = treeWidth(len(row)) computed once for all rows), its accumulators acc kept from row to row, and axpyRef's
// update of g.
func leastSquaresRowGeneric[F Float](acc *[64]F, p int, g, row, w []F, yi F) F {
	var dot F
	if len(row) <= 32 {
		dot = dotShort(acc, row, w, p)
	} else {
		dot = dotAcc(acc, row, w)
	}
	ri := dot - yi
	axpyRef(ri, row, g)
	return ri
}
