package kerneldesc

// average returns EMA, in its lerp and weighted-sum forms, and SWA: kernels' emaRef and swaRef.
func average() []*Kernel {
	lerpBlock := newBlock("emaLerp", "a *emaArgs[F]")
	ls := lerpConsts(lerpBlock, "a.lerp")
	l := newKernel("EMALerp", "sets avg[i] = lerp(avg[i], w[i]) over len(avg) elements, bit for bit as kernels' emaRef does.",
		lerpBlock, "avg", "w")
	l.kern.Entry = "ema"
	l.when("!a.weighted")
	l.store(l.lerp(ls, l.load("avg"), l.load("w")), "avg")

	sumBlock := newBlock("emaSum", "a *emaArgs[F]")
	d := sumBlock.add("a.d", "decay")
	omd := sumBlock.add("a.omd", "1 − decay")
	s := newKernel("EMASum", "sets avg[i] = F(k[0]·avg[i]) + F(k[1]·w[i]) over len(avg) elements, bit for bit as kernels' emaRef does.",
		sumBlock, "avg", "w")
	s.kern.Entry = "ema"
	s.store(s.add(s.mul(s.load("avg"), s.k(d)), s.mul(s.load("w"), s.k(omd))), "avg")

	swaBlock := newBlock("swa", "c F")
	c := swaBlock.add("c", "the number of models averaged, the new one included")
	w := newKernel("SWA", "sets avg[i] += (w[i] − avg[i])/k[0] over len(avg) elements, bit for bit as kernels' swaRef does.",
		swaBlock, "avg", "w")
	avg := w.load("avg")
	w.store(w.add(avg, w.div(w.sub(w.load("w"), avg), w.k(c))), "avg")
	return []*Kernel{l.done(), s.done(), w.done()}
}

// helpers returns Scale, Axpy and ClipValue: kernels' scaleRef, axpyRef and clipValueRef.
func helpers() []*Kernel {
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
