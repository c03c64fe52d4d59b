package kerneldesc

// vector returns the vector operations a trainer needs around the optimizers: Scale, Axpy and ClipValue, kernels'
// scaleRef, axpyRef and clipValueRef.
func vector() []*Kernel {
	scaleBlock := newBlock("scale", "alpha F")
	alpha := scaleBlock.add("alpha", "the factor")
	sc := newKernel("Scale", "sets x[i] = k[0]·x[i] over len(x) elements.", scaleBlock, "x")
	sc.store(sc.mul(sc.load("x"), sc.k(alpha)), "x")

	axpyBlock := newBlock("axpy", "alpha F")
	a := axpyBlock.add("alpha", "the factor")
	ax := newKernel("Axpy", "adds F(k[0]·x[i]) to y[i] over len(x) elements.", axpyBlock, "x", "y")
	ax.store(ax.add(ax.load("y"), ax.mul(ax.load("x"), ax.k(a))), "y")

	// c ≥ 0 and never −0. Comparisons with NaN are false, so NaN stays.
	clipBlock := newBlock("clipValue", "c F")
	hi := clipBlock.add("clipBound(c)", "c, with −0 made +0: a −0 bound would flip the sign of clipped zeros")
	lo := clipBlock.add("-clipBound(c)", "−c")
	cv := newKernel("ClipValue", "clamps x[i] to [k[1], k[0]] over len(x) elements; NaN stays NaN.", clipBlock, "x")
	x := cv.load("x")
	y := cv.sel(cv.lt(x, cv.k(lo)), cv.k(lo), x)
	cv.store(cv.sel(cv.gt(x, cv.k(hi)), cv.k(hi), y), "x")
	return []*Kernel{sc.done(), ax.done(), cv.done()}
}
