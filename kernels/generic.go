package kernels

// The generic path is the pure-Go one: the references, with faster loops in place of those that a naive Go loop
// outran. Each faster loop performs its reference's operations on each element in the same order, rounding the same
// products explicitly, so it returns the reference's bits; what it drops is the reference's per-element overhead:
// branches on the options (moved out of the loop into one loop per case), bounds checks (whole blocks read through
// array pointers, slices re-sliced to a common length) and values reloaded from memory. The path tests compare the
// generic path with the references, like every other path.
func genericOps[F Float]() ops[F] {
	o := referenceOps[F]()
	o.sgd = sgdGeneric[F]
	o.adam = adamGeneric[F]
	o.dot, o.sumSq = dotGeneric[F], sumSqGeneric[F]
	o.leastSquares, o.leastSquaresBatch = leastSquaresGeneric[F], leastSquaresBatchGeneric[F]
	o.allFinite = allFiniteGeneric[F]
	o.scale = scaleGeneric[F]
	return o
}
