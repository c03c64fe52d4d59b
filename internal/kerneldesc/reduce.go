package kerneldesc

// reductions returns the reductions a trainer needs: Dot, SumSq, MaxAbs and AllFinite, kernels' dotRef, sumSqRef,
// maxAbsRef and allFiniteRef.
func reductions() []*Reduction {
	dot := newReduction("Dot", "returns Σ x[i]·y[i] over len(x) elements in the canonical reduction order, bit for bit as kernels' dotRef does.\ny must be at least as long as x.", "dot", "x", "y")
	d := dot.reduce(dot.mul(dot.load("x"), dot.load("y")), Sum)

	sq := newReduction("SumSq", "returns Σ x[i]² in the canonical reduction order, bit for bit as kernels' sumSqRef does.", "sumSq", "x")
	x := sq.load("x")
	s := sq.reduce(sq.mul(x, x), Sum)

	ma := newReduction("MaxAbs", "returns the largest |x[i]|, or a NaN if an element is NaN, and 0 for an empty x, as kernels' maxAbsRef does.", "maxAbs", "x")
	m := ma.reduce(ma.abs(ma.load("x")), Max)

	fin := newReduction("AllFinite", "reports whether no element of x is NaN or ±Inf (true for an empty x), as kernels' allFiniteRef does.", "allFinite", "x")
	f := fin.reduce(fin.load("x"), Finite)
	return []*Reduction{d, s, m, f}
}
