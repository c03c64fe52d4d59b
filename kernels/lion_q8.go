package kernels

// LionQ8 performs one Lion step, as Lion, over float32 weights w and gradients g with 8-bit blockwise momentum m
// in Q8Signed. It is equivalent to
//
//	for lo := 0; lo < len(w); lo += Q8Block {
//		hi := min(lo+Q8Block, len(w))
//		mb := make([]float32, hi-lo)
//		Dequantize(mb, m.Slice(lo, hi))
//		Lion(h, w[lo:hi], g[lo:hi], mb)
//		Quantize(m.Slice(lo, hi), mb)
//	}
//
// without allocating. It panics as Lion does, if m's map is not Q8Signed or it has not a scale per block, and if
// two of w, g and m's codes and scales overlap.
func LionQ8(h *LionHyper, w, g []float32, m Q8) {
	const kernel = "LionQ8"
	mustStep(kernel, "h", h)
	mustQ8Kernel(kernel, "w,m.Codes,m.Scales,g", w, g, "m", m, Q8Signed)
	o, a := opsOf[float32](), newLionArgs[float32](h)
	runQ8(w, g, [3]Q8{m}, func(w, g []float32, st [3][]float32) { o.lion(a, w, g, st[0]) })
}
