package kernels

// LionStored performs one Lion step over weights w, gradients g and momentum m kept in float32, BF16 or F16,
// computing in float32. The weights round as rnd says (stochastic rounding keeps Lion's small uniform steps from
// vanishing into a bfloat16 weight's unit), the momentum to nearest. It is equivalent to
//
//	for i := range w {
//		wi, gi, mi := []float32{Widened(w[i])}, []float32{Widened(g[i])}, []float32{Widened(m[i])}
//		Lion(h, wi, gi, mi)
//		w[i], m[i] = Rounded[W](wi[0], rnd, i), Rounded[S](mi[0], Rounding{}, i)
//	}
//
// so with every type float32 it is Lion[float32]. It panics as Lion does, and if rnd.Offset is negative.
func LionStored[W, G, S Stored](h *LionHyper, w []W, g []G, m []S, rnd Rounding) {
	const kernel = "LionStored"
	mustLionArgs(kernel, h, len(w), len(g), len(m))
	mustDisjointRegions(kernel, "w,m,g", 2, regionOf(w), regionOf(m), regionOf(g))
	mustOffset(kernel, rnd)
	o, a := opsOf[float32](), newLionArgs[float32](h)
	switch modeOf[W, G, S](rnd) {
	case allBF16:
		o.lionBF16(a, as[BF16](w), as[BF16](g), as[BF16](m))
	case allF16:
		o.lionF16(a, as[F16](w), as[F16](g), as[F16](m))
	case allBF16SR:
		o.lionBF16SR(a, as[BF16](w), as[BF16](g), as[BF16](m), rnd)
	case allF16SR:
		o.lionF16SR(a, as[F16](w), as[F16](g), as[F16](m), rnd)
	case stateBF16:
		o.lionStateBF16(a, as[float32](w), as[float32](g), as[BF16](m))
	case stateF16:
		o.lionStateF16(a, as[float32](w), as[float32](g), as[F16](m))
	default:
		runStored(w, g, [3][]S{m}, rnd, func(w, g []float32, st [3][]float32) { o.lion(a, w, g, st[0]) })
	}
}

// LionCopy performs one float32 Lion step and stores the updated weights, rounded as rnd says, into wCopy in the
// same pass. It is equivalent to
//
//	Lion(h, w, g, m)
//	for i := range w {
//		wCopy[i] = Rounded[C](w[i], rnd, i)
//	}
//
// It panics as Lion does, if wCopy does not have the length of w or overlaps another slice, and if rnd.Offset is
// negative.
func LionCopy[C Half](h *LionHyper, w, g, m []float32, wCopy []C, rnd Rounding) {
	const kernel = "LionCopy"
	mustLionArgs(kernel, h, len(w), len(g), len(m))
	mustLen(kernel, "wCopy", len(wCopy), "w", len(w))
	mustDisjointRegions(kernel, "wCopy,w,m,g", 3, regionOf(wCopy), regionOf(w), regionOf(m), regionOf(g))
	mustOffset(kernel, rnd)
	o, a := opsOf[float32](), newLionArgs[float32](h)
	switch copyModeOf[C](rnd) {
	case copyBF16:
		o.lionCopyBF16(a, w, g, m, as[BF16](wCopy))
	case copyF16:
		o.lionCopyF16(a, w, g, m, as[F16](wCopy))
	case copyBF16SR:
		o.lionCopyBF16SR(a, w, g, m, as[BF16](wCopy), rnd)
	default:
		o.lionCopyF16SR(a, w, g, m, as[F16](wCopy), rnd)
	}
}

// lionCopyChunked runs lion, a float32 Lion kernel, and rounds its updated weights into wCopy, a chunk at a time.
func lionCopyChunked[C Half](lion func(a lionArgs[float32], w, g, m []float32), a lionArgs[float32], w, g, m []float32, wCopy []C, rnd Rounding) {
	runCopy(w, wCopy, rnd, func(lo, hi int) { lion(a, w[lo:hi], g[lo:hi], m[lo:hi]) })
}
