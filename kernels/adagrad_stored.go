package kernels

// AdagradStored performs one Adagrad step over weights w, gradients g and accumulator sum kept in float32, BF16 or
// F16, computing in float32. The weights round as rnd says, the accumulator to nearest. It is equivalent to
//
//	for i := range w {
//		wi, gi, si := []float32{Widened(w[i])}, []float32{Widened(g[i])}, []float32{Widened(sum[i])}
//		Adagrad(s, wi, gi, si)
//		w[i], sum[i] = Rounded[W](wi[0], rnd, i), Rounded[S](si[0], Rounding{}, i)
//	}
//
// so with every type float32 it is Adagrad[float32]. It panics as Adagrad does, and if rnd.Offset is negative.
func AdagradStored[W, G, S Stored](s *AdagradStep, w []W, g []G, sum []S, rnd Rounding) {
	const kernel = "AdagradStored"
	mustAdagradArgs(kernel, s, len(w), len(g), len(sum))
	mustDisjointRegions(kernel, "w,sum,g", 2, regionOf(w), regionOf(sum), regionOf(g))
	mustOffset(kernel, rnd)
	o, a := opsOf[float32](), newAdagradArgs[float32](s)
	switch modeOf[W, G, S](rnd) {
	case allBF16:
		o.adagradBF16(a, as[BF16](w), as[BF16](g), as[BF16](sum))
	case allF16:
		o.adagradF16(a, as[F16](w), as[F16](g), as[F16](sum))
	case allBF16SR:
		o.adagradBF16SR(a, as[BF16](w), as[BF16](g), as[BF16](sum), rnd)
	case allF16SR:
		o.adagradF16SR(a, as[F16](w), as[F16](g), as[F16](sum), rnd)
	case stateBF16:
		o.adagradStateBF16(a, as[float32](w), as[float32](g), as[BF16](sum))
	case stateF16:
		o.adagradStateF16(a, as[float32](w), as[float32](g), as[F16](sum))
	default:
		runStored(w, g, [3][]S{sum}, rnd, func(w, g []float32, st [3][]float32) { o.adagrad(a, w, g, st[0]) })
	}
}

// AdagradCopy performs one float32 Adagrad step and stores the updated weights, rounded as rnd says, into wCopy in
// the same pass. It is equivalent to
//
//	Adagrad(s, w, g, sum)
//	for i := range w {
//		wCopy[i] = Rounded[C](w[i], rnd, i)
//	}
//
// It panics as Adagrad does, if wCopy does not have the length of w or overlaps another slice, and if rnd.Offset
// is negative.
func AdagradCopy[C Half](s *AdagradStep, w, g, sum []float32, wCopy []C, rnd Rounding) {
	const kernel = "AdagradCopy"
	mustAdagradArgs(kernel, s, len(w), len(g), len(sum))
	mustLen(kernel, "wCopy", len(wCopy), "w", len(w))
	mustDisjointRegions(kernel, "wCopy,w,sum,g", 3, regionOf(wCopy), regionOf(w), regionOf(sum), regionOf(g))
	mustOffset(kernel, rnd)
	o, a := opsOf[float32](), newAdagradArgs[float32](s)
	switch copyModeOf[C](rnd) {
	case copyBF16:
		o.adagradCopyBF16(a, w, g, sum, as[BF16](wCopy))
	case copyF16:
		o.adagradCopyF16(a, w, g, sum, as[F16](wCopy))
	case copyBF16SR:
		o.adagradCopyBF16SR(a, w, g, sum, as[BF16](wCopy), rnd)
	default:
		o.adagradCopyF16SR(a, w, g, sum, as[F16](wCopy), rnd)
	}
}

// adagradCopyChunked runs adagrad, a float32 Adagrad kernel, and rounds its updated weights into wCopy, a chunk at a
// time.
func adagradCopyChunked[C Half](adagrad func(a adagradArgs[float32], w, g, sum []float32), a adagradArgs[float32], w, g, sum []float32, wCopy []C, rnd Rounding) {
	runCopy(w, wCopy, rnd, func(lo, hi int) { adagrad(a, w[lo:hi], g[lo:hi], sum[lo:hi]) })
}
