package kernels

// AdamQ8 performs one Adam, AdamW or AMSGrad step over float32 weights w and gradients g with 8-bit blockwise
// moments: m in Q8Signed, v (and vmax with AMSGrad) in Q8Unsigned. It is equivalent to
//
//	for lo := 0; lo < len(w); lo += Q8Block {
//		hi := min(lo+Q8Block, len(w))
//		mb, vb := make([]float32, hi-lo), make([]float32, hi-lo)
//		Dequantize(mb, m.Slice(lo, hi))
//		Dequantize(vb, v.Slice(lo, hi))
//		var xb []float32
//		if s.AMSGrad {
//			xb = make([]float32, hi-lo)
//			Dequantize(xb, vmax.Slice(lo, hi))
//		}
//		Adam(s, w[lo:hi], g[lo:hi], mb, vb, xb)
//		Quantize(m.Slice(lo, hi), mb)
//		Quantize(v.Slice(lo, hi), vb)
//		if s.AMSGrad {
//			Quantize(vmax.Slice(lo, hi), xb)
//		}
//	}
//
// without allocating. The state of part of a tensor is that tensor's state sliced by Q8.Slice, at block
// boundaries. AdamQ8 panics as Adam does (vmax must be the zero Q8 unless s.AMSGrad), if a state's map is not the
// one named above or it has not a scale per block, and if two of w, g and the states' codes and scales overlap.
func AdamQ8(s *AdamStep, w, g []float32, m, v, vmax Q8) {
	const kernel = "AdamQ8"
	mustStep(kernel, "s", s)
	mustLen(kernel, "g", len(g), "w", len(w))
	mustQ8State(kernel, "m", m, Q8Signed, len(w))
	mustQ8State(kernel, "v", v, Q8Unsigned, len(w))
	if s.AMSGrad {
		mustQ8State(kernel, "vmax", vmax, Q8Unsigned, len(w))
	} else {
		mustNoQ8(kernel, "vmax", "s.AMSGrad is false", vmax)
	}
	mc, ms := q8Regions(m)
	vc, vs := q8Regions(v)
	xc, xs := q8Regions(vmax)
	mustDisjointRegions(kernel, "w,m.Codes,m.Scales,v.Codes,v.Scales,vmax.Codes,vmax.Scales,g", 7,
		regionOf(w), mc, ms, vc, vs, xc, xs, regionOf(g))
	o, a := opsOf[float32](), newAdamArgs[float32](s)
	runQ8(w, g, [3]Q8{m, v, vmax}, func(w, g []float32, st [3][]float32) { o.adam(a, w, g, st[0], st[1], st[2]) })
}
