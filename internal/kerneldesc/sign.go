package kerneldesc

// lion returns Lion: kernels' lionRef. Lion has no gradient preparation.
func lion() []*Kernel {
	bl := newBlock("lion", "a *lionArgs[F]")
	decay := bl.add("a.decay", "1 − lr·wd")
	b1 := bl.add("a.b1", "β1")
	omb1 := bl.add("a.omb1", "1 − β1")
	b2 := bl.add("a.b2", "β2")
	omb2 := bl.add("a.omb2", "1 − β2")
	nlr := bl.add("a.nlr", "−lr")
	zero := bl.add("0", "+0")
	one := bl.add("1", "1")
	minusOne := bl.add("-1", "−1")
	b := newKernel("Lion", step("Lion", "lionRef"), bl, "w", "g", "m")
	g, m := b.load("g"), b.load("m")
	c := b.add(b.mul(m, b.k(b1)), b.mul(b.k(omb1), g))
	// sign(c): ±1, or c itself for ±0 and NaN, which compare neither greater nor less than 0.
	s := b.sel(b.gt(c, b.k(zero)), b.k(one), c)
	s = b.sel(b.lt(c, b.k(zero)), b.k(minusOne), s)
	w := b.mul(b.load("w"), b.k(decay))
	b.store(b.add(w, b.mul(b.k(nlr), s)), "w")
	b.store(b.add(b.mul(m, b.k(b2)), b.mul(b.k(omb2), g)), "m")
	return []*Kernel{b.done()}
}

// rprop returns Rprop: kernels' rpropRef.
func rprop() []*Kernel {
	bl := newBlock("rprop", "a *rpropArgs[F]")
	flip := bl.add("signMask[F](a.maximize)", "−0 when maximizing, +0 otherwise: XOR flips the gradient's sign")
	em := bl.add("a.em", "η−")
	ep := bl.add("a.ep", "η+")
	lo := bl.add("a.lo", "the least step size")
	hi := bl.add("a.hi", "the greatest step size")
	bound := bl.add("rpropBound(a.lo, a.hi)", "−0, or NaN where a bound is NaN (torch.clamp's rule)")
	zero := bl.add("0", "+0")
	negZero := bl.add("signMask[F](true)", "−0")
	one := bl.add("1", "1")
	minusOne := bl.add("-1", "−1")
	b := newKernel("Rprop", step("Rprop", "rpropRef"), bl, "w", "g", "prev", "stepSize")
	g := b.xor(b.load("g"), b.k(flip))
	p := b.mul(g, b.load("prev"))
	// The factor: zsign(g·prev), then torch's three masked assignments in its order. NaN compares false
	// everywhere, so a NaN product ends as 1 and a NaN η as itself.
	f := b.sel(b.gt(p, b.k(zero)), b.k(one), b.k(zero))
	f = b.sel(b.lt(p, b.k(zero)), b.k(minusOne), f)
	f = b.sel(b.gt(f, b.k(zero)), b.k(ep), f)
	f = b.sel(b.lt(f, b.k(zero)), b.k(em), f)
	f = b.sel(b.eq(f, b.k(zero)), b.k(one), f)
	z := b.mul(b.load("stepSize"), f)
	z = b.sel(b.lt(z, b.k(lo)), b.k(lo), z)
	z = b.sel(b.gt(z, b.k(hi)), b.k(hi), z)
	z = b.add(z, b.k(bound))
	b.store(z, "stepSize")
	g = b.sel(b.eq(f, b.k(em)), b.k(zero), g)
	b.store(g, "prev")
	// −zsign(g): ∓1, or −0 for ±0 and NaN.
	d := b.sel(b.gt(g, b.k(zero)), b.k(minusOne), b.k(negZero))
	d = b.sel(b.lt(g, b.k(zero)), b.k(one), d)
	b.store(b.add(b.load("w"), b.mul(z, d)), "w")
	return []*Kernel{b.done()}
}
