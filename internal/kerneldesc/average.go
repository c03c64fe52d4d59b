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
