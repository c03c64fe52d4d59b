package kernels

// SGDStored performs one SGD step, with momentum, Nesterov momentum, dampening, weight decay and maximize as SGD,
// over weights w, gradients g and momentum buffer buf kept in float32, BF16 or F16, computing in float32. The
// weights round as rnd says, the buffer to nearest. It is equivalent to
//
//	for i := range w {
//		wi, gi := []float32{Widened(w[i])}, []float32{Widened(g[i])}
//		var bi []float32
//		if s.Momentum != 0 {
//			bi = []float32{Widened(buf[i])}
//		}
//		SGD(s, wi, gi, bi)
//		w[i] = Rounded[W](wi[0], rnd, i)
//		if s.Momentum != 0 {
//			buf[i] = Rounded[S](bi[0], Rounding{}, i)
//		}
//	}
//
// so with every type float32 it is SGD[float32]. It panics as SGD does, and if rnd.Offset is negative.
func SGDStored[W, G, S Stored](s *SGDStep, w []W, g []G, buf []S, rnd Rounding) {
	const kernel = "SGDStored"
	mustSGDArgs(kernel, s, len(w), len(g), buf)
	mustDisjointRegions(kernel, "w,buf,g", 2, regionOf(w), regionOf(buf), regionOf(g))
	mustOffset(kernel, rnd)
	o, a := opsOf[float32](), newSGDArgs[float32](s)
	switch modeOf[W, G, S](rnd) {
	case allBF16:
		o.sgdBF16(a, as[BF16](w), as[BF16](g), as[BF16](buf))
	case allF16:
		o.sgdF16(a, as[F16](w), as[F16](g), as[F16](buf))
	case allBF16SR:
		o.sgdBF16SR(a, as[BF16](w), as[BF16](g), as[BF16](buf), rnd)
	case allF16SR:
		o.sgdF16SR(a, as[F16](w), as[F16](g), as[F16](buf), rnd)
	case stateBF16:
		o.sgdStateBF16(a, as[float32](w), as[float32](g), as[BF16](buf))
	case stateF16:
		o.sgdStateF16(a, as[float32](w), as[float32](g), as[F16](buf))
	default:
		runStored(w, g, [3][]S{buf}, rnd, func(w, g []float32, st [3][]float32) { o.sgd(a, w, g, st[0]) })
	}
}

// SGDCopy performs one float32 SGD step and stores the updated weights, rounded as rnd says, into wCopy in the same
// pass. It is equivalent to
//
//	SGD(s, w, g, buf)
//	for i := range w {
//		wCopy[i] = Rounded[C](w[i], rnd, i)
//	}
//
// It panics as SGD does, if wCopy does not have the length of w or overlaps another slice, and if rnd.Offset is
// negative.
func SGDCopy[C Half](s *SGDStep, w, g, buf []float32, wCopy []C, rnd Rounding) {
	const kernel = "SGDCopy"
	mustSGDArgs(kernel, s, len(w), len(g), buf)
	mustLen(kernel, "wCopy", len(wCopy), "w", len(w))
	mustDisjointRegions(kernel, "wCopy,w,buf,g", 3, regionOf(wCopy), regionOf(w), regionOf(buf), regionOf(g))
	mustOffset(kernel, rnd)
	o, a := opsOf[float32](), newSGDArgs[float32](s)
	switch copyModeOf[C](rnd) {
	case copyBF16:
		o.sgdCopyBF16(a, w, g, buf, as[BF16](wCopy))
	case copyF16:
		o.sgdCopyF16(a, w, g, buf, as[F16](wCopy))
	case copyBF16SR:
		o.sgdCopyBF16SR(a, w, g, buf, as[BF16](wCopy), rnd)
	default:
		o.sgdCopyF16SR(a, w, g, buf, as[F16](wCopy), rnd)
	}
}

// sgdCopyChunked runs sgd, a float32 SGD kernel, and rounds its updated weights into wCopy, a chunk at a time.
func sgdCopyChunked[C Half](sgd func(a sgdArgs[float32], w, g, buf []float32), a sgdArgs[float32], w, g, buf []float32, wCopy []C, rnd Rounding) {
	runCopy(w, wCopy, rnd, func(lo, hi int) {
		var b []float32
		if buf != nil {
			b = buf[lo:hi]
		}
		sgd(a, w[lo:hi], g[lo:hi], b)
	})
}
