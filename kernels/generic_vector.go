package kernels

// scaleGeneric is scaleRef, four elements an iteration.
func scaleGeneric[F Float](alpha F, x []F) {
	for ; len(x) >= 4; x = x[4:] {
		x[0], x[1], x[2], x[3] = F(alpha*x[0]), F(alpha*x[1]), F(alpha*x[2]), F(alpha*x[3])
	}
	for i, xi := range x {
		x[i] = F(alpha * xi)
	}
}

// axpyGeneric is axpyRef, four elements an iteration.
func axpyGeneric[F Float](alpha F, x, y []F) {
	y = y[:len(x)]
	for ; len(x) >= 4; x, y = x[4:], y[4:] {
		y[0] += F(alpha * x[0])
		y[1] += F(alpha * x[1])
		y[2] += F(alpha * x[2])
		y[3] += F(alpha * x[3])
	}
	for i, xi := range x {
		y[i] += F(alpha * xi)
	}
}

// clipValueGeneric is clipValueRef without branches: max(lo, min(c, x)) keeps x where it is within the bounds
// (±0 and NaN included, NaN payloads aside) and gives the bound it crossed otherwise, with lo = −0 when c is ±0
// as clipValueRef sets them.
func clipValueGeneric[F Float](c F, x []F) {
	if c == 0 {
		c = 0
	}
	lo := -c
	for i, xi := range x {
		x[i] = max(lo, min(c, xi))
	}
}
