package kernels

// leastSquaresGeneric is leastSquaresRef with the generic row (leastSquaresRowGeneric).
func leastSquaresGeneric[F Float](g, r, X, y, w []F, s F) (loss F) {
	n := len(w)
	clear(g)
	var acc [64]F
	for i, yi := range y {
		ri := leastSquaresRowGeneric(&acc, g, X[i*n:(i+1)*n], w, yi)
		if r != nil {
			r[i] = ri
		}
		loss += F(ri * ri)
	}
	scaleRef(s, g)
	return loss
}

// leastSquaresBatchGeneric is leastSquaresBatchRef with the generic row.
func leastSquaresBatchGeneric[F Float](g, r, X, y, w []F, idx []int, s F) (loss F) {
	clear(g)
	var acc [64]F
	var c lsqChunk[F]
	c.init(len(w))
	for from := 0; from < len(idx); from += c.per {
		chunk := idx[from:min(from+c.per, len(idx))]
		c.load(X, y, chunk)
		for k, i := range chunk {
			ri := leastSquaresRowGeneric(&acc, g, c.row(X, k, i), w, c.ys[k])
			if r != nil {
				r[from+k] = ri
			}
			loss += F(ri * ri)
		}
	}
	scaleRef(s, g)
	return loss
}

// leastSquaresRowGeneric is leastSquaresRow with dotAcc's dot product, its accumulators acc kept from row to row,
// and axpyRef's update of g.
func leastSquaresRowGeneric[F Float](acc *[64]F, g, row, w []F, yi F) F {
	ri := dotAcc(acc, row, w) - yi
	axpyRef(ri, row, g)
	return ri
}
