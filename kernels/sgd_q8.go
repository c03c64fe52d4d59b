package kernels

// SGDQ8 performs one SGD step, as SGD, over float32 weights w and gradients g with an 8-bit blockwise momentum
// buffer buf in Q8Signed (the zero Q8 without momentum). It is equivalent to
//
//	for lo := 0; lo < len(w); lo += Q8Block {
//		hi := min(lo+Q8Block, len(w))
//		var bb []float32
//		if s.Momentum != 0 {
//			bb = make([]float32, hi-lo)
//			Dequantize(bb, buf.Slice(lo, hi))
//		}
//		SGD(s, w[lo:hi], g[lo:hi], bb)
//		if s.Momentum != 0 {
//			Quantize(buf.Slice(lo, hi), bb)
//		}
//	}
//
// without allocating. It panics as SGD does (buf must be the zero Q8 unless s.Momentum is not 0), if buf's map is
// not Q8Signed or it has not a scale per block, and if two of w, g and buf's codes and scales overlap.
func SGDQ8(s *SGDStep, w, g []float32, buf Q8) {
	const kernel = "SGDQ8"
	mustStep(kernel, "s", s)
	mustLen(kernel, "g", len(g), "w", len(w))
	if s.Momentum != 0 {
		mustQ8State(kernel, "buf", buf, Q8Signed, len(w))
	} else {
		mustNoQ8(kernel, "buf", "s.Momentum is 0", buf)
	}
	bc, bs := q8Regions(buf)
	mustDisjointRegions(kernel, "w,buf.Codes,buf.Scales,g", 3, regionOf(w), bc, bs, regionOf(g))
	o, a := opsOf[float32](), newSGDArgs[float32](s)
	runQ8(w, g, [3]Q8{buf}, func(w, g []float32, st [3][]float32) { o.sgd(a, w, g, st[0]) })
}
