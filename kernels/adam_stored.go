package kernels

// AdamStored performs one Adam, AdamW or AMSGrad step over weights w, gradients g and state m, v (and vmax with
// AMSGrad) kept in float32, BF16 or F16, computing in float32: PyTorch's fused CPU Adam for low-precision tensors,
// and float32 weights with 16-bit moments. The weights round as rnd says, the state to nearest. It is equivalent to
//
//	for i := range w {
//		wi, gi := []float32{Widened(w[i])}, []float32{Widened(g[i])}
//		mi, vi := []float32{Widened(m[i])}, []float32{Widened(v[i])}
//		var vmaxi []float32
//		if s.AMSGrad {
//			vmaxi = []float32{Widened(vmax[i])}
//		}
//		Adam(s, wi, gi, mi, vi, vmaxi)
//		w[i] = Rounded[W](wi[0], rnd, i)
//		m[i], v[i] = Rounded[S](mi[0], Rounding{}, i), Rounded[S](vi[0], Rounding{}, i)
//		if s.AMSGrad {
//			vmax[i] = Rounded[S](vmaxi[0], Rounding{}, i)
//		}
//	}
//
// so with every type float32 it is Adam[float32]. It panics as Adam does, and if rnd.Offset is negative.
func AdamStored[W, G, S Stored](s *AdamStep, w []W, g []G, m, v, vmax []S, rnd Rounding) {
	const kernel = "AdamStored"
	mustAdamArgs(kernel, s, len(w), len(g), len(m), len(v), vmax)
	mustDisjointRegions(kernel, "w,m,v,vmax,g", 4, regionOf(w), regionOf(m), regionOf(v), regionOf(vmax), regionOf(g))
	mustOffset(kernel, rnd)
	o, a := opsOf[float32](), newAdamArgs[float32](s)
	switch modeOf[W, G, S](rnd) {
	case allBF16:
		o.adamBF16(a, as[BF16](w), as[BF16](g), as[BF16](m), as[BF16](v), as[BF16](vmax))
	case allF16:
		o.adamF16(a, as[F16](w), as[F16](g), as[F16](m), as[F16](v), as[F16](vmax))
	case allBF16SR:
		o.adamBF16SR(a, as[BF16](w), as[BF16](g), as[BF16](m), as[BF16](v), as[BF16](vmax), rnd)
	case allF16SR:
		o.adamF16SR(a, as[F16](w), as[F16](g), as[F16](m), as[F16](v), as[F16](vmax), rnd)
	case stateBF16:
		o.adamStateBF16(a, as[float32](w), as[float32](g), as[BF16](m), as[BF16](v), as[BF16](vmax))
	case stateF16:
		o.adamStateF16(a, as[float32](w), as[float32](g), as[F16](m), as[F16](v), as[F16](vmax))
	default:
		runStored(w, g, [3][]S{m, v, vmax}, rnd, func(w, g []float32, st [3][]float32) { o.adam(a, w, g, st[0], st[1], st[2]) })
	}
}

// AdamCopy performs one float32 Adam, AdamW or AMSGrad step and stores the updated weights, rounded as rnd says,
// into wCopy in the same pass: DeepSpeed's offload step, float32 master weights and state with a 16-bit copy for
// the forward pass. It is equivalent to
//
//	Adam(s, w, g, m, v, vmax)
//	for i := range w {
//		wCopy[i] = Rounded[C](w[i], rnd, i)
//	}
//
// It panics as Adam does, if wCopy does not have the length of w or overlaps another slice, and if rnd.Offset is
// negative.
func AdamCopy[C Half](s *AdamStep, w, g, m, v, vmax []float32, wCopy []C, rnd Rounding) {
	const kernel = "AdamCopy"
	mustAdamArgs(kernel, s, len(w), len(g), len(m), len(v), vmax)
	mustLen(kernel, "wCopy", len(wCopy), "w", len(w))
	mustDisjointRegions(kernel, "wCopy,w,m,v,vmax,g", 5, regionOf(wCopy), regionOf(w), regionOf(m), regionOf(v), regionOf(vmax), regionOf(g))
	mustOffset(kernel, rnd)
	o, a := opsOf[float32](), newAdamArgs[float32](s)
	switch copyModeOf[C](rnd) {
	case copyBF16:
		o.adamCopyBF16(a, w, g, m, v, vmax, as[BF16](wCopy))
	case copyF16:
		o.adamCopyF16(a, w, g, m, v, vmax, as[F16](wCopy))
	case copyBF16SR:
		o.adamCopyBF16SR(a, w, g, m, v, vmax, as[BF16](wCopy), rnd)
	default:
		o.adamCopyF16SR(a, w, g, m, v, vmax, as[F16](wCopy), rnd)
	}
}

// adamCopyChunked runs adam, a float32 Adam kernel, and rounds its updated weights into wCopy, a chunk at a time.
func adamCopyChunked[C Half](adam func(a adamArgs[float32], w, g, m, v, vmax []float32), a adamArgs[float32], w, g, m, v, vmax []float32, wCopy []C, rnd Rounding) {
	runCopy(w, wCopy, rnd, func(lo, hi int) {
		var x []float32
		if vmax != nil {
			x = vmax[lo:hi]
		}
		adam(a, w[lo:hi], g[lo:hi], m[lo:hi], v[lo:hi], x)
	})
}
