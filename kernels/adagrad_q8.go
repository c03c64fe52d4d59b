package kernels

// AdagradQ8 performs one Adagrad step, as Adagrad, over float32 weights w and gradients g with an 8-bit blockwise
// accumulator sum in Q8Unsigned. It is equivalent to
//
//	for lo := 0; lo < len(w); lo += Q8Block {
//		hi := min(lo+Q8Block, len(w))
//		sb := make([]float32, hi-lo)
//		Dequantize(sb, sum.Slice(lo, hi))
//		Adagrad(s, w[lo:hi], g[lo:hi], sb)
//		Quantize(sum.Slice(lo, hi), sb)
//	}
//
// without allocating. It panics as Adagrad does, if sum's map is not Q8Unsigned or it has not a scale per block,
// and if two of w, g and sum's codes and scales overlap.
func AdagradQ8(s *AdagradStep, w, g []float32, sum Q8) {
	const kernel = "AdagradQ8"
	mustStep(kernel, "s", s)
	mustQ8Kernel(kernel, "w,sum.Codes,sum.Scales,g", w, g, "sum", sum, Q8Unsigned)
	o, a := opsOf[float32](), newAdagradArgs[float32](s)
	runQ8(w, g, [3]Q8{sum}, func(w, g []float32, st [3][]float32) { o.adagrad(a, w, g, st[0]) })
}
